/**
 * Issue 16's fault suite: kill -9 the server at random moments of a storm of submissions,
 * restart it on the same data, and check that nothing acknowledged was lost — on PGlite (a
 * temporary data directory) and on PostgreSQL (a fresh database, dropped after).
 *
 * A few hundred grassroots units, a reporter of each and a viewer at TW (lib/world.ts) are
 * built before the first start. Then, KILLS times: concurrent clients submit the week's report
 * of their units again and again, each submission with the version it was made from, and at a
 * random moment after the storm's first acknowledgement (seeded: FAULT_SEED replays a run) the
 * server gets SIGKILL. The ledger (lib/storm.ts) knows which submissions were acknowledged
 * (2xx), which got no answer, and with which figures. The server is started again on the same
 * data — a refusal to start there (a stale lock, a damaged directory) fails the test — and
 * every unit touched is read through the API: an acknowledged submission must be stored with
 * exactly its figures and a version no older; an unanswered one may be stored or not, but
 * whole. On PostgreSQL `giaoban verify-rollups` runs after every kill, beside the running
 * server, and the database is checked directly too; on PGlite, whose directory one process
 * owns at a time, verify-rollups is the first process to open the directory after every other
 * kill (the server is the first after the others). At the end the server is stopped, the
 * database itself is checked (lib/checks.ts: reports and values whole, the audit log replayed
 * equal to the stored figures and holding every acknowledged submission, in order) and
 * verify-rollups runs once more.
 *
 *   npm run test:faults                                           # the whole fault suite
 *   FAULT_SEED=1234 FAULT_KILLS=8 npm run test:faults -- kill-storm  # this file, a seed replayed, more kills
 *
 * Without a PostgreSQL server at 127.0.0.1:5432 (or FAULT_DATABASE_URL, TEST_DATABASE_URL)
 * that half is skipped with the reason printed; with CI=true it fails instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@giaoban/core';
import { sql } from '@giaoban/db';
import { checkDatabase, checkThroughApi, verifyRollupsCli } from './lib/checks.ts';
import { Api } from './lib/http.ts';
import { startServer, type RunningServer } from './lib/processes.ts';
import { SubmissionLedger, startStorm } from './lib/storm.ts';
import { pgliteTarget, postgresSkipReason, postgresTarget, type FaultTarget, type TargetKind } from './lib/targets.ts';
import { buildFaultWorld, type FaultWorld } from './lib/world.ts';

const KILLS = Math.max(5, Number(process.env.FAULT_KILLS ?? 5));
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1_000_000));
/** Concurrent clients of the storm: modest, the machine's cores are shared. */
const CLIENTS = 8;
/**
 * The kill comes this long after the storm's first acknowledgement (a server just started
 * answers its first requests slowly): from a few submissions in to a few hundred (PGlite,
 * just restarted on a busy 2-core machine, acknowledges some ten a second at first).
 */
