/**
 * Unit groups in the CLI (issue 19), in-process on a real data directory: `rules` words a
 * level's rule limited to a group, `progress --group` lists only the children of the group
 * (the unit's own table stays whole), `timeliness --group` only the group's units; an
 * unknown group is refused with its message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createIndicator, createUnit, loadConfig, openServiceContext, submitReport } from '@giaoban/server';
import { progress } from '../src/commands/progress.ts';
import { rules } from '../src/commands/rules.ts';
import { timeliness } from '../src/commands/timeliness.ts';
import { runCommand } from './run-command.ts';

let dir: string;
let data: string;
const CAMPAIGN = 'nhom-2023';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-groups-'));
  data = join(dir, 'data');
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    await createUnit(ctx, { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province', parentCode: 'TW', tags: ['urban'] });
    await createUnit(ctx, { code: '10', name: 'Tỉnh Đoàn Lào Cai', level: 'province', parentCode: 'TW', tags: ['rural'] });
    await createIndicator(ctx, { code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment' });
    await createCampaign(ctx, null, {
      code: CAMPAIGN, name: 'Chiến dịch thử nhóm đơn vị', startDate: '2023-06-05', endDate: '2023-07-16', rootUnitCode: 'TW',
      phases: [], targets: [{ indicatorCode: 'tuyen-pho', target: 100 }],
    });
    await submitReport({ ...ctx, now: () => new Date('2023-07-03T02:00:00Z') }, { campaign: CAMPAIGN, unit: '01', period: '2023-W26' }, null, { values: { 'tuyen-pho': 12 } });
    await submitReport({ ...ctx, now: () => new Date('2023-07-03T02:00:00Z') }, { campaign: CAMPAIGN, unit: '10', period: '2023-W26' }, null, { values: { 'tuyen-pho': 5 } });
  } finally {
    await ctx.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function giaoban(command: (args: string[]) => Promise<number>, ...args: string[]) {
  return runCommand(command, args, data);
}

describe('unit groups in the CLI', () => {
  it('sets a rule limited to a group and words it', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ deadlines: { province: { weekday: 1, time: '10:00', weekOffset: 1, groups: ['urban'] } } }));
    const res = await giaoban(rules, '--campaign', CAMPAIGN, '--set', file);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Thứ Hai 10:00, tuần sau. Chỉ các đơn vị thuộc nhóm Khu vực đô thị');
    writeFileSync(file, JSON.stringify({ deadlines: { province: { weekday: 1, time: '10:00', weekOffset: 1, groups: ['thanh-thi'] } } }));
    const bad = await giaoban(rules, '--campaign', CAMPAIGN, '--set', file);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Không có nhóm đơn vị "thanh-thi".');
  });

  it('progress --group lists the children of the group, the totals whole', async () => {
    const res = await giaoban(progress, '--campaign', CAMPAIGN, '--unit', 'TW', '--as-of', '2023-07-02', '--group', 'urban');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Chỉ liệt kê các đơn vị thuộc nhóm Khu vực đô thị.');
    expect(res.stdout).toContain('Thành Đoàn Hà Nội');
    expect(res.stdout).not.toContain('Lào Cai');
    // 12 + 5: the national figure is every province's.
    expect(res.stdout).toMatch(/Tuyến phố văn minh \(tuyến\)\s+100\s+17\s+17/);
    const json = JSON.parse((await giaoban(progress, '--campaign', CAMPAIGN, '--unit', 'TW', '--as-of', '2023-07-02', '--group', 'rural', '--json')).stdout);
    expect(json.group).toBe('rural');
    expect(json.children.map((c: { unit: string }) => c.unit)).toEqual(['10']);
    const bad = await giaoban(progress, '--campaign', CAMPAIGN, '--group', 'nope');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Không có nhóm đơn vị "nope"');
  });

  it('timeliness --group counts and names only the units of the group', async () => {
    const res = await giaoban(timeliness, '--campaign', CAMPAIGN, '--period', '2023-W26', '--group', 'rural', '--json');
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.group).toBe('rural');
    // The rule now asks the urban provinces only: Lào Cai (rural) is expected by no rule.
    expect(json.selected.rows).toEqual([]);
    const urban = JSON.parse((await giaoban(timeliness, '--campaign', CAMPAIGN, '--period', '2023-W26', '--group', 'urban', '--json')).stdout);
    expect(urban.selected.rows.map((r: { unit: string; status: string }) => [r.unit, r.status])).toEqual([['01', 'on_time']]);
    const text = await giaoban(timeliness, '--campaign', CAMPAIGN, '--period', '2023-W26', '--group', 'urban');
    expect(text.stdout).toContain('Trung ương Đoàn — chỉ các đơn vị thuộc nhóm Khu vực đô thị');
  });
});
