/** What the web app relies on: permissions in the session, the weekly trend, and the app served at every non-API path. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openTestApp, type TestApp } from './setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

describe('session', () => {
  it('tells the app what the role allows, so it shows only pages the user may open', async () => {
    const permissionsOf = async (username: string) => {
      const s = await t.signIn(username);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers });
      expect(res.statusCode).toBe(200);
      return res.json().permissions as string[];
    };
    expect(await permissionsOf('tw.chidao')).toEqual(expect.arrayContaining(['read', 'report.write', 'targets.write', 'campaign.create']));
    const reporter = await permissionsOf('p1.baocao');
    expect(reporter).toContain('report.write');
    expect(reporter).not.toContain('campaign.create');
    expect(reporter).not.toContain('targets.write');
    expect(await permissionsOf('tw.xem')).not.toContain('report.write');
  });
});

describe('weekly trend', () => {
  it('gives each week up to the as-of date (Sunday 25/06 = third week) and the running total, ending on the cards\' figures', async () => {
    const { world } = t;
    const streets = `${world.prefix}tuyen-pho`;
    const district = await t.signIn('p1d1.baocao');
    const reportUrl = (week: string) => `/api/v1/campaigns/${world.campaign.code}/units/${world.districts[0]!.code}/reports/${week}/submit`;
    for (const [week, value] of [[world.weeks[0]!, '10'], [world.weeks[2]!, '1.003']] as const) {
      const res = await t.app.inject({ method: 'POST', url: reportUrl(week), headers: district.headers, payload: { values: { [streets]: value }, version: 0 } });
      expect(res.statusCode).toBe(200);
    }
    const steering = await t.signIn('tw.chidao');
    for (const unit of [world.root.code, world.provinces[0]!.code, world.districts[0]!.code]) {
      const res = await t.app.inject({
        method: 'GET', url: `/api/v1/campaigns/${world.campaign.code}/units/${unit}/progress?asOf=25/06/2023`, headers: steering.headers,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.trend.weeks.map((w: { week: string }) => w.week)).toEqual(world.weeks.slice(0, 3));
      const series = body.trend.indicators.find((s: { code: string }) => s.code === streets);
      const card = body.unit.indicators.find((i: { code: string }) => i.code === streets);
      expect(series.thisWeek[0]).toBeGreaterThanOrEqual(10);
      expect(series.thisWeek[2]).toBeGreaterThanOrEqual(1003);
      expect(series.toDate.at(-1)).toBe(card.toDate);
      expect(series.thisWeek.at(-1)).toBe(card.thisWeek);
      // The running total is exact: each step adds that week's figure.
      series.toDate.forEach((v: number, i: number) => expect(v).toBeCloseTo((series.toDate[i - 1] ?? 0) + series.thisWeek[i], 10));
    }
  });
});

describe('the web app', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'giaoban-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Giao Ban</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("giao ban")');
    app = await buildApp({ ctx: t.ctx, config: loadConfig({}, { webDir: dir }) });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every page address with the app, with a strict content policy', async () => {
    for (const url of ['/', '/sign-in', '/dashboard/tntn-he-2023/TW?asOf=02/07/2023', '/report/tntn-he-2023/01/2023-W27']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, and unknown API addresses as a JSON 404', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const api = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.message).toBe('Không tìm thấy địa chỉ này.');
  });

  it('says how to build the app when it has not been built', async () => {
    const bare = await buildApp({ ctx: t.ctx, config: loadConfig({}, { webDir: join(dir, 'missing') }) });
    const res = await bare.inject({ method: 'GET', url: '/dashboard/x/y' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Giao diện web chưa được dựng');
    await bare.close();
  });
});
