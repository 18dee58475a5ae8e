/**
 * Roll-up benchmark (issue 2): a national dataset (central unit, 63 provinces, ~700
 * districts, 20.000 grassroots units, 11 indicators, 14 weeks ≈ 3 million submitted values),
 * the dashboard read at national, province and district level, the submission rate and the
 * from-scratch recompute, on PGlite and on PostgreSQL. Writes the figures to BENCHMARKS.md.
 *
 *   npm run bench:rollup                               # full run, both databases
 *   npm run bench:rollup -- --quick --no-write         # 2.000 units, fewer iterations, stdout only
 *   npm run bench:rollup -- --target postgres --database-url postgres://user@host:5432/postgres
 *
 * Options: --units N (20000), --weeks N (14), --target pglite|postgres|both (both), --quick,
 * --iterations N (reads), --submissions N, --concurrency N (PostgreSQL), --database-url URL
 * (default $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; a fresh database
 * giaoban_bench_<random> is created there and dropped afterwards), --keep (keep the databases
 * for inspection), --no-write (leave BENCHMARKS.md alone).
 *
 * The small parts (units down to districts, indicators, campaign, target allocation to
 * provinces and districts) go through the services; grassroots units, their closure rows,
 * their targets, the reports and the values are bulk-loaded with INSERT … SELECT, then the
 * summary is rebuilt from scratch with rebuildRollups. Nothing here is asserted in tests.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addDays, campaignWeeks, formatNumber, seededRandom, splitProportionally } from '@giaoban/core';
import { createScratchDatabase, intArray, openDatabase, queryRows, redactUrl, sql, type Database } from '@giaoban/db';
import {
  allocateTargets, createCampaign, createIndicator, createServiceContext, createUnit, getProgress, rebuildRollups,
  submitReport, verifyRollups,
} from '@giaoban/server';

// ---------------------------------------------------------------------------------------------
// Options

const { values: opts } = parseArgs({
  options: {
    units: { type: 'string' },
    weeks: { type: 'string' },
    target: { type: 'string', default: 'both' },
    quick: { type: 'boolean', default: false },
    iterations: { type: 'string' },
    submissions: { type: 'string' },
    concurrency: { type: 'string' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (opts.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
  process.exit(0);
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} needs a whole number of at least ${min}, not "${raw}"`);
    process.exit(2);
  }
  return n;
}

const QUICK = opts.quick;
const UNITS = intOption('units', opts.units, QUICK ? 2_000 : 20_000, 1);
const WEEKS = intOption('weeks', opts.weeks, 14, 1);
const ITERATIONS = intOption('iterations', opts.iterations, QUICK ? 10 : 50, 1);
const WARMUP = QUICK ? 2 : 5;
const SUBMISSIONS = Math.min(intOption('submissions', opts.submissions, QUICK ? 200 : 1_000, 1), Math.max(1, Math.floor(UNITS / 2)));
const SUBMIT_WARMUP = Math.min(QUICK ? 10 : 20, Math.max(0, Math.floor(UNITS / 2) - SUBMISSIONS));
const PG_CONCURRENCY = intOption('concurrency', opts.concurrency, 16, 1);
const PG_POOL = Math.max(16, PG_CONCURRENCY);
const TARGET = opts.target;
if (TARGET !== 'pglite' && TARGET !== 'postgres' && TARGET !== 'both') {
  console.error(`--target is pglite, postgres or both, not "${TARGET}"`);
  process.exit(2);
}
const DATABASE_URL = opts['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITE = !opts['no-write'];
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BENCHMARKS_FILE = path.join(REPO_ROOT, 'BENCHMARKS.md');
const COMMAND = ['npm run bench:rollup', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

// ---------------------------------------------------------------------------------------------
// The dataset

const PROVINCES = 63;
const CAMPAIGN_CODE = 'bench-he-2023';
/** A Monday, so every campaign week is a whole ISO week. */
const START_DATE = '2023-05-29';
const END_DATE = addDays(START_DATE, 7 * WEEKS - 1);
const PERIODS = campaignWeeks(START_DATE, END_DATE).map((w) => w.week);
const LAST_PERIOD = PERIODS[PERIODS.length - 1] ?? '';

