/**
 * One round of errors, where the eye is (issue 18): numbers typed the Vietnamese way (1,5 is
 * one and a half, 1.500 is fifteen hundred, 1.5 is told to be written 1,5); a report with
 * letters, a dotted decimal, a huge number, a negative, a falling value to date and an
 * unusual figure answered in one list at the top of the form, focused, each line a link to
 * its field; the targets table's letters and negatives refused together; the notice's bad
 * date summarised at the top, in view; the rules page's and the campaign set-up's mistakes,
 * the browser's and the server's, in one list each; and the history of an
 * indicator reported to date shown to date, with the week's increment beside it.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { UNIT_LEVEL_LABELS } from '@giaoban/core';
import {
  CAMPAIGN, PASSWORD, assertNoHorizontalScroll, fillDate, indicatorName, recordApiWrites, screenshot, signIn, textOf, unitName, waitForText,
} from './harness.ts';
import { browserSuite } from './suite.ts';

// Week 27 of 2023 (03/07–09/07) is the week of the fixed clock: no unit has reported it yet.
const WEEK = '2023-W27';
const HUGE = '123456789012345678901234567890123456789';

const figure = (page: Page, code: string) => page.getByLabel(indicatorName(code), { exact: true });

/** Whether the page's focused element matches `selector`. */
const focusedIs = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Whether the element lies wholly inside the window. */
async function inView(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}

/** "1.234.567" → 1234567 (the page's figures are written the Vietnamese way). */
const wholeNumber = (text: string) => Number(text.replace(/\./g, ''));

