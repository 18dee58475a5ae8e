/**
 * giaoban activities setup|add|list|totals: a campaign's activities (issue 20) from the
 * command line, as the system (whoever runs it holds the data directory): the campaign's lists
 * from a JSON file shaped like the API's body, a record of a unit from a JSON file of its
 * fields, a photo of a record, the records of a subtree, and their totals in the documents' words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACTIVITY_KINDS, describeCountRule, formatNumber, moneyInWords } from '@giaoban/core';
import {
  PhotoStore, activitiesTemplate, addActivityPhoto, createActivity, getActivitySetup, importActivities, place, requireKind, getActivityTotals, listActivities, presentActivity, presentActivityTotals, setActivitySetup, type ActivitySetupInput,
} from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

const ACTIONS = ['setup', 'add', 'import', 'template', 'photo', 'list', 'totals'];

const USAGE = [
  'cách dùng: giaoban activities <việc> --campaign MÃ …',
  '  setup   --campaign C --file danh-muc.json                 thêm loại công trình, chương trình, địa bàn trọng tâm, chỉ tiêu đếm từ hoạt động ({ workKinds, programmes, focusAreas, countedIndicators })',
  '  add     --campaign C --unit U --kind LOẠI --file ban-ghi.json [--programme P]   ghi một hoạt động của đơn vị (các trường của loại đó)',
  '  import  --campaign C --unit U --kind LOẠI --file tep.xlsx|tep.csv   nhập nhiều bản ghi theo mẫu (kiểm tra mọi dòng trước, có lỗi thì không ghi gì)',
  '  template --campaign C --unit U --kind LOẠI --out mau.xlsx   mẫu nhập của một loại',
  '  photo   --campaign C --unit U --record SỐ --file anh.jpg    thêm một ảnh (JPEG, PNG, WebP) vào hoạt động của đơn vị',
  '  list    --campaign C --unit U [--kind LOẠI] [--programme P] [--limit N] [--json]   các hoạt động của đơn vị và cấp dưới',
  '  totals  --campaign C --unit U [--programme P] [--json]    tổng hợp, và các câu như trong văn bản',
  `  loại: ${ACTIVITY_KINDS.join(', ')}`,
].join('\n');

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`không đọc được tệp JSON ${file}: ${(error as Error).message}`);
  }
}

export async function activitiesCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || !ACTIONS.includes(action)) throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, unit: { type: 'string' }, kind: { type: 'string' }, file: { type: 'string' },
      programme: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, record: { type: 'string' }, out: { type: 'string' },
    },
  });
  const need = (...names: (keyof typeof values)[]) => {
    const missing = names.filter((n) => values[n] === undefined);
    if (missing.length > 0) throw new UsageError(`giaoban activities ${action} cần ${missing.map((n) => `--${n}`).join(', ')}.\n${USAGE}`);
  };
  need('campaign');
  if (action === 'setup') need('file');
  if (action === 'add') need('unit', 'kind', 'file');
  if (action === 'photo') need('unit', 'record', 'file');
  if (action === 'import') need('unit', 'kind', 'file');
  if (action === 'template') need('unit', 'kind', 'out');
  if (action === 'list' || action === 'totals') need('unit');
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit là một số từ 1 đến 500.');
  const lang = values.lang === 'en' ? 'en' : 'vi';
  const ref = { campaign: values.campaign!, unit: values.unit ?? '' };

  const config = configFrom(values);
  return withContext(config, async (ctx) => {
    switch (action) {
      case 'setup': {
        const setup = await getActivitySetup(ctx.db, values.campaign!);
        const after = await setActivitySetup(ctx, null, { campaign: values.campaign!, unit: setup.campaign.rootUnitCode }, readJson(values.file!) as ActivitySetupInput);
        console.log(`Danh mục của ${after.campaign.code}: ${after.workKinds.length} loại công trình, ${after.programmes.length} chương trình, ${after.focusAreas.length} địa bàn trọng tâm.`);
        for (const i of after.campaign.indicators) {
          if (i.countedFrom) console.log(`  ${i.name}: ${describeCountRule(i.countedFrom, after.workKinds, lang)}.`);
        }
        return 0;
      }
      case 'add': {
        const fields = readJson(values.file!);
        if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new UsageError(`tệp ${values.file} phải là một đối tượng JSON các trường của bản ghi.`);
        const { record, setup } = await createActivity(ctx, null, ref, values.kind!, { fields: fields as Record<string, unknown>, programme: values.programme ?? null });
        const shown = presentActivity(record, setup, lang);
        console.log(`Đã ghi ${shown.kindLabel} số ${record.id} của ${record.unitName}: ${shown.summary}.`);
        return 0;
      }
      case 'import': {
        let bytes: Buffer;
        try {
          bytes = readFileSync(values.file!);
        } catch (error) {
          throw new UsageError(`không đọc được tệp ${values.file}: ${(error as Error).message}`);
        }
        const { created, unchanged } = await importActivities(ctx, null, ref, values.kind!, { bytes, kind: /\.csv$/i.test(values.file!) ? 'csv' : 'xlsx' });
        console.log(`Đã nhập ${formatNumber(created)} bản ghi; ${formatNumber(unchanged)} dòng đã có từ trước nên để nguyên.`);
        return 0;
      }
      case 'template': {
        const { setup, unit } = await place(ctx.db, ref);
        writeFileSync(values.out!, await activitiesTemplate({ setup, unit, kind: requireKind(values.kind!) }));
        console.log(`Đã ghi mẫu nhập vào ${values.out}.`);
        return 0;
      }
      case 'photo': {
        const id = Number(values.record);
        if (!Number.isInteger(id) || id < 1) throw new UsageError('--record là số của bản ghi (giaoban activities list cho biết).');
        let bytes: Buffer;
        try {
          bytes = readFileSync(values.file!);
        } catch (error) {
          throw new UsageError(`không đọc được tệp ${values.file}: ${(error as Error).message}`);
        }
        const store = new PhotoStore({ dir: config.photos.dir, dataDir: config.dataDir, maxBytes: config.photos.maxBytes });
        const { record, setup } = await addActivityPhoto(ctx, store, null, ref, id, bytes);
        const shown = presentActivity(record, setup, lang);
        const last = shown.photos.at(-1)!;
        console.log(`Đã thêm ảnh ${formatNumber(last.width)} × ${formatNumber(last.height)} vào ${shown.kindLabel} số ${record.id}: ${shown.summary} (${formatNumber(shown.photoCount)} ảnh).`);
        return 0;
      }
      case 'list': {
        const view = await listActivities(ctx, ref, { kind: values.kind, programme: values.programme }, { limit, offset: 0 });
        const records = view.rows.map((r) => presentActivity(r, view.setup, lang));
        if (values.json) {
          console.log(JSON.stringify({ records, total: view.total }, null, 2));
          return 0;
        }
        if (records.length === 0) {
          console.log('Chưa có hoạt động nào.');
          return 0;
        }
        printTable(['Nội dung', 'Loại', 'Đơn vị', 'Ngày', 'Số'], records.map((r) => [r.summary, r.kindLabel, r.unit.code, r.date?.text ?? '', String(r.id)]));
        if (view.total > records.length) console.log(`(${formatNumber(records.length)} / ${formatNumber(view.total)} bản ghi; --limit để xem thêm)`);
        return 0;
      }
      default: {
        const totals = presentActivityTotals(await getActivityTotals(ctx, ref, { programme: values.programme }), lang);
        if (values.json) {
          console.log(JSON.stringify(totals, null, 2));
          return 0;
        }
        console.log(`Hoạt động của ${totals.unit.name}, tính đến ngày ${totals.asOf.text}`);
        printTable(['Loại', 'Số lượng', 'Chi tiết'], [
          ['Công trình, phần việc', formatNumber(totals.works.count), totals.works.count > 0 ? moneyInWords(totals.works.value) : ''],
          ['Đội hình tình nguyện', formatNumber(totals.teams.count), `${formatNumber(totals.teams.members)} thành viên`],
          ['Mô hình, gương điển hình', formatNumber(totals.models.count), ''],
          ['Tin, bài', formatNumber(totals.press.count), totals.press.reach > 0 ? `${formatNumber(totals.press.reach)} người tiếp cận` : ''],
          ['Đoàn kiểm tra', formatNumber(totals.inspections.count), totals.inspections.openFollowUps > 0 ? `${formatNumber(totals.inspections.openFollowUps)} kiến nghị chưa khắc phục xong` : ''],
          ['Liên kết', formatNumber(totals.linkages.count), ''],
          ['Địa bàn trọng tâm', totals.focusAreas?.text ?? '', ''],
        ]);
        for (const sentence of totals.sentences) console.log(sentence);
        return 0;
      }
    }
  });
}