interface BenchIndicator {
  code: string; name: string; unitOfMeasure: string; valueKind: 'integer' | 'decimal'; reportingMode: 'increment' | 'cumulative'; target: number;
}
/** The 11 national indicators of the 2023 summer campaign (same as the demo). */
const INDICATORS: readonly BenchIndicator[] = [
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

const provinceCode = (p: number) => `P${String(p).padStart(2, '0')}`;
const districtCode = (p: number, d: number) => `${provinceCode(p)}-D${String(d).padStart(2, '0')}`;
/** 10 to 12 districts per province (693 in all). */
const districtsIn = (p: number) => 10 + (p % 3);
/** Relative size of a district: 1 to 3, so grassroots counts vary between districts. */
const districtWeight = (p: number, d: number) => 1 + ((p * 7 + d * 13) % 9) / 4;


// ---------------------------------------------------------------------------------------------
// Measuring

const now = () => performance.now();

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = now();
  const result = await fn();
  return { result, ms: now() - t0 };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

interface Stats { n: number; median: number; p95: number; p99: number; min: number; max: number }
function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

const ms = (v: number) => (v >= 100 ? formatNumber(Math.round(v)) : formatNumber(v, 1));
const secs = (v: number) => `${formatNumber(v / 1000, 1)} s`;
const count = (v: number) => formatNumber(v);

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// One database

interface Row { measure: string; median: string; p95: string; detail: string }
interface LoadRow { step: string; time: string; detail: string }

interface DatabaseResult {
  label: string;
  version: string;
  load: LoadRow[];
  rows: Row[];
  dataset: { units: number; provinces: number; districts: number; grassroots: number; reports: number; values: number; summaryRows: number };
  totalMs: number;
}

async function runOn(kind: 'pglite' | 'postgres', database: Database, label: string): Promise<DatabaseResult> {
  const started = now();
  const ctx = createServiceContext(database);
  const db = database.db;
  const rows: Row[] = [];
  const [{ version } = { version: '?' }] = await queryRows<{ version: string }>(db, sql`select version()`);
  log(`${label}: ${version}`);

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
      await allocateTargets(ctx, null, CAMPAIGN_CODE, parentCode, {
        targets: Object.fromEntries([...result].map(([c, m]) => [c, Object.fromEntries(m)])),
      });
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
  const step = Math.max(1, Math.floor(allGrassroots.length / (SUBMISSIONS + SUBMIT_WARMUP)));
  const submitters = allGrassroots.filter((_, k) => k % step === 0).slice(0, SUBMISSIONS + SUBMIT_WARMUP);
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
      if (!QUICK || n === PERIODS.length - 1) log(`  ${period}: ${count(c?.r ?? 0)} reports, ${count(c?.v ?? 0)} values, ${secs(now() - t0)}`);
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

  // --- Dashboard reads.
  const asOf = END_DATE;
  const province = provinceCode(1);
  const district = districtCode(1, 1);
  const reads: { label: string; unit: string }[] = [
    { label: `(a) national dashboard: getProgress TW (${PROVINCES} children)`, unit: 'TW' },
    { label: `(b) province dashboard: getProgress ${province} (${districtsIn(1)} districts)`, unit: province },
    { label: `(c) district dashboard: getProgress ${district} (${perDistrict[0] ?? 0} grassroots)`, unit: district },
  ];
  for (const r of reads) {
    for (let k = 0; k < WARMUP; k++) await getProgress(ctx, CAMPAIGN_CODE, r.unit, { asOf });
    const samples: number[] = [];
    for (let k = 0; k < ITERATIONS; k++) samples.push((await timed(() => getProgress(ctx, CAMPAIGN_CODE, r.unit, { asOf }))).ms);
    const s = stats(samples);
    rows.push({ measure: r.label, median: ms(s.median), p95: ms(s.p95), detail: `${s.n} iterations after ${WARMUP} warm-up, min ${ms(s.min)}, max ${ms(s.max)}` });
    log(`${r.label}: median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms`);
  }
  const national = await getProgress(ctx, CAMPAIGN_CODE, 'TW', { asOf });
  log(`  national achievement: ${national.unit.indicators.map((i) => `${i.indicator.code} ${i.text.achievement ?? '-'}`).join(', ')}`);

  // --- Submission rate: fresh figures for all 11 indicators, last week, K units.
  const concurrency = kind === 'postgres' ? PG_CONCURRENCY : 1;
  const cumulative = indicatorRows.filter((r) => INDICATORS.find((i) => i.code === r.code)?.reportingMode === 'cumulative');
  const toDateBefore = new Map<string, number>();
  for (const r of await queryRows<{ unitId: number; indicatorId: number; total: number }>(db, sql`
    select unit_id as "unitId", indicator_id as "indicatorId", sum(value) as total from report_values
    where campaign_id = ${campaignId} and unit_id = any(${skipLastWeek}) and indicator_id = any(${intArray(cumulative.map((c) => c.id))})
      and period < ${LAST_PERIOD} group by unit_id, indicator_id`)) toDateBefore.set(`${r.unitId}:${r.indicatorId}`, r.total);
  const random = seededRandom(2023);
  const inputFor = (unit: { id: number }) => Object.fromEntries(indicatorRows.map((r, k) => {
    const spec = specOf(r.code);
    const mean = meanOf(r.code);
    let v = spec?.valueKind === 'decimal' ? Math.floor(2 * mean * 10 * random() + random()) / 10 : Math.floor(2 * mean * random() + random());
    if (spec?.reportingMode === 'cumulative') v += toDateBefore.get(`${unit.id}:${r.id}`) ?? 0;
    return [r.code, k === 0 ? v + 1 : v];
  }));
  const submit = async (unit: { id: number; code: string }) => {
    await submitReport(ctx, null, CAMPAIGN_CODE, unit.code, LAST_PERIOD, {
      values: inputFor(unit), highlights: 'Ra quân các đội hình tình nguyện.', difficulties: '', proposals: '',
    });
  };
  for (const u of submitters.slice(0, SUBMIT_WARMUP)) await submit(u);
  const queue = submitters.slice(SUBMIT_WARMUP);
  const latencies: number[] = [];
  const wall = await timed(async () => {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < queue.length) {
        const unit = queue[next++];
        if (!unit) break;
        latencies.push((await timed(() => submit(unit))).ms);
      }
    }));
  });
  const s = stats(latencies);
  const rate = latencies.length / (wall.ms / 1000);
  log(`submitReport × ${latencies.length}, concurrency ${concurrency}: ${formatNumber(rate, 1)} submissions/s, p50 ${ms(s.median)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms`);
  rows.push({
    measure: `(d) submitReport, last week, 11 indicators: **${formatNumber(rate, 1)} submissions/s**`,
    median: ms(s.median),
    p95: ms(s.p95),
    detail: `${latencies.length} units after ${SUBMIT_WARMUP} warm-up, ${concurrency} concurrent caller${concurrency > 1 ? 's' : ''}`
      + `${kind === 'postgres' ? `, pool of ${PG_POOL}` : ' (PGlite is one connection)'}; p99 ${ms(s.p99)} ms; wall ${secs(wall.ms)}`,
  });
  const verifyAfter = await timed(() => verifyRollups(ctx, CAMPAIGN_CODE));
  log(`verifyRollups after submissions: ${verifyAfter.result.differences.length} differences (${secs(verifyAfter.ms)})`);
  if (verifyAfter.result.differences.length > 0) console.log(verifyAfter.result.differences.slice(0, 10));
  rows.push({
    measure: '(e) verifyRollups after the submissions: from-scratch recompute + compare',
    median: ms(verifyAfter.ms), p95: '', detail: `one run; ${verifyAfter.result.differences.length} differences (after the load: ${ms(verifyLoad.ms)} ms, ${verifyLoad.result.differences.length} differences)`,
  });

  const [units] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from units`);
  return {
    label, version, load, rows, totalMs: now() - started,
    dataset: {
      units: units?.n ?? 0, provinces: PROVINCES, districts: districtCount, grassroots: UNITS,
      reports: reportCount + latencies.length + SUBMIT_WARMUP, values: valueCount + (latencies.length + SUBMIT_WARMUP) * indicatorRows.length, summaryRows: summary?.n ?? 0,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Opening and dropping the databases

/** What to undo if the run is interrupted (Ctrl-C): finally blocks do not run on a signal. */
let onInterrupt: (() => Promise<void>) | null = null;
process.once('SIGINT', () => {
  console.error('\ninterrupted, cleaning up');
  void (onInterrupt?.() ?? Promise.resolve()).catch(() => {}).finally(() => process.exit(130));
});

function pgliteVersion(): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    for (let k = 0; k < 5; k++, dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '?';
    }
  } catch {
    // fall through
  }
  return '?';
}

async function benchPglite(): Promise<DatabaseResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-bench-'));
  log(`PGlite ${pgliteVersion()} in ${dir}`);
  onInterrupt = async () => {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };
  const database = await openDatabase({ dataDir: dir });
  try {
    await checkNumericParsing(database);
    return await runOn('pglite', database, `PGlite ${pgliteVersion()} (data directory on disk)`);
  } finally {
    await database.close();
    if (opts.keep) log(`kept PGlite data directory ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    onInterrupt = null;
  }
}

