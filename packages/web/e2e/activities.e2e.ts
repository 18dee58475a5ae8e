/**
 * Activities in the browser at 360 px (issue 20): the centre adds a focus area in Hà Nội to the
 * demo's lists (through the API, as the set-up page is not built yet); Kim Mã's reporter adds a
 * work (a bad value refused first, field by field, nothing written) and a press item on the
 * phone; Hà Nội's manager sees the province's totals move; the centre records an inspection
 * with findings; the reporter corrects the work with a reason.
 *
 * The harness clock is 10:00 on 06/07/2023, inside the 2023 campaign (05/6 – 31/8/2023).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CAMPAIGN, DESKTOP, PASSWORD, PHONE, assertNoHorizontalScroll, screenshot, signIn, signOut, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

async function apiWrite(page: Page, method: 'PUT' | 'POST', path: string, data: unknown): Promise<number> {
  const session = await (await page.request.get('/api/v1/session')).json() as { csrfToken: string };
  return (await page.request.fetch(path, { method, data, headers: { 'x-csrf-token': session.csrfToken } })).status();
}

const KIM_MA = '01-BD-KM';

browserSuite('activities', (app) => {
  it('a ward\'s reporter adds a work and a press item on a phone, the province\'s totals move, the centre records an inspection', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // The demo's lists have the work kinds; Hà Nội gets a focus area.
    expect(await apiWrite(page, 'PUT', `/api/v1/campaigns/${CAMPAIGN}/units/TW/activity-setup`, {
      focusAreas: [{ code: 'ba-vi', kind: 'Xã nông thôn mới', name: 'Xã Ba Vì', unitCode: '01' }],
    })).toBe(200);
    await signOut(page);

    await signIn(page, 'kimma.baocao', PASSWORD);
    const session = await (await page.request.get('/api/v1/session')).json() as { unit: { code: string } };
    expect(session.unit.code).toBe(KIM_MA);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Hoạt động', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/activities/${CAMPAIGN}/${KIM_MA}`);
    // The rest on a phone.
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { name: /^Hoạt động của / }).waitFor();

    // A work with a negative value and a date after the campaign: both said, nothing written.
    await page.getByRole('button', { name: 'Thêm công trình, phần việc thanh niên', exact: true }).click();
    const form = page.getByTestId('activity-form');
    await form.getByLabel('Tên công trình, phần việc', { exact: false }).fill('Tuyến phố văn minh phố Kim Mã');
    await form.getByLabel(/^Loại công trình/).selectOption({ label: 'Tuyến phố văn minh' });
    await form.getByLabel(/^Giá trị/).fill('-5');
    await form.getByLabel(/^Ngày khởi công|^Ngày bắt đầu/).fill('05/09/2023');
    await form.getByLabel(/^Trạng thái|^Tình trạng/).selectOption({ label: 'đang thực hiện' });
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/activities'));
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await refused).status()).toBe(400);
    const summary = form.locator('.error-summary');
    await waitForText(summary, 'không âm');
    await waitForText(summary, 'nằm ngoài thời gian chiến dịch');
    await assertNoHorizontalScroll(page);
    expect((await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${KIM_MA}/activities`)).json() as { total: number }).total).toBe(0);

    await form.getByLabel(/^Giá trị/).fill('150.000.000');
    await form.getByLabel(/^Ngày khởi công|^Ngày bắt đầu/).fill('01/07/2023');
    await form.getByLabel(/^Nguồn kinh phí/).selectOption({ label: 'xã hội hóa' });
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã ghi công trình, phần việc thanh niên: Tuyến phố văn minh phố Kim Mã');
    await waitForText(page.getByTestId('activities-list'), '150 triệu đồng');
    await waitForText(page.getByTestId('activity-card-works'), '150 triệu đồng');

    // A press item, its link checked.
    await page.getByRole('tab', { name: 'tin, bài tuyên truyền' }).click();
    await page.getByRole('button', { name: 'Thêm tin, bài tuyên truyền', exact: true }).click();
    const press = page.getByTestId('activity-form');
    await press.getByLabel(/^Kênh/).selectOption({ label: 'báo điện tử' });
    await press.getByLabel(/^Cơ quan báo chí/).fill('Báo Hà Nội Mới');
    await press.getByLabel(/^Tiêu đề/).fill('Tuổi trẻ Kim Mã ra quân tình nguyện hè');
    await press.getByLabel(/^Đường dẫn/).fill('hanoimoi');
    await press.getByLabel(/^Ngày đăng|^Ngày/).fill('02/07/2023');
    await press.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(press.locator('.error-summary'), 'địa chỉ web');
    await press.getByLabel(/^Đường dẫn/).fill('https://hanoimoi.vn/tuoi-tre-kim-ma');
    await press.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã ghi tin, bài tuyên truyền');
    await assertNoHorizontalScroll(page);
    // The kind's list as a workbook.
    const download = page.waitForEvent('download');
    await page.getByTestId('activities-xlsx').click();
    expect((await download).suggestedFilename()).toBe(`hoat-dong-${CAMPAIGN}-${KIM_MA}-press.xlsx`);
    await screenshot(page, 'activities');
    await page.setViewportSize(DESKTOP);
    await signOut(page);

    // Hà Nội's manager: the province's totals count the ward's records.
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto(`/activities/${CAMPAIGN}/01`);
    await waitForText(page.getByTestId('activity-card-works'), '150 triệu đồng');
    await waitForText(page.getByTestId('activity-card-press'), '1');
    await waitForText(page.getByTestId('activity-sentences'), 'đã có 01 tin, bài tuyên truyền về Chiến dịch trên báo điện tử');
    await signOut(page);

    // The centre's inspection of Hà Nội, with its findings.
    await signIn(page, 'tw.chidao', PASSWORD);
    type Totals = { inspections: { count: number; openFollowUps: number }; focusAreas: { covered: number; total: number } };
    const before = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/TW/activity-totals`)).json() as Totals;
    await page.goto(`/activities/${CAMPAIGN}/TW`);
    await page.getByRole('tab', { name: 'đoàn kiểm tra' }).click();
    await page.getByRole('button', { name: 'Thêm đoàn kiểm tra', exact: true }).click();
    const visit = page.getByTestId('activity-form');
    await visit.getByLabel(/^Đoàn kiểm tra/).fill('Đoàn kiểm tra số 1 của Ban Chỉ đạo');
    await visit.getByLabel(/^Ngày kiểm tra|^Ngày/).fill('05/07/2023');
    await visit.getByLabel(/^Đơn vị được kiểm tra/).fill('01');
    await visit.getByRole('checkbox', { name: /Xã Ba Vì/ }).check();
    await visit.getByLabel(/^Kết quả kiểm tra/).fill('Triển khai đúng kế hoạch; cần đẩy nhanh tuyến phố văn minh.');
    await visit.getByLabel(/^Tình hình khắc phục/).selectOption({ label: 'chưa khắc phục' });
    await visit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã ghi đoàn kiểm tra');
    // The demo's records (illustrative) are counted too: the new visit adds one open recommendation and covers Ba Vì.
    await waitForText(page.getByTestId('activity-card-inspections'), `${before.inspections.openFollowUps + 1} kiến nghị chưa khắc phục xong`);
    await waitForText(page.getByTestId('activity-card-focus'), `${before.focusAreas.covered + 1}/${before.focusAreas.total}`);
    expect(await textOf(page.getByTestId('activities-list'))).toContain('Đoàn kiểm tra số 1');
  });
});
