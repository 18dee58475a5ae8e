/**
 * giaoban units search|create|update|close|upload|tags|add-tag: the units admin of the web app
 * from the command line, as the system (whoever runs it holds the data directory: every unit
 * may be managed; the changes are audited without a user).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UNIT_LEVELS, UNIT_LEVEL_LABELS, addDays, formatDate, type UnitLevel } from '@giaoban/core';
import { createChildUnit, createUnitTag, listUnitGroups, searchUnits, updateUnit, uploadUnits } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

const ACTIONS = ['search', 'create', 'update', 'close', 'upload', 'tags', 'add-tag'];

const USAGE = [
  'cách dùng: giaoban units <việc> …',
  '  search   --unit MÃ --q "lao cai" [--limit N] [--json]        tìm đơn vị trong phạm vi theo tên (không cần dấu) hoặc mã',
  '  create   --parent MÃ --code MÃ --name "Tên" --level CẤP [--short-name T] [--tags a,b] [--region V] [--valid-from NGÀY]',
  '  update   --unit MÃ [--name "Tên"] [--short-name T] [--code MÃ_MỚI] [--level CẤP] [--tags a,b] [--region V] [--parent MÃ]',
  '  close    --unit MÃ --from NGÀY | --reopen                     thôi hoạt động từ ngày (đến hết ngày hôm trước); --reopen: hoạt động lại',
  '  upload   --unit MÃ --file TỆP.xlsx|TỆP.csv                    tải lên danh sách đơn vị (Mã, Tên, Mã đơn vị cấp trên, Cấp, Nhóm)',
  '  tags     [--json]                                             danh sách nhóm đơn vị',
  '  add-tag  --code MÃ --name "Tên" [--name-en "Name"]            thêm một nhóm đơn vị',
  `  cấp: ${UNIT_LEVELS.join(', ')}`,
].join('\n');

function levelOf(text: string | undefined): UnitLevel | undefined {
  if (text === undefined) return undefined;
  if (!(UNIT_LEVELS as readonly string[]).includes(text)) throw new UsageError(`cấp "${text}" không có; chọn một trong: ${UNIT_LEVELS.join(', ')}.`);
  return text as UnitLevel;
}

const tagsOf = (text: string | undefined) => (text === undefined ? undefined : text.split(/[;,]/).map((t) => t.trim()).filter(Boolean));
const dateText = (iso: string | null) => (iso ? formatDate(iso) : '');

export async function unitsCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || !ACTIONS.includes(action)) throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS, unit: { type: 'string' }, parent: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, 'name-en': { type: 'string' },
      'short-name': { type: 'string' }, level: { type: 'string' }, tags: { type: 'string' }, region: { type: 'string' }, 'valid-from': { type: 'string' },
      from: { type: 'string' }, reopen: { type: 'boolean' }, q: { type: 'string' }, limit: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' },
    },
  });
  const need = (...names: (keyof typeof values)[]) => {
    const missing = names.filter((n) => values[n] === undefined);
    if (missing.length > 0) throw new UsageError(`giaoban units ${action} cần ${missing.map((n) => `--${n}`).join(', ')}.\n${USAGE}`);
  };
  const level = levelOf(values.level);
  if (action === 'search') need('unit', 'q');
  if (action === 'create') need('parent', 'code', 'name', 'level');
  if (action === 'update' || action === 'close' || action === 'upload') need('unit');
  if (action === 'upload') need('file');
  if (action === 'add-tag') need('code', 'name');
  if (action === 'close' && (values.from === undefined) === !values.reopen) throw new UsageError(`giaoban units close cần --from NGÀY hoặc --reopen (một trong hai).\n${USAGE}`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit là một số từ 1 đến 50.');

  return withContext(configFrom(values), async (ctx) => {
    switch (action) {
      case 'search': {
        const units = await searchUnits(ctx, values.unit!, values.q!, limit);
        if (values.json) {
          console.log(JSON.stringify(units.map(({ id: _id, parentId: _p, successorId: _s, ...u }) => u), null, 2));
          return 0;
        }
        if (units.length === 0) {
          console.log('Không tìm thấy đơn vị nào.');
          return 0;
        }
        printTable(['Mã', 'Tên', 'Cấp', 'Cấp trên', 'Thôi hoạt động từ'], units.map((u) => [
          u.code, u.name, UNIT_LEVEL_LABELS[u.level], u.parentCode ?? '', u.validTo ? dateText(addDays(u.validTo, 1)) : '',
        ]));
        return 0;
      }
      case 'create': {
        const unit = await createChildUnit(ctx, null, values.parent!, {
          code: values.code!, name: values.name!, shortName: values['short-name'], level: level!, tags: tagsOf(values.tags), region: values.region, validFrom: values['valid-from'],
        });
        console.log(`Đã tạo ${unit.name} (${unit.code}, ${UNIT_LEVEL_LABELS[unit.level]}) trực thuộc ${values.parent}, hoạt động từ ${dateText(unit.validFrom)}.`);
        return 0;
      }
      case 'update':
      case 'close': {
        const { unit, disabledAccounts } = await updateUnit(ctx, null, values.unit!, action === 'close'
          ? { closeFrom: values.reopen ? null : values.from! }
          : {
            name: values.name, shortName: values['short-name'], code: values.code, level, tags: tagsOf(values.tags), region: values.region, parentCode: values.parent,
          });
        if (action === 'close') {
          console.log(unit.validTo
            ? `${unit.name} (${unit.code}) thôi hoạt động từ ${dateText(addDays(unit.validTo, 1))}.${disabledAccounts > 0 ? ` Đã khóa ${disabledAccounts} tài khoản của đơn vị.` : ''}`
            : `${unit.name} (${unit.code}) hoạt động trở lại.`);
        } else console.log(`Đã cập nhật ${unit.name} (${unit.code}).`);
        return 0;
      }
      case 'upload': {
        const file = values.file!;
        const outcome = await uploadUnits(ctx, null, values.unit!, { bytes: readFileSync(file), kind: /\.csv$/i.test(file) ? 'csv' : 'xlsx' });
        console.log(`Đã tải lên: ${outcome.created} đơn vị mới, ${outcome.updated} cập nhật, ${outcome.unchanged} không đổi.`);
        return 0;
      }
      case 'tags': {
        const tags = await listUnitGroups(ctx.db);
        if (values.json) console.log(JSON.stringify(tags, null, 2));
        else printTable(['Mã', 'Tên', 'Tên tiếng Anh'], tags.map((t) => [t.code, t.name, t.nameEn ?? '']));
        return 0;
      }
      default: {
        const tag = await createUnitTag(ctx, null, { code: values.code!, name: values.name!, nameEn: values['name-en'] });
        console.log(`Đã thêm nhóm đơn vị ${tag.code} (${tag.name}).`);
        return 0;
      }
    }
  });
}

