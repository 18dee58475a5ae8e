/**
 * Read replicas end to end: a primary and a streaming replica as two local clusters
 * (scripts/replica-clusters.sh), the app on DATABASE_URL = primary and DATABASE_READ_URL =
 * replica. With the replica's replay paused, another user's dashboard does not show a fresh
 * submission (so it is read from the replica) while the submitter's own dashboard does
 * (read-your-writes, from the primary); once replay resumes, both show it, and an open page that
 * was told of the change before the replica had it is told again.
 * Runs with the PostgreSQL suite (TEST_DATABASE_URL set); skipped with the reason printed when
 * the clusters cannot be started, except under CI where only missing PostgreSQL binaries skip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLsn, openDatabase, queryRows, replicationRepository, sql, testDatabaseUrl, type Database } from '@giaoban/db';
import { createServiceContext } from '../../src/infra/index.ts';
import { FIXED_NOW } from '../factories.ts';
import { openTestApp, type Session, type TestApp } from '../http/setup.ts';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/replica-clusters.sh', import.meta.url));
const run = promisify(execFile);

interface Clusters { readonly primary: string; readonly replica: string; stop(): Promise<void> }

/** Starts the two clusters in a directory of their own, or says why not. */
async function startClusters(): Promise<Clusters | string> {
  if (!testDatabaseUrl()) return 'it runs with the PostgreSQL suite (set TEST_DATABASE_URL)';
  const dir = mkdtempSync(join(tmpdir(), 'giaoban-replica-'));
  const env = { ...process.env, GIAOBAN_REPLICA_DIR: dir };
  const stop = async () => {
    await run(SCRIPT, ['clean'], { env, timeout: 60_000 }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { stdout } = await run(SCRIPT, ['start'], { env, timeout: 90_000 });
    const urls = Object.fromEntries(stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
    if (!urls.DATABASE_URL || !urls.DATABASE_READ_URL) throw new Error(`unexpected output: ${stdout}`);
    return { primary: urls.DATABASE_URL, replica: urls.DATABASE_READ_URL, stop };
  } catch (error) {
    await stop();
    const e = error as { code?: unknown; stderr?: string; message: string };
    const reason = `the primary and replica clusters could not be started: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' / ')}`;
    if (process.env.CI === 'true' && e.code !== 3) throw new Error(reason);
    return reason;
  }
}

const clusters = await startClusters();
if (typeof clusters === 'string') console.warn(`SKIPPED read-replica test: ${clusters}`);

describe.skipIf(typeof clusters === 'string')('read replicas (DATABASE_READ_URL) with read-your-writes', () => {
  const { primary, replica, stop } = clusters as Clusters;
  let database: Database;
  let t: TestApp;

  const progressUrl = (unit: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/progress?asOf=2023-07-16`;
  const reportUrl = (unit: string, week: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${week}`;
  const streets = () => `${t.world.prefix}tuyen-pho`;

  /** The streets to date of the first district, as `session` sees it on its dashboard. */
  const streetsSeenBy = async (session: Session) => {
    const res = await t.app.inject({ method: 'GET', url: progressUrl(t.world.districts[0]!.code), headers: session.headers });
    expect(res.statusCode).toBe(200);
    return res.json().unit.indicators.find((i: { code: string }) => i.code === streets()).toDate as number;
  };
  /** The session again, carrying the write position a response set (as a browser would). */
  const keepCookies = (session: Session, res: { cookies: { name: string; value: string }[] }): Session => {
    const jar = new Map(session.cookie.split('; ').map((c) => c.split('=', 2) as [string, string]));
    for (const c of res.cookies) jar.set(c.name, c.value);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...session, cookie, headers: { ...session.headers, cookie } };
  };
  const onReplica = (query: string) => queryRows<Record<string, unknown>>(database.readDb, sql.raw(query));
  const caughtUp = async () => {
    const target = await replicationRepository.currentLsn(database.db);
    for (let i = 0; i < 200; i++) {
      const replayed = await replicationRepository.replayedLsn(database.readDb);
      if (replayed && compareLsn(replayed, target) >= 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not catch up within 10 s');
  };

  beforeAll(async () => {
    database = await openDatabase({ url: primary, readUrl: replica });
    t = await openTestApp({ ctx: createServiceContext(database, () => FIXED_NOW) });
  });
  afterAll(async () => {
    await onReplica('select pg_wal_replay_resume()').catch(() => {});
    await t?.close();
    await stop();
  });

  it('reads through a pool on a standby and writes to the primary', async () => {
    expect(database.readDb).not.toBe(database.db);
    expect((await onReplica('select pg_is_in_recovery() as r'))[0]!.r).toBe(true);
    expect((await queryRows<{ r: boolean }>(database.db, sql`select pg_is_in_recovery() as r`))[0]!.r).toBe(false);
  });

  it('shows a submission to its submitter at once, to others once the replica has replayed it, and tells open pages again then', async () => {
    const other = await t.signIn('tw.chidao');
    let writer = await t.signIn('p1d1.baocao');
    await caughtUp();
    const before = await streetsSeenBy(other);
    expect(await streetsSeenBy(writer)).toBe(before);

    // The first district's live stream (as its open dashboard would have it).
    const events: number[] = [];
    const district = t.world.districts[0]!;
    const unsubscribe = t.app.live.subscribe({ campaignId: t.world.campaign.id, unitId: district.id, unitCode: district.code }, () => events.push(Date.now()));
    const eventCount = async (n: number, withinMs: number) => {
      for (const deadline = Date.now() + withinMs; events.length < n && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 20));
      return events.length;
    };

    // Hold the replica still: whatever is written from now on is on the primary only.
    await onReplica('select pg_wal_replay_pause()');
    for (let i = 0; i < 100 && (await onReplica('select pg_get_wal_replay_pause_state() as s'))[0]!.s !== 'paused'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const submit = await t.app.inject({
      method: 'POST', url: `${reportUrl(t.world.districts[0]!.code, t.world.weeks[2]!)}/submit`, headers: writer.headers,
      payload: { values: { [streets()]: 7 }, version: 0 },
    });
    expect(submit.statusCode).toBe(200);
    const position = submit.cookies.find((c) => c.name === 'gb_lsn');
    expect(position?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    writer = keepCookies(writer, submit);

    expect(await streetsSeenBy(writer)).toBe(before + 7); // read-your-writes: from the primary
    expect(await streetsSeenBy(other)).toBe(before); // from the paused replica: not there yet
    expect(await t.ctx.replica.caughtUp(300)).toBe(false);
    // The page hears of the change after a second's wait for the replica (it may re-read old
    // figures then), and nothing more while replay stays paused.
    expect(await eventCount(1, 5_000)).toBe(1);
    expect(await eventCount(2, 1_500)).toBe(1);

    await onReplica('select pg_wal_replay_resume()');
    // Once the replica has replayed it, the page is told again and re-reads the new figures.
    expect(await eventCount(2, 10_000)).toBe(2);
    unsubscribe();
    expect(await t.ctx.replica.caughtUp(10_000)).toBe(true);
    let seen = before;
    for (let i = 0; i < 100 && seen !== before + 7; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await streetsSeenBy(other);
    }
    expect(seen).toBe(before + 7);
    expect(await streetsSeenBy(writer)).toBe(before + 7);
  });

  it('sets no write position on reads or refused writes', async () => {
    const reader = await t.signIn('tw.xem');
    const read = await t.app.inject({ method: 'GET', url: progressUrl(t.world.root.code), headers: reader.headers });
    expect(read.cookies.find((c) => c.name === 'gb_lsn')).toBeUndefined();
    const refused = await t.app.inject({
      method: 'POST', url: `${reportUrl(t.world.provinces[0]!.code, t.world.weeks[2]!)}/submit`, headers: reader.headers, payload: { values: {}, version: 0 },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.cookies.find((c) => c.name === 'gb_lsn')).toBeUndefined();
  });
});
