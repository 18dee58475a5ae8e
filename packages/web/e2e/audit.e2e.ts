/**
 * The audit page (issue 18) words a figure change of an indicator reported to date as the
 * report's history does: the value to date as the unit typed it, with the week's increment
 * beside it, not the stored increment alone.
 */
import { it } from 'vitest';
import { CAMPAIGN, PASSWORD, indicatorName, signIn, signOut, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

// Week 27 of 2023 (03/07–09/07) is the week of the fixed clock: no unit has reported it yet.
const WEEK = '2023-W27';
const HANOI = '01';

const wholeNumber = (text: string) => Number(text.replace(/\./g, ''));

browserSuite('audit page', (app) => {
  it('shows a figure reported to date as it was typed, with the week\'s increment beside it', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/${HANOI}/${WEEK}`);
    const trees = page.getByTestId('report-indicator-cay-xanh');
    await trees.waitFor();
    // Last week's increase again, so the figure is not unusual: typed to date = before + that increase.
    const before = wholeNumber(await textOf(trees.locator('.report-context dd').nth(2)));
    const lastWeek = wholeNumber(await textOf(trees.locator('.report-context dd').nth(1)));
    const typed = (before + lastWeek).toLocaleString('de-DE');
    await page.getByLabel(indicatorName('cay-xanh'), { exact: true }).fill(typed);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    await signOut(page);

    await signIn(page, 'admin', PASSWORD);
    await page.goto('/audit');
    await page.getByLabel('Mã đơn vị', { exact: true }).fill(HANOI);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    const results = page.getByTestId('audit-results');
    await waitForText(results, `${indicatorName('cay-xanh')}: (trống) → ${typed} (lũy kế; tăng trong tuần: ${lastWeek.toLocaleString('de-DE')})`);
  });
});