const KILL_AFTER_MS = { min: 200, max: 4_000 } as const;
const SHAPE = { provinces: 2, districts: 2, grassroots: 75 } as const;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[kill-storm] ${line}`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch((error: unknown) => console.error('cleanup:', error));
});

interface Summary {
  readonly kind: TargetKind;
  readonly kills: number;
  readonly acknowledged: number;
  readonly acknowledgedFound: number;
  readonly unanswered: number;
  readonly unansweredApplied: number;
  readonly refused: number;
  readonly verifyRuns: number;
  readonly verifyFailures: number;
  readonly problems: readonly string[];
  readonly ms: number;
  readonly world: FaultWorld;
  readonly ledger: SubmissionLedger;
}

async function killStorm(target: FaultTarget, seed: number): Promise<Summary> {
  const t0 = performance.now();
  const random = seededRandom(seed);
  const problems: string[] = [];
  let verifyRuns = 0;
  let verifyFailures = 0;
  const verify = async (when: string) => {
    const result = await verifyRollupsCli(target, world);
    verifyRuns++;
    const line = result.output.split('\n').at(-1) ?? '';
    log(`${target.kind} verify-rollups ${when}: exit ${result.code ?? result.signal} in ${secs(result.ms)} — ${line}`);
    if (result.code !== 0) {
      verifyFailures++;
      problems.push(`verify-rollups ${when}: exit ${result.code ?? result.signal}\n${result.output}`);
    }
  };

  const database = await target.open();
  const openedMs = performance.now() - t0;
  let world: FaultWorld;
  try {
    world = await buildFaultWorld(database, { ...SHAPE, seed });
  } finally {
    await database.close();
  }
  log(`${target.kind} (${target.location}): ${world.units.length} grassroots units with a reporter each, ${world.indicators.length} indicators, ${world.week} stormed; database created in ${secs(openedMs)}, world built in ${secs(performance.now() - t0 - openedMs)}`);

  const ledger = new SubmissionLedger();
  let server: RunningServer = await startServer(target);
  // Whichever server runs when the test fails midway.
  cleanups.push(() => server.stop());
  let api = new Api(server.url);
  // The reporters' sessions were written with the world; the viewer signs in for real.
  const viewer = await api.signIn(world.viewer, world.password);

  for (let kill = 1; kill <= KILLS; kill++) {
    const delay = Math.round(KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
    const storm = startStorm({ api, world, ledger, cycle: kill, clients: CLIENTS, random });
    await storm.firstAcknowledged();
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (!server.alive()) throw new Error(`the server died on its own during storm ${kill}:\n${server.output()}`);
    const ackedAtKill = storm.acknowledged();
    await server.kill9();
    const counts = await storm.done;
    api.close();
    log(`${target.kind} kill ${kill}/${KILLS}: SIGKILL ${delay} ms after the storm's first acknowledgement (${ackedAtKill} acknowledged by then); storm: ${counts.sent} sent, ${counts.acknowledged} acknowledged, ${counts.unanswered} unanswered, ${counts.refused} refused`);

    // PGlite: after every other kill verify-rollups is the first process to open the directory
    // (after the others, and the last, the server is).
    if (target.kind === 'pglite' && kill % 2 === 0) await verify(`after kill ${kill} (first process on the directory)`);
    try {
      server = await startServer(target);
    } catch (error) {
      throw new Error(`the server did not start again after kill ${kill}: ${(error as Error).message}`);
    }
    log(`${target.kind} restart after kill ${kill}: listening in ${secs(server.startMs)}`);
    api = new Api(server.url);
    const last = kill === KILLS;
    const units = last ? world.units.map((u) => u.code) : ledger.touchedIn(kill);
    // PostgreSQL: verify-rollups beside the running server, while the API is read.
    const verifying = target.kind === 'postgres' ? verify(`after kill ${kill}`) : Promise.resolve();
    const check = await checkThroughApi(api, viewer, world, ledger, units);
    await verifying;
    log(`${target.kind} check through the API after kill ${kill}: ${check.checked} units — ${check.asAcknowledged} as acknowledged, ${check.unansweredStored} hold an unanswered submission, ${check.problems.length} problems`);
    problems.push(...check.problems.map((p) => `after kill ${kill}: ${p}`));
    if (target.kind === 'postgres') {
      const direct = await target.open({ migrate: false });
      try {
        const db = await checkDatabase(direct, world, ledger);
        problems.push(...db.problems.map((p) => `after kill ${kill}, in the database: ${p}`));
        log(`${target.kind} database after kill ${kill}: ${db.acknowledgedFound}/${db.acknowledged} acknowledged found, ${db.problems.length} problems`);
      } finally {
        await direct.close();
      }
    }
  }
  api.close();

  // The end: the server stopped as an operator stops it, then the database itself and verify-rollups.
  await server.stop();
  const direct = await target.open({ migrate: false });
  let db: Awaited<ReturnType<typeof checkDatabase>>;
  try {
    db = await checkDatabase(direct, world, ledger);
  } finally {
    await direct.close();
  }
  problems.push(...db.problems.map((p) => `at the end, in the database: ${p}`));
  log(`${target.kind} database at the end: ${db.reports} reports, ${db.values} values, ${db.auditEntries} audit entries of ${world.week}; ${db.acknowledgedFound}/${db.acknowledged} acknowledged submissions found with exactly their figures, ${db.unansweredApplied}/${db.unanswered} unanswered ones applied; ${db.problems.length} problems`);
  await verify('at the end');
  for (const r of ledger.refusals()) problems.push(`refused (${r.status}) in storm ${r.cycle}, ${r.unitCode}: ${r.detail}`);
  return {
    kind: target.kind, kills: KILLS, acknowledged: db.acknowledged, acknowledgedFound: db.acknowledgedFound,
    unanswered: db.unanswered, unansweredApplied: db.unansweredApplied, refused: ledger.count('refused'),
    verifyRuns, verifyFailures, problems, ms: performance.now() - t0, world, ledger,
  };
}