browserSuite('one round of errors', (app) => {
  it('reads numbers the Vietnamese way, answers every problem of a report in one list at the top, and links each line to its field', async () => {
    const page = await app.page();
    await signIn(page, 'laocai.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/10/${WEEK}`);
    await figure(page, 'tuyen-pho').waitFor();

    // 1,5 is one and a half and 1.500 fifteen hundred: both taken, rewritten as they were typed.
    const roads = figure(page, 'duong-nong-thon');
    await roads.fill('1,5');
    await roads.blur();
    expect(await roads.inputValue()).toBe('1,5');
    expect(await roads.getAttribute('aria-invalid')).toBeNull();
    const skills = figure(page, 'so-hoa');
    await skills.fill('1500');
    await skills.blur();
    expect(await skills.inputValue()).toBe('1.500');
    await skills.fill('1.500');
    await skills.blur();
    expect(await skills.inputValue()).toBe('1.500');
    expect(await skills.getAttribute('aria-invalid')).toBeNull();
    await skills.fill('');
    // 1.5 is told, at once and beside the field, to be written 1,5.
    await roads.fill('1.5');
    await waitForText(page.locator(`[id="${(await roads.getAttribute('aria-describedby')) ?? ''}"]`), 'hãy viết 1,5');

    // The trees are reported to date: a figure below the value to date before the week falls.
    const trees = page.getByTestId('report-indicator-cay-xanh');
    const treesBefore = wholeNumber(await textOf(trees.locator('.report-context dd').nth(2)));
    expect(treesBefore).toBeGreaterThan(1);
    await figure(page, 'nha-nhan-ai').fill('mười');
    await figure(page, 'ngoai-ngu').fill('-3');
    await figure(page, 'cay-xanh').fill('1');
    await figure(page, 'thieu-nhi-kho-khan').fill(HUGE);
    // Lào Cai builds a few streets a week: 5.000 is unusual and needs an explanation.
    await figure(page, 'tuyen-pho').fill('5.000');

    const api = recordApiWrites(page);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    const summary = page.locator('.report-form > .error-summary');
    await summary.waitFor();
    await api.settled();
    // One request, refused once, with everything in it.
    expect(api.writes.map((w) => w.status), JSON.stringify(api.writes)).toEqual([400]);
    const lines = summary.locator('li');
    expect(await lines.count()).toBe(6);
    const text = await textOf(summary);
    for (const expected of [
      `${indicatorName('nha-nhan-ai')}: Giá trị "mười" không phải là số.`,
      'Giá trị "1.5" không đọc được: số thập phân viết với dấu phẩy, hãy viết 1,5',
      `Chỉ tiêu "${indicatorName('ngoai-ngu')}" không nhận số âm (-3).`,
      `Chỉ tiêu "${indicatorName('cay-xanh')}": số liệu lũy kế 1 thấp hơn số liệu lũy kế đã báo cáo trước đó`,
      `không nhận số lớn hơn 1.000.000.000.000.000 (${HUGE}).`,
      'cao bất thường',
    ]) expect(text).toContain(expected);

    // The summary is at the top of the form, in view, and has the focus.
    expect(await focusedIs(page, '.error-summary')).toBe(true);
    expect(await inView(summary)).toBe(true);
    const firstCard = page.locator('.report-indicator').first();
    expect((await summary.boundingBox())!.y).toBeLessThan((await firstCard.boundingBox())!.y);
    await screenshot(page, 'report-errors');

    // Each line brings its field into view with the focus: the falling value to date, the unusual figure's explanation.
    await lines.filter({ hasText: 'lũy kế' }).getByRole('link').click();
    expect(await focusedIs(page, '#report-figure-cay-xanh')).toBe(true);
    expect(await inView(figure(page, 'cay-xanh'))).toBe(true);
    await lines.filter({ hasText: 'bất thường' }).getByRole('link').click();
    const explanation = page.getByTestId('report-indicator-tuyen-pho').getByRole('textbox', { name: 'Giải thích', exact: true });
    expect(await focusedIs(page, '#report-explanation-tuyen-pho')).toBe(true);
    expect(await inView(explanation)).toBe(true);

    // The huge number is quoted exactly as typed, and its message stays inside its card on a phone.
    const hugeCard = page.getByTestId('report-indicator-thieu-nhi-kho-khan');
    await waitForText(hugeCard, HUGE);
    await assertNoHorizontalScroll(page);
    await page.setViewportSize({ width: 360, height: 780 });
    const spills = await hugeCard.evaluate((card) => {
      const box = card.getBoundingClientRect();
      return Array.from(card.querySelectorAll('.field-error')).some((e) => e.getBoundingClientRect().right > box.right + 0.5);
    });
    expect(spills, 'the message does not spill out of its card').toBe(false);
  });

  it('refuses the targets table\'s letters and negatives in one list, each line a link to its cell', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/targets/${CAMPAIGN}/TW`);
    const cell = (unit: string, indicator: string) => page.getByRole('textbox', { name: `${unitName(unit)} – ${indicatorName(indicator)}`, exact: true });
    await cell('01', 'tuyen-pho').fill('năm mươi');
    await cell('10', 'tuyen-pho').fill('-5');
    await cell('79', 'nha-nhan-ai').fill('1.5');
    const api = recordApiWrites(page);
    await page.getByRole('button', { name: 'Lưu phân bổ', exact: true }).click();
    const summary = page.locator('.targets-problems');
    await summary.waitFor();
    await api.settled();
    expect(api.writes.map((w) => w.status), JSON.stringify(api.writes)).toEqual([400]);
    const lines = summary.locator('li');
    expect(await lines.count()).toBe(3);
    const text = await textOf(summary);
    expect(text).toContain('Giá trị "năm mươi" không phải là số.');
    expect(text).toContain('không nhận số âm (-5).');
    expect(text).toContain('hãy viết 1,5');
    expect(await focusedIs(page, '.error-summary')).toBe(true);
    await lines.filter({ hasText: 'số âm' }).getByRole('link').click();
    expect(await cell('10', 'tuyen-pho').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('puts the notice\'s bad date at the top of the form, in view, with the focus and a link to the date', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/documents/${CAMPAIGN}/notice/1`);
    const date = page.getByLabel('Ngày ban hành (dd/mm/yyyy)', { exact: true });
    await date.waitFor();
    await fillDate(date, '31/02/2023');
    // The button is far below the date: the summary must come to the eye.
    const save = page.getByRole('button', { name: 'Lưu bản thảo', exact: true });
    await save.scrollIntoViewIfNeeded();
    await save.click();
    const summary = page.locator('.doc-form .error-summary');
    await waitForText(summary, 'Ngày ban hành (dd/mm/yyyy): Ngày "31/02/2023" không hợp lệ, cần dạng dd/mm/yyyy.');
    expect(await focusedIs(page, '.error-summary')).toBe(true);
    expect(await inView(summary)).toBe(true);
    await summary.getByRole('link').click();
    expect(await focusedIs(page, '#notice-date')).toBe(true);
    expect(await inView(date)).toBe(true);
  });

  it('answers the rules page\'s bad time, hours and bound in one list at the top, in the page\'s order, each line a link', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/rules/${CAMPAIGN}`);
    await page.getByRole('heading', { level: 1, name: 'Quy định báo cáo' }).waitFor();
    await page.getByRole('group', { name: UNIT_LEVEL_LABELS.province, exact: true }).getByLabel('Giờ (HH:MM)', { exact: true }).fill('25:00');
    const remind = page.getByLabel('Nhắc trước hạn (giờ)', { exact: true });
    await remind.fill('1.5');
    await page.getByLabel('Báo cấp trên trực tiếp sau hạn (giờ)', { exact: true }).fill('');
    await page.getByLabel(`${indicatorName('tuyen-pho')} (tuyến)`, { exact: true }).fill('nhiều');
    const api = recordApiWrites(page);
    await page.getByRole('button', { name: 'Lưu quy định', exact: true }).click();
    const summary = page.locator('.rules-problems');
    await summary.waitFor();
    await api.settled();
    // One request, one list: nothing was held back for a second round.
    expect(api.writes.map((w) => w.status), JSON.stringify(api.writes)).toEqual([400]);
    const lines = summary.locator('li');
    const texts = await lines.allTextContents();
    expect(texts, texts.join(' | ')).toHaveLength(4);
    expect(texts[0]).toContain('"25:00" không hợp lệ');
    expect(texts[1]).toMatch(/^Nhắc trước hạn \(giờ\): .*hãy viết 1,5/);
    expect(texts[2]).toBe('Báo cấp trên trực tiếp sau hạn (giờ): Nhập số giờ.');
    expect(texts[3]).toContain('"nhiều"');
    expect(await focusedIs(page, '.error-summary')).toBe(true);
    expect(await inView(summary)).toBe(true);
    await lines.nth(1).getByRole('link').click();
    expect(await remind.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await remind.inputValue()).toBe('1.5');
  });

  it('answers the campaign set-up\'s own and the server\'s problems in one list at the top, each line a link', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto('/campaigns/new');
    const code = page.getByLabel('Mã chiến dịch', { exact: true });
    await code.waitFor();
    // A code already in use (only the server knows), no name, an end before the start, a target in letters.
    await code.fill(CAMPAIGN);
    await fillDate(page.getByLabel('Ngày bắt đầu', { exact: true }), '30/07/2023');
    await fillDate(page.getByLabel('Ngày kết thúc', { exact: true }), '03/07/2023');
    const streets = indicatorName('tuyen-pho');
    const pick = page.getByRole('checkbox', { name: streets, exact: true });
    const target = page.getByRole('textbox', { name: streets, exact: true });
    await pick.or(target).first().waitFor();
    if (await pick.count()) await pick.check();
    await target.fill('một trăm');
    const api = recordApiWrites(page);
    await page.getByRole('button', { name: 'Tạo chiến dịch', exact: true }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await api.settled();
    expect(api.writes.map((w) => w.status), JSON.stringify(api.writes)).toEqual([400]);
    const texts = await summary.locator('li').allTextContents();
    expect(texts, texts.join(' | ')).toHaveLength(4);
    expect(texts[0]).toContain(`"${CAMPAIGN}" đã được dùng`);
    expect(texts[1]).toMatch(/tên/i);
    expect(texts[2]).toContain('30/07/2023');
    expect(texts[3]).toContain('một trăm');
    expect(await focusedIs(page, '.error-summary')).toBe(true);
    expect(await inView(summary)).toBe(true);
    await summary.locator('li').nth(0).getByRole('link').click();
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    await summary.locator('li').nth(3).getByRole('link').click();
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/campaigns/new');
  });

  it('shows a figure reported to date as it was typed, with the week\'s increment beside it, in the history', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/01/${WEEK}`);
    const trees = page.getByTestId('report-indicator-cay-xanh');
    await trees.waitFor();
    // Last week's increase again, so the figure is not unusual: typed to date = before + that increase.
    const before = wholeNumber(await textOf(trees.locator('.report-context dd').nth(2)));
    const lastWeek = wholeNumber(await textOf(trees.locator('.report-context dd').nth(1)));
    const typed = (before + lastWeek).toLocaleString('de-DE');
    await figure(page, 'cay-xanh').fill(typed);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    const history = page.getByTestId('report-history');
    await waitForText(history, `${indicatorName('cay-xanh')}: (trống) → ${typed} (lũy kế; tăng trong tuần: ${lastWeek.toLocaleString('de-DE')})`);
  });
});