async function benchPostgres(): Promise<DatabaseResult | { skipped: string }> {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(DATABASE_URL, 'giaoban_bench');
  } catch (error) {
    return { skipped: `PostgreSQL at ${redactUrl(DATABASE_URL)} is unreachable or refused a new database (${(error as Error).message || String(error)}); set --database-url or BENCH_DATABASE_URL` };
  }
  const { name, drop } = scratch;
  const target = new URL(scratch.url);
  log(`PostgreSQL: database ${name} on ${redactUrl(DATABASE_URL)}`);
  onInterrupt = opts.keep ? null : drop;
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: target.toString(), poolSize: PG_POOL });
    await checkNumericParsing(database);
    return await runOn('postgres', database, 'PostgreSQL');
  } finally {
    await database?.close();
    if (opts.keep) log(`kept database ${name}`);
    else await drop();
    onInterrupt = null;
  }
}

/** The services add figures in JavaScript: numeric and int8 must arrive as numbers (connection.ts). */
async function checkNumericParsing(database: Database): Promise<void> {
  const [row] = await queryRows<{ n: unknown; c: unknown }>(database.db, sql`select 1.5::numeric as n, count(*) as c from (values (1)) v`);
  if (typeof row?.n !== 'number' || typeof row.c !== 'number') {
    throw new Error(`${database.kind}: numeric/int8 arrive as ${typeof row?.n}/${typeof row?.c}, not numbers; the figures would be wrong (see connection.ts)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function table(rows: readonly Row[]): string {
  const lines = ['| measure | median (ms) | p95 (ms) | detail |', '|---|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.measure} | ${r.median} | ${r.p95} | ${r.detail} |`);
  return lines.join('\n');
}

function loadTable(rows: readonly LoadRow[]): string {
  const lines = ['| load step | time | detail |', '|---|---:|---|'];
  for (const r of rows) lines.push(`| ${r.step} | ${r.time} | ${r.detail} |`);
  return lines.join('\n');
}

const INTRO = `# Benchmarks

Performance figures of Giao Ban, each section produced by the command it names and
replaced when that command is run again. No timings are asserted in tests; figures come
from these commands, on the machine described in each section. Numbers are written the
Vietnamese way (\`20.000\` is twenty thousand, \`1,5\` is one and a half).
`;

const HEADING = '## Roll-up benchmark (issue 2)';

const LOAD_AT_START = os.loadavg();

function section(results: readonly DatabaseResult[], skipped: readonly string[], totalMs: number): string {
  const cpus = os.cpus();
  const load = (l: readonly number[]) => l.map((x) => formatNumber(x, 2)).join(' / ');
  const first = results[0];
  const d = first?.dataset;
  const lines = [
    HEADING,
    '',
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\` (the whole run took ${secs(totalMs)}).`,
    '',
    `- Machine: ${cpus[0]?.model.trim() ?? '?'}, ${cpus.length} cores, ${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}, Node ${process.version}; `
      + `load average (1 / 5 / 15 min) ${load(LOAD_AT_START)} at the start, ${load(os.loadavg())} at the end (the machine is shared, so figures move by tens of per cent between runs).`,
    ...results.map((r) => `- ${r.label}: \`${r.version}\`.`),
    ...skipped.map((s) => `- Skipped: ${s}.`),
    d ? `- Dataset: ${count(d.units)} units (1 central, ${d.provinces} provinces, ${count(d.districts)} districts, ${count(d.grassroots)} grassroots units), `
      + `${INDICATORS.length} indicators, a campaign of ${WEEKS} ISO weeks (${PERIODS[0]} to ${LAST_PERIOD}) with national targets allocated down to the grassroots; `
      + `every grassroots unit submits every week: ${count(d.reports)} reports, ${count(d.values)} values, ${count(d.summaryRows)} roll-up summary rows.` : '',
    `- Loading: units down to districts, indicators, campaign and the allocation to provinces and districts through the services; grassroots units, their closure rows and targets, `
      + 'reports and values with one INSERT … SELECT per table and week (deterministic pseudo-random values computed in SQL); then `vacuum (analyze)` and `rebuildRollups`.',
    `- Reads: \`getProgress(campaign, unit, { asOf: ${END_DATE} })\` (the unit and each child, per indicator, this week and to date), ${WARMUP} warm-up calls then ${ITERATIONS} timed calls.`,
    `- Submissions: \`submitReport\` of the last week (${LAST_PERIOD}) with fresh figures for all ${INDICATORS.length} indicators, by grassroots units spread over the country that had not reported that week; `
      + 'each is checked (quality rules, outliers against the unit\'s past weeks and its siblings), writes its audit rows and moves the report\'s approval state in the same transaction; '
      + 'the latency of one call includes re-reading the report (with its history) as the service returns it. PGlite runs one caller at a time (one connection, transactions are serialised).',
    '',
  ];
  for (const r of results) {
    lines.push(`### ${r.label}`, '', table(r.rows), '', loadTable(r.load), '', `This database took ${secs(r.totalMs)} in all.`, '');
  }
  return lines.filter((l, k, all) => !(l === '' && all[k - 1] === '')).join('\n');
}

function writeBenchmarks(text: string): void {
  const existing = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : INTRO;
  const lines = existing.split('\n');
  const start = lines.findIndex((l) => l.trim() === HEADING);
  let out: string;
  if (start === -1) {
    out = `${existing.trimEnd()}\n\n${text.trimEnd()}\n`;
  } else {
    const rest = lines.slice(start + 1).findIndex((l) => /^## /.test(l));
    const end = rest === -1 ? lines.length : start + 1 + rest;
    const before = lines.slice(0, start).join('\n').trimEnd();
    const after = lines.slice(end).join('\n').trim();
    out = `${before}\n\n${text.trimEnd()}\n${after ? `\n${after}\n` : ''}`;
  }
  writeFileSync(BENCHMARKS_FILE, out);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = now();
  log(`${COMMAND}: ${count(UNITS)} grassroots units, ${WEEKS} weeks, target ${TARGET}${QUICK ? ' (quick)' : ''}`);
  const results: DatabaseResult[] = [];
  const skipped: string[] = [];
  if (TARGET === 'pglite' || TARGET === 'both') results.push(await benchPglite());
  if (TARGET === 'postgres' || TARGET === 'both') {
    const r = await benchPostgres();
    if ('skipped' in r) {
      console.warn(`Skipping PostgreSQL: ${r.skipped}`);
      skipped.push(`PostgreSQL — ${r.skipped}`);
    } else {
      results.push(r);
    }
  }
  const text = section(results, skipped, now() - t0);
  console.log(`\n${text}`);
  if (WRITE && results.length > 0) {
    writeBenchmarks(text);
    log(`wrote ${BENCHMARKS_FILE}`);
  }
}

await main();
