/**
 * Activities in the browser (issue 20): the centre adds a focus area in Hà Nội to the demo's
 * lists on the page (a bad code refused first); at 360 px Kim Mã's reporter adds a work with a
 * photo (a negative value and a date after the campaign refused first, field by field, nothing written)
 * and a press item (a bad link refused first), and downloads the list as .xlsx; Hà Nội's manager
 * sees the province's totals move, on the dashboard left open (live) and on the Hoạt động page; the centre records an inspection with findings, and its open
 * recommendations and covered focus areas go up by one (the demo's illustrative records count too).
 *
 * The harness clock is 10:00 on 06/07/2023, inside the 2023 campaign (27/5 – 31/8/2023).
 */
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { CAMPAIGN, DESKTOP, PASSWORD, PHONE, assertNoHorizontalScroll, screenshot, signIn, signOut, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const KIM_MA = '01-BD-KM';

browserSuite('activities', (app) => {
  it('a ward\'s reporter adds a work and a press item on a phone, the province\'s totals move, the centre records an inspection', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // The demo's lists have the work kinds; the centre adds a focus area in Hà Nội on the page (a bad code refused first).
    await page.goto(`/activities/${CAMPAIGN}/TW`);
    const lists = page.getByTestId('activity-lists');
    await lists.locator('summary').click();
    await lists.getByRole('tab', { name: 'Địa bàn trọng tâm' }).click();
    await waitForText(lists, 'Đảo Thanh niên Cô Tô');
    await lists.getByLabel('Mã', { exact: true }).fill('Ba Vì');
    await lists.getByLabel('Tên', { exact: true }).fill('Xã Ba Vì');
    await lists.getByLabel('Loại địa bàn', { exact: true }).fill('Xã nông thôn mới');
    await lists.getByLabel('Mã đơn vị phụ trách', { exact: true }).fill('01');
    await lists.getByRole('button', { name: 'Thêm vào danh mục', exact: true }).click();
    await waitForText(lists.locator('.error-summary'), 'chỉ gồm chữ thường không dấu');
    await lists.getByLabel('Mã', { exact: true }).fill('ba-vi');
    await lists.getByRole('button', { name: 'Thêm vào danh mục', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã lưu "Xã Ba Vì" vào danh mục.');
    await waitForText(lists, 'Xã Ba Vì · Xã nông thôn mới · Thành Đoàn Hà Nội');
    await signOut(page);

    // Hà Nội's manager keeps the province's dashboard open: no work yet, the new focus area not covered.
    const dashboard = await app.page();
    await signIn(dashboard, 'hanoi.quanly', PASSWORD);
    await dashboard.goto(`/dashboard/${CAMPAIGN}/01`);
    await dashboard.getByTestId('live-indicator').waitFor();
    const provinceActivities = dashboard.getByTestId('dashboard-activities');
    await waitForText(provinceActivities.getByTestId('activity-card-focus'), '0/1');
    expect(await textOf(provinceActivities.getByTestId('activity-card-works'))).toMatch(/^Công trình, phần việc\s*0$/);

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
    // A photo taken on the phone (sideways, as phones store them).
    const photo = await sharp({ create: { width: 1_600, height: 1_200, channels: 3, background: { r: 30, g: 140, b: 90 } } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    await form.getByLabel(/^Ảnh/).setInputFiles({ name: 'pho-kim-ma.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã ghi công trình, phần việc thanh niên: Tuyến phố văn minh phố Kim Mã');
    await waitForText(page.getByTestId('activities-notice'), 'Đã thêm 1 ảnh.');
    const works = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${KIM_MA}/activities?kind=work`)).json() as {
      records: { photos: { width: number; height: number; displayUrl: string }[] }[];
    };
    expect(works.records[0]!.photos).toEqual([expect.objectContaining({ width: 1_200, height: 1_600 })]);
    const display = await page.request.get(works.records[0]!.photos[0]!.displayUrl);
    expect(display.headers()['content-type']).toBe('image/jpeg');
    expect(await sharp(await display.body()).metadata()).toMatchObject({ width: 960, height: 1_280 });
    await waitForText(page.getByTestId('activities-list'), '150 triệu đồng');
    await waitForText(page.getByTestId('activity-card-works'), '150 triệu đồng');
    // The province's open dashboard has moved, without a reload.
    await waitForText(provinceActivities.getByTestId('activity-card-works'), '150 triệu đồng');

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

    // The centre's inspection of Hà Nội, with its findings, on a phone too.
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.setViewportSize(PHONE);
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

    // Filtered by the focus area Ba Vì: only this visit, in the list and in the totals.
    const filters = page.getByTestId('activity-filters');
    await filters.locator('summary').click();
    await filters.getByLabel('Địa bàn trọng tâm', { exact: true }).selectOption({ label: 'Xã Ba Vì' });
    await filters.getByRole('button', { name: 'Lọc', exact: true }).click();
    await waitForText(filters.locator('summary'), 'Đang lọc (1 điều kiện)');
    await waitForText(page.getByTestId('activity-card-inspections'), '1 kiến nghị chưa khắc phục xong');
    expect(await page.getByTestId('activities-list').locator('li').count()).toBe(1);

    // The province's dashboard, of the demo's programme alone: it has no indicators of its own, so its activities.
    await dashboard.getByTestId('programme-filter').selectOption({ label: 'Chương trình Tiếp sức mùa thi năm 2023' });
    await dashboard.waitForURL((url) => url.searchParams.get('programme') === 'tiep-suc-mua-thi');
    await waitForText(dashboard.getByTestId('programme-no-indicators'), 'không có chỉ tiêu riêng');
    await dashboard.getByTestId('dashboard-activities').waitFor();
  });
});
