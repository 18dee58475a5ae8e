/**
 * The phone profile's time goals (issue 18), as behaviour: a dashboard opened by its address
 * asks for its figures beside the session, not after it (and only once); a refusal still shows
 * the refused page; the service worker opens a navigation from its cached shell without waiting
 * for the network, and a new deploy is picked up by the next load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, newContext, signIn, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pathOf = (url: string) => new URL(url).pathname;

/**
 * The API reads a page makes from now on, in order, each with whether the session had answered
 * when it went out. Only the answer to a session read made from now on counts: one the page
 * before asked for (the sign-in page's, held back 1,5 s) may still arrive after this starts.
 */
function watchReads(page: Page): { readonly reads: { path: string; afterSession: boolean }[] } {
  const log = { reads: [] as { path: string; afterSession: boolean }[] };
  const asked = new Set<Request>();
  let sessionAnswered = false;
  page.on('request', (request) => {
    const path = pathOf(request.url());
    if (request.method() !== 'GET' || !path.startsWith('/api/')) return;
    asked.add(request);
    log.reads.push({ path, afterSession: sessionAnswered });
  });
  page.on('response', (response) => {
    if (asked.has(response.request()) && pathOf(response.url()) === '/api/v1/session') sessionAnswered = true;
  });
  return log;
}

browserSuite('speed', (app) => {
  /** A context whose API requests the test sees (no service worker in between), the session answered late. */
  async function slowSessionContext(): Promise<BrowserContext> {
    const context = await newContext(app.browser, app.server, { serviceWorkers: 'block' });
    await context.route((url) => url.pathname === '/api/v1/session', async (route: Route) => {
      if (route.request().method() === 'GET') await sleep(1_500);
      await route.continue();
    });
    return context;
  }

  it('a dashboard opened by its address asks for its progress, unit and the campaigns beside the session, each once', async () => {
    const context = await slowSessionContext();
    try {
      const signingIn = await context.newPage();
      await signIn(signingIn, 'tw.chidao', PASSWORD);
      await signingIn.close();
      // The dashboard's address opened in a page of its own (the session's cookie shared): the
      // reads watched are that page's only, none left over from the sign-in's pages.
      const page = await context.newPage();
      const log = watchReads(page);
      await page.goto(`/dashboard/${CAMPAIGN}/TW`);
      await page.getByTestId('indicator-card-tuyen-pho').waitFor();
      await page.getByTestId('vietnam-map').waitFor();
      const progress = `/api/v1/campaigns/${CAMPAIGN}/units/TW/progress`;
      const early = log.reads.filter((r) => !r.afterSession).map((r) => r.path);
      expect(early).toEqual(expect.arrayContaining(['/api/v1/session', '/api/v1/campaigns', progress, '/api/v1/units/TW']));
      // The page took the reads started ahead: none of them was asked for a second time.
      for (const path of ['/api/v1/campaigns', progress, '/api/v1/units/TW']) {
        expect(log.reads.filter((r) => r.path === path)).toHaveLength(1);
      }
    } finally {
      await context.close();
    }
  });

  it('a dashboard the user may not see, read ahead, still shows the refused page and no figure', async () => {
    const context = await slowSessionContext();
    try {
      const page = await context.newPage();
      await signIn(page, 'hanoi.baocao', PASSWORD);
      const log = watchReads(page);
      await page.goto(`/dashboard/${CAMPAIGN}/79`);
      const refused = page.getByTestId('refused');
      await waitForText(refused.getByRole('heading', { level: 1 }), 'Bạn không có quyền xem tiến độ của đơn vị này');
      expect(log.reads.find((r) => r.path.endsWith('/units/79/progress'))?.afterSession).toBe(false);
      expect(await page.locator('[data-testid^="indicator-card-"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the service worker opens a page from its cached shell at once, and a new deploy on the next load', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    // The page itself answered 8 s late by the network: a load that waited for it would take that long.
    const dashboard = `/dashboard/${CAMPAIGN}/TW`;
    const slowPage = async (route: Route) => {
      if (pathOf(route.request().url()) === dashboard) await sleep(8_000);
      await route.continue();
    };
    await page.context().route('**', slowPage);
    const started = Date.now();
    await page.goto(dashboard, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    expect(Date.now() - started).toBeLessThan(6_000);
    await page.context().unroute('**', slowPage);

    // A new deploy: another index.html, and a service worker naming another shell.
    const versionOf = (sw: string) => /"version":"([0-9a-f]+)"/.exec(sw)?.[1];
    const swFile = join(app.server.webDir, 'sw.js');
    const sw = readFileSync(swFile, 'utf8');
    const oldVersion = versionOf(sw);
    expect(oldVersion).toBeDefined();
    const indexFile = join(app.server.webDir, 'index.html');
    writeFileSync(indexFile, readFileSync(indexFile, 'utf8').replace('<head>', '<head><meta name="giaoban-deploy" content="2">'));
    writeFileSync(swFile, sw.replace(`"version":"${oldVersion}"`, '"version":"0000000000000002"'));
    const deployed = () => page.locator('meta[name="giaoban-deploy"]').count();

    // This load still opens the cached shell; the browser finds the new worker meanwhile.
    await page.reload();
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    expect(await deployed()).toBe(0);
    const shells = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('giaoban-shell-')));
    await expect.poll(shells, { timeout: 20_000 }).toEqual(['giaoban-shell-0000000000000002']);
    // The next load is the new version, whole: its page and the files it names.
    await page.reload();
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    expect(await deployed()).toBe(1);
  });
});
