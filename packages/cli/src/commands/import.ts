import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatNumber } from '@giaoban/core';
import { importValues } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...DATABASE_OPTIONS, campaign: { type: 'string' } } });
  const [file] = positionals;
  if (!file || !values.campaign) throw new UsageError('cách dùng: giaoban import values.csv --campaign MÃ_CHIẾN_DỊCH');
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`không đọc được tệp "${file}".`);
  }
  return withContext(configFrom(values), async (ctx) => {
    const result = await importValues(ctx, null, values.campaign!, csv);
    console.log(`Đã nhập ${formatNumber(result.rows)} dòng vào ${formatNumber(result.reports)} báo cáo.`);
    return 0;
  });
}
