/**
 * National-scale benchmark (issue 6), one command, every ratio from one run:
 *
 *   npm run bench                      # full: 20.000 units, growth at 1.000 … 250.000 (hours)
 *   npm run bench -- --quick           # a few minutes: 2.000 units, growth at 1.000 and 5.000
 *   npm run bench -- --target postgres --sizes 1000,20000 --no-write
 *
 * For each database (PGlite in memory, PostgreSQL in a scratch database) and each size:
 *  1. the national dataset (bench/lib/national-dataset.ts) with every grassroots unit's last
 *     week left unreported, one reporter account and a signed-in session per grassroots unit
 *     (bulk-created: one argon2 hash shared, session rows as sign-in writes them);
 *  2. the server (buildApp) listening on a loopback port, reached with fetch;
 *  3. dashboard reads through HTTP — national (TW, 63 provinces) and one province — against
 *     two references computed from the same raw rows: DuckDB (@duckdb/node-api, in memory,
 *     loaded with the units' closure and every value) and the plain on-the-fly SQL roll-up
 *     (the same GROUP BY on the database itself, no summary table); medians, p95, ratio to DuckDB;
 *  4. freshness: from a submit's HTTP response to the change in the national dashboard;
 *  5. the deadline storm: every grassroots unit submits its week (11 values) through
 *     POST …/reports/:week/submit with its own session, from --clients concurrent clients;
 *     submissions/s, p50/p95/p99, errors; then verifyRollups must find no difference. These
 *     clients send their next submission when the last is answered: the server is never idle,
 *     so this is its capacity, and the latency there is the clients' number ÷ the rate;
 *  6. paced storms (the main size only), at each rate of --pace-postgres (500,750,1000) or
 *     --pace-pglite (150,300), the goal's last: for PACED_SECONDS, units of the storm submit their
 *     week again (new figures, before anyone reviews it), one every 1 ÷ rate seconds whether the
 *     earlier ones were answered or not, as units submitting on their own do. The latency at
 *     that rate, counted from when each was due: the curve says up to which rate p99 holds.
 * Options: --clients N (64: concurrent submissions of the storm, on both databases), --pool N (32: the server's connections),
 * --pace-postgres N,N…, --pace-pglite N,N… (submissions per second of the paced storms),
 * --iterations N, --growth-storm N, --weeks N, --database-url URL, --no-write.
 * --cpu-profile DIR: a V8 CPU profile of the server's process (this one) during each storm, with a
 * summary by package and function beside it (bench/lib/cpu-profile.ts).
 * Growth repeats 3 and 5 (the storm capped at --growth-storm submissions) at each of --sizes.
 * The storm's clients run in a child process (bench/lib/storm-client.ts) and ask for
 * `Prefer: return=minimal`: their fetch and JSON are not charged to the server's process, but
 * they are on the same machine (2 cores here) and compete for the CPU with the server and the
 * database. The dashboards' and freshness requests still come from the benchmark's own process,
 * beside the server. Writes its section of BENCHMARKS.md unless --no-write.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { formatNumber, seededRandom } from '@giaoban/core';
import { createScratchDatabase, intArray, openDatabase, queryRows, redactUrl, sql, type Database } from '@giaoban/db';
import { buildApp, createServiceContext, getProgress, hashPassword, loadConfig, verifyRollups } from '@giaoban/server';
import { count, ms, now, secs, stats, timed, type Stats } from './lib/measure.ts';
import { startCpuProfile } from './lib/cpu-profile.ts';
import { cpuSince, readCpu } from './lib/cpu-time.ts';
import { BENCHMARKS_FILE, writeSection } from './lib/benchmarks-file.ts';
import { PROVINCES, provinceCode, loadNationalDataset, type NationalDataset } from './lib/national-dataset.ts';
import { stormInChildProcess, type StormRequest } from './lib/storm-client.ts';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    target: { type: 'string', default: 'both' },
    units: { type: 'string' },
    sizes: { type: 'string' },
    weeks: { type: 'string', default: '14' },
    clients: { type: 'string' },
    'pace-postgres': { type: 'string' },
    'pace-pglite': { type: 'string' },
    pool: { type: 'string' },
    iterations: { type: 'string' },
    'growth-storm': { type: 'string' },
    'database-url': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
  },
  strict: true,
});

function intList(name: string, raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--${name} needs whole numbers ≥ 1 separated by commas, not "${raw}"`);
    process.exit(2);
  }
  return list;
}
const one = (name: string, raw: string | undefined, fallback: number) => intList(name, raw, [fallback])[0] ?? fallback;

const QUICK = opts.quick;
const UNITS = one('units', opts.units, QUICK ? 2_000 : 20_000);
const SIZES = intList('sizes', opts.sizes, QUICK ? [1_000, 5_000] : [1_000, 5_000, 20_000, 50_000, 250_000]).filter((n) => n !== UNITS);
const WEEKS = one('weeks', opts.weeks, 14);
const ITERATIONS = one('iterations', opts.iterations, QUICK ? 20 : 50);
const GROWTH_STORM = one('growth-storm', opts['growth-storm'], QUICK ? 500 : 2_000);
const TARGETS = opts.target === 'both' ? ['pglite', 'postgres'] : [opts.target];
if (!TARGETS.every((t) => t === 'pglite' || t === 'postgres')) {
  console.error(`--target is pglite, postgres or both, not "${opts.target}"`);
  process.exit(2);
}
/** Connections of the server's PostgreSQL pool. */
const POOL = one('pool', opts.pool, 32);
const CLIENTS = one('clients', opts.clients, 64);
/** Submissions per second of the paced storms, the issue's goal last. */
const PACES = {
  postgres: intList('pace-postgres', opts['pace-postgres'], [500, 750, 1_000]),
  pglite: intList('pace-pglite', opts['pace-pglite'], [150, 300]),
} as const;
/** How long each paced storm sends: long enough for a steady state, short enough to repeat. */
const PACED_SECONDS = 20;
const DATABASE_URL = opts['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COMMAND = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const HEADING = '## National scale: dashboards, freshness, the deadline storm, growth (issue 6)';
const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---------------------------------------------------------------------------------------------
// Accounts and HTTP

interface Client { readonly unitCode: string; readonly cookie: string; readonly csrf: string }

/** One reporter account and one live session per grassroots unit, plus a steering account at TW. */
async function bulkSessions(database: Database): Promise<{ reporters: Map<string, Client>; steering: Client }> {
  const hash = await hashPassword('mat-khau-benchmark');
  const secret = createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 16);
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into users (username, password_hash, display_name, role, unit_id)
      select 'bc-' || lower(u.code), ${hash}, u.name, 'reporter', u.id from units u where u.level = 'grassroots'
      union all select 'bench.chidao', ${hash}, 'Ban chỉ đạo', 'steering', u.id from units u where u.code = 'TW'`);
    await tx.execute(sql`
      insert into sessions (token_hash, user_id, csrf_token, expires_at, ip)
      select encode(sha256(convert_to(${secret} || '-' || s.id, 'UTF8')), 'hex'), s.id, 'csrf-' || s.id, now() + interval '1 day', '127.0.0.1'
      from users s where s.username like 'bc-%' or s.username = 'bench.chidao'`);
  });
  const rows = await queryRows<{ id: number; code: string; username: string }>(database.db, sql`
    select s.id, u.code, s.username from users s join units u on u.id = s.unit_id where s.username like 'bc-%' or s.username = 'bench.chidao'`);
  const clientOf = (r: { id: number; code: string }): Client => ({ unitCode: r.code, cookie: `gb_session=${secret}-${r.id}`, csrf: `csrf-${r.id}` });
  const steeringRow = rows.find((r) => r.username === 'bench.chidao');
  if (!steeringRow) throw new Error('no steering account');
  return { reporters: new Map(rows.filter((r) => r.username !== 'bench.chidao').map((r) => [r.code, clientOf(r)])), steering: clientOf(steeringRow) };
}

async function getJson(base: string, client: Client, url: string): Promise<unknown> {
  const res = await fetch(`${base}${url}`, { headers: { cookie: client.cookie, accept: 'application/json' } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

// ---------------------------------------------------------------------------------------------
// The references: the same roll-up from raw rows, on the fly

/** To date and this week, per child of `root` and indicator, from report_values and the closure. */
function referenceQuery(root: string, lastPeriod: string, campaignId: number): string {
  return `
    select c.ancestor_id as unit_id, v.indicator_id, sum(v.value) as to_date,
           sum(case when v.period = '${lastPeriod}' then v.value else 0 end) as this_week
    from report_values v
    join unit_closure c on c.descendant_id = v.unit_id
    join units a on a.id = c.ancestor_id
    join units r on r.id = a.parent_id and r.code = '${root}'
    where v.campaign_id = ${campaignId} and v.period <= '${lastPeriod}'
    group by c.ancestor_id, v.indicator_id`;
}

async function loadDuckDb(database: Database, campaignId: number): Promise<{ connection: DuckDBConnection; ms: number }> {
  const t0 = now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`create table units (id integer, code varchar, parent_id integer)`);
  await connection.run(`create table unit_closure (ancestor_id integer, descendant_id integer, depth integer)`);
  await connection.run(`create table report_values (campaign_id integer, unit_id integer, indicator_id integer, period varchar, value double)`);
  const copy = async (table: string, query: ReturnType<typeof sql>, columns: string[]) => {
    const appender = await connection.createAppender(table);
    const rows = await queryRows<Record<string, number | string | null>>(database.db, query);
    for (const r of rows) {
      for (const c of columns) {
        const v = r[c];
        if (v === null || v === undefined) appender.appendNull();
        else if (typeof v === 'string') appender.appendVarchar(v);
        else if (c === 'value') appender.appendDouble(v);
        else appender.appendInteger(v);
      }
      appender.endRow();
    }
    appender.closeSync();
  };
  await copy('units', sql`select id, code, parent_id from units`, ['id', 'code', 'parent_id']);
  await copy('unit_closure', sql`select ancestor_id, descendant_id, depth from unit_closure`, ['ancestor_id', 'descendant_id', 'depth']);
  // Values week by week: a few hundred thousand rows in memory at a time.
  const periods = await queryRows<{ period: string }>(database.db, sql`select distinct period from report_values where campaign_id = ${campaignId} order by 1`);
  for (const { period } of periods) {
    await copy('report_values', sql`
      select campaign_id, unit_id, indicator_id, period, value::float8 as value from report_values
      where campaign_id = ${campaignId} and period = ${period}`, ['campaign_id', 'unit_id', 'indicator_id', 'period', 'value']);
  }
  return { connection, ms: now() - t0 };
}

async function sample(iterations: number, run: () => Promise<unknown>): Promise<Stats> {
  for (let k = 0; k < Math.min(5, iterations); k++) await run();
  const samples: number[] = [];
  for (let k = 0; k < iterations; k++) samples.push((await timed(run)).ms);
  return stats(samples);
}

// ---------------------------------------------------------------------------------------------
// One database at one size

interface ReadRow { readonly label: string; readonly ours: Stats; readonly recomputed: Stats; readonly plain: Stats; readonly duck: Stats }
/** One storm as the clients saw it: `clients` closed loops, or paced at `pace` per second. */
interface StormRun {
  readonly n: number; readonly rate: number; readonly latency: Stats; readonly warm: Stats; readonly errors: number; readonly firstError: string | null;
  readonly clients: number; readonly pace: number | null; readonly wallMs: number; readonly cpuSplit: string;
}
interface SizeResult {
  readonly units: number;
  readonly loadMs: number;
  readonly reads: readonly ReadRow[];
  readonly duckLoadMs: number;
  readonly freshness: Stats | null;
  readonly storm: StormRun;
  readonly paced: readonly StormRun[];
  readonly differences: number;
  readonly verifyMs: number;
}

async function runSize(kind: 'pglite' | 'postgres', database: Database, units: number, full: boolean): Promise<SizeResult> {
  const t0 = now();
  const ctx = createServiceContext(database);
  const dataset: NationalDataset = await loadNationalDataset(ctx, database, { units, weeks: WEEKS, holdOut: units, verbose: false, log });
  const { reporters, steering } = await bulkSessions(database);
  const loadMs = now() - t0;
  log(`${kind} ${count(units)} units: dataset and ${count(reporters.size)} sessions in ${secs(loadMs)}`);

  const config = loadConfig({}, { reminderIntervalSeconds: 0, poolSize: database.kind === 'postgres' ? POOL : 1, loginRateLimit: { max: 1_000_000, addressMax: 1_000_000, windowMs: 60_000 } });
  const app = await buildApp({ ctx, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const campaign = dataset.campaignCode;
  const asOf = dataset.endDate;
  const dashboard = (unit: string) => getJson(base, steering, `/api/v1/campaigns/${campaign}/units/${unit}/progress?asOf=${asOf}`);
  /** What a browser waits for: the whole response received (parsing it is the page's work). */
  const dashboardBytes = async (unit: string) => {
    const res = await fetch(`${base}/api/v1/campaigns/${campaign}/units/${unit}/progress?asOf=${asOf}`, { headers: { cookie: steering.cookie, accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`dashboard ${unit}: ${res.status}`);
    return res.arrayBuffer();
  };
  try {
    // --- Reads.
    const reads: ReadRow[] = [];
    let duckLoadMs = 0;
    if (full) {
      const duck = await loadDuckDb(database, dataset.campaignId);
      duckLoadMs = duck.ms;
      log(`DuckDB loaded with the raw rows in ${secs(duck.ms)}`);
      for (const [label, unit] of [[`national (TW, ${PROVINCES} provinces)`, 'TW'], [`province (${provinceCode(1)}, its districts)`, provinceCode(1)]] as const) {
        const query = referenceQuery(unit, dataset.lastPeriod, dataset.campaignId);
        const ours = await sample(ITERATIONS, () => dashboardBytes(unit));
        // The first read after a change: the answer computed from the roll-up (no HTTP).
        const recomputed = await sample(ITERATIONS, () => getProgress(ctx, { campaign, unit }, { asOf }));
        const plain = await sample(Math.max(3, Math.ceil(ITERATIONS / 5)), () => database.db.execute(sql.raw(query)));
        const duckStats = await sample(ITERATIONS, () => duck.connection.runAndReadAll(query));
        reads.push({ label, ours, recomputed, plain, duck: duckStats });
        log(`${label}: ours ${ms(ours.median)} ms, plain SQL ${ms(plain.median)} ms, DuckDB ${ms(duckStats.median)} ms (medians)`);
      }
      duck.connection.closeSync();
    } else {
      const ours = await sample(Math.max(5, Math.ceil(ITERATIONS / 2)), () => dashboardBytes('TW'));
      reads.push({ label: 'national (TW)', ours, recomputed: ours, plain: ours, duck: ours });
      log(`national dashboard: ${ms(ours.median)} ms median`);
    }

    // --- Freshness: a submit's response → the national dashboard shows it.
    const submitters = [...dataset.submitters];
    const random = seededRandom(units);
    const cumulative = dataset.indicatorRows.filter((r) => dataset.specOf(r.code)?.reportingMode === 'cumulative');
    const toDate = new Map<string, number>();
    for (const r of await queryRows<{ unitId: number; indicatorId: number; total: number }>(database.db, sql`
      select unit_id as "unitId", indicator_id as "indicatorId", sum(value) as total from report_values
      where campaign_id = ${dataset.campaignId} and indicator_id = any(${intArray(cumulative.map((c) => c.id))}) group by 1, 2`)) {
      toDate.set(`${r.unitId}:${r.indicatorId}`, r.total);
    }
    // Figures are drawn near the dataset's mean, but a unit's own past weeks may sit far from
    // it: every figure carries the short confirmation a person gives when one is flagged as
    // unusual, so the storm measures submissions, not refusals.
    const confirmations = Object.fromEntries(dataset.indicatorRows.map((r) => [r.code, 'Đã kiểm tra số liệu.']));
    const body = (unitId: number) => ({
      explanations: confirmations,
      values: Object.fromEntries(dataset.indicatorRows.map((r) => {
        const spec = dataset.specOf(r.code);
        const mean = dataset.meanOf(r.code);
        // A week like the unit's others (60–140 % of its mean, stochastically rounded): a storm of
        // ordinary figures, none flagged as unusual (a flagged figure needs a person's explanation).
        const scale = spec?.valueKind === 'decimal' ? 10 : 1;
        const v = Math.floor(mean * scale * (0.6 + 0.8 * random()) + random()) / scale;
        return [r.code, spec?.reportingMode === 'cumulative' ? v + (toDate.get(`${unitId}:${r.id}`) ?? 0) : v];
      })),
    });
    /** The version each unit's report of the storm's week stands at now (a submission must name the one it was made from). */
    const versionsNow = async () => new Map((await queryRows<{ unitId: number; version: number }>(database.db, sql`
      select unit_id as "unitId", version from reports where campaign_id = ${dataset.campaignId} and period = ${dataset.lastPeriod}`))
      .map((r) => [r.unitId, r.version]));
    /** A unit's submission, ready to send (the storm's are sent from another process). */
    const submission = (unit: { id: number; code: string }, versions?: ReadonlyMap<number, number>): StormRequest => {
      const client = reporters.get(unit.code);
      if (!client) throw new Error(`no session for ${unit.code}`);
      return {
        path: `/api/v1/campaigns/${campaign}/units/${unit.code}/reports/${dataset.lastPeriod}/submit`,
        cookie: client.cookie, csrf: client.csrf, body: JSON.stringify({ ...body(unit.id), version: versions?.get(unit.id) ?? 0 }),
      };
    };
    const submit = async (unit: { id: number; code: string }) => {
      const request = submission(unit);
      const res = await fetch(`${base}${request.path}`, {
        method: 'POST', headers: { cookie: request.cookie, 'x-csrf-token': request.csrf, 'content-type': 'application/json', accept: 'application/json' },
        body: request.body,
      });
      const text = await res.text();
      // Full answer asked for here; a 204 (as `Prefer: return=minimal` gets) is a submission all the same.
      if (res.status !== 200 && res.status !== 204) throw new Error(`${res.status} ${text.slice(0, 200)}`);
    };
    const firstCode = dataset.indicatorRows[0]?.code ?? '';
    const nationalThisWeek = async () => {
      const view = await dashboard('TW') as { unit: { indicators: { code: string; thisWeek: number }[] } };
      return view.unit.indicators.find((i) => i.code === firstCode)?.thisWeek ?? 0;
    };
    const freshSamples: number[] = [];
    for (let k = 0; k < (full ? 10 : 3) && submitters.length > 0; k++) {
      const unit = submitters.shift()!;
      const before = await nationalThisWeek();
      await submit(unit);
      const t = now();
      while ((await nationalThisWeek()) === before && now() - t < 10_000) { /* poll */ }
      freshSamples.push(now() - t);
    }
    const freshness = freshSamples.length > 0 ? stats(freshSamples) : null;
    if (freshness) log(`freshness: ${ms(freshness.median)} ms median (max ${ms(freshness.max)})`);

    // --- The storm: bodies drawn here, in queue order; sent and timed by the child process.
    const queue = full ? submitters : submitters.slice(0, GROWTH_STORM);
    /** Sends `requests` from the clients' process, closed loops or paced; what they saw, and the CPU it cost. */
    const stormOf = async (label: string, requests: readonly StormRequest[], pace: number | null): Promise<StormRun> => {
      const clients = CLIENTS;
      const profiling = opts['cpu-profile'] !== undefined ? await startCpuProfile() : null;
      const cpuBefore = readCpu();
      const { latencies, errors, firstError, wallMs, cpuMs: clientsMs } = await stormInChildProcess({ base, clients, pace: pace ?? undefined, requests });
      const cpu = cpuSince(cpuBefore);
      if (profiling) log(`CPU profile of the server's process during the ${label}: ${await profiling.stopInto(opts['cpu-profile']!, `${label.replace(/\W+/g, '-')}-${kind}-${units}`)}`);
      const rate = latencies.length / (wallMs / 1000);
      const latency = stats(latencies);
      // In the order answered: the first tenth meets a cold server (code not yet optimised by the
      // JIT, connections and caches filling); the rest is the storm as a running server meets it.
      const warm = stats(latencies.slice(Math.floor(latencies.length / 10)));
      const how = pace === null ? `from ${clients} clients` : `paced at ${count(pace)}/s`;
      log(`${label}: ${count(latencies.length)} submissions ${how} (separate process, Prefer: return=minimal) in ${secs(wallMs)}: ${formatNumber(rate, 1)}/s, p50 ${ms(latency.median)} ms, p99 ${ms(latency.p99)} ms (after the first tenth: p50 ${ms(warm.median)} ms, p99 ${ms(warm.p99)} ms), ${errors} errors${firstError ? ` (${firstError})` : ''}`);
      const perSubmission = (v: number | null) => (v === null ? '?' : formatNumber(v / Math.max(1, requests.length), 2));
      const cpuSplit = kind === 'postgres'
        ? `server ${perSubmission(cpu.ownMs)} ms, PostgreSQL ${perSubmission(cpu.postgresMs)} ms, clients ${perSubmission(clientsMs)} ms`
        : `server with PGlite ${perSubmission(cpu.ownMs)} ms, clients ${perSubmission(clientsMs)} ms`;
      log(`${label} CPU per submission: ${cpuSplit}`);
      return { n: latencies.length, rate, latency, warm, errors, firstError, clients, pace, wallMs, cpuSplit };
    };
    const before = await versionsNow();
    const storm = await stormOf('storm', queue.map((u) => submission(u, before)), null);
    // Units of the storm again, new figures, at each rate (submitted → submitted, before review).
    const paced: StormRun[] = [];
    if (full) {
      for (const pace of PACES[kind]) {
        const versions = await versionsNow();
        paced.push(await stormOf(`paced storm ${pace}/s`, queue.slice(0, pace * PACED_SECONDS).map((u) => submission(u, versions)), pace));
      }
    }
    const verify = await timed(() => verifyRollups(ctx, campaign));
    log(`verifyRollups: ${verify.result.differences.length} differences (${secs(verify.ms)})`);
    return {
      units, loadMs, reads, duckLoadMs, freshness, storm, paced,
      differences: verify.result.differences.length, verifyMs: verify.ms,
    };
  } finally {
    await app.close();
  }
}

