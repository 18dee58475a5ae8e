/**
 * The demo as `npm start` serves it today (issue 19): after the 2023 campaign, TW's 2025
 * reorganisation applied as a real operation — the 34 provinces from 01/07/2025, the district
 * level gone, the old units' accounts moved or closed on the date — and the July 2025
 * campaign reported under the new provinces; the 2023 campaign can be seen by either
 * structure, the nation's figures the same. Seeded from the install-time snapshot when it
 * matches the code (it is what the loader writes: demo-snapshot.test.ts), else loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, unitsRepository, usersRepository } from '@giaoban/db';
import { getProgress, getRegroupedProgress, isDatabaseEmpty, loadConfig, openServiceContext, verifyRollups } from '@giaoban/server';
import { seedFromDemoSnapshot } from '../src/demo/demo-snapshot.ts';
import { demoAccountsToday, demoHistory, loadDemo } from '../src/demo/load-demo.ts';

let dir: string;
let ctx: Awaited<ReturnType<typeof openServiceContext>>;
const { y2025 } = demoHistory();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-demo-2025-'));
  const config = loadConfig({}, { dataDir: join(dir, 'data'), databaseUrl: undefined, databaseReadUrl: undefined });
  const seeded = seedFromDemoSnapshot(config);
  ctx = await openServiceContext(config);
  if (!seeded && (await isDatabaseEmpty(ctx))) await loadDemo(ctx);
}, 600_000);
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

const unit = async (code: string) => {
  const found = await unitsRepository.getByCode(ctx.db, code);
  if (!found) throw new Error(`no unit ${code}`);
  return found;
};
const accountOf = async (username: string) => {
  const user = await usersRepository.getByUsernameWithHash(ctx.db, username);
  if (!user) throw new Error(`no account ${username}`);
  return { ...user, unitCode: (await unitsRepository.getById(ctx.db, user.unitId))!.code };
};

describe('the demo\'s 2025 reorganisation', () => {
  it('stands TW over the 34 provinces and the 4 affiliated units from 01/07/2025, the old ones closed the day before under retired keys', async () => {
    const tw = await unit('TW');
    const today = await unitsRepository.listByParent(ctx.db, tw.id, { from: '2025-07-01', to: '2025-07-01' });
    expect(today.filter((u) => u.level === 'province')).toHaveLength(34);
    expect(today.filter((u) => u.level === 'affiliated')).toHaveLength(4);
    // Lào Cai of 2025 keeps Yên Bái's code (15); Yên Bái's 2023 history stays under 15.2025.
    expect(await unit('15')).toMatchObject({ name: 'Tỉnh Đoàn Lào Cai', validFrom: '2025-07-01', validTo: null });
    expect(await unit('15.2025')).toMatchObject({ name: 'Tỉnh Đoàn Yên Bái', validTo: '2025-06-30' });
    expect(await unit('10')).toMatchObject({ name: 'Tỉnh Đoàn Lào Cai', validTo: '2025-06-30' });
    // Hà Nội was formed from itself alone: the same unit; its districts closed, their wards under it.
    expect(await unit('01')).toMatchObject({ validTo: null });
    expect(await unit('01-BD')).toMatchObject({ validTo: '2025-06-30' });
    expect((await unit('01-BD-KM')).parentId).toBe((await unit('01')).id);
    expect(await unit('01-BD-KM.2025')).toMatchObject({ validTo: '2025-06-30', parentId: (await unit('01-BD')).id });
  });

  it('moved the old units\' accounts on the date and closed the districts\' ones, each audited with the operation\'s name', async () => {
    for (const [username, code] of [['laocai.quanly', '15'], ['laocai.baocao', '15'], ['bacgiang.baocao', '24'], ['hcm.quanly', '79'], ['kimma.baocao', '01-BD-KM'], ['cdlaocai.baocao', '10-CD']] as const) {
      expect(await accountOf(username), username).toMatchObject({ unitCode: code, active: true });
    }
    expect((await unit('10-CD')).validFrom).toBe('2025-07-01');
    for (const username of ['badinh.quanly', 'badinh.baocao', 'hoankiem.baocao', 'socson.baocao', 'tplaocai.baocao', 'sapa.baocao']) {
      expect(await accountOf(username), username).toMatchObject({ active: false });
    }
    expect(await accountOf('hanoi.quanly')).toMatchObject({ unitCode: '01', active: true });
    const audited = await queryRows<{ at: string; reason: string }>(ctx.db, sql`
      select a.at::text as at, a.reason from audit_log a where a.action = 'account.update' and a.new_value->>'username' = 'laocai.quanly'`);
    expect(audited).toEqual([{ at: expect.stringMatching(/^2025-06-30 17:01:00/), reason: y2025.reorganisation.name }]);
  });

  it('has the July 2025 campaign reported by the 38 units of the new structure, rolled up right', async () => {
    const view = await getProgress(ctx, { campaign: y2025.campaign.code, unit: 'TW' }, { asOf: '2025-08-03' });
    expect(view.children.map((c) => c.unit.code).sort()).toEqual(y2025.members.map((m) => m.code).sort());
    const streets = (u: { indicators: typeof view.unit.indicators }) => u.indicators.find((i) => i.indicator.code === 'tuyen-pho')!.toDate;
    const reported = y2025.reports.reduce((sum, r) => sum + (r.values['tuyen-pho'] ?? 0), 0);
    expect(streets(view.unit)).toBe(reported);
    expect(view.children.reduce((sum, c) => sum + streets(c), 0)).toBe(reported);
    expect((await verifyRollups(ctx)).differences).toEqual([]);
    // Tuyên Quang's last report was returned: its reporter's bell says so.
    const bell = await queryRows<{ title: string }>(ctx.db, sql`
      select n.title from notifications n join users u on u.id = n.user_id where u.username = 'tuyenquang.baocao' and n.kind = 'report_returned'`);
    expect(bell).toEqual([{ title: 'Báo cáo tuần 28/07/2025 – 03/08/2025 của Tỉnh Đoàn Tuyên Quang bị trả lại' }]);
  });

  it('shows the 2023 campaign by the units of today, each the sum of its predecessors, the nation unchanged', async () => {
    const own = await getProgress(ctx, { campaign: 'tntn-he-2023', unit: 'TW' }, { asOf: '2023-07-02' });
    const regrouped = await getRegroupedProgress(ctx, { campaign: 'tntn-he-2023', unit: 'TW' }, { asOf: '2023-07-02', regroupAsOf: '2026-01-01' });
    expect(own.children).toHaveLength(67);
    expect(regrouped.children).toHaveLength(38);
    expect(regrouped.unmatched).toEqual([]);
    expect(regrouped.unit.indicators).toEqual(own.unit.indicators);
    const streets = (u: { indicators: typeof own.unit.indicators }) => u.indicators.find((i) => i.indicator.code === 'tuyen-pho')!.toDate;
    expect(streets(own.unit)).toBe(698); // the phase-1 notice's figure
    const ownOf = (code: string) => streets(own.children.find((c) => c.unit.code === code)!);
    const laoCai = regrouped.children.find((c) => c.unit.code === '15')!;
    expect(laoCai.members.map((m) => m.code)).toEqual(['10', '15.2025']);
    expect(streets(laoCai)).toBe(ownOf('15.2025') + ownOf('10'));
  });
});

describe('demoAccountsToday', () => {
  it('says where each demo account stands after the reorganisation, as the loaded demo has it', async () => {
    const today = demoAccountsToday();
    for (const a of today) {
      const stored = await accountOf(a.username);
      expect({ unit: stored.unitCode, active: stored.active }, a.username).toEqual({ unit: a.unitCode, active: a.closedOn === null });
    }
    expect(today.find((a) => a.username === 'laocai.quanly')).toMatchObject({ unitCode: '15', unitName: 'Tỉnh Đoàn Lào Cai', closedOn: null });
    expect(today.find((a) => a.username === 'badinh.quanly')).toMatchObject({ unitCode: '01-BD', closedOn: '2025-06-30' });
    // The demo as it stood on 30/06/2025 (`--demo-as-of 2025-06-30`): every account on its 2023 unit, none of 2025's yet.
    const before = demoAccountsToday(new Date('2025-06-30T16:59:59Z'));
    expect(before.every((a) => a.closedOn === null)).toBe(true);
    expect(before.find((a) => a.username === 'laocai.quanly')).toMatchObject({ unitCode: '10', unitName: 'Tỉnh Đoàn Lào Cai' });
    expect(before.some((a) => a.username.startsWith('tuyenquang.'))).toBe(false);
  });
});
