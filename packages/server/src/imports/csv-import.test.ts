/**
 * Bulk import of figures from CSV (STYLE.md: "nothing half-applied"): a good file lands and
 * moves the roll-up; a file with bad rows is refused as a whole, each bad row named by line
 * and column; importing a file again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekEnd } from '@giaoban/core';
import { queryRows, sql } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';
import { RowProblemsError } from '@giaoban/core';
import { importValues } from './csv-import.service.ts';
import { getProgress } from '../dashboards/index.ts';
import { getReport, submitReport } from '../reporting/index.ts';
import { verifyRollups } from '../monitoring/index.ts';
import { createWorld, indicatorOf, openTestContext, type World } from '../../test/factories.ts';

let ctx: ServiceContext;

beforeAll(async () => {
  ctx = await openTestContext();
});

afterAll(async () => {
  await ctx?.database.close();
});

/** A small world per test, so each starts with no figures: TW → P1, P2 → one district each → two grassroots units. */
async function world(prefix: string): Promise<World & { code: (key: string) => string }> {
  const w = await createWorld(ctx, { prefix, provinces: 2, districts: 1, grassroots: 2 });
  return { ...w, code: (key: string) => indicatorOf(w, key).code };
}

/** The stored figures of a campaign as sorted text lines, to compare whole states. */
async function storedValues(w: World): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(ctx.db, sql`
    select u.code || ' ' || v.period || ' ' || i.code || ' ' || v.value::text || ' ' || v.consolidated::text as line
    from report_values v join units u on u.id = v.unit_id join indicators i on i.id = v.indicator_id
    where v.campaign_id = ${w.campaign.id} order by 1`);
  return rows.map((r) => r.line);
}

