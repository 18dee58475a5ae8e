import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { documentText, type OfficialDocument } from '@giaoban/core';
import { draftFinalReport, draftPhaseNotice, draftProgressReport, renderDocx, type NoticeForm } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

const OUTPUT = '(--out TỆP.docx | --text) [--form TỆP.json] [--precision 1|2] [--late-order code|name] [--programme MÃ: báo cáo tiến độ, tổng kết của một chương trình]';
const USAGE = [
  'cách dùng:',
  `  giaoban document notice --campaign MÃ --phase N ${OUTPUT}`,
  `  giaoban document progress --campaign MÃ --unit MÃ --week 2023-W26 ${OUTPUT}`,
  `  giaoban document final --campaign MÃ ${OUTPUT}`,
].join('\n');

const KINDS = new Set(['notice', 'progress', 'final']);

/**
 * Drafts an official document from the data: `notice` is a phase's conclusion notice,
 * `progress` a unit's weekly progress report, `final` the campaign's final report.
 */
export async function documentCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (!kind || !KINDS.has(kind)) throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, phase: { type: 'string' }, unit: { type: 'string' }, week: { type: 'string' },
      out: { type: 'string' }, text: { type: 'boolean' }, form: { type: 'string' }, precision: { type: 'string' }, 'late-order': { type: 'string' }, programme: { type: 'string' },
    },
  });
  const phase = Number(values.phase);
  if (!values.campaign || (!values.out && !values.text)) throw new UsageError(USAGE);
  if (kind === 'notice' && (!Number.isInteger(phase) || phase < 1)) throw new UsageError(USAGE);
  if (kind === 'progress' && (!values.unit || !values.week || !/^\d{4}-W\d{2}$/.test(values.week))) throw new UsageError(USAGE);
  let form: NoticeForm = {};
  if (values.form) {
    try {
      form = JSON.parse(readFileSync(values.form, 'utf8')) as NoticeForm;
    } catch (error) {
      throw new UsageError(`không đọc được tệp ${values.form}: ${(error as Error).message}`);
    }
  }
  if (values.precision !== undefined) {
    const precision = Number(values.precision);
    if (!Number.isInteger(precision) || precision < 0 || precision > 4) throw new UsageError('--precision nhận số nguyên từ 0 đến 4.');
    form = { ...form, precision };
  }
  const lateOrder = values['late-order'];
  if (lateOrder !== undefined) {
    if (lateOrder !== 'code' && lateOrder !== 'name') throw new UsageError('--late-order nhận "code" hoặc "name".');
    form = { ...form, lateOrder };
  }
  if (values.programme !== undefined) form = { ...form, programme: values.programme };
  return withContext(configFrom(values), async (ctx) => {
    let doc: OfficialDocument;
    if (kind === 'notice') doc = await draftPhaseNotice(ctx, { campaign: values.campaign!, phase }, form);
    else if (kind === 'progress') doc = await draftProgressReport(ctx, { campaign: values.campaign!, unit: values.unit!, period: values.week! }, form);
    else doc = await draftFinalReport(ctx, { campaign: values.campaign! }, form);
    if (values.text) console.log(documentText(doc, { marks: true }));
    if (values.out) {
      writeFileSync(values.out, await renderDocx(doc));
      console.error(`Đã ghi ${values.out}.`);
    }
    return 0;
  });
}
