/**
 * Entry that survives the network (issue 18): the app is installable (manifest, icons,
 * service worker caching the shell); a report submitted offline is kept on the device, the
 * app still opens offline with the report waiting, and when the network returns the report
 * goes by itself, its answer is shown, and the province's dashboard has it. A conflict (the
 * report changed elsewhere meanwhile) shows the typed figures beside the system's and lets the
 * user keep theirs.
 */
import type { BrowserContext, Page, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatNumber } from '@giaoban/core';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, indicatorName, signIn, signOut, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const WEEK = '2023-W27';
const STREETS = indicatorName('tuyen-pho');

/** The service worker controls the page (it installed, cached the shell and claimed the page). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

/**
 * Offline for the page and for the service worker alike: Chromium's offline emulation does
 * not reach a worker's own requests (microsoft/playwright#2311), so those are cut here too.
 */
const cutWorker = (route: Route) => (route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue());
async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
  if (offline) {
    await context.route('**', cutWorker);
    await context.setOffline(true);
  } else {
    await context.unroute('**', cutWorker);
    await context.setOffline(false);
  }
}

/** A unit's figure to date for an indicator as of the end of week 27, from the API. */
async function toDate(page: Page, unit: string, code: string): Promise<number> {
  const response = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${unit}/progress?asOf=09/07/2023`);
  expect(response.status()).toBe(200);
  const body = await response.json() as { unit: { indicators: { code: string; toDate: number }[] } };
  const figure = body.unit.indicators.find((i) => i.code === code);
  if (!figure) throw new Error(`no ${code} in the progress of ${unit}`);
  return figure.toDate;
}

browserSuite('offline entry', (app) => {
  it('is installable: a web manifest with PNG icons, and a service worker at the root', async () => {
    const page = await app.page();
    await page.goto('/sign-in');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifestResponse = await page.request.get(href!);
    expect(manifestResponse.headers()['content-type']).toContain('application/manifest+json');
    const manifest = await manifestResponse.json() as { name: string; short_name: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ name: 'Giao Ban', start_url: '/', display: 'standalone', theme_color: '#0b5cad' });
    expect(new Set(manifest.icons.map((i) => i.sizes))).toEqual(new Set(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const png = await page.request.get(icon.src);
      expect(png.headers()['content-type']).toBe('image/png');
      const bytes = await png.body();
      // The PNG signature, then IHDR's width and height as the manifest says.
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const worker = await page.request.get('/sw.js');
    expect(worker.headers()['content-type']).toContain('javascript');
    expect(await worker.text()).toContain('giaoban-shell-');
    // 127.0.0.1 is a secure context: the worker registers and takes the page over.
    await waitForServiceWorker(page);
    // The app shell is cached — index.html and every file it names — and nothing of the API.
    const cached = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    const named = [...(await (await page.request.get('/')).text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    expect(cached).toEqual(expect.arrayContaining(['/index.html', ...named]));
    expect(cached.filter((p) => p.startsWith('/api/'))).toEqual([]);
  });

  it('a report submitted offline is kept on the device, the app opens offline, and the report goes by itself when the network returns', async () => {
    const page = await app.page();
    const context = page.context();
    await signIn(page, 'hcm.baocao', PASSWORD);
    const before = await toDate(page, '79', 'tuyen-pho');
    await page.goto(`/report/${CAMPAIGN}/79/${WEEK}`);
    const streets = page.getByLabel(STREETS, { exact: true });
    await streets.waitFor();
    await waitForServiceWorker(page);

    await setOffline(context, true);
    await streets.fill('15');
    await page.getByLabel('Kết quả nổi bật', { exact: true }).fill('Ra quân tuyến phố văn minh khi mất mạng');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    const queued = page.getByTestId('offline-queued');
    await waitForText(queued, 'Đã lưu trên máy, sẽ gửi khi có mạng');
    expect(await textOf(queued)).toMatch(/lưu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d|lưu lúc \d\d:\d\d/);
    await waitForText(page.getByTestId('offline-pending'), '1 báo cáo chờ gửi');
    expect(await textOf(page.getByTestId('offline-status'))).toContain('Không có mạng');
    await assertNoHorizontalScroll(page);

    // Still offline, the page opens again: from the service worker's cache, signed in, the report still waiting.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker(), 'the offline reload is answered by the service worker').toBe(true);
    await page.getByTestId('whoami').waitFor();
    await waitForText(page.getByTestId('offline-pending'), '1 báo cáo chờ gửi');
    expect(await page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('giaoban-shell-')) && (await caches.match('/index.html')) !== undefined)).toBe(true);
    // The form itself opens (the campaign and the report as this device last read them), with what was typed, still waiting.
    await waitForText(page.getByTestId('offline-queued'), 'Đã lưu trên máy, sẽ gửi khi có mạng');
    expect(await streets.inputValue()).toBe('15');
    // Nothing has reached the server.
    const meanwhile = await app.browser.newContext({ baseURL: app.server.url });
    try {
      await meanwhile.request.post('/api/v1/session', { data: { username: 'hcm.baocao', password: PASSWORD } });
      const stored = await meanwhile.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/79/reports/${WEEK}`);
      expect((await stored.json() as { status: string }).status).toBe('missing');
    } finally {
      await meanwhile.close();
    }

    // The user goes elsewhere (the form asks first: its typing is not on the server yet); the answer comes there.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Xem tiến độ của đơn vị' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/dashboard/'));
    await setOffline(context, false);
    const answer = page.getByTestId('offline-answer');
    await waitForText(answer, 'Báo cáo tuần 27 đã lưu trên máy được gửi lúc', 45_000);
    await waitForText(answer, 'Trạng thái: đã gửi');
    expect(await page.getByTestId('offline-pending').count()).toBe(0);

    // The form, opened again, shows the report as the server now has it.
    await page.goto(`/report/${CAMPAIGN}/79/${WEEK}`);
    await waitForText(page.getByTestId('report-state'), 'đã gửi');
    await page.getByRole('status').filter({ hasText: 'được gửi lúc' }).waitFor();

    await signOut(page);
    await signIn(page, 'hcm.quanly', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/79?asOf=09/07/2023`);
    await waitForText(page.getByTestId('indicator-card-tuyen-pho').getByTestId('to-date'), formatNumber(before + 15));
  });

  it('on the open form, the answer replaces nothing typed after the report was queued', async () => {
    const page = await app.page();
    const context = page.context();
    await signIn(page, 'laocai.baocao', PASSWORD);
    // Last week's figure: a usual one, so the server takes it without asking for an explanation.
    const before = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/10/reports/${WEEK}`);
    const usual = (await before.json() as { indicators: { code: string; lastWeek: number | null }[] }).indicators.find((i) => i.code === 'tuyen-pho')?.lastWeek ?? 1;
    await page.goto(`/report/${CAMPAIGN}/10/${WEEK}`);
    const streets = page.getByLabel(STREETS, { exact: true });
    await streets.waitFor();
    await waitForServiceWorker(page);

    await setOffline(context, true);
    await streets.fill(String(usual));
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await waitForText(page.getByTestId('offline-queued'), 'Đã lưu trên máy');
    // Typed after the report was queued, not sent.
    await page.getByLabel('Khó khăn, vướng mắc', { exact: true }).fill('Mưa lũ ở vùng cao');

    await setOffline(context, false);
    await waitForText(page.getByTestId('report-state'), 'đã gửi', 45_000);
    expect(await page.getByTestId('offline-queued').count()).toBe(0);
    // The report went as it was queued; the later typing is still in the form, unsaved, and kept on the device.
    expect(await streets.inputValue()).toBe(String(usual));
    expect(await page.getByLabel('Khó khăn, vướng mắc', { exact: true }).inputValue()).toBe('Mưa lũ ở vùng cao');
    await waitForText(page.getByTestId('report-state'), 'Có thay đổi chưa lưu');
    await waitForText(page.getByTestId('offline-accepted'), 'được gửi lúc');
    await waitForText(page.getByTestId('offline-accepted'), 'vẫn còn trong biểu mẫu');
    await page.getByTestId('offline-accepted').getByRole('button', { name: 'Đã xem' }).click();
    const stored = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/10/reports/${WEEK}`);
    const report = await stored.json() as { status: string; difficulties: string; indicators: { code: string; submitted: { entered: number } | null }[] };
    expect([report.status, report.difficulties, report.indicators.find((i) => i.code === 'tuyen-pho')?.submitted?.entered]).toEqual(['submitted', '', usual]);
    expect(await page.evaluate(() => localStorage.getItem('giaoban.offline-queue'))).toBe('[]');
  });

  it('a conflict keeps the typed figures beside the system’s; sent again, the refusal lands in the form with the figure as typed', async () => {
    const page = await app.page();
    const context = page.context();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/01/${WEEK}`);
    const streets = page.getByLabel(STREETS, { exact: true });
    await streets.waitFor();
    await waitForServiceWorker(page);

    await setOffline(context, true);
    await streets.fill('21');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await waitForText(page.getByTestId('offline-queued'), 'Đã lưu trên máy');

    // Meanwhile, on another device, the same report is saved as a draft with another figure.
    const other = await app.browser.newContext({ baseURL: app.server.url });
    try {
      const session = await other.request.post('/api/v1/session', { data: { username: 'hanoi.baocao', password: PASSWORD } });
      const { csrfToken } = await session.json() as { csrfToken: string };
      const current = await other.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/01/reports/${WEEK}`);
      const { version } = await current.json() as { version: number };
      const saved = await other.request.put(`/api/v1/campaigns/${CAMPAIGN}/units/01/reports/${WEEK}`, {
        headers: { 'x-csrf-token': csrfToken }, data: { values: { 'tuyen-pho': '7' }, version },
      });
      expect(saved.status(), await saved.text()).toBe(200);
    } finally {
      await other.close();
    }

    await setOffline(context, false);
    const conflict = page.getByTestId('offline-conflict');
    await waitForText(conflict, 'đã được thay đổi ở nơi khác', 45_000);
    const row = page.getByTestId('offline-compare-tuyen-pho');
    await waitForText(row, '21');
    await waitForText(row, '7');
    // What was typed is still in the form.
    expect(await streets.inputValue()).toBe('21');
    await assertNoHorizontalScroll(page);

    await conflict.getByRole('button', { name: 'Gửi số liệu của tôi' }).click();
    // Sent again on the newer version, it is now the server's answer about the figures: 21 streets
    // in a week is unusual for Hà Nội, so the form asks for an explanation, the figure as typed.
    await waitForText(page.locator('.report'), 'cao bất thường', 20_000);
    expect(await page.getByTestId('offline-conflict').count()).toBe(0);
    expect(await streets.inputValue()).toBe('21');
    await page.getByLabel('Giải thích', { exact: true }).fill('Ra quân đồng loạt các quận nội thành');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    await waitForText(page.getByTestId('report-state'), 'đã gửi');
    const stored = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/01/reports/${WEEK}`);
    const report = await stored.json() as { status: string; indicators: { code: string; submitted: { entered: number } | null }[] };
    expect(report.status).toBe('submitted');
    expect(report.indicators.find((i) => i.code === 'tuyen-pho')?.submitted?.entered).toBe(21);
  });
});
