/**
 * The sign-in limit holds across server processes: two apps on separate connections to one
 * database (PGlite: one database shared in-process) count against the same limit. Only
 * failed attempts count, per address and username and per address across usernames, and
 * X-Forwarded-For is believed one hop from a configured balancer only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSharedTestDatabases, queryRows, rateLimitsRepository, sql, type Database } from '@giaoban/db';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createServiceContext } from '../infra/index.ts';
import { createAttemptCounter } from './rate-limits.service.ts';
import { createUser } from './accounts.service.ts';
import { createWorld } from '../../test/factories.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
let databases: Database[];
let apps: App[];

beforeAll(async () => {
  databases = await openSharedTestDatabases(2);
  const config = loadConfig({}, { loginRateLimit: { max: 3, addressMax: 6, windowMs: 15 * 60_000 } });
  apps = await Promise.all(databases.map((database) => buildApp({ ctx: createServiceContext(database), config })));
  const ctx = createServiceContext(databases[0]!);
  const world = await createWorld(ctx, { provinces: 1, districts: 1, grassroots: 1 });
  await createUser(ctx, { username: 'dung.mat.khau', password: RIGHT, displayName: 'Đúng', role: 'viewer', unitCode: world.root.code });
});
afterAll(async () => {
  for (const app of apps ?? []) await app.close();
  await databases?.[0]?.close();
});

const RIGHT = 'mat-khau-dung-1';
const attempt = (app: App, username: string, remoteAddress = '10.7.7.7', password = 'sai-mat-khau', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress, headers, payload: { username, password } });

describe('sign-in rate limit across processes', () => {
  it('refuses the attempt after the limit whichever process receives it, in Vietnamese', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(apps[i % 2]!, 'ke.do.mat-khau')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await attempt(apps[1]!, 'ke.do.mat-khau');
    expect(refused.json().error).toEqual({ id: 'rate_limited', message: 'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const english = await attempt(apps[0]!, 'ke.do.mat-khau', '10.7.7.7', 'sai-mat-khau', { 'accept-language': 'en' });
    expect(english.json().error.message).toBe('Too many failed sign-ins. Please try again in 15 minutes.');
    // Another username or another address has its own count.
    expect((await attempt(apps[0]!, 'nguoi.khac')).statusCode).toBe(401);
    expect((await attempt(apps[1]!, 'ke.do.mat-khau', '10.7.7.8')).statusCode).toBe(401);
  });

  it('counts concurrent attempts exactly (one atomic upsert per attempt)', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(apps[i % 2]!, 'dong.thoi', '10.7.7.9')));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });
});

describe('what counts toward the sign-in limit', () => {
  it('does not count successful sign-ins: the right password works after many', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(apps[i % 2]!, 'dung.mat.khau', '10.8.0.1', RIGHT)).statusCode);
    expect(statuses).toEqual(Array<number>(8).fill(200));
    // Two failures and a success leave room for the third failure before the limit.
    expect((await attempt(apps[0]!, 'dung.mat.khau', '10.8.0.1')).statusCode).toBe(401);
    expect((await attempt(apps[1]!, 'dung.mat.khau', '10.8.0.1')).statusCode).toBe(401);
    expect((await attempt(apps[0]!, 'dung.mat.khau', '10.8.0.1', RIGHT)).statusCode).toBe(200);
    expect((await attempt(apps[1]!, 'dung.mat.khau', '10.8.0.1')).statusCode).toBe(401);
    expect((await attempt(apps[0]!, 'dung.mat.khau', '10.8.0.1', RIGHT)).statusCode).toBe(429);
  });

  it('limits guessing across many usernames from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(apps[i % 2]!, `doan.mo.${i}`, '10.8.0.2')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    // Another address is not held back by it.
    expect((await attempt(apps[0]!, 'doan.mo.9', '10.8.0.3')).statusCode).toBe(401);
  });
});

describe('the client address behind a load balancer', () => {
  it('is taken from X-Forwarded-For only when the balancer is one of GIAOBAN_TRUSTED_PROXIES', async () => {
    const config = loadConfig({ GIAOBAN_TRUSTED_PROXIES: '10.9.0.1, 10.9.1.0/24' }, { loginRateLimit: { max: 1, addressMax: 100, windowMs: 60_000 } });
    expect(config.trustedProxies).toEqual(['10.9.0.1', '10.9.1.0/24']);
    const app = await buildApp({ ctx: createServiceContext(databases[0]!), config });
    try {
      const via = (proxy: string, client: string) => app.inject({
        method: 'POST', url: '/api/v1/session', remoteAddress: proxy, headers: { 'x-forwarded-for': client },
        payload: { username: 'sau.can.bang.tai', password: 'sai-mat-khau' },
      });
      // Trusted balancer: two clients behind it are counted apart.
      expect((await via('10.9.0.1', '203.0.113.5')).statusCode).toBe(401);
      expect((await via('10.9.1.7', '203.0.113.6')).statusCode).toBe(401);
      expect((await via('10.9.0.1', '203.0.113.5')).statusCode).toBe(429);
      // Anyone else's X-Forwarded-For is ignored: the sender's own address counts.
      expect((await via('198.51.100.9', '203.0.113.7')).statusCode).toBe(401);
      expect((await via('198.51.100.9', '203.0.113.8')).statusCode).toBe(429);
      // Only the address the balancer appended is believed: a client cannot walk the check past
      // it by writing a balancer's address into the header itself.
      expect((await via('10.9.0.1', '203.0.113.20, 10.9.0.1')).statusCode).toBe(401);
      expect((await via('10.9.0.1', '203.0.113.21, 10.9.0.1')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('the default: no balancer trusted', () => {
  it('ignores X-Forwarded-For from loopback, so it cannot change the key', async () => {
    const config = loadConfig({}, { loginRateLimit: { max: 1, addressMax: 100, windowMs: 60_000 } });
    expect(config.trustedProxies).toEqual([]);
    const app = await buildApp({ ctx: createServiceContext(databases[0]!), config });
    try {
      const spoof = (client: string) => attempt(app, 'gia.mao', '127.0.0.1', 'sai-mat-khau', { 'x-forwarded-for': client });
      expect((await spoof('203.0.113.30')).statusCode).toBe(401);
      expect((await spoof('203.0.113.31')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('rate-limit counters', () => {
  it('start a new window when the last one has ended, and are swept once ended', async () => {
    const ctx = createServiceContext(databases[0]!);
    const counter = createAttemptCounter(ctx, { sweepEveryMs: 0 });
    expect(await counter.hit(['thu|cua-so'], 150)).toMatchObject([{ count: 1 }]);
    const [second] = await counter.hit(['thu|cua-so'], 150);
    expect(second!.count).toBe(2);
    expect(second!.ttlMs).toBeGreaterThan(0);
    expect(second!.ttlMs).toBeLessThanOrEqual(150);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await counter.hit(['thu|cua-so'], 150)).toMatchObject([{ count: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rateLimitsRepository.removeExpired(ctx.db)).toBeGreaterThanOrEqual(1);
    const left = await queryRows<{ key: string }>(ctx.db, sql`select key from rate_limits where key = 'thu|cua-so'`);
    expect(left).toEqual([]);
  });
});
