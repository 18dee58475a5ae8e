import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatNumber } from '@giaoban/core';
import { entryTemplate, importValues, importWorkbook, type ImportStage } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

const USAGE = 'cách dùng: giaoban import TỆP.xlsx|TỆP.csv --campaign MÃ_CHIẾN_DỊCH [--mode workbook|unit]';
const STAGES: Record<ImportStage, string> = { reading: 'Đang đọc tệp', checking: 'Đang kiểm tra', writing: 'Đang ghi báo cáo', finished: 'Xong' };

/** An .xlsx is a zip: it starts with "PK". */
const isWorkbook = (file: string, bytes: Buffer) => file.toLowerCase().endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b);

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, options: { ...DATABASE_OPTIONS, campaign: { type: 'string' }, mode: { type: 'string', default: 'workbook' } },
  });
  const [file] = positionals;
  if (!file || !values.campaign) throw new UsageError(USAGE);
  if (values.mode !== 'workbook' && values.mode !== 'unit') throw new UsageError(`--mode là workbook (tất cả hoặc không có gì) hoặc unit (từng đơn vị riêng). ${USAGE}`);
  const mode = values.mode;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UsageError(`không đọc được tệp "${file}".`);
  }
  const config = configFrom(values);
  return withContext(config, async (ctx) => {
    if (!isWorkbook(file, bytes)) {
      const result = await importValues(ctx, { campaign: values.campaign! }, null, bytes.toString('utf8'));
      console.log(`Đã nhập ${formatNumber(result.rows)} dòng vào ${formatNumber(result.reports)} báo cáo.`);
      return 0;
    }
    // Progress on stderr about once a second, so a long import shows it is moving.
    let last = 0;
    const started = Date.now();
    const result = await importWorkbook(ctx, { campaign: values.campaign! }, null, bytes, {
      mode, limits: config.importLimits,
      progress: (stage, processed, total) => {
        const now = Date.now();
        if (now - last < 1000 || now - started < 1000) return;
        last = now;
        console.error(total > 0 ? `${STAGES[stage]}: ${formatNumber(processed)}/${formatNumber(total)}` : `${STAGES[stage]}…`);
      },
    },
    );
    const count = (o: string) => result.units.filter((u) => u.outcome === o).length;
    for (const p of result.problems) {
      const where = p.row === 0 ? (p.sheet ? `Trang «${p.sheet}»` : 'Tệp') : `Trang «${p.sheet}», dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}`;
      console.error(`  - ${where}: ${p.message}`);
    }
    // The first 1.000 problems are listed; every one is counted.
    const unlisted = result.problemCount - result.problems.length;
    if (unlisted > 0) console.error(`  … và ${formatNumber(unlisted)} lỗi khác.`);
    if (result.ok) {
      console.log(`Đã nhập ${formatNumber(result.rows)} dòng: ghi ${formatNumber(count('written'))} báo cáo, ${formatNumber(count('unchanged'))} báo cáo không thay đổi.`);
      return 0;
    }
    const written = count('written');
    console.error(mode === 'unit' && written > 0
      ? `Lỗi: tệp có ${formatNumber(result.problemCount)} lỗi; ${formatNumber(count('refused'))} báo cáo bị từ chối, đã ghi ${formatNumber(written)} báo cáo của các đơn vị không có lỗi.`
      : `Lỗi: tệp có ${formatNumber(result.problemCount)} lỗi; chưa có số liệu nào được ghi.`);
    return 2;
  });
}

export async function templateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, unit: { type: 'string' }, week: { type: 'string' }, children: { type: 'boolean', default: false }, out: { type: 'string' },
    },
  });
  if (!values.campaign || !values.unit || !values.week || !values.out) {
    throw new UsageError('cách dùng: giaoban template --campaign MÃ --unit MÃ --week 2023-W27 [--children] --out TỆP.xlsx');
  }
  return withContext(configFrom(values), async (ctx) => {
    const { file } = await entryTemplate(ctx, { campaign: values.campaign!, unit: values.unit!, period: values.week! }, null, values.children === true);
    writeFileSync(values.out!, file);
    console.log(`Đã ghi tệp mẫu ${values.out}.`);
    return 0;
  });
}