async function withDatabase<T>(kind: 'pglite' | 'postgres', run: (database: Database) => Promise<T>): Promise<T | { skipped: string }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  }
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(DATABASE_URL, 'giaoban_bench');
  } catch (error) {
    return { skipped: `PostgreSQL at ${redactUrl(DATABASE_URL)} refused a scratch database (${(error as Error).message})` };
  }
  const database = await openDatabase({ url: scratch.url, poolSize: POOL });
  try {
    return await run(database);
  } finally {
    await database.close();
    await scratch.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const ratio = (a: number, b: number) => `${formatNumber(a / b, a / b < 10 ? 2 : 1)}×`;

function sectionFor(kind: string, main: SizeResult, growth: readonly SizeResult[]): string[] {
  const lines = [`### ${kind === 'pglite' ? 'PGlite (in memory, embedded)' : 'PostgreSQL'}`, ''];
  lines.push('| dashboard (asOf the last week) | ours through HTTP: median · p95 (ms) | ours recomputed (getProgress): median · p95 (ms) | plain SQL roll-up: median · p95 (ms) | DuckDB: median · p95 (ms) | ours ÷ DuckDB | recomputed ÷ DuckDB | plain SQL ÷ DuckDB |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of main.reads) {
    lines.push(`| ${r.label} | ${ms(r.ours.median)} · ${ms(r.ours.p95)} | ${ms(r.recomputed.median)} · ${ms(r.recomputed.p95)} | ${ms(r.plain.median)} · ${ms(r.plain.p95)} | ${ms(r.duck.median)} · ${ms(r.duck.p95)} | ${ratio(r.ours.median, r.duck.median)} | ${ratio(r.recomputed.median, r.duck.median)} | ${ratio(r.plain.median, r.duck.median)} |`);
  }
  lines.push('');
  const s = main.storm;
  lines.push(`- Freshness (submit response → national dashboard shows it): ${main.freshness ? `median ${ms(main.freshness.median)} ms, max ${ms(main.freshness.max)} ms over ${main.freshness.n} submissions` : 'not measured'}.`);
  lines.push(`- Deadline storm: ${count(s.n)} submissions (11 values each) from ${s.clients} concurrent clients with their own sessions (clients in a separate process, \`Prefer: return=minimal\`) in ${secs(s.wallMs)}: **${formatNumber(s.rate, 1)} submissions/s**, latency p50 ${ms(s.latency.median)} ms, p95 ${ms(s.latency.p95)} ms, p99 ${ms(s.latency.p99)} ms (leaving out the first tenth answered, when the server is cold — code not yet optimised, caches filling: p50 ${ms(s.warm.median)} ms, p99 ${ms(s.warm.p99)} ms); ${s.errors} errors${s.firstError ? ` (first: ${s.firstError})` : ''}. CPU time per submission: ${s.cpuSplit} (the server's share includes handing the requests to the clients' process).`);
  if (main.paced.length > 0) {
    lines.push(`- Paced storms: units of the storm submit the week again (new figures, before review) at a fixed rate, for ${PACED_SECONDS} s or as many units as there are, each whether or not the earlier ones were answered, as units submitting on their own do; latency counted from when each was due, so a server falling behind shows in it:`);
    lines.push('', '| offered (submissions/s) | submissions | answered (per s) | p50 (ms) | p95 (ms) | p99 (ms) | p99 after the first tenth (ms) | errors | CPU per submission (ms) |', '|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const p of main.paced) {
      lines.push(`| ${count(p.pace ?? 0)} | ${count(p.n)} | ${formatNumber(p.rate, 1)} | ${ms(p.latency.median)} | ${ms(p.latency.p95)} | ${ms(p.latency.p99)} | ${ms(p.warm.p99)} | ${p.errors}${p.firstError ? ` (first: ${p.firstError})` : ''} | ${p.cpuSplit} |`);
    }
    lines.push('');
  }
  lines.push(`- verifyRollups after the storms: ${main.differences} differences (${secs(main.verifyMs)}). Dataset, accounts and sessions loaded in ${secs(main.loadMs)}; DuckDB loaded from the raw rows in ${secs(main.duckLoadMs)}.`);
  lines.push('');
  const all = [...growth, main].sort((a, b) => a.units - b.units);
  lines.push('| grassroots units | national dashboard median (ms) | storm submissions/s | p99 (ms) | errors | differences |', '|---:|---:|---:|---:|---:|---:|');
  for (const g of all) {
    lines.push(`| ${count(g.units)} | ${ms(g.reads[0]?.ours.median ?? NaN)} | ${formatNumber(g.storm.rate, 1)} (${count(g.storm.n)} submitted) | ${ms(g.storm.latency.p99)} | ${g.storm.errors} | ${g.differences} |`);
  }
  lines.push('');
  return lines;
}

async function main(): Promise<void> {
  const started = now();
  const sections: string[] = [];
  const loadStart = os.loadavg();
  for (const kind of TARGETS as ('pglite' | 'postgres')[]) {
    const main = await withDatabase(kind, (database) => runSize(kind, database, UNITS, true));
    if ('skipped' in main) {
      sections.push(`### ${kind}`, '', `Skipped: ${main.skipped}.`, '');
      continue;
    }
    const growth: SizeResult[] = [];
    for (const size of SIZES) {
      const g = await withDatabase(kind, (database) => runSize(kind, database, size, false));
      if (!('skipped' in g)) growth.push(g);
    }
    sections.push(...sectionFor(kind, main, growth));
  }
  const cpus = os.cpus();
  const load = (l: readonly number[]) => l.map((x) => formatNumber(x, 2)).join(' / ');
  const text = [
    HEADING,
    '',
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\` (the whole run took ${secs(now() - started)}).`,
    '',
    `- Machine: ${cpus[0]?.model.trim() ?? '?'}, ${cpus.length} cores, ${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB memory, Node ${process.version}; load average ${load(loadStart)} at the start, ${load(os.loadavg())} at the end.`,
    `- Dataset: 63 provinces, 693 districts, ${count(UNITS)} grassroots units, 11 indicators, ${WEEKS} weeks: every grassroots unit reported every week but the last, which the storm submits (${count(UNITS * (WEEKS - 1) * 11)} values before it).`,
    '- "Ours": GET /api/v1/campaigns/:c/units/:u/progress through HTTP (the unit and each child: target, this week, to date, achievement, status; the trend), signed in, until the whole response is received — as a viewer gets it when nothing changed since the last read (the server keeps the answer until a change below the unit commits). "Recomputed": the first read after a change, getProgress from the roll-up, in process. "Plain SQL": the children\'s to-date and this-week sums per indicator from report_values ⋈ unit_closure on the same database, no summary table. "DuckDB": the same query on the same raw rows copied into DuckDB in memory. Neither reference computes targets, statuses or the trend.',
    '- The storm\'s clients run in a separate Node process and send `Prefer: return=minimal` (the server may answer 204 without the report view); the dashboards\' and freshness requests come from the benchmark\'s own process, beside the server. All share the machine\'s cores with the server and the database.',
    '',
    ...sections,
  ].join('\n');
  console.log(text);
  if (!opts['no-write']) {
    writeSection(HEADING, text);
    log(`wrote ${BENCHMARKS_FILE}`);
  }
}

await main();
