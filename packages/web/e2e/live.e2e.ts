/** Live dashboards (issue 6): an open page follows the submissions below it without a reload. */
import { expect, it } from 'vitest';
import { parseNumber } from '@giaoban/core';
import { CAMPAIGN, PASSWORD, signIn, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

browserSuite('live dashboard', (app) => {
  it('shows a province\'s submission on the open national dashboard without a reload', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW`);
    const streets = page.getByTestId('indicator-card-tuyen-pho');
    const toDate = streets.getByTestId('to-date');
    await toDate.waitFor();
    await waitForText(page.getByTestId('live-indicator'), 'Cập nhật trực tiếp');
    const before = parseNumber(await textOf(toDate));

    // Proof that the page is not reloaded: a mark on the window, and where the page is scrolled to.
    await page.evaluate(() => {
      (window as unknown as { liveMark: number }).liveMark = 1;
      window.scrollTo(0, 300);
    });
    const scrolled = await page.evaluate(() => window.scrollY);

    // Lào Cai's reporter submits this week's report from another browser, through the API.
    const other = await app.page();
    const signedIn = await other.request.post('/api/v1/session', { data: { username: 'laocai.baocao', password: PASSWORD } });
    expect(signedIn.status()).toBe(200);
    const { csrfToken } = await signedIn.json() as { csrfToken: string };
    const reportUrl = `/api/v1/campaigns/${CAMPAIGN}/units/10/reports/2023-W27`;
    const { version } = await (await other.request.get(reportUrl)).json() as { version: number };
    const submitted = await other.request.post(`${reportUrl}/submit`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { values: { 'tuyen-pho': 5 }, explanations: { 'tuyen-pho': 'Ra quân đồng loạt' }, version },
    });
    expect(submitted.status(), await submitted.text()).toBe(200);

    const expected = before + 5;
    const deadline = Date.now() + 10_000;
    while (parseNumber(await textOf(toDate)) !== expected) {
      if (Date.now() > deadline) throw new Error(`the national figure stayed at ${await textOf(toDate)}, expected ${expected}`);
      await page.waitForTimeout(100);
    }
    expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await waitForText(page.getByTestId('live-indicator'), 'Cập nhật trực tiếp');
  });

  it('does not follow a dashboard opened at a past date', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);
    await waitForText(page.getByTestId('indicator-card-tuyen-pho'), '698');
    expect(await page.getByTestId('live-indicator').count()).toBe(0);
  });
});
