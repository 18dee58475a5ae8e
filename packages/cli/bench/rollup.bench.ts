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
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addDays, campaignWeeks, formatNumber, seededRandom } from '@giaoban/core';
import { createScratchDatabase, intArray, openDatabase, queryRows, redactUrl, sql, type Database } from '@giaoban/db';
import { createServiceContext, getProgress, submitReport, verifyRollups } from '@giaoban/server';
import {
  CAMPAIGN_CODE, INDICATORS, PROVINCES, START_DATE, districtCode, districtsIn, loadNationalDataset, provinceCode, type LoadRow,
} from './lib/national-dataset.ts';
import { count, ms, now, secs, stats, timed } from './lib/measure.ts';
import { BENCHMARKS_FILE, writeSection } from './lib/benchmarks-file.ts';

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
const COMMAND = ['npm run bench:rollup', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

// ---------------------------------------------------------------------------------------------
// The dataset

const END_DATE = addDays(START_DATE, 7 * WEEKS - 1);
const PERIODS = campaignWeeks(START_DATE, END_DATE).map((w) => w.week);
const LAST_PERIOD = PERIODS[PERIODS.length - 1] ?? '';

// ---------------------------------------------------------------------------------------------
// Measuring

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// One database

interface Row { measure: string; median: string; p95: string; detail: string }

interface DatabaseResult {
  label: string;
  version: string;
  load: readonly LoadRow[];
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

  const dataset = await loadNationalDataset(ctx, database, {
    units: UNITS, weeks: WEEKS, holdOut: SUBMISSIONS + SUBMIT_WARMUP, verbose: !QUICK, log,
  });
  const { districtCount, perDistrict, indicatorRows, campaignId, submitters, specOf, meanOf, reportCount, valueCount, load } = dataset;
  const skipLastWeek = intArray(submitters.map((u) => u.id));
  const summary = { n: dataset.summaryRows };
  const verifyLoad = { ms: dataset.verifyLoad.ms, result: { differences: { length: dataset.verifyLoad.differences } } };

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
    for (let k = 0; k < WARMUP; k++) await getProgress(ctx, { campaign: CAMPAIGN_CODE, unit: r.unit }, { asOf });
    const samples: number[] = [];
    for (let k = 0; k < ITERATIONS; k++) samples.push((await timed(() => getProgress(ctx, { campaign: CAMPAIGN_CODE, unit: r.unit }, { asOf }))).ms);
    const s = stats(samples);
    rows.push({ measure: r.label, median: ms(s.median), p95: ms(s.p95), detail: `${s.n} iterations after ${WARMUP} warm-up, min ${ms(s.min)}, max ${ms(s.max)}` });
    log(`${r.label}: median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms`);
  }
  const national = await getProgress(ctx, { campaign: CAMPAIGN_CODE, unit: 'TW' }, { asOf });
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
    await submitReport(ctx, { campaign: CAMPAIGN_CODE, unit: unit.code, period: LAST_PERIOD }, null, {
      values: inputFor(unit), highlights: 'Ra quân các đội hình tình nguyện.', difficulties: '', proposals: '',
    },
    );
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
    `- Reads: \`getProgress(campaign, { campaign: unit, unit: { asOf: ${END_DATE} } })\` (the unit and each child, per indicator, this week and to date), ${WARMUP} warm-up calls then ${ITERATIONS} timed calls.`,
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
    writeSection(HEADING, text);
    log(`wrote ${BENCHMARKS_FILE}`);
  }
}

await main();
