/**
 * A light page on a slow phone (issue 18): the national dashboard opened cold on the phone
 * profile arrives compressed and within 150 KB, its hashed files cached for good and the
 * page itself revalidated; a reload fetches no script again; the trend is drawn as a small
 * SVG with a dot for each week the table lists.
 */
import { expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { CAMPAIGN, PASSWORD, PHONE, newContext, signIn, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';
import { watchWire } from './wire.ts';

const DASHBOARD = `/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`;

browserSuite('a light page', (app) => {
  it('brings the national dashboard to a phone compressed, within 150 KB cold, and its scripts from the cache on reload', async () => {
    const signedIn = await app.page();
    await signIn(signedIn, 'tw.chidao', PASSWORD);
    const storageState = await signedIn.context().storageState();

    const context = await newContext(app.browser, app.server, { storageState, viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      const wire = await watchWire(context, page, { phone: true });
      const responses: Response[] = [];
      page.on('response', (r) => responses.push(r));
      await page.goto(DASHBOARD);
      await waitForText(page.getByTestId('indicator-card-tuyen-pho'), '139,6%', 30_000);
      await page.waitForLoadState('networkidle');
      const cold = wire.take();

      const header = async (r: Response, name: string) => (await r.allHeaders())[name];
      const documentResponse = responses.find((r) => r.request().resourceType() === 'document');
      expect(await header(documentResponse!, 'cache-control')).toBe('no-cache');
      const assets = responses.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
      expect(assets.some((r) => r.request().resourceType() === 'script')).toBe(true);
      for (const asset of assets) {
        expect(await header(asset, 'cache-control'), asset.url()).toBe('public, max-age=31536000, immutable');
        if ((await asset.body()).length > 1024) expect(await header(asset, 'content-encoding'), asset.url()).toBe('br');
      }
      const progress = responses.find((r) => new URL(r.url()).pathname.endsWith('/units/TW/progress'));
      expect(await header(progress!, 'content-encoding')).toBe('br');

      // The goal for a cold national dashboard; the JSON is a small part of it.
      expect(cold.total).toBeLessThanOrEqual(150_000);
      expect(cold.json).toBeLessThan(cold.decoded.json / 4);

      // A reload asks again for the page and its data, not for the hashed scripts.
      await page.reload();
      await waitForText(page.getByTestId('indicator-card-tuyen-pho'), '139,6%', 30_000);
      await page.waitForLoadState('networkidle');
      const warm = wire.take();
      const assetsAgain = warm.responses.filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
      expect(assetsAgain.length).toBeGreaterThan(0);
      for (const r of assetsAgain) expect(r.encoded, r.url).toBe(0);
      expect(warm.total).toBeLessThan(cold.total / 3);
    } finally {
      await context.close();
    }
  });

  it('draws the weekly trend as an SVG: a dot for each week of the table, the target as a line', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(DASHBOARD);
    await waitForText(page.getByTestId('indicator-card-tuyen-pho'), '139,6%');
    const chart = page.locator('.trend-chart svg');
    await chart.waitFor();
    const weeks = await page.locator('.trend-table tbody tr').count();
    expect(weeks).toBeGreaterThanOrEqual(5);
    expect(await chart.locator('circle').count()).toBe(weeks);
    // To date and this week as paths; the target, dashed, as a line of its own.
    expect(await chart.locator('path').count()).toBe(2);
    expect(await chart.locator('line[stroke-dasharray]').count()).toBe(1);
    const labels = await chart.locator('text').allTextContents();
    expect(labels).toContain('0');
    expect(labels.some((l) => /^Tuần \d+$/.test(l))).toBe(true);
    // The axis fits the figures: the highest label is at least the highest running total.
    const highest = Math.max(...labels.filter((l) => /^[\d.]+$/.test(l)).map((l) => Number(l.replaceAll('.', ''))));
    const toDates = (await page.locator('.trend-table tbody tr td:nth-child(3)').allTextContents()).map((t) => Number(t.replaceAll('.', '').replace(',', '.')));
    expect(highest).toBeGreaterThanOrEqual(Math.max(...toDates));
  });
});
