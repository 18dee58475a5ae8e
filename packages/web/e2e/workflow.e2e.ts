/**
 * The reporting workflow in the browser: a week's report submitted (an unusual figure
 * confirmed with an explanation), returned with a reason, fixed and resubmitted, approved,
 * then corrected after approval; two tabs saving the same report; the data-quality page (the
 * late-units sentence in either order, approving several children at once); the audit log;
 * the notification bell.
 *
 * The demo's reporting history may change (late, missing, returned reports), so nothing here
 * counts on its exact figures: the tests read the state they start from through the API.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { campaignWeeks } from '@giaoban/core';
import {
  CAMPAIGN, FIXED_NOW, PASSWORD, assertNoHorizontalScroll, indicatorName, screenshot, signIn, signOut, textOf, unitName, waitForText,
} from './harness.ts';
import { browserSuite } from './suite.ts';

const STREETS = indicatorName('tuyen-pho');
const HANOI = '01';
const LAO_CAI = '10';
const RETURN_REASON = 'Số tuyến phố văn minh chưa khớp với danh sách gửi kèm, đề nghị kiểm tra lại.';
const CORRECTION_REASON = 'Bổ sung 1 tuyến phố được công nhận muộn.';
const EXPLANATION = 'Ra quân đồng loạt ngày Chủ nhật xanh';

interface ReportState { status: string; actions: string[] }

/**
 * A week the unit has not submitted (nor had reviewed): the week of the fixed clock when
 * the demo left it alone, else the next free one. Read with the signed-in user's session.
 */
async function unsubmittedWeek(page: Page, unit: string): Promise<string> {
  const campaign = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}`)).json() as {
    campaign: { startDate: { iso: string }; endDate: { iso: string } };
  };
  const weeks = campaignWeeks(campaign.campaign.startDate.iso, campaign.campaign.endDate.iso).map((w) => w.week);
  const today = FIXED_NOW.toISOString().slice(0, 10);
  const current = campaignWeeks(campaign.campaign.startDate.iso, campaign.campaign.endDate.iso).find((w) => w.start <= today && today <= w.end)?.week ?? '';
  const candidates = [...weeks.filter((w) => w >= current), ...weeks.filter((w) => w < current).reverse()];
  for (const week of candidates) {
    const report = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${unit}/reports/${week}`)).json() as ReportState;
    if ((report.status === 'missing' || report.status === 'draft') && report.actions.includes('submit')) return week;
  }
  throw new Error(`every week of ${unit} is already submitted in the demo`);
}

/**
 * Presses the send button and waits for `success`. When the server finds a figure unusual,
 * the page asks for an explanation next to it: give one and send again (whether a figure is
 * unusual depends on the demo's history, which this step does not test).
 */
async function sendConfirming(page: Page, button: string, success: string): Promise<void> {
  const ok = page.getByRole('status').filter({ hasText: success });
  const explain = page.getByRole('textbox', { name: 'Giải thích', exact: true });
  await page.getByRole('button', { name: button, exact: true }).click();
  await ok.or(explain.first()).first().waitFor();
  if (await ok.count() === 0) {
    for (const field of await explain.all()) await field.fill('Đã kiểm tra lại với cơ sở');
    await page.getByRole('button', { name: button, exact: true }).click();
    await ok.waitFor();
  }
}

