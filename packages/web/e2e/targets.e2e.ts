import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { parseNumber } from '@giaoban/core';
import {
  CAMPAIGN, PASSWORD, assertNoHorizontalScroll, fillDate, indicatorName, screenshot, signIn, textOf, unitName, waitForText,
} from './harness.ts';
import { browserSuite } from './suite.ts';

const STREETS = indicatorName('tuyen-pho');
const GAP_WORDS = ['phân bổ chưa đủ', 'phân bổ đủ', 'phân bổ vượt'] as const;
type GapWords = (typeof GAP_WORDS)[number];

/** The gap words shown for an indicator: exactly one of the three. */
async function gapWords(page: Page, indicatorCode: string): Promise<string> {
  const text = await textOf(page.getByTestId(`allocation-gap-${indicatorCode}`));
  const found = GAP_WORDS.filter((w) => text.includes(w));
  return found.length === 1 ? found[0]! : `(${text})`;
}

async function waitForGap(page: Page, indicatorCode: string, expected: GapWords): Promise<void> {
  const deadline = Date.now() + 15_000;
  let shown = '';
  while (Date.now() < deadline) {
    shown = await gapWords(page, indicatorCode);
    if (shown === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the allocation gap of ${indicatorCode} shows "${shown}", expected "${expected}"`);
}

async function figureIn(field: Locator): Promise<number> {
  await field.waitFor();
  return parseNumber(await field.inputValue());
}

browserSuite('targets', (app) => {
  it('allocates the national target of civilised streets to Hà Nội, and the gap follows', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/targets/${CAMPAIGN}/TW`);

    const cellName = `${unitName('01')} – ${STREETS}`;
    const hanoi = page.getByRole('textbox', { name: cellName, exact: true });
    const before = await figureIn(hanoi);
    // The demo hands the whole national target down: 500 streets, all allocated.
    await waitForGap(page, 'tuyen-pho', 'phân bổ đủ');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'targets');

    const save = async (value: number, expected: GapWords) => {
      await hanoi.fill(String(value));
      await page.getByRole('button', { name: 'Lưu phân bổ', exact: true }).click();
      await page.getByText('Đã lưu phân bổ chỉ tiêu.', { exact: true }).waitFor();
      await waitForGap(page, 'tuyen-pho', expected);
      await page.reload();
      expect(await figureIn(page.getByRole('textbox', { name: cellName, exact: true }))).toBe(value);
      await waitForGap(page, 'tuyen-pho', expected);
    };
    await save(before + 5, 'phân bổ vượt');
    await save(before - 5, 'phân bổ chưa đủ');
    await save(before, 'phân bổ đủ');
  });

  it('creates a campaign with one indicator and lands on its dashboard', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto('/campaigns/new');
    const code = page.getByLabel('Mã chiến dịch', { exact: true });
    await code.waitFor();
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'campaign-setup');

    await code.fill('thu-nghiem-7-2023');
    await page.getByLabel('Tên chiến dịch', { exact: true }).fill('Chiến dịch thử nghiệm tháng 7/2023');
    await fillDate(page.getByLabel('Ngày bắt đầu', { exact: true }), '03/07/2023');
    await fillDate(page.getByLabel('Ngày kết thúc', { exact: true }), '30/07/2023');
    // One indicator: its national target typed in the field named after it (ticked first if the form has a box for it).
    const pick = page.getByRole('checkbox', { name: STREETS, exact: true });
    const target = page.getByRole('textbox', { name: STREETS, exact: true });
    await pick.or(target).first().waitFor();
    if (await pick.count()) await pick.check();
    await target.fill('120');
    await page.getByRole('button', { name: 'Tạo chiến dịch', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/dashboard/thu-nghiem-7-2023/TW');
    const card = page.getByTestId('indicator-card-tuyen-pho');
    await waitForText(card, '120');
    expect(await page.locator('[data-testid^="indicator-card-"]').count()).toBe(1);
  });
});