function report(s: Summary): void {
  log(`${s.kind}: ${s.kills} kills survived; acknowledged ${s.acknowledged}, stored with exactly their figures ${s.acknowledgedFound}; unanswered ${s.unanswered} (${s.unansweredApplied} applied, ${s.unanswered - s.unansweredApplied} not); refused ${s.refused}; verify-rollups ${s.verifyRuns - s.verifyFailures}/${s.verifyRuns} found nothing; ${s.problems.length} problems; ${secs(s.ms)}`);
  for (const p of s.problems.slice(0, 30)) log(`  ${s.kind} problem: ${p}`);
}

describe('kill -9 in the middle of a storm of submissions', () => {
  log(`seed ${SEED} (FAULT_SEED=${SEED} replays it), ${KILLS} kills per database, ${CLIENTS} clients`);

  it('PGlite (a data directory): every acknowledged submission survives, whole', async () => {
    const target = pgliteTarget();
    cleanups.push(() => target.dispose());
    const summary = await killStorm(target, SEED);
    report(summary);
    expect(summary.problems).toEqual([]);
    expect(summary.acknowledgedFound).toBe(summary.acknowledged);
    expect(summary.acknowledged).toBeGreaterThan(0);
  });

  it('PostgreSQL (a fresh database): every acknowledged submission survives, whole', async (context) => {
    const unavailable = await postgresSkipReason();
    if (unavailable) {
      log(`PostgreSQL half skipped: ${unavailable}`);
      context.skip();
      return;
    }
    const target = await postgresTarget();
    cleanups.push(() => target.dispose());
    const summary = await killStorm(target, SEED + 1);
    report(summary);
    expect(summary.problems).toEqual([]);
    expect(summary.acknowledgedFound).toBe(summary.acknowledged);
    expect(summary.acknowledged).toBeGreaterThan(0);
    await checksNoticeDamage(target, summary);
  });
});

/**
 * The checks are not vacuous: on the database the storm left (dropped afterwards), damage of
 * each kind they look for is reported — a report missing a value, a figure changed behind the
 * audit's back, a report gone with its values, and a submission the ledger says was
 * acknowledged but that never reached the database. (The audit log itself cannot be damaged:
 * a trigger keeps it append-only.) PostgreSQL only: it costs a connection there, a whole PGlite
 * start here.
 */
async function checksNoticeDamage(target: FaultTarget, { world, ledger }: Summary): Promise<void> {
  const acked = world.units.filter((u) => ledger.sentFor(u.code).some((s) => s.outcome === 'acknowledged'));
  const [halved, changed, lost, phantom] = acked;
  expect(phantom, 'four units with an acknowledged submission').toBeDefined();
  const indicator = world.indicators[0]!;
  const database = await target.open({ migrate: false });
  try {
    const { campaignId, week } = world;
    const of = (unitId: number) => sql`campaign_id = ${campaignId} and period = ${week} and unit_id = ${unitId}`;
    await database.db.execute(sql`delete from report_values where ${of(halved!.id)} and indicator_id = ${indicator.id}`);
    await database.db.execute(sql`update report_values set value = value + 1 where ${of(changed!.id)} and indicator_id = ${indicator.id}`);
    await database.db.execute(sql`delete from report_values where ${of(lost!.id)}`);
    await database.db.execute(sql`delete from reports where ${of(lost!.id)}`);
    const last = ledger.sentFor(phantom!.code).at(-1)!;
    ledger.record({ ...last, cycle: 0, outcome: 'acknowledged', figures: { ...last.figures, [indicator.code]: -1 }, version: last.sentVersion + 1 });
    const { problems } = await checkDatabase(database, world, ledger);
    log(`${target.kind}: on deliberately damaged data the database checks report ${problems.length} problems (${halved!.code} half-written, ${changed!.code} changed, ${lost!.code} gone, ${phantom!.code} acknowledged but never stored)`);
    const reported = (start: string) => expect(problems.some((p) => p.startsWith(start)), `a problem starting "${start}" in ${JSON.stringify(problems)}`).toBe(true);
    reported(`${halved!.code} ${week}: report with ${world.indicators.length - 1} of ${world.indicators.length} values`);
    reported(`${changed!.code}: stored`);
    reported(`${lost!.code}: stored no report, but the audit replayed gives`);
    reported(`${lost!.code}: no report for ${week}`);
    reported(`${phantom!.code}: acknowledged submission of cycle 0`);
  } finally {
    await database.close();
  }
}
