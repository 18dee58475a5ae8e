/**
 * Managers' work in the browser: several children's reports approved from the data-quality
 * list after their figures were shown in it (none opened one by one); the targets page with an
 * edit asks before leaving through the navigation bar or the back button, and staying keeps
 * the edit; a report entered on a province's behalf by the level above with the time it really
 * arrived, shown on the report page ("Nhập thay bởi … · nhận lúc …") and judged on time in the
 * timeliness list.
 *
 * The parent that enters a province's report is the centre (tw.chidao). The demo's reporting
 * history may change, so the weeks and units come from the API.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatDate, localDateTimeOf } from '@giaoban/core';
import { CAMPAIGN, FIXED_NOW, PASSWORD, indicatorName, signIn, textOf, unitName, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const STREETS = indicatorName('tuyen-pho');
const TIMELINESS = `/api/v1/campaigns/${CAMPAIGN}/units/TW/timeliness`;

type Row = { unit: { code: string }; isChild: boolean; reportStatus: string; status: string; dueAt: { iso: string } };
type Timeliness = { weeks: { week: { week: string } }[]; selected: { rows: Row[] } | null };

async function weekRows(page: Page, week?: string): Promise<{ week: string; rows: Row[] }[]> {
  const overview = await (await page.request.get(TIMELINESS)).json() as Timeliness;
  const weeks = week ? [week] : [...overview.weeks].reverse().map((w) => w.week.week);
  const out = [];
  for (const w of weeks) {
    const detail = await (await page.request.get(`${TIMELINESS}?period=${w}`)).json() as Timeliness;
    out.push({ week: w, rows: detail.selected?.rows ?? [] });
  }
  return out;
}

browserSuite('managers', (app) => {
  it('approves several provinces at once from the list, once their figures are shown there', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // The latest week with at least three provinces' reports waiting, none of them opened yet.
    type Report = { viewed: boolean; status: string };
    const report = async (unit: string, week: string) =>
      await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${unit}/reports/${week}`)).json() as Report;
    let target: { week: string; units: string[] } | null = null;
    for (const { week, rows } of await weekRows(page)) {
      const waiting = rows.filter((r) => r.isChild && r.reportStatus === 'submitted').map((r) => r.unit.code);
      if (waiting.length >= 3) { target = { week, units: waiting }; break; }
    }
    if (!target) throw new Error('the demo has no week with three provinces awaiting approval');
    const { week, units } = target;
    expect((await Promise.all(units.map((u) => report(u, week)))).filter((r) => r.viewed).length, 'reports already viewed').toBe(0);

    await page.goto(`/quality/${CAMPAIGN}/TW?period=${week}`);
    const table = page.getByTestId('quality-units');
    await table.locator(`tr[data-unit="${units[0]}"]`).waitFor();
    // Approving before the figures were seen is refused on each row, as before.
    await page.getByRole('checkbox', { name: 'Chọn tất cả báo cáo chờ duyệt đang hiển thị', exact: true }).check();
    await page.getByRole('button', { name: `Duyệt các báo cáo đã chọn (${units.length})`, exact: true }).click();
    await waitForText(page.getByTestId('approve-result'), 'Đã duyệt 0 báo cáo.');
    await waitForText(table.locator(`tr[data-unit="${units[0]}"]`), 'Cần mở xem báo cáo');

    // One row's figures, then all of them at once: each row shows its indicators with this week, to date and target.
    const first = table.locator(`tr[data-unit="${units[0]}"]`);
    await first.getByRole('button', { name: `Xem số liệu báo cáo của ${unitName(units[0]!)}`, exact: true }).click();
    const figures = page.getByTestId(`child-figures-${units[0]}`);
    await waitForText(figures, STREETS);
    expect(await textOf(figures.locator('thead'))).toContain('Lũy kế');
    await waitForText(first, 'đã xem');
    await page.getByRole('button', { name: `Xem số liệu ${units.length} báo cáo chờ duyệt`, exact: true }).click();
    for (const unit of units) {
      await page.getByTestId(`child-figures-${unit}`).waitFor();
      await waitForText(table.locator(`tr[data-unit="${unit}"]`), 'đã xem');
    }
    // Nothing was opened one by one: the page never left the list.
    expect(new URL(page.url()).pathname).toBe(`/quality/${CAMPAIGN}/TW`);

    const all = page.getByRole('checkbox', { name: 'Chọn tất cả báo cáo chờ duyệt đang hiển thị', exact: true });
    if (!(await all.isChecked())) await all.check();
    await page.getByRole('button', { name: `Duyệt các báo cáo đã chọn (${units.length})`, exact: true }).click();
    await waitForText(page.getByTestId('approve-result'), `Đã duyệt ${units.length} báo cáo.`);
    for (const unit of units) expect((await report(unit, week)).status).toBe('approved');
  });

  it('asks before the navigation bar, the back button or signing out leaves the targets page with an edit; staying keeps it', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/targets/${CAMPAIGN}/TW`);
    const cell = page.getByRole('textbox', { name: `${unitName('01')} – ${STREETS}`, exact: true });
    await cell.waitFor();
    const before = await cell.inputValue();
    const edited = before === '123' ? '124' : '123';
    await cell.fill(edited);

    const questions: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Tiến độ', exact: true }).click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toBe('Phân bổ chỉ tiêu có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?');
    expect(new URL(page.url()).pathname).toBe(`/targets/${CAMPAIGN}/TW`);
    expect(await cell.inputValue()).toBe(edited);

    // The browser's back button asks too; staying keeps the address and the edit.
    await page.evaluate(() => history.back());
    await expect.poll(() => questions.length).toBe(2);
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/targets/${CAMPAIGN}/TW`);
    expect(await cell.inputValue()).toBe(edited);

    // Signing out asks too (it leaves without a navigation first); staying keeps the session and the edit.
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await expect.poll(() => questions.length).toBe(3);
    expect(new URL(page.url()).pathname).toBe(`/targets/${CAMPAIGN}/TW`);
    expect(await cell.inputValue()).toBe(edited);
    expect((await page.request.get('/api/v1/session')).status()).toBe(200);

    // Leaving is the user's choice: accepted, the dashboard opens and nothing was saved.
    answer = true;
    await nav.getByRole('link', { name: 'Tiến độ', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/dashboard/${CAMPAIGN}/`));
    expect(questions.length).toBe(4);
    await page.goto(`/targets/${CAMPAIGN}/TW`);
    await cell.waitFor();
    expect(await cell.inputValue()).toBe(before);
  });

  it('enters a province\'s missing report on its behalf with the time it arrived, shown and judged on that time', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // A province whose report of a past week is missing: entered now, it would be late.
    let target: { week: string; unit: string; dueAt: string } | null = null;
    for (const { week, rows } of await weekRows(page)) {
      const row = rows.find((r) => r.isChild && r.status === 'missing' && r.reportStatus === 'missing');
      if (row) { target = { week, unit: row.unit.code, dueAt: row.dueAt.iso }; break; }
    }
    if (!target) throw new Error('the demo has no missing province report in a week whose deadline has passed');
    const { week, unit, dueAt } = target;
    // It reached the centre by phone an hour before the deadline.
    const received = localDateTimeOf(new Date(Date.parse(dueAt) - 3_600_000).toISOString());
    expect(Date.parse(dueAt)).toBeLessThan(FIXED_NOW.getTime());

    await page.goto(`/report/${CAMPAIGN}/${unit}/${week}`);
    const panel = page.getByTestId('on-behalf-panel');
    await panel.getByRole('checkbox', { name: `Nhập thay báo cáo của ${unitName(unit)}`, exact: true }).check();
    await page.getByLabel(STREETS, { exact: true }).fill('3');
    await panel.getByLabel('Lý do nhập thay', { exact: true }).fill('Tỉnh báo qua điện thoại do mất mạng');
    // A day after the clock's today is refused with the other problems, in one round.
    await panel.getByLabel('Ngày nhận báo cáo', { exact: true }).fill('07/07/2023');
    await panel.getByLabel('Giờ nhận (giờ Hà Nội)', { exact: true }).fill(received.time);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await waitForText(panel, 'không thể ở tương lai');

    await panel.getByLabel('Ngày nhận báo cáo', { exact: true }).fill(formatDate(received.date));
    const ok = page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo tuần' });
    const explain = page.getByRole('textbox', { name: 'Giải thích', exact: true });
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await ok.or(explain.first()).first().waitFor();
    if (await ok.count() === 0) {
      for (const field of await explain.all()) await field.fill('Đã kiểm tra lại với tỉnh qua điện thoại');
      await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
      await ok.waitFor();
    }
    const receivedText = `${received.time} ngày ${formatDate(received.date)}`;
    await waitForText(page.getByTestId('on-behalf-note'), `Nhập thay bởi Ban Chỉ đạo Trung ương · nhận lúc ${receivedText}`);
    await waitForText(page.getByTestId('report-deadline'), 'đúng hạn');
    await waitForText(page.getByTestId('report-history'), `nhập thay · nhận lúc ${receivedText}`);

    // The timeliness list judges it on the received time and says it was entered on behalf.
    await page.goto(`/quality/${CAMPAIGN}/TW?period=${week}`);
    const row = page.getByTestId('quality-units').locator(`tr[data-unit="${unit}"]`);
    await waitForText(row, 'Đúng hạn');
    await waitForText(row, 'nhập thay');
    expect(await textOf(row)).toContain(`${formatDate(received.date)} ${received.time}`);
  });
});