browserSuite('reporting workflow', (app) => {
  it('submit → return with a reason → fix and resubmit → approve → correct with a reason', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    const week = await unsubmittedWeek(page, HANOI);
    const reportUrl = `/report/${CAMPAIGN}/${HANOI}/${week}`;
    await page.goto(reportUrl);

    // The deadline, and no review buttons for the unit's own reporter.
    await waitForText(page.getByTestId('report-deadline'), /Hạn nộp: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await page.getByLabel(STREETS, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Duyệt', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Trả lại', exact: true }).count()).toBe(0);

    // 500 streets in a week, far above Hà Nội's usual few: the server asks for an explanation.
    const card = page.getByTestId('report-indicator-tuyen-pho');
    await page.getByLabel(STREETS, { exact: true }).fill('500');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    const explanation = card.getByRole('textbox', { name: 'Giải thích', exact: true });
    await explanation.waitFor();
    await waitForText(card.locator('.report-outlier-message'), 'bất thường');
    // Sending again without the explanation: the server asks again, in the summary at the top of the form, which takes the focus.
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') === true);
    await waitForText(page.locator('.error-summary'), 'bất thường');
    await explanation.fill(EXPLANATION);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'report-outlier');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    await waitForText(page.getByTestId('report-state'), 'đã gửi');
    await signOut(page);

    // The steering committee (TW, the parent) sees the flag with the explanation and returns the report.
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(reportUrl);
    await waitForText(page.getByTestId('report-flags'), EXPLANATION);
    expect(await page.getByLabel(STREETS, { exact: true }).count(), 'the reviewer does not edit the figures').toBe(0);
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận trả lại', exact: true }).click();
    await waitForText(page.getByTestId('report-review'), 'Cần ghi lý do trả lại');
    await page.getByLabel('Lý do trả lại', { exact: true }).fill(RETURN_REASON);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'report-review');
    await page.getByRole('button', { name: 'Xác nhận trả lại', exact: true }).click();
    await waitForText(page.getByTestId('report-state'), 'bị trả lại');
    await signOut(page);

    // The unit sees why, fixes the figure and sends the report again.
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(reportUrl);
    await waitForText(page.getByTestId('return-reason'), RETURN_REASON);
    await page.getByLabel(STREETS, { exact: true }).fill('5');
    await sendConfirming(page, 'Gửi lại báo cáo', 'Đã gửi báo cáo');
    await waitForText(page.getByTestId('report-state'), 'đã gửi');
    expect(await page.getByTestId('return-reason').count()).toBe(0);
    await signOut(page);

    // Approved: locked, and the history tells the whole story with the reason.
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(reportUrl);
    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await waitForText(page.getByTestId('report-state'), 'đã duyệt');
    await waitForText(page.getByTestId('report-locked'), 'đã khóa');
    const history = page.getByTestId('report-history');
    for (const step of ['(trống) → đã gửi', 'đã gửi → bị trả lại', RETURN_REASON, 'bị trả lại → đã gửi', '500 → 5', 'đã gửi → đã duyệt']) {
      await waitForText(history, step);
    }
    await waitForText(history, 'Ban Chỉ đạo Trung ương');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'report-approved');
    await signOut(page);

    // After approval the figures are locked; a correction needs a reason and waits for approval again.
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(reportUrl);
    await waitForText(page.getByTestId('report-state'), 'đã duyệt');
    await waitForText(page.getByTestId('report-locked'), 'đính chính');
    expect(await page.getByLabel(STREETS, { exact: true }).count(), 'an approved report has no inputs').toBe(0);
    await page.getByRole('button', { name: 'Đính chính', exact: true }).click();
    await page.getByLabel(STREETS, { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Gửi đính chính', exact: true }).click();
    await waitForText(page.locator('.report-correction'), 'Cần ghi lý do đính chính');
    await page.getByLabel('Lý do đính chính', { exact: true }).fill(CORRECTION_REASON);
    await sendConfirming(page, 'Gửi đính chính', 'Đã gửi đính chính');
    await waitForText(page.getByTestId('report-state'), 'đã gửi');
    await waitForText(page.getByTestId('correction-reason'), CORRECTION_REASON);
    await waitForText(page.getByTestId('report-history'), 'đã duyệt → đã gửi');
    await waitForText(page.getByTestId('report-history'), CORRECTION_REASON);
  });

  it('refuses the second of two saves of the same report, says so, and reloads keeping what was typed', async () => {
    const first = await app.page();
    await signIn(first, 'laocai.baocao', PASSWORD);
    const week = await unsubmittedWeek(first, LAO_CAI);
    const url = `/report/${CAMPAIGN}/${LAO_CAI}/${week}`;
    const second = await first.context().newPage();
    await first.goto(url);
    await second.goto(url);
    await first.getByLabel(STREETS, { exact: true }).fill('3');
    await second.getByLabel(STREETS, { exact: true }).waitFor();

    await first.getByRole('button', { name: 'Lưu nháp', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Đã lưu nháp' }).waitFor();

    await second.getByLabel(STREETS, { exact: true }).fill('4');
    await second.getByRole('button', { name: 'Lưu nháp', exact: true }).click();
    const conflict = second.getByTestId('report-conflict');
    await waitForText(conflict, 'người khác cập nhật');
    await assertNoHorizontalScroll(second);
    await conflict.getByRole('button', { name: 'Tải lại báo cáo', exact: true }).click();
    // The report as it now stands, with this tab's typing offered back on top of it.
    await second.getByRole('status').filter({ hasText: 'Đã khôi phục' }).waitFor();
    expect(await second.getByLabel(STREETS, { exact: true }).inputValue()).toBe('4');
    await second.getByRole('button', { name: 'Lưu nháp', exact: true }).click();
    await second.getByRole('status').filter({ hasText: 'Đã lưu nháp' }).waitFor();
  });

  it('shows a reporter no review buttons and no data-quality page', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Báo cáo tuần', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Chất lượng số liệu', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Nhật ký thay đổi', exact: true }).count()).toBe(0);

    // A week the demo has submitted, whatever its review state.
    await page.goto(`/report/${CAMPAIGN}/${HANOI}/2023-W25`);
    await page.getByTestId('report-state').waitFor();
    await page.getByTestId('report-history').waitFor();
    expect(await page.getByRole('button', { name: 'Duyệt', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Trả lại', exact: true }).count()).toBe(0);
    expect(await page.getByTestId('report-review').count()).toBe(0);

    await page.goto(`/quality/${CAMPAIGN}/${HANOI}`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Không tìm thấy trang này');
    expect(await page.getByTestId('quality-units').count()).toBe(0);

    // A province's own manager does not approve the province's own report either (its parent does).
    await signOut(page);
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/${HANOI}/2023-W25`);
    await page.getByTestId('report-history').waitFor();
    expect(await page.getByRole('button', { name: 'Duyệt', exact: true }).count()).toBe(0);
  });

  it('the data-quality page: rates, the late-units sentence in either order, several children approved at once', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);

    // The latest week with late or missing provinces, as the API has it.
    type Timeliness = {
      weeks: { week: { week: string }; summary: { late: number; missing: number } }[];
      lateUnits: { sentence: string } | null;
    };
    const base = `/api/v1/campaigns/${CAMPAIGN}/units/TW/timeliness`;
    const overview = await (await page.request.get(base)).json() as Timeliness;
    const lateWeek = [...overview.weeks].reverse().find((w) => w.summary.late + w.summary.missing > 0)?.week.week;

    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Chất lượng số liệu', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/quality/${CAMPAIGN}/TW`);
    await waitForText(page.getByTestId('quality-rates'), 'Tỉ lệ đầy đủ');
    await waitForText(page.getByTestId('quality-rates'), /\d+(,\d+)?%/);

    if (lateWeek) {
      const byCode = await (await page.request.get(`${base}?period=${lateWeek}&order=code`)).json() as Timeliness;
      const byName = await (await page.request.get(`${base}?period=${lateWeek}&order=name`)).json() as Timeliness;
      await page.getByLabel('Tuần báo cáo', { exact: true }).selectOption(lateWeek);
      const sentence = page.getByTestId('late-units-sentence');
      await waitForText(sentence, byCode.lateUnits?.sentence ?? 'cụ thể:');
      expect(await textOf(sentence)).toMatch(/^Công tác thông tin, báo cáo của một số .+ cụ thể: .+\.$/);
      await page.getByRole('radio', { name: 'theo tên', exact: true }).check();
      await page.waitForURL((url) => url.searchParams.get('order') === 'name');
      await waitForText(sentence, byName.lateUnits?.sentence ?? 'cụ thể:');
      await page.getByRole('radio', { name: 'theo mã', exact: true }).check();
      await waitForText(sentence, byCode.lateUnits?.sentence ?? 'cụ thể:');
    } else {
      console.warn('The demo has no late or missing province in any week: the page can only say so.');
      await page.getByTestId('late-units-none').waitFor();
    }
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'quality');

    // Approve one child's submitted report from the table: a report not yet opened is refused
    // on its row with the reason; once opened, it is approved. The week and unit come from the API.
    type Rows = { selected: { rows: { unit: { code: string }; isChild: boolean; reportStatus: string }[] } | null };
    let target: { period: string; unit: string } | null = null;
    for (const w of [...overview.weeks].reverse()) {
      const detail = await (await page.request.get(`${base}?period=${w.week.week}`)).json() as Rows;
      const row = detail.selected?.rows.find((r) => r.isChild && r.reportStatus === 'submitted');
      if (row) { target = { period: w.week.week, unit: row.unit.code }; break; }
    }
    if (!target) throw new Error('no province has a submitted report awaiting approval in the demo');
    await page.getByLabel('Tuần báo cáo', { exact: true }).selectOption(target.period);
    await page.waitForURL((url) => url.searchParams.get('period') === target.period);
    const table = page.getByTestId('quality-units');
    const row = table.locator(`tr[data-unit="${target.unit}"]`);
    const box = row.getByRole('checkbox', { name: `Chọn báo cáo của ${unitName(target.unit)}`, exact: true });
    await box.check();
    await page.getByRole('button', { name: 'Duyệt các báo cáo đã chọn (1)', exact: true }).click();
    const result = page.getByTestId('approve-result');
    await waitForText(result, /Đã duyệt \d báo cáo/);
    if ((await textOf(result)).includes('Đã duyệt 0 báo cáo')) {
      await waitForText(row, 'Cần mở xem báo cáo');
      await row.getByRole('link', { name: `Mở báo cáo của ${unitName(target.unit)}`, exact: true }).click();
      await page.getByTestId('report-review').waitFor();
      await page.goBack();
      await table.locator(`tr[data-unit="${target.unit}"]`).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Duyệt các báo cáo đã chọn (1)', exact: true }).click();
      await waitForText(page.getByTestId('approve-result'), 'Đã duyệt 1 báo cáo');
    }
    await waitForText(table.locator(`tr[data-unit="${target.unit}"]`), 'đã duyệt');
    const after = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${target.unit}/reports/${target.period}`)).json() as ReportState;
    expect(after.status).toBe('approved');
  });

  it('lets an administrator search the audit log by unit, with dates typed dd/mm/yyyy, page by page', async () => {
    const page = await app.page();
    await signIn(page, 'admin', PASSWORD);
    await page.getByRole('navigation', { name: 'Điều hướng chính', exact: true }).getByRole('link', { name: 'Nhật ký thay đổi', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/audit');

    await page.getByLabel('Mã đơn vị', { exact: true }).fill(HANOI);
    await page.getByLabel('Từ ngày', { exact: true }).fill('31/02/2023');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await waitForText(page.getByRole('alert').first(), 'Ngày không hợp lệ');
    await page.getByLabel('Từ ngày', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();

    const results = page.getByTestId('audit-results');
    await waitForText(results, unitName(HANOI));
    const entries = results.locator('.history-entry');
    const firstPage = await entries.count();
    expect(firstPage).toBeGreaterThan(0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'audit');
    const more = results.getByRole('button', { name: 'Xem thêm', exact: true });
    if (await more.count() > 0) {
      await more.click();
      await expect.poll(() => entries.count()).toBeGreaterThan(firstPage);
    }
    // Every entry is about Hà Nội.
    const places = await results.locator('.history-place').allInnerTexts();
    expect(places.length).toBe(await entries.count());
    expect(places.every((p) => p.includes(unitName(HANOI)))).toBe(true);

    // Not offered to a steering account, and not opened by address either.
    await signOut(page);
    await signIn(page, 'tw.chidao', PASSWORD);
    expect(await page.getByRole('link', { name: 'Nhật ký thay đổi', exact: true }).count()).toBe(0);
    await page.goto('/audit');
    await waitForText(page.getByRole('heading', { level: 1 }), 'Không tìm thấy trang này');
  });

  it('shows the escalation of missing reports on the bell and marks it read when it is opened', async () => {
    // The demo's history ran the reminder job at its own times: on Monday 03/07/2023 at 12:00,
    // two hours after the deadline, the reports of week 26 still missing were escalated to
    // TW's managers (the late ones among them; the server's pass at start adds nothing).
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    const list = await (await page.request.get('/api/v1/notifications')).json() as {
      unread: number; notifications: { title: string; body: string; link: string | null }[];
    };
    const escalation = list.notifications.find((n) => n.title.includes('chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023'));
    expect(escalation?.title).toBe('Trung ương Đoàn: 7 đơn vị chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023');
    for (const name of ['Đoàn Khối Doanh nghiệp Trung ương', 'Lai Châu', 'Ninh Thuận', 'Lào Cai', 'Bắc Kạn']) expect(escalation?.body).toContain(name);
    const before = list.unread;
    expect(before).toBeGreaterThan(0);

    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`Thông báo: ${before} chưa đọc`);
    await bell.click();
    const panel = page.getByRole('region', { name: 'Thông báo', exact: true });
    await waitForText(panel, '7 đơn vị chưa gửi báo cáo');
    await waitForText(panel, 'Lai Châu');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'notifications');

    await panel.getByRole('button', { name: /7 đơn vị chưa gửi báo cáo tuần 26\/06/ }).click();
    await page.waitForURL((url) => url.pathname === `/quality/${CAMPAIGN}/TW`);
    const expected = before - 1;
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(expected > 0 ? `Thông báo: ${expected} chưa đọc` : 'Thông báo');
  });
});
