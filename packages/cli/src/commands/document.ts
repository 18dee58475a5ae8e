import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { documentText } from '@giaoban/core';
import { draftPhaseNotice, renderDocx, type NoticeForm } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

const USAGE = 'cách dùng: giaoban document notice --campaign MÃ --phase N (--out TỆP.docx | --text) [--form TỆP.json] [--precision 1|2]';

/** Drafts an official document from the data: `notice` is a phase's conclusion notice. */
export async function documentCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'notice') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, phase: { type: 'string' }, out: { type: 'string' },
      text: { type: 'boolean' }, form: { type: 'string' }, precision: { type: 'string' },
    },
  });
  const phase = Number(values.phase);
  if (!values.campaign || !Number.isInteger(phase) || phase < 1 || (!values.out && !values.text)) throw new UsageError(USAGE);
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
  return withContext(configFrom(values), async (ctx) => {
    const doc = await draftPhaseNotice(ctx, values.campaign!, phase, form);
    if (values.text) console.log(documentText(doc, { marks: true }));
    if (values.out) {
      writeFileSync(values.out, await renderDocx(doc));
      console.error(`Đã ghi ${values.out}.`);
    }
    return 0;
  });
}
