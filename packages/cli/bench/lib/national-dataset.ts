/**
 * The national dataset of the benchmarks (issues 2 and 6): a central unit, 63 provinces,
 * ~700 districts and N grassroots units, the 11 indicators of the 2023 summer campaign, a
 * campaign of W weeks with targets allocated down to the grassroots, and every grassroots unit's
 * report of every week — except the last week of `holdOut` units spread over the country,
 * left for the benchmark to submit. Units down to districts, indicators, campaign and the
 * allocation go through the services; the rest is bulk-loaded with INSERT … SELECT, then the
 * summary is rebuilt from scratch and verified.
 */
import { addDays, campaignWeeks, splitProportionally } from '@giaoban/core';
import { intArray, queryRows, sql, type Database } from '@giaoban/db';
import {
  allocateTargets, createCampaign, createIndicator, createUnit, rebuildRollups, verifyRollups, type ServiceContext,
} from '@giaoban/server';
import { count, now, secs, timed } from './measure.ts';

export const PROVINCES = 63;
export const CAMPAIGN_CODE = 'bench-he-2023';
/** A Monday, so every campaign week is a whole ISO week. */
export const START_DATE = '2023-05-29';

export interface BenchIndicator {
  code: string; name: string; unitOfMeasure: string; valueKind: 'integer' | 'decimal'; reportingMode: 'increment' | 'cumulative'; target: number;
}
/** The 11 national indicators of the 2023 summer campaign (same as the demo). */
export const INDICATORS: readonly BenchIndicator[] = [
  { code: 'so-hoa', name: 'Hỗ trợ nâng cao năng lực số', unitOfMeasure: 'lượt', valueKind: 'integer', reportingMode: 'increment', target: 3_000_000 },
  { code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', target: 500 },
  { code: 'nha-nhan-ai', name: 'Nhà nhân ái, nhà tình nghĩa', unitOfMeasure: 'nhà', valueKind: 'integer', reportingMode: 'increment', target: 1_000 },
  { code: 'tap-huan-khoi-nghiep', name: 'Tập huấn khởi nghiệp', unitOfMeasure: 'lượt', valueKind: 'integer', reportingMode: 'increment', target: 200_000 },
  { code: 'du-an-khoi-nghiep', name: 'Dự án khởi nghiệp sáng tạo', unitOfMeasure: 'dự án', valueKind: 'integer', reportingMode: 'increment', target: 700 },
  { code: 'thieu-nhi-kho-khan', name: 'Hỗ trợ thiếu nhi có hoàn cảnh khó khăn', unitOfMeasure: 'thiếu nhi', valueKind: 'integer', reportingMode: 'increment', target: 350_000 },
  { code: 'y-tuong', name: 'Ý tưởng, sáng kiến của thanh niên', unitOfMeasure: 'ý tưởng', valueKind: 'integer', reportingMode: 'increment', target: 25_000 },
  { code: 'cay-xanh', name: 'Trồng mới cây xanh', unitOfMeasure: 'cây', valueKind: 'integer', reportingMode: 'cumulative', target: 6_000_000 },
  { code: 'ngoai-ngu', name: 'Nâng cao năng lực ngoại ngữ', unitOfMeasure: 'lượt', valueKind: 'integer', reportingMode: 'increment', target: 400_000 },
  { code: 'tinh-nguyen-vien', name: 'Đoàn viên, thanh niên tham gia tình nguyện', unitOfMeasure: 'lượt', valueKind: 'integer', reportingMode: 'increment', target: 5_000_000 },
  { code: 'duong-nong-thon', name: 'Đường giao thông nông thôn', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'increment', target: 3_000 },
];

export const provinceCode = (p: number) => `P${String(p).padStart(2, '0')}`;
export const districtCode = (p: number, d: number) => `${provinceCode(p)}-D${String(d).padStart(2, '0')}`;
/** 10 to 12 districts per province (693 in all). */
export const districtsIn = (p: number) => 10 + (p % 3);
/** Relative size of a district: 1 to 3, so grassroots counts vary between districts. */
export const districtWeight = (p: number, d: number) => 1 + ((p * 7 + d * 13) % 9) / 4;

export interface LoadRow { readonly step: string; readonly time: string; readonly detail: string }

export interface DatasetOptions {
  readonly units: number;
  readonly weeks: number;
  /** Grassroots units whose last week is left unreported (the benchmark submits it). */
  readonly holdOut: number;
  /** Log every week's load (otherwise only the last). */
  readonly verbose: boolean;
  readonly log: (message: string) => void;
}

export interface NationalDataset {
  readonly campaignCode: string;
  readonly campaignId: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly periods: readonly string[];
  readonly lastPeriod: string;
  readonly districtCount: number;
  readonly perDistrict: readonly number[];
  readonly indicatorRows: readonly { id: number; code: string; position: number }[];
  /** The held-out grassroots units (no report for the last week yet). */
  readonly submitters: readonly { id: number; code: string }[];
  readonly reportCount: number;
  readonly valueCount: number;
  readonly summaryRows: number;
  readonly verifyLoad: { readonly ms: number; readonly differences: number };
  readonly load: readonly LoadRow[];
  /** Mean weekly figure of one grassroots unit for an indicator (in its value, not scaled). */
  meanOf(code: string): number;
  specOf(code: string): BenchIndicator | undefined;
}

export async function loadNationalDataset(ctx: ServiceContext, database: Database, options: DatasetOptions): Promise<NationalDataset> {
  const { units: UNITS, weeks: WEEKS, holdOut: HOLD_OUT, verbose, log } = options;
  const db = database.db;
  const END_DATE = addDays(START_DATE, 7 * WEEKS - 1);
  const PERIODS = campaignWeeks(START_DATE, END_DATE).map((w) => w.week);
  const LAST_PERIOD = PERIODS[PERIODS.length - 1] ?? '';
  // --- Units down to districts, indicators and campaign, through the services.
  const small = await timed(async () => {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    for (let p = 1; p <= PROVINCES; p++) {
      await createUnit(ctx, { code: provinceCode(p), name: `Tỉnh Đoàn ${p}`, level: 'province', parentCode: 'TW', region: `Vùng ${1 + (p % 6)}` });
      for (let d = 1; d <= districtsIn(p); d++) {
        await createUnit(ctx, { code: districtCode(p, d), name: `Huyện Đoàn ${p}.${d}`, level: 'district', parentCode: provinceCode(p) });
      }
    }
    for (const i of INDICATORS) {
      await createIndicator(ctx, { code: i.code, name: i.name, unitOfMeasure: i.unitOfMeasure, valueKind: i.valueKind, reportingMode: i.reportingMode });
    }
    await createCampaign(ctx, null, {
      code: CAMPAIGN_CODE, name: 'Chiến dịch Thanh niên tình nguyện Hè (benchmark)', startDate: START_DATE, endDate: END_DATE, rootUnitCode: 'TW',
      phases: [{ number: 1, name: 'Đợt 01', startDate: START_DATE, endDate: END_DATE }],
      targets: INDICATORS.map((i) => ({ indicatorCode: i.code, target: i.target })),
    });
  });
  const districtCount = Array.from({ length: PROVINCES }, (_, i) => districtsIn(i + 1)).reduce((a, b) => a + b, 0);
  log(`units TW + ${PROVINCES} provinces + ${districtCount} districts, ${INDICATORS.length} indicators, campaign (services): ${secs(small.ms)}`);

  // --- Grassroots units and their closure rows, in bulk.
  const districts = await queryRows<{ id: number; code: string }>(db, sql`select id, code from units where level = 'district' order by id`);
  const weights = districts.map((d) => {
    const [, p = '0', dd = '0'] = /^P(\d+)-D(\d+)$/.exec(d.code) ?? [];
    return districtWeight(Number(p), Number(dd));
  });
  const perDistrict = splitProportionally(UNITS, weights);
  const grassroots = await timed(async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into units (code, name, level, parent_id, region)
        select d.code || '-G' || lpad(g::text, 4, '0'), 'Đoàn cơ sở ' || d.code || '.' || g, 'grassroots', d.id, p.region
        from unnest(${intArray(districts.map((d) => d.id))}, ${intArray(perDistrict)}) as x(id, n)
        join units d on d.id = x.id
        join units p on p.id = d.parent_id
        cross join lateral generate_series(1, x.n) g
        order by d.id, g`);
      // What unitsRepository.insert writes for each unit: a row per ancestor, and itself at depth 0.
      await tx.execute(sql`
        insert into unit_closure (ancestor_id, descendant_id, depth)
        select c.ancestor_id, u.id, c.depth + 1 from units u join unit_closure c on c.descendant_id = u.parent_id
        where u.level = 'grassroots'
        union all
        select id, id, 0 from units where level = 'grassroots'`);
    });
  });
  log(`load ${count(UNITS)} grassroots units + closure (SQL): ${secs(grassroots.ms)}`);

  // --- Targets: TW → provinces and province → districts through the service, grassroots in bulk.
  const indicatorRows = await queryRows<{ id: number; code: string; position: number }>(db, sql`
    select i.id, i.code, ci.position from campaign_indicators ci join indicators i on i.id = ci.indicator_id
    join campaigns c on c.id = ci.campaign_id where c.code = ${CAMPAIGN_CODE} order by ci.position`);
  const [campaignRow] = await queryRows<{ id: number }>(db, sql`select id from campaigns where code = ${CAMPAIGN_CODE}`);
  if (!campaignRow) throw new Error('campaign missing');
  const campaignId = campaignRow.id;
  const grassrootsPer = new Map<string, number>();
  for (const r of await queryRows<{ code: string; n: number }>(db, sql`
    select a.code, count(*)::int as n from unit_closure c join units a on a.id = c.ancestor_id join units u on u.id = c.descendant_id
    where u.level = 'grassroots' and a.level in ('province', 'district') group by a.code`)) grassrootsPer.set(r.code, r.n);
  const allocation = await timed(async () => {
    const split = async (parentCode: string, parentTargets: Map<string, number>, childCodes: string[]) => {
      const weightsOf = childCodes.map((c) => grassrootsPer.get(c) ?? 0);
      if (weightsOf.every((w) => w === 0)) return new Map<string, Map<string, number>>();
      const result = new Map<string, Map<string, number>>(childCodes.map((c) => [c, new Map()]));
      for (const i of INDICATORS) {
        const parts = splitProportionally(parentTargets.get(i.code) ?? 0, weightsOf);
        childCodes.forEach((c, k) => result.get(c)?.set(i.code, parts[k] ?? 0));
      }
      await allocateTargets(ctx, { campaign: CAMPAIGN_CODE, unit: parentCode }, null, {
        targets: Object.fromEntries([...result].map(([c, m]) => [c, Object.fromEntries(m)])),
      },
      );
      return result;
    };
    const provinceCodes = Array.from({ length: PROVINCES }, (_, i) => provinceCode(i + 1));
    const provinceTargets = await split('TW', new Map(INDICATORS.map((i) => [i.code, i.target])), provinceCodes);
    for (let p = 1; p <= PROVINCES; p++) {
      const codes = Array.from({ length: districtsIn(p) }, (_, d) => districtCode(p, d + 1));
      await split(provinceCode(p), provinceTargets.get(provinceCode(p)) ?? new Map(), codes);
    }
    // Grassroots: the district's target shared equally (rounded up), as a district would allocate.
    await db.execute(sql`
      insert into targets (campaign_id, unit_id, indicator_id, target)
      select t.campaign_id, u.id, t.indicator_id, ceil(t.target / n.n)
      from targets t join units u on u.parent_id = t.unit_id and u.level = 'grassroots'
      join (select parent_id, count(*) as n from units where level = 'grassroots' group by parent_id) n on n.parent_id = t.unit_id
      where t.campaign_id = ${campaignId}`);
  });
  log(`targets: allocation to provinces and districts (services) + grassroots (SQL): ${secs(allocation.ms)}`);

  // --- The units that will submit the last week during the measurement (spread over the country).
  const allGrassroots = await queryRows<{ id: number; code: string }>(db, sql`select id, code from units where level = 'grassroots' order by id`);
  const step = Math.max(1, Math.floor(allGrassroots.length / (HOLD_OUT)));
  const submitters = allGrassroots.filter((_, k) => k % step === 0).slice(0, HOLD_OUT);
  const skipLastWeek = intArray(submitters.map((u) => u.id));

  // --- Reports and values, one INSERT … SELECT per week. A value is a deterministic draw whose
  // mean puts the national total at ~110 % of the target after the last week (stochastic
  // rounding: floor(2·m·u + v) has mean m for u, v uniform in [0, 1)).
  const specOf = (code: string) => INDICATORS.find((i) => i.code === code);
  /** Mean weekly figure of one grassroots unit: 110 % of the national target over all unit-weeks. */
  const meanOf = (code: string) => ((specOf(code)?.target ?? 0) * 1.1) / (UNITS * WEEKS);
  const means = sql.join(indicatorRows.map((r) => {
    const scale = specOf(r.code)?.valueKind === 'decimal' ? 10 : 1;
    return sql`(${r.id}::int, ${meanOf(r.code) * scale}::float8, ${scale}::int)`;
  }), sql`, `);
  let reportCount = 0;
  let valueCount = 0;
  const values = await timed(async () => {
    for (const [n, period] of PERIODS.entries()) {
      const t0 = now();
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          insert into reports (campaign_id, unit_id, period, status, consolidated, highlights, version, submitted_at, updated_at)
          select ${campaignId}, u.id, ${period}, 'submitted', false, '', 2,
                 ${`${addDays(START_DATE, 7 * n + 6)}T10:00:00+07:00`}::timestamptz, ${`${addDays(START_DATE, 7 * n + 6)}T10:00:00+07:00`}::timestamptz
          from units u
          where u.level = 'grassroots' and not (${period} = ${LAST_PERIOD} and u.id = any(${skipLastWeek}))
          order by u.id`);
        await tx.execute(sql`
          insert into report_values (campaign_id, unit_id, indicator_id, period, value, consolidated, report_id)
          select r.campaign_id, r.unit_id, m.id, r.period,
                 (floor(2 * m.mean * ((hashint4(r.unit_id * 977 + m.id * 7919 + ${n}) & 65535) / 65536.0)
                        + ((hashint4(r.unit_id * 131 + m.id * 104729 + ${n * 31}) & 65535) / 65536.0)) / m.scale)::numeric,
                 false, r.id
          from reports r cross join (values ${means}) as m(id, mean, scale)
          where r.campaign_id = ${campaignId} and r.period = ${period}
          order by r.unit_id, m.id`);
      });
      const [c] = await queryRows<{ r: number; v: number }>(db, sql`
        select (select count(*) from reports where campaign_id = ${campaignId} and period = ${period})::int as r,
               (select count(*) from report_values where campaign_id = ${campaignId} and period = ${period})::int as v`);
      reportCount += c?.r ?? 0;
      valueCount += c?.v ?? 0;
      if (verbose || n === PERIODS.length - 1) log(`  ${period}: ${count(c?.r ?? 0)} reports, ${count(c?.v ?? 0)} values, ${secs(now() - t0)}`);
    }
  });
  log(`load ${count(reportCount)} reports and ${count(valueCount)} values (SQL): ${secs(values.ms)}`);
  const vacuum = await timed(() => db.execute(sql`vacuum (analyze)`));
  log(`vacuum (analyze): ${secs(vacuum.ms)}`);
  const rebuild = await timed(() => rebuildRollups(ctx, CAMPAIGN_CODE));
  await db.execute(sql`analyze rollup_summary`);
  const [summary] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from rollup_summary where campaign_id = ${campaignId}`);
  log(`rebuildRollups (from scratch, ${count(summary?.n ?? 0)} summary rows): ${secs(rebuild.ms)}`);
  const verifyLoad = await timed(() => verifyRollups(ctx, CAMPAIGN_CODE));
  log(`verifyRollups after load: ${verifyLoad.result.differences.length} differences (${secs(verifyLoad.ms)})`);
  if (verifyLoad.result.differences.length > 0) console.log(verifyLoad.result.differences.slice(0, 10));

  const load: LoadRow[] = [
    { step: `TW, ${PROVINCES} provinces, ${districtCount} districts, ${INDICATORS.length} indicators, campaign (services)`, time: secs(small.ms), detail: '' },
    { step: `${count(UNITS)} grassroots units + closure rows (SQL)`, time: secs(grassroots.ms), detail: '' },
    { step: 'targets: allocation to provinces and districts (services), grassroots (SQL)', time: secs(allocation.ms), detail: '' },
    { step: `${count(reportCount)} reports, ${count(valueCount)} values (SQL, one INSERT … SELECT per week)`, time: secs(values.ms), detail: `${count(Math.round(valueCount / (values.ms / 1000)))} values/s` },
    { step: 'vacuum (analyze)', time: secs(vacuum.ms), detail: '' },
    { step: `rebuildRollups: summary from scratch (${count(summary?.n ?? 0)} rows)`, time: secs(rebuild.ms), detail: '' },
    { step: 'verifyRollups after the load', time: secs(verifyLoad.ms), detail: `${verifyLoad.result.differences.length} differences` },
  ];
  return {
    campaignCode: CAMPAIGN_CODE, campaignId, startDate: START_DATE, endDate: END_DATE, periods: PERIODS, lastPeriod: LAST_PERIOD,
    districtCount, perDistrict, indicatorRows, submitters, reportCount, valueCount, summaryRows: summary?.n ?? 0,
    verifyLoad: { ms: verifyLoad.ms, differences: verifyLoad.result.differences.length }, load, meanOf, specOf,
  };
}
