import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { UNIT_LEVEL_LABELS } from '@giaoban/core';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, indicatorName, recordApiWrites, screenshot, signIn, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const RULES_PATH = `/api/v1/campaigns/${CAMPAIGN}/units/TW/rules`;
const VOLUNTEERS = indicatorName('tinh-nguyen-vien');
const STREETS = indicatorName('tuyen-pho');
/** The weekly limit's field is named after the indicator and its unit of measure. */
const STREETS_BOUND = `${STREETS} (tuyến)`;

/** The rules page, opened from the shell's navigation. */
async function openRules(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
  await nav.getByRole('link', { name: 'Quy định báo cáo', exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/rules/${CAMPAIGN}`);
  await page.getByRole('heading', { level: 1, name: 'Quy định báo cáo' }).waitFor();
}

/** The text of everything that describes a field (its hint and its error). */
async function descriptionOf(field: Locator): Promise<string> {
  return field.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
}

browserSuite('rules', (app) => {
  // The tests share one server and run in order: the read-only check sees what the first one saved.

  it('lets the central steering staff move the province deadline and add a rule between indicators', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await openRules(page);
    const province = page.getByRole('group', { name: UNIT_LEVEL_LABELS.province, exact: true });
    // The demo keeps the default deadlines.
    await waitForText(page.getByTestId('deadline-text-province'), 'Thứ Hai 10:00, tuần sau');
    await assertNoHorizontalScroll(page);

    await province.getByLabel('Thứ', { exact: true }).selectOption({ label: 'Thứ Hai' });
    await province.getByLabel('Giờ (HH:MM)', { exact: true }).fill('12:00');
    await province.getByLabel('Tuần nộp', { exact: true }).selectOption({ label: 'tuần sau' });
    await waitForText(page.getByTestId('deadline-text-province'), 'Hạn nộp: Thứ Hai 12:00, tuần sau');

    await page.getByRole('button', { name: 'Thêm quy tắc', exact: true }).click();
    const rule = page.getByRole('group', { name: 'Quy tắc 1', exact: true });
    await rule.getByLabel('Chỉ tiêu thứ nhất', { exact: true }).selectOption({ label: VOLUNTEERS });
    await rule.getByLabel('So sánh', { exact: true }).selectOption({ label: '≥ (lớn hơn hoặc bằng)' });
    await rule.getByLabel('Chỉ tiêu thứ hai', { exact: true }).selectOption({ label: STREETS });

    // A weekly limit typed the Vietnamese way: 1.000 is a thousand.
    await page.getByRole('textbox', { name: STREETS_BOUND, exact: true }).fill('1.000');

    const log = recordApiWrites(page);
    await page.getByRole('button', { name: 'Lưu quy định', exact: true }).click();
    await page.getByText('Đã lưu quy định báo cáo.', { exact: true }).waitFor();
    await log.settled();
    expect(log.writes).toEqual([{ method: 'PUT', path: RULES_PATH, status: 200 }]);
    await waitForText(page.getByTestId('deadline-text-province'), 'Thứ Hai 12:00, tuần sau');
    await screenshot(page, 'rules');

    await page.reload();
    await waitForText(page.getByTestId('deadline-text-province'), 'Hạn nộp: Thứ Hai 12:00, tuần sau');
    const reloaded = page.getByRole('group', { name: UNIT_LEVEL_LABELS.province, exact: true });
    expect(await reloaded.getByLabel('Giờ (HH:MM)', { exact: true }).inputValue()).toBe('12:00');
    const saved = page.getByRole('group', { name: 'Quy tắc 1', exact: true });
    expect(await saved.getByLabel('Chỉ tiêu thứ nhất', { exact: true }).inputValue()).toBe('tinh-nguyen-vien');
    expect(await saved.getByLabel('So sánh', { exact: true }).inputValue()).toBe('>=');
    expect(await saved.getByLabel('Chỉ tiêu thứ hai', { exact: true }).inputValue()).toBe('tuyen-pho');
    expect(await page.getByRole('textbox', { name: STREETS_BOUND, exact: true }).inputValue()).toBe('1.000');
    // The other levels kept their deadlines.
    await waitForText(page.getByTestId('deadline-text-district'), 'Thứ Bảy 12:00, trong tuần');
  });

  it('refuses 25:00 with the message next to the time field, and saves nothing', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await openRules(page);
    const shown = page.getByTestId('deadline-text-province');
    await waitForText(shown, 'Hạn nộp: Thứ');
    const before = await textOf(shown);

    const time = page.getByRole('group', { name: UNIT_LEVEL_LABELS.province, exact: true }).getByLabel('Giờ (HH:MM)', { exact: true });
    await time.fill('25:00');
    const log = recordApiWrites(page);
    await page.getByRole('button', { name: 'Lưu quy định', exact: true }).click();
    const message = 'Giờ của hạn báo cáo "25:00" không hợp lệ, cần dạng HH:MM từ 00:00 đến 23:59.';
    await waitForText(page.getByRole('alert'), message);
    await log.settled();
    expect(log.writes).toEqual([{ method: 'PUT', path: RULES_PATH, status: 400 }]);
    expect(await time.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(time)).toContain(message);
    expect(await time.inputValue()).toBe('25:00');
    expect(await page.getByText('Đã lưu quy định báo cáo.', { exact: true }).count()).toBe(0);
    await assertNoHorizontalScroll(page);

    // The unsaved form asks before leaving; leave anyway and find the rules as they were.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await waitForText(page.getByTestId('deadline-text-province'), before);
  });

  it('limits the grassroots deadline to a unit group, in words, and back', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await openRules(page);
    const grassroots = page.getByRole('group', { name: UNIT_LEVEL_LABELS.grassroots, exact: true });
    const groups = grassroots.getByRole('group', { name: 'Chỉ các đơn vị thuộc nhóm', exact: true });
    await groups.getByLabel('Khối hành chính sự nghiệp', { exact: true }).check();
    const shown = page.getByTestId('deadline-text-grassroots');
    await waitForText(shown, 'Hạn nộp: Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp');
    await assertNoHorizontalScroll(page);
    const log = recordApiWrites(page);
    await page.getByRole('button', { name: 'Lưu quy định', exact: true }).click();
    await page.getByText('Đã lưu quy định báo cáo.', { exact: true }).waitFor();
    await log.settled();
    expect(log.writes).toEqual([{ method: 'PUT', path: RULES_PATH, status: 200 }]);
    await page.reload();
    await waitForText(page.getByTestId('deadline-text-grassroots'), 'Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp');
    const again = page.getByRole('group', { name: UNIT_LEVEL_LABELS.grassroots, exact: true });
    expect(await again.getByLabel('Khối hành chính sự nghiệp', { exact: true }).isChecked()).toBe(true);
    expect(await again.getByLabel('Khu vực đô thị', { exact: true }).isChecked()).toBe(false);
    await screenshot(page, 'rules-unit-group');
    // The other levels kept their rules, unrestricted.
    await waitForText(page.getByTestId('deadline-text-district'), 'Thứ Bảy 12:00, trong tuần');
    expect(await textOf(page.getByTestId('deadline-text-district'))).not.toContain('nhóm');
  });

  it('shows a Hà Nội manager the rules read-only', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await openRules(page);
    const view = page.getByTestId('rules-view');
    await waitForText(view, 'Chỉ cán bộ quản lý, Ban chỉ đạo hoặc quản trị của đơn vị chủ trì chiến dịch mới sửa được');
    await waitForText(page.getByTestId('deadline-text-province'), 'Thứ Hai 12:00, tuần sau');
    await waitForText(page.getByTestId('cross-rules'), `${VOLUNTEERS} ≥ ${STREETS}`);
    await waitForText(view, `${STREETS} 1.000 tuyến`);
    await waitForText(page.getByTestId('deadline-text-grassroots'), 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp');
    const main = page.getByRole('main');
    expect(await main.getByRole('textbox').count()).toBe(0);
    expect(await main.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lưu quy định', exact: true }).count()).toBe(0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'rules-read-only');
  });
});
