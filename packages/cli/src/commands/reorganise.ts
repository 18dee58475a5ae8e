/**
 * giaoban reorganise: a dated reorganisation of a unit's subtree, previewed (the default) or
 * applied with --apply. The steps come from a JSON file (core Reorganisation: date, name,
 * steps) or from a table of new provinces (--provinces FILE.csv, the columns of
 * ../shared/data/provinces-vn-2025.csv; --provinces-2025 uses the copy shipped with the demo).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describePlan, formatDate, parseCsv, reorganisationFromProvinces, UNIT_LEVELS, type ProvinceFormation, type Reorganisation, type UnitLevel } from '@giaoban/core';
import { applyReorganisation, previewReorganisation } from '@giaoban/server';
import { DEMO_PROVINCES_2025_CSV_PATH } from '../demo/demo-files.ts';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

const USAGE = `Cách dùng: giaoban reorganise --unit MÃ (--file TỆP.json | --provinces TỆP.csv | --provinces-2025) [--name TÊN] [--abolish-level district] [--accounts move|close] [--apply] [--json]
  Mặc định chỉ xem trước; --apply mới ghi. TỆP.json: { "date": "2025-07-01", "name": "…", "steps": [ { "kind": "merge", "from": ["08", "02"], "into": { "code": "08", "name": "Tỉnh Đoàn Tuyên Quang" } }, … ] }
  Các bước: merge (hợp nhất), split (chia tách), rename (đổi tên), move (điều chuyển), abolish-level (bỏ cấp).`;

/** The rows of a province table (code, name, formed_from_2023_codes, valid_from). */
export function provinceTable(text: string): ProvinceFormation[] {
  const [header = [], ...rows] = parseCsv(text);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new UsageError(`Tệp tỉnh thiếu cột "${name}".`);
    return i;
  };
  const [code, name, from, validFrom] = [col('code'), col('name'), col('formed_from_2023_codes'), col('valid_from')];
  return rows.filter((r) => r.some((c) => c.trim())).map((r) => ({
    code: r[code]!.trim(), name: r[name]!.trim(), formedFrom: r[from]!.trim().split(/\s+/), validFrom: r[validFrom]!.trim(),
  }));
}

export async function reorganise(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATABASE_OPTIONS, unit: { type: 'string' }, file: { type: 'string' }, provinces: { type: 'string' }, 'provinces-2025': { type: 'boolean' },
      name: { type: 'string' }, 'abolish-level': { type: 'string' }, accounts: { type: 'string' }, apply: { type: 'boolean' }, json: { type: 'boolean' },
    },
  });
  if (!values.unit) throw new UsageError(USAGE);
  const level = values['abolish-level'];
  if (level !== undefined && !UNIT_LEVELS.includes(level as UnitLevel)) throw new UsageError(`Cấp "${level}" không có. Các cấp: ${UNIT_LEVELS.join(', ')}.`);
  const accounts = values.accounts;
  if (accounts !== undefined && accounts !== 'move' && accounts !== 'close') throw new UsageError('--accounts là move hoặc close.');
  let input: Reorganisation;
  if (values.file) {
    input = JSON.parse(readFileSync(values.file, 'utf8')) as Reorganisation;
  } else if (values.provinces || values['provinces-2025']) {
    const file = values.provinces ?? DEMO_PROVINCES_2025_CSV_PATH;
    input = reorganisationFromProvinces(provinceTable(readFileSync(file, 'utf8')), {
      name: values.name ?? 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025',
      ...(level ? { abolishLevel: level as UnitLevel } : {}), ...(accounts ? { accounts } : {}),
    });
  } else {
    throw new UsageError(USAGE);
  }
  const unit = values.unit;
  return withContext(configFrom(values), async (ctx) => {
    if (!values.apply) {
      const plan = await previewReorganisation(ctx, unit, input);
      if (values.json) console.log(JSON.stringify(plan, null, 2));
      else {
        console.log(`Xem trước "${input.name}" (chưa ghi; thêm --apply để thực hiện):`);
        for (const line of describePlan(plan)) console.log(`  ${line}`);
      }
      return 0;
    }
    const result = await applyReorganisation(ctx, null, unit, input);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`Đã thực hiện "${input.name}" (số ${result.id}):`);
      for (const line of describePlan(result.plan)) console.log(`  ${line}`);
      if (result.accountsDueOn === null) {
        console.log(`  Đã chuyển ${result.accountsMoved} tài khoản, khóa ${result.accountsClosed} tài khoản, chuyển ${result.targetsPassed} chỉ tiêu cho đơn vị kế tục.`);
      } else {
        console.log(`  Đã chuyển ${result.targetsPassed} chỉ tiêu cho đơn vị kế tục. Tài khoản của các đơn vị cũ sẽ được chuyển hoặc khóa vào ngày ${formatDate(result.accountsDueOn)} (máy chủ tự làm khi đến ngày).`);
      }
    }
    return 0;
  });
}
