/**
 * giaoban reorganise on a real data directory: the 2025 provinces previewed from the table
 * shipped with the demo (nothing written), then applied; a bad file refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@giaoban/core';
import { createCampaign, createIndicator, createUnit, loadConfig, openServiceContext, submitReport } from '@giaoban/server';
import { progress } from '../src/commands/progress.ts';
import { reorganise } from '../src/commands/reorganise.ts';
import { runCommand } from './run-command.ts';

let dir: string;
let data: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-reorganise-'));
  data = join(dir, 'data');
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    const [, ...rows] = parseCsv(readFileSync(new URL('../src/demo/units-vn-2023.csv', import.meta.url), 'utf8'));
    for (const r of rows) if (r[0] !== 'TW') await createUnit(ctx, { code: r[0]!, name: r[3]!, level: r[1] as 'province', parentCode: 'TW' });
    await createIndicator(ctx, { code: 'cay', name: 'Cây xanh', unitOfMeasure: 'cây', valueKind: 'integer', reportingMode: 'increment' });
    await createCampaign(ctx, null, {
      code: 'he-2023', name: 'Hè 2023', startDate: '2023-06-05', endDate: '2023-06-18', rootUnitCode: 'TW', phases: [], targets: [{ indicatorCode: 'cay', target: 1_000 }],
    });
    for (const [unit, value] of [['24', 12], ['27', 30], ['01', 5]] as const) {
      await submitReport(ctx, { campaign: 'he-2023', unit, period: '2023-W23' }, null, { values: { cay: value } });
    }
  } finally {
    await ctx.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function giaoban(...args: string[]) {
  return run(reorganise, args);
}

async function run(command: (args: string[]) => Promise<number>, args: string[]) {
  return runCommand(command, args, data);
}

describe('giaoban reorganise', () => {
  it('previews the 2025 provinces without writing, then applies them', async () => {
    const preview = await giaoban('--unit', 'TW', '--provinces-2025');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Xem trước "Sắp xếp đơn vị hành chính cấp tỉnh năm 2025" (chưa ghi; thêm --apply để thực hiện):');
    expect(preview.stdout).toContain('Thành lập 23 đơn vị mới từ ngày 01/07/2025: Tỉnh Đoàn Tuyên Quang (08),');
    expect(preview.stdout).toContain('52 đơn vị kết thúc hoạt động ngày 30/06/2025:');
    const applied = await giaoban('--unit', 'TW', '--provinces-2025', '--apply');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^Đã thực hiện "Sắp xếp đơn vị hành chính cấp tỉnh năm 2025" \(số 1\):/);
    // Applied once: the old provinces are closed, so a second time is refused with the reasons.
    const again = await giaoban('--unit', 'TW', '--provinces-2025', '--apply');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('không còn hoạt động vào ngày hiệu lực');
  });

  it('shows the 2023 campaign by the 34 provinces with progress --regroup-as-of, the nation unchanged', async () => {
    const res = await run(progress, ['--campaign', 'he-2023', '--as-of', '2023-06-18', '--regroup-as-of', '2025-07-01', '--json']);
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.regroupAsOf).toBe('2025-07-01');
    expect(json.indicators[0].toDate).toBe(47);
    const row = json.children.find((c: { unit: string }) => c.unit === '24');
    expect(row).toMatchObject({ name: 'Tỉnh Đoàn Bắc Ninh', members: ['24.2025', '27'] });
    expect(row.indicators[0].toDate).toBe(42);
    expect(json.children).toHaveLength(38);
    const text = await run(progress, ['--campaign', 'he-2023', '--as-of', '2023-06-18', '--regroup-as-of', '2025-07-01']);
    expect(text.stdout).toContain('Các đơn vị trực thuộc theo cơ cấu tổ chức ngày 01/07/2025 (mỗi dòng là tổng của các đơn vị trước đây hợp thành):');
    expect((await run(progress, ['--campaign', 'he-2023', '--regroup-as-of', '2025-13-01'])).code).not.toBe(0);
  });

  it('refuses a plan file with a bad step, and a missing unit option', async () => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ date: '2026-01-01', name: 'Thử', steps: [{ kind: 'move', unit: '01', to: 'ZZ' }] }));
    const bad = await giaoban('--unit', 'TW', '--file', file);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Không có đơn vị mã "ZZ".');
    expect((await giaoban('--file', file)).stderr).toContain('Cách dùng: giaoban reorganise');
  });
});
