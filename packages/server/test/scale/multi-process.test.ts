/**
 * Issue 6, past one machine: three real server processes on one PostgreSQL database behind
 * nginx (Debian's package, on loopback). A user signs in through one process, submits through
 * another with the same cookie, and the third process and nginx show the new figure and send
 * the live update; an import is polled on the process running it; failed sign-ins spread over
 * the processes are refused after the limit in total; the reminder job ran once, not once per
 * process.
 *
 * Runs in the PostgreSQL suite (TEST_DATABASE_URL). Skipped, with the reason printed, only
 * when PostgreSQL or nginx cannot be started.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, jobLeasesRepository, openDatabase, testDatabaseUrl, type Database } from '@giaoban/db';
import { createUser } from '../../src/accounts/index.ts';
import { createServiceContext } from '../../src/infra/index.ts';
import { REMINDER_JOB } from '../../src/monitoring/index.ts';
import { createWorld, type World } from '../factories.ts';
import { findNginx, startCluster, type Cluster } from './cluster.ts';

const PASSWORD = 'mat-khau-thu-nghiem';
const LOGIN_MAX = 4;
const REMINDER_INTERVAL_SECONDS = 30;

async function whyNotRunnable(): Promise<string | null> {
  const url = testDatabaseUrl();
  if (!url) return 'TEST_DATABASE_URL is not set: the test needs a PostgreSQL server (it runs in the PostgreSQL step of .ci/run)';
  try {
    const probe = await createScratchDatabase(url, 'giaoban_probe');
    await probe.drop();
  } catch (error) {
    return `PostgreSQL at ${new URL(url).host} cannot be used: ${(error as Error).message}`;
  }
  const nginx = findNginx();
  if (!nginx) return 'nginx is not installed (apt-get install nginx-light)';
  const version = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  if (version.status !== 0) return `nginx at ${nginx} does not run: ${version.stderr || version.error?.message}`;
  return null;
}

const skipReason = await whyNotRunnable();
if (skipReason) console.warn(`SKIPPED multi-process test (three servers behind nginx): ${skipReason}`);

interface SignedIn { cookie: string; csrf: string }
interface LiveStream { next(timeoutMs: number): Promise<{ event: string; data: string }>; close(): void }

/** Opens a server-sent-events stream and resolves once the server has answered it. */
function openEvents(url: string, cookie: string): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: string }[] = [];
    let waiter: (() => void) | null = null;
    let buffer = '';
    const req = httpRequest(url, { headers: { cookie, accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        reject(new Error(`events stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let opened = false;
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const event = field('event');
          if (event) events.push({ event, data: field('data') ?? '' });
        }
        waiter?.();
        // The first bytes (`retry:`) say the stream is subscribed.
        if (!opened) {
          opened = true;
          resolve({
            next: (timeoutMs) => new Promise((ok, fail) => {
              const take = () => {
                const e = events.shift();
                if (!e) return false;
                clearTimeout(timer);
                waiter = null;
                ok(e);
                return true;
              };
              const timer = setTimeout(() => fail(new Error(`no event within ${timeoutMs} ms on ${url}`)), timeoutMs);
              if (!take()) waiter = () => void take();
            }),
            close: () => req.destroy(),
          });
        }
      });
    });
    req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
    req.end();
  });
}

describe.skipIf(skipReason !== null)('three server processes behind nginx on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  let world: World;
  let cluster: Cluster;
  let startedAt: number;

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl()!, 'giaoban_scale');
    database = await openDatabase({ url: scratch.url, poolSize: 2 });
    const ctx = createServiceContext(database);
    world = await createWorld(ctx, { provinces: 2, districts: 2, grassroots: 1 });
    await createUser(ctx, { username: 'tw.chidao', password: PASSWORD, displayName: 'Ban chỉ đạo', role: 'steering', unitCode: world.root.code });
    await createUser(ctx, { username: 'd1.baocao', password: PASSWORD, displayName: 'Huyện 1.1', role: 'reporter', unitCode: world.districts[0]!.code });
    startedAt = Date.now();
    cluster = await startCluster({
      databaseUrl: scratch.url,
      count: 3,
      nginx: findNginx()!,
      env: {
        GIAOBAN_REMINDER_INTERVAL_SECONDS: String(REMINDER_INTERVAL_SECONDS),
        GIAOBAN_LOGIN_MAX: String(LOGIN_MAX),
        GIAOBAN_LOGIN_WINDOW_MINUTES: '15',
        GIAOBAN_POOL_SIZE: '4',
        // nginx is the balancer: the address it appends to X-Forwarded-For is the client's.
        GIAOBAN_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    await database?.close();
    await scratch?.drop();
  });

  const at = (i: number) => cluster.servers[i]!.url;
  const progressPath = (unit: string) => `/api/v1/campaigns/${world.campaign.code}/units/${unit}/progress?asOf=2023-07-16`;
  const streets = () => `${world.prefix}tuyen-pho`;

  async function signIn(base: string, username: string): Promise<SignedIn> {
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  async function streetsToDate(base: string, session: SignedIn, unit: string): Promise<number> {
    const res = await fetch(`${base}${progressPath(unit)}`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { unit: { indicators: { code: string; toDate: number }[] } };
    return body.unit.indicators.find((i) => i.code === streets())!.toDate;
  }

  it('signs in through one process, submits through another, and the third and nginx show the figure and the live update', async () => {
    const reporter = await signIn(at(0), 'd1.baocao');
    const steering = await signIn(cluster.url, 'tw.chidao');
    const nationalBefore = await streetsToDate(at(2), steering, world.root.code);
    const eventsPath = `/api/v1/campaigns/${world.campaign.code}/units/${world.root.code}/events`;
    const onThird = await openEvents(`${at(2)}${eventsPath}`, steering.cookie);
    const throughNginx = await openEvents(`${cluster.url}${eventsPath}`, steering.cookie);
    try {
      const district = world.districts[0]!.code;
      const submit = await fetch(`${at(1)}/api/v1/campaigns/${world.campaign.code}/units/${district}/reports/${world.weeks[2]}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: reporter.cookie, 'x-csrf-token': reporter.csrf },
        body: JSON.stringify({ values: { [streets()]: 17 }, version: 0 }),
      });
      expect(submit.status, await submit.clone().text()).toBe(200);
      expect(((await submit.json()) as { status: string }).status).toBe('submitted');

      for (const stream of [onThird, throughNginx]) {
        const event = await stream.next(5_000);
        expect(event.event).toBe('change');
        expect(JSON.parse(event.data)).toMatchObject({ unit: world.root.code, period: world.weeks[2] });
      }
      expect(await streetsToDate(at(2), steering, world.root.code)).toBe(nationalBefore + 17);
      expect(await streetsToDate(cluster.url, steering, world.root.code)).toBe(nationalBefore + 17);
      expect(await streetsToDate(at(2), reporter, district)).toBe(17);
    } finally {
      onThird.close();
      throughNginx.close();
    }

    // Sessions are rows in the database: a sign-out anywhere ends the session everywhere.
    const leaving = await signIn(at(1), 'tw.chidao');
    expect((await fetch(`${at(0)}/api/v1/session`, { headers: { cookie: leaving.cookie } })).status).toBe(200);
    const signOut = await fetch(`${at(2)}/api/v1/session`, { method: 'DELETE', headers: { cookie: leaving.cookie, 'x-csrf-token': leaving.csrf } });
    expect(signOut.status).toBe(204);
    for (const base of [at(0), at(1), cluster.url]) {
      expect((await fetch(`${base}/api/v1/session`, { headers: { cookie: leaving.cookie } })).status).toBe(401);
    }
  });

  it('keeps an import and the polling of its progress on one process, through nginx', async () => {
    // A running import lives in the memory of the process that received the file; nginx
    // sends a session's uploads and polls to one process (hash of the session cookie).
    const reporter = await signIn(cluster.url, 'd1.baocao');
    const upload = await fetch(`${cluster.url}/api/v1/campaigns/${world.campaign.code}/imports`, {
      method: 'POST',
      headers: { cookie: reporter.cookie, 'x-csrf-token': reporter.csrf, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: Buffer.from('không phải tệp Excel'),
    });
    expect(upload.status, await upload.clone().text()).toBe(202);
    const { job } = (await upload.json()) as { job: { id: string } };
    const polls = await Promise.all(Array.from({ length: 6 }, () => fetch(`${cluster.url}/api/v1/imports/${job.id}`, { headers: { cookie: reporter.cookie } })));
    expect(polls.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('refuses failed sign-ins spread over the processes and nginx after the limit in total', async () => {
    const bases = [at(0), at(1), at(2), cluster.url, at(0), at(1)];
    const answers: { status: number; body: { error: { id: string; message: string } } }[] = [];
    for (const base of bases) {
      const res = await fetch(`${base}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ke.do', password: 'sai-mat-khau' }),
      });
      answers.push({ status: res.status, body: (await res.json()) as { error: { id: string; message: string } } });
    }
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(LOGIN_MAX).fill(401), 429, 429]);
    expect(answers.at(-1)!.body.error).toEqual({ id: 'rate_limited', message: 'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.' });
  });

  it('ran the reminder job once per interval across the three processes, not once per process', async () => {
    const lease = await jobLeasesRepository.getByJob(database.db, REMINDER_JOB);
    expect(lease).toBeDefined();
    // Each process ran its first pass at start; one of them held the lease.
    expect(cluster.servers.map((s) => s.pid)).toContain(Number(lease!.holder.split(':')[1]));
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    expect(lease!.runs).toBeGreaterThanOrEqual(1);
    expect(lease!.runs).toBeLessThanOrEqual(Math.floor(elapsedSeconds / REMINDER_INTERVAL_SECONDS) + 1);
  });
});
