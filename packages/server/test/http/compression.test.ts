/**
 * A light page on a slow phone (issue 18): answers compressed as the browser asks (brotli,
 * gzip, or not at all), the build's compressed copies sent as they are, hashed assets cached
 * for a year and the files that keep their names (index.html, the service worker, the
 * manifest) revalidated on every load.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openTestApp, type Session, type TestApp } from './setup.ts';

let t: TestApp;
let dir: string;
let app: Awaited<ReturnType<typeof buildApp>>;
let steering: Session;
const script = `console.log(${JSON.stringify('giao ban '.repeat(400))});`;

beforeAll(async () => {
  t = await openTestApp();
  dir = mkdtempSync(join(tmpdir(), 'giaoban-compress-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Giao Ban</title><div id="root"></div>');
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Giao Ban"}');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), script);
  // Marked copies: the test can tell a prepared copy from one compressed on the fly.
  writeFileSync(join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync(`${script}//br`));
  writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(`${script}//gz`));
  app = await buildApp({ ctx: t.ctx, config: loadConfig({}, { webDir: dir }) });
  steering = await t.signIn('tw.chidao');
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const progressUrl = () => `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/progress?asOf=25/06/2023`;

describe('dynamic answers', () => {
  it('are brotli for a browser that takes it, gzip for one that takes only gzip, plain for identity, with the same JSON', async () => {
    const get = (acceptEncoding: string | undefined) => app.inject({
      method: 'GET', url: progressUrl(), headers: { ...steering.headers, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
    });
    const plain = await get(undefined);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const expected = plain.json();

    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(expected);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(expected);

    const identity = await get('identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.json()).toEqual(expected);
  });

  it('leave small answers and errors readable as they are', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json().ok).toBe(true);
    const signedOut = await app.inject({ method: 'GET', url: progressUrl(), headers: { 'accept-encoding': 'br' } });
    expect(signedOut.statusCode).toBe(401);
  });
});

describe('requests', () => {
  it('are not inflated: a gzip body is refused as the JSON it is not, and signs nobody in', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/v1/session',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ username: 'tw.chidao', password: 'mat-khau-thu-nghiem' })),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('the built app', () => {
  it('sends the build\'s own brotli or gzip copy of an asset, or the file itself, cached for a year', async () => {
    const asset = (acceptEncoding?: string) => app.inject({
      method: 'GET', url: '/assets/app-abc123.js', headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
    });
    const br = await asset('gzip, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(`${script}//br`);
    const gzip = await asset('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(`${script}//gz`);
    const plain = await asset();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    for (const res of [br, gzip, plain]) {
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
    }
  });

  it('revalidates index.html, the service worker and the manifest on every load', async () => {
    for (const [url, type] of [['/', /^text\/html/], ['/dashboard/x/y', /^text\/html/], ['/sw.js', /^text\/javascript/], ['/manifest.webmanifest', /^application\/manifest\+json/]] as const) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(type);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await app.inject({ method: 'GET', url: '/sw.js' })).body).toContain('addEventListener');
    // A root file the build did not write is a page address like any other.
    const missing = await app.inject({ method: 'GET', url: '/no-such-file.js' });
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
  });
});
