/**
 * The 2025 reorganisation applied to the 2023 tree, on both databases: the 63 provinces
 * merged into 34 (../shared/data/provinces-vn-2025.csv, copied beside the demo) and the
 * district level abolished, with a campaign that spans 01/07/2025 reporting on both sides.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, reorganisationFromProvinces, type Reorganisation } from '@giaoban/core';
import { openTestDatabase, reorganisationsRepository, unitsRepository, usersRepository } from '@giaoban/db';
import { createServiceContext, type ServiceContext } from '../infra/index.ts';
import { createCampaign, createIndicator, allocateTargets, getAllocation } from '../planning/index.ts';
import { submitReport } from '../reporting/index.ts';
import { getProgress, getRegroupedProgress } from '../dashboards/index.ts';
import { verifyRollups } from '../monitoring/index.ts';
import { createUser } from '../accounts/index.ts';
import { applyReorganisation, previewReorganisation, settleDueReorganisations } from './reorganisation.service.ts';
import { createUnit } from './units.service.ts';

const csv = (name: string) => parseCsv(readFileSync(new URL(`../../../cli/src/demo/${name}`, import.meta.url), 'utf8'));
const UNITS_2023 = csv('units-vn-2023.csv').slice(1).filter((r) => r[0] !== 'TW');
const PROVINCES_2025 = csv('provinces-vn-2025.csv').slice(1);

/** The 2025 operation as the reference data says: each merge keeps the code of the province whose seat it kept. */
const reorganisation2025 = (): Reorganisation => reorganisationFromProvinces(
  PROVINCES_2025.map((r) => ({ code: r[0]!, name: r[1]!, formedFrom: r[2]!.split(' '), validFrom: r[3]! })),
  { name: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025', abolishLevel: 'district' },
);

let clock = new Date('2023-07-20T03:00:00Z');
let ctx: ServiceContext;
const values = new Map<string, number>(); // unit code at submission → what it reported in campaign 2025
let indicatorCode = '';

async function report(campaign: string, unit: string, period: string, value: number) {
  await submitReport(ctx, { campaign, unit, period }, null, { values: { [indicatorCode]: value } });
}

beforeAll(async () => {
  ctx = createServiceContext(await openTestDatabase(), () => clock);
  await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
  for (const r of UNITS_2023) await createUnit(ctx, { code: r[0]!, name: r[3]!, level: r[1] as 'province', parentCode: 'TW' });
  // Two provinces that merge in 2025 carry districts and grassroots units, whose line of ancestors changes twice.
  for (const p of ['02', '08']) {
    await createUnit(ctx, { code: `${p}-D1`, name: `Huyện Đoàn ${p}.1`, level: 'district', parentCode: p });
    for (const g of [1, 2]) await createUnit(ctx, { code: `${p}-D1-G${g}`, name: `Đoàn cơ sở ${p}.1.${g}`, level: 'grassroots', parentCode: `${p}-D1` });
  }
  await createUser(ctx, { username: 'hagiang.baocao', password: 'mat-khau-thu-nghiem', displayName: 'Hà Giang', role: 'reporter', unitCode: '02' });
  await createUser(ctx, { username: 'cs021.baocao', password: 'mat-khau-thu-nghiem', displayName: 'Cơ sở 02.1.1', role: 'reporter', unitCode: '02-D1-G1' });
  const indicator = await createIndicator(ctx, { code: 'cay-xanh', name: 'Cây xanh trồng mới', unitOfMeasure: 'cây', valueKind: 'integer', reportingMode: 'increment' });
  indicatorCode = indicator.code;

  // The 2023 campaign, wholly before the date: every province reports two weeks.
  await createCampaign(ctx, null, {
    code: 'he-2023', name: 'Hè 2023', startDate: '2023-06-05', endDate: '2023-06-18', rootUnitCode: 'TW', phases: [],
    targets: [{ indicatorCode, target: 100_000 }],
  });
  for (const [i, r] of UNITS_2023.entries()) {
    await report('he-2023', r[0]!, '2023-W23', 100 + i);
    await report('he-2023', r[0]!, '2023-W24', 200 + i);
  }
  await report('he-2023', '02-D1-G1', '2023-W24', 7); // below Hà Giang's own figure

  // The 2025 campaign spans the date: weeks 23–26 under the 63 provinces, 27–31 under the 34.
  clock = new Date('2025-06-30T10:00:00Z');
  await createCampaign(ctx, null, {
    code: 'he-2025', name: 'Hè 2025', startDate: '2025-06-02', endDate: '2025-08-03', rootUnitCode: 'TW', phases: [],
    targets: [{ indicatorCode, target: 1_000_000 }],
  });
  await allocateTargets(ctx, { campaign: 'he-2025', unit: 'TW' }, null, {
    targets: Object.fromEntries(UNITS_2023.map((r, i) => [r[0]!, { [indicatorCode]: 1_000 + i }])),
  });
  for (const [i, r] of UNITS_2023.entries()) {
    for (const week of ['2025-W23', '2025-W24', '2025-W25', '2025-W26']) {
      await report('he-2025', r[0]!, week, 10 + i);
      values.set(r[0]!, (values.get(r[0]!) ?? 0) + 10 + i);
    }
  }
  await report('he-2025', '02-D1-G1', '2025-W26', 3);
}, 240_000);
afterAll(() => ctx?.database.close());

describe('the 2025 reorganisation', () => {
  it('previews without writing anything', async () => {
    const plan = await previewReorganisation(ctx, 'TW', reorganisation2025());
    expect(plan.close).toHaveLength(52 + 2); // the merged provinces, and the two districts
    expect(plan.open).toHaveLength(23);
    expect((await unitsRepository.getByCode(ctx.db, '24'))?.name).toBe('Tỉnh Đoàn Bắc Giang');
  });

  it('closes the 52 merged provinces on 30/06/2025, opens the 23 new ones on 01/07/2025, and keeps every code of today', async () => {
    const result = await applyReorganisation(ctx, null, 'TW', reorganisation2025());
    expect(result.plan.rekeys).toHaveLength(23);
    const bacNinh = await unitsRepository.getByCode(ctx.db, '24');
    expect(bacNinh).toMatchObject({ name: 'Tỉnh Đoàn Bắc Ninh', validFrom: '2025-07-01', validTo: null });
    // Bắc Giang (24) kept its reports under its new key; Bắc Ninh of 2023 (27) kept its own code.
    expect(await unitsRepository.getByCode(ctx.db, '24.2025')).toMatchObject({ name: 'Tỉnh Đoàn Bắc Giang', validTo: '2025-06-30' });
    expect(await unitsRepository.getByCode(ctx.db, '27')).toMatchObject({ validTo: '2025-06-30' });
    const open = (await unitsRepository.listByParent(ctx.db, (await unitsRepository.getByCode(ctx.db, 'TW'))!.id, { from: '2025-07-01', to: '2025-07-01' }));
    expect(open.filter((u) => u.level === 'province')).toHaveLength(34);
    // The grassroots units of Hà Giang's abolished district now stand directly under the new Tuyên Quang.
    const g1 = await unitsRepository.getByCode(ctx.db, '02-D1-G1');
    expect((await unitsRepository.getById(ctx.db, g1!.parentId!))?.code).toBe('08');
    const successions = await reorganisationsRepository.listSuccessionsByCode(ctx.db);
    expect(successions).toContainEqual({ predecessor: '02', successor: '08', primary: true });
    expect(successions).toContainEqual({ predecessor: '02-D1-G1.2025', successor: '02-D1-G1', primary: true });
    // Accounts follow their units on the date (applied the day before, they wait for it).
    expect(result.accountsDueOn).toBe('2025-07-01');
    const stillOld = await usersRepository.getByUsernameWithHash(ctx.db, 'hagiang.baocao');
    expect(stillOld?.unitId).toBe((await unitsRepository.getByCode(ctx.db, '02'))!.id);
    expect(await settleDueReorganisations({ ...ctx, now: () => new Date('2025-06-30T17:00:00Z') })).toMatchObject({ reorganisations: 1 });
    const hagiang = await usersRepository.getByUsernameWithHash(ctx.db, 'hagiang.baocao');
    expect(hagiang?.unitId).toBe((await unitsRepository.getByCode(ctx.db, '08'))!.id);
    expect((await usersRepository.getByUsernameWithHash(ctx.db, 'cs021.baocao'))?.unitId).toBe(g1!.id);
  });

  it('passes targets to the successors: each new province gets the sum of its predecessors\'', async () => {
    const allocation = await getAllocation(ctx, { campaign: 'he-2025', unit: 'TW' });
    const row = allocation.indicators.find((i) => i.indicator.code === indicatorCode)!;
    const targetOf = (code: string) => row.childTargets.get(allocation.children.find((c) => c.code === code)!.id);
    const index = (code: string) => UNITS_2023.findIndex((r) => r[0] === code);
    // Bắc Ninh 2025 = Bắc Giang (24) + Bắc Ninh (27) of 2023.
    expect(targetOf('24')).toBe(1_000 + index('24') + 1_000 + index('27'));
    expect(targetOf('01')).toBe(1_000 + index('01'));
  });

  it('rolls the spanning campaign up on both sides of the date, and verify-rollups agrees', async () => {
    clock = new Date('2025-08-05T03:00:00Z');
    let after = 0;
    for (const [i, r] of PROVINCES_2025.entries()) {
      for (const week of ['2025-W27', '2025-W28', '2025-W29', '2025-W30', '2025-W31']) {
        await report('he-2025', r[0]!, week, 50 + i);
        after += 50 + i;
      }
    }
    await report('he-2025', '02-D1-G1', '2025-W28', 4);
    const before = [...values.values()].reduce((a, b) => a + b, 0);
    const national = await getProgress(ctx, { campaign: 'he-2025', unit: 'TW' }, { asOf: '2025-08-03' });
    const total = (u: typeof national.unit) => u.indicators.find((x) => x.indicator.code === indicatorCode)!.toDate;
    // The grassroots figures (3 and 4) sit under provinces whose own reports are not consolidated: they add.
    expect(total(national.unit)).toBe(before + after + 3 + 4);
    const rows = new Map(national.children.map((c) => [c.unit.code, total(c)]));
    expect(rows.get('27')).toBe(values.get('27'));
    expect(rows.get('24.2025')).toBe(values.get('24'));
    expect(rows.get('24')).toBe(5 * (50 + PROVINCES_2025.findIndex((r) => r[0] === '24')));
    // Tuyên Quang 2025 (08): its own weeks after the date and its new grassroots unit's 4.
    expect(rows.get('08')).toBe(5 * (50 + PROVINCES_2025.findIndex((r) => r[0] === '08')) + 4);
    // Hà Giang (02), closed: its weeks before, with its district's grassroots figure of week 26.
    expect(rows.get('02')).toBe(values.get('02')! + 3);
    const sumOfRows = [...rows.values()].reduce((a, b) => a + b, 0);
    expect(sumOfRows).toBe(total(national.unit));
    expect((await verifyRollups(ctx, 'he-2025')).differences).toEqual([]);
    expect((await verifyRollups(ctx, 'he-2023')).differences).toEqual([]);
  });

  it('regroups the 2023 campaign under the 34 provinces: each is the sum of its predecessors, targets too, the nation unchanged', async () => {
    const view = await getRegroupedProgress(ctx, { campaign: 'he-2023', unit: 'TW' }, { asOf: '2023-06-18', regroupAsOf: '2025-07-01' });
    const figures = (u: { indicators: typeof view.unit.indicators }) => u.indicators.find((x) => x.indicator.code === indicatorCode)!;
    expect(view.children).toHaveLength(34 + 4); // the 34 provinces and the 4 affiliated units
    expect(view.unmatched).toEqual([]);
    expect(view.children.reduce((a, c) => a + figures(c).toDate, 0)).toBe(figures(view.unit).toDate);
    const index = (code: string) => UNITS_2023.findIndex((r) => r[0] === code);
    const figure2023 = (code: string) => 100 + index(code) + 200 + index(code);
    const row = (code: string) => view.children.find((c) => c.unit.code === code)!;
    expect(row('24').unit.name).toBe('Tỉnh Đoàn Bắc Ninh');
    expect(row('24').members.map((m) => m.code)).toEqual(['24.2025', '27']);
    expect(figures(row('24')).toDate).toBe(figure2023('24') + figure2023('27'));
    expect(figures(row('79')).toDate).toBe(figure2023('79') + figure2023('74') + figure2023('77'));
    expect(figures(row('08')).toDate).toBe(figure2023('08') + figure2023('02') + 7);
    expect(figures(row('01')).toDate).toBe(figure2023('01'));
    // Under the campaign's own structure the same figures stand by the 63 provinces.
    const own = await getProgress(ctx, { campaign: 'he-2023', unit: 'TW' }, { asOf: '2023-06-18' });
    expect(own.children.filter((c) => c.unit.level === 'province')).toHaveLength(63);
    expect(figures(own.unit).toDate).toBe(figures(view.unit).toDate);
    // Targets regroup the same way (the spanning campaign: Bắc Ninh's inherited target stands as it is, its predecessors' add to it).
    const spanning = await getRegroupedProgress(ctx, { campaign: 'he-2025', unit: 'TW' }, { asOf: '2025-08-03', regroupAsOf: '2025-07-01' });
    const t = (code: string) => figures(spanning.children.find((c) => c.unit.code === code)!).target;
    expect(t('01')).toBe(1_000 + index('01'));
    expect(t('24')).toBe(1_000 + index('24') + 1_000 + index('27'));
    expect(t('79')).toBe(1_000 + index('79') + 1_000 + index('74') + 1_000 + index('77'));
  });

  it('refuses a second application of the same operation: the old units are closed', async () => {
    await expect(applyReorganisation(ctx, null, 'TW', reorganisation2025())).rejects.toMatchObject({ code: 'validation' });
  });
});
