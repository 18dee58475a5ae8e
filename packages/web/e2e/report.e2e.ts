import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  CAMPAIGN, PASSWORD, assertNoHorizontalScroll, indicatorName, recordApiWrites, screenshot, signIn, signOut, textOf, waitForText,
} from './harness.ts';
import { browserSuite } from './suite.ts';

// Week 27 of 2023 (03/07–09/07) is the week of the fixed clock: no unit has reported it yet.
const WEEK = '2023-W27';
const STREETS = indicatorName('tuyen-pho');

browserSuite('weekly report', (app) => {
  it('a Hà Nội reporter saves a draft, submits it, and the national figure moves', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/01/${WEEK}`);

    const streets = page.getByLabel(STREETS, { exact: true });
    await streets.fill('12');
    const draftSaved = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname.includes(`/reports/${WEEK}`));
    await page.getByRole('button', { name: 'Lưu nháp', exact: true }).click();
    expect((await draftSaved).status()).toBe(200);

    // The draft survives a reload.
    await page.reload();
    await expectValue(page.getByLabel(STREETS, { exact: true }), '12');

    await assertNoHorizontalScroll(page);
    await screenshot(page, 'report');

    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();

    await signOut(page);
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=09/07/2023`);
    // 698 streets by 02/07, and Hà Nội's 12 of week 27.
    await waitForText(page.getByTestId('indicator-card-tuyen-pho'), '710');
  });

  it('refuses a figure that is not a number, in Vietnamese, next to the field, and changes nothing', async () => {
    const page = await app.page();
    await signIn(page, 'laocai.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/10/${WEEK}`);

    const streets = page.getByLabel(STREETS, { exact: true });
    await streets.fill('12a');
    await streets.blur();
    expect(await streets.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field (aria-describedby) and says what is wrong.
    const describedBy = await streets.getAttribute('aria-describedby');
    expect(describedBy, 'the field names its error message with aria-describedby').toBeTruthy();
    const message = page.locator(`[id="${describedBy ?? ''}"]`);
    await waitForText(message, 'không phải là số');

    const api = recordApiWrites(page);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    // Either the page keeps the form back or the server refuses it; nothing is accepted.
    await api.settled();
    expect(api.writes.filter((w) => w.status < 400), JSON.stringify(api.writes)).toEqual([]);
    expect(await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).count()).toBe(0);
    expect(await streets.inputValue()).toBe('12a');
    await assertNoHorizontalScroll(page);

    const stored = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/10/reports/${WEEK}`);
    expect(stored.status()).toBe(200);
    const report = await stored.json() as { status: string; indicators: { code: string; submitted: unknown; draft: unknown }[] };
    expect(report.status).toBe('missing');
    expect(report.indicators.find((i) => i.code === 'tuyen-pho')).toMatchObject({ submitted: null, draft: null });
  });
});

async function expectValue(field: Locator, expected: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let value = '';
  while (Date.now() < deadline) {
    value = await field.inputValue();
    if (value === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${String(field)} holds "${value}", expected "${expected}" (page text: ${(await textOf(field.page().locator('main'))).slice(0, 300)})`);
}