async function reportCount(w: World): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from reports where campaign_id = ${w.campaign.id}`);
  return row?.n ?? -1;
}

/** [indicator code, to date, this week] of a unit as of a date. */
async function figures(w: World, unitCode: string, asOf: string): Promise<[string, number, number][]> {
  const view = await getProgress(ctx, { campaign: w.campaign.code, unit: unitCode }, { asOf });
  return view.unit.indicators.map((i) => [i.indicator.code, i.toDate, i.thisWeek]);
}

async function expectRollupsClean(w: World): Promise<void> {
  expect((await verifyRollups(ctx, w.campaign.code)).differences).toEqual([]);
}

async function importError(promise: Promise<unknown>): Promise<RowProblemsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RowProblemsError);
    return error as RowProblemsError;
  }
  throw new Error('expected the import to be refused');
}

describe('importValues', () => {
  it('lands a valid file: figures converted like a form, roll-up moved, summary = recompute', async () => {
    const w = await world('ok-');
    const csv = [
      'unit,period,indicator,value',
      `ok-P1-D1-G1,2023-W23,${w.code('tuyen-pho')},5`,
      `ok-P1-D1-G1,2023-W23,${w.code('km-duong')},"12,5"`,
      // Reported to date; week 24 comes first in the file but converts against week 23.
      `ok-P1-D1-G1,2023-W24,${w.code('ky-nang-so')},30`,
      `ok-P1-D1-G1,2023-W23,${w.code('ky-nang-so')},10`,
      `ok-P1-D1-G2,2023-W24,${w.code('tuyen-pho')},1.791`,
      `ok-P1-D1,2023-W24,${w.code('tuyen-pho')},2`,
      `ok-P2,2023-W23,${w.code('km-duong')}," 0,25 "`,
      '',
    ].join('\n');
    expect(await importValues(ctx, { campaign: w.campaign.code }, null, csv)).toEqual({ rows: 7, reports: 5 });

    expect(await figures(w, w.root.code, w.campaign.endDate)).toEqual([
      [w.code('tuyen-pho'), 1798, 0], [w.code('km-duong'), 12.75, 0], [w.code('ky-nang-so'), 30, 0],
    ]);
    expect(await figures(w, w.root.code, weekEnd('2023-W24'))).toEqual([
      [w.code('tuyen-pho'), 1798, 1793], [w.code('km-duong'), 12.75, 0], [w.code('ky-nang-so'), 30, 20],
    ]);
    expect(await figures(w, 'ok-P1', weekEnd('2023-W23'))).toEqual([
      [w.code('tuyen-pho'), 5, 5], [w.code('km-duong'), 12.5, 12.5], [w.code('ky-nang-so'), 10, 10],
    ]);
    const report = await getReport(ctx, { campaign: w.campaign.code, unit: 'ok-P1-D1-G1', period: '2023-W24' });
    expect(report.report?.status).toBe('submitted');
    expect(report.indicators.find((i) => i.indicator.code === w.code('ky-nang-so'))?.submitted).toEqual({ increment: 20, entered: 30 });
    await expectRollupsClean(w);
  });

  it('refuses a file with bad rows as a whole, listing each by line and column', async () => {
    const w = await world('bad-');
    // Figures already there must survive the refused file untouched.
    await importValues(ctx, { campaign: w.campaign.code }, null, `unit,period,indicator,value\nbad-P1-D1-G1,2023-W23,${w.code('tuyen-pho')},4\n`);
    const before = await storedValues(w);
    const progressBefore = await figures(w, w.root.code, w.campaign.endDate);
    expect(before).toHaveLength(1);

    const csv = [
      'unit,period,indicator,value', //                                   line 1
      `bad-P1-D1-G1,2023-W23,${w.code('tuyen-pho')},5`, //                line 2: valid
      `KHONG-CO,2023-W23,${w.code('tuyen-pho')},5`, //                    line 3: unknown unit
      `bad-P1-D1-G1,2023-W40,${w.code('tuyen-pho')},5`, //                line 4: week outside the campaign
      `bad-P1-D1-G2,2023-W23,khong-co,5`, //                              line 5: unknown indicator
      `bad-P1-D1-G2,2023-W23,${w.code('tuyen-pho')},abc`, //              line 6: not a number
      `bad-P1-D1-G1,2023-W23,${w.code('tuyen-pho')},6`, //                line 7: duplicate of line 2
      `bad-P1-D1-G2,2023-W24,${w.code('tuyen-pho')},"12,5"`, //           line 8: not a whole number
      `bad-P1-D1-G2,tuan-1,${w.code('km-duong')},-3`, //                  line 9: bad week and negative
      `bad-P2-D1-G1,2023-W24,${w.code('km-duong')},"7,5"`, //             line 10: valid
    ].join('\n');
    const error = await importError(importValues(ctx, { campaign: w.campaign.code }, null, csv));
    expect(error.code).toBe('validation');
    expect(error.rows.map((e) => [e.line, e.column])).toEqual([
      [3, 'unit'], [4, 'period'], [5, 'indicator'], [6, 'value'], [7, 'indicator'], [8, 'value'], [9, 'period'], [9, 'value'],
    ]);
    for (const e of error.rows) {
      expect(e.message).not.toBe('');
      expect(e.messageEn).not.toBe('');
    }

    expect(await storedValues(w)).toEqual(before);
    expect(await reportCount(w)).toBe(1);
    expect(await figures(w, w.root.code, w.campaign.endDate)).toEqual(progressBefore);
    await expectRollupsClean(w);
  });

  it('refuses a file without the expected header', async () => {
    const w = await world('hdr-');
    const error = await importError(importValues(ctx, { campaign: w.campaign.code }, null, `unit,week,indicator,value\nhdr-P1,2023-W23,${w.code('tuyen-pho')},1\n`));
    expect(error.rows.map((e) => [e.line, e.column])).toEqual([[1, 'header']]);
    expect(await reportCount(w)).toBe(0);
  });

  it('names the line of the file even after blank lines', async () => {
    const w = await world('blank-');
    const csv = [
      'unit,period,indicator,value', //                               line 1
      `blank-P1-D1-G1,2023-W23,${w.code('tuyen-pho')},5`, //          line 2
      '', //                                                          line 3
      `blank-P1-D1-G1,2023-W24,${w.code('tuyen-pho')},x`, //          line 4
    ].join('\r\n');
    const error = await importError(importValues(ctx, { campaign: w.campaign.code }, null, csv));
    expect(error.rows.map((e) => [e.line, e.column])).toEqual([[4, 'value']]);
    expect(await reportCount(w)).toBe(0);
  });

  it('gives the same figures when the same file is imported twice', async () => {
    const w = await world('twice-');
    const csv = [
      'unit,period,indicator,value',
      `twice-P1-D1-G1,2023-W23,${w.code('ky-nang-so')},10`,
      `twice-P1-D1-G1,2023-W24,${w.code('ky-nang-so')},25`,
      `twice-P1-D1-G1,2023-W25,${w.code('ky-nang-so')},40`,
      `twice-P1-D1-G2,2023-W24,${w.code('km-duong')},"0,1"`,
      `twice-P2-D1-G1,2023-W24,${w.code('km-duong')},"0,2"`,
      `twice-P2-D1,2023-W25,${w.code('tuyen-pho')},3`,
    ].join('\n');
    const first = await importValues(ctx, { campaign: w.campaign.code }, null, csv);
    const stored = await storedValues(w);
    const progress = await figures(w, w.root.code, w.campaign.endDate);
    expect(progress).toEqual([[w.code('tuyen-pho'), 3, 0], [w.code('km-duong'), 0.3, 0], [w.code('ky-nang-so'), 40, 0]]);

    expect(await importValues(ctx, { campaign: w.campaign.code }, null, csv)).toEqual(first);
    expect(await storedValues(w)).toEqual(stored);
    expect(await figures(w, w.root.code, w.campaign.endDate)).toEqual(progress);
    expect(await figures(w, w.root.code, weekEnd('2023-W24'))).toEqual([
      [w.code('tuyen-pho'), 0, 0], [w.code('km-duong'), 0.3, 0.3], [w.code('ky-nang-so'), 25, 15],
    ]);
    await expectRollupsClean(w);
  });

  it('keeps the report flag and narrative: an import touches figures only', async () => {
    const w = await world('keep-');
    await submitReport(ctx, { campaign: w.campaign.code, unit: 'keep-P1', period: '2023-W23' }, null, {
      values: { [w.code('tuyen-pho')]: 50, [w.code('km-duong')]: 1 }, consolidated: true, highlights: 'Ra quân đồng loạt',
    },
    );
    await submitReport(ctx, { campaign: w.campaign.code, unit: 'keep-P1-D1-G1', period: '2023-W23' }, null, { values: { [w.code('tuyen-pho')]: 7 } });
    await importValues(ctx, { campaign: w.campaign.code }, null, `unit,period,indicator,value\nkeep-P1,2023-W23,${w.code('tuyen-pho')},60\n`);
    const report = await getReport(ctx, { campaign: w.campaign.code, unit: 'keep-P1', period: '2023-W23' });
    expect(report.report?.consolidated).toBe(true);
    expect(report.report?.highlights).toBe('Ra quân đồng loạt');
    expect(report.indicators.map((i) => i.submitted?.increment ?? null)).toEqual([60, 1, null]);
    // P1 is consolidated: its 60 already includes the grassroots unit's 7.
    expect(await figures(w, w.root.code, w.campaign.endDate)).toEqual([
      [w.code('tuyen-pho'), 60, 0], [w.code('km-duong'), 1, 0], [w.code('ky-nang-so'), 0, 0],
    ]);
    await expectRollupsClean(w);
  });

  it('reads a semicolon-separated file with a BOM, quoted fields and CRLF line ends', async () => {
    const w = await world('semi-');
    const csv = '\uFEFF' + [
      '"unit";"period";"indicator";"value"',
      `"semi-P1-D1-G1";"2023-W23";"${w.code('km-duong')}";"1.234,5"`,
      `semi-P1-D1-G2;2023-W23;"${w.code('tuyen-pho')}";12`,
      `"semi-P2";"2023-W24";"${w.code('tuyen-pho')}";"1.000"`,
      '',
    ].join('\r\n');
    expect(await importValues(ctx, { campaign: w.campaign.code }, null, csv)).toEqual({ rows: 3, reports: 3 });
    expect(await figures(w, w.root.code, w.campaign.endDate)).toEqual([
      [w.code('tuyen-pho'), 1012, 0], [w.code('km-duong'), 1234.5, 0], [w.code('ky-nang-so'), 0, 0],
    ]);
    await expectRollupsClean(w);
  });
});
