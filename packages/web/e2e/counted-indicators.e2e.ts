/**
 * An indicator counted from records, in the browser (issue 20): the centre creates a short
 * campaign whose one indicator, "Tin, bài tuyên truyền", has no figures yet, and on the
 * Hoạt động page says it is counted from press items; at 360 px Kim Mã's reporter records a
 * press item of the week and two more from the kind's template, filled and imported on the
 * page, and the weekly report form shows the count read-only, with the
 * rule in words and no field to type in; submitting writes it, and the report shows it as
 * the submitted figure.
 *
 * The harness clock is 10:00 on 06/07/2023 (week 27: 03/7 – 09/7/2023).
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, PHONE, assertNoHorizontalScroll, newContext, signIn, signOut, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const KIM_MA = '01-BD-KM';
const CAMPAIGN = 'tuyen-truyen-he-2023';

browserSuite('indicators counted from records', (app) => {
  beforeAll(async () => {
    const context = await newContext(app.browser, app.server);
    try {
      const signedIn = await context.request.post('/api/v1/session', { data: { username: 'admin', password: PASSWORD } });
      expect(signedIn.status()).toBe(200);
      const headers = { 'x-csrf-token': ((await signedIn.json()) as { csrfToken: string }).csrfToken };
      const indicator = await context.request.post('/api/v1/indicators', {
        headers, data: { code: 'tin-bai-he', name: 'Tin, bài tuyên truyền', unitOfMeasure: 'tin, bài', valueKind: 'integer', reportingMode: 'increment' },
      });
      expect(indicator.status(), await indicator.text()).toBe(201);
      const campaign = await context.request.post('/api/v1/campaigns', {
        headers, data: {
          code: CAMPAIGN, name: 'Tuyên truyền hè 2023', startDate: '2023-07-03', endDate: '2023-07-30', rootUnitCode: 'TW', phases: [],
          targets: [{ indicatorCode: 'tin-bai-he', target: 2_000 }],
        },
      });
      expect(campaign.status(), await campaign.text()).toBe(201);
    } finally {
      await context.close();
    }
  });

  it('the centre counts an indicator from press items; a ward\'s report form shows the week\'s count read-only and submits it', async () => {
    const page = await app.page();
    await signIn(page, 'admin', PASSWORD);
    await page.goto(`/activities/${CAMPAIGN}/TW`);
    const editor = page.getByTestId('counted-indicators');
    await editor.locator('summary').click();
    await waitForText(editor, 'Tin, bài tuyên truyền: các đơn vị tự nhập');
    await editor.getByLabel('Cách lấy số liệu', { exact: true }).selectOption({ label: 'đếm từ tin, bài tuyên truyền' });
    await editor.getByLabel('Tính', { exact: true }).selectOption({ label: 'số bản ghi' });
    await editor.getByRole('button', { name: 'Lưu cách lấy số liệu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã lưu cách lấy số liệu của "Tin, bài tuyên truyền".');
    await waitForText(editor, 'Tin, bài tuyên truyền: Đếm từ hoạt động: số tin, bài tuyên truyền, trong tuần');
    await signOut(page);

    await signIn(page, 'kimma.baocao', PASSWORD);
    await page.setViewportSize(PHONE);
    await page.goto(`/activities/${CAMPAIGN}/${KIM_MA}`);
    await page.getByRole('tab', { name: 'tin, bài tuyên truyền' }).click();
    await page.getByRole('button', { name: 'Thêm tin, bài tuyên truyền', exact: true }).click();
    const press = page.getByTestId('activity-form');
    await press.getByLabel(/^Kênh/).selectOption({ label: 'Facebook' });
    await press.getByLabel(/^Cơ quan báo chí/).fill('Fanpage Tuổi trẻ Kim Mã');
    await press.getByLabel(/^Tiêu đề/).fill('Ra quân Ngày Chủ nhật xanh');
    await press.getByLabel(/^Ngày đăng/).fill('04/07/2023');
    await press.getByRole('button', { name: 'Lưu', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã ghi tin, bài tuyên truyền: Ra quân Ngày Chủ nhật xanh');

    // Two more from a sheet: the kind's template, filled, imported on the page.
    const template = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${KIM_MA}/activities-template.xlsx?kind=press`);
    expect(template.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await template.body() as unknown as ArrayBuffer);
    book.worksheets[0]!.getRow(3).values = ['', 'Zalo', 'Nhóm Zalo Tuổi trẻ Kim Mã', 'Lịch hiến máu tình nguyện', null, '05/07/2023'];
    book.worksheets[0]!.getRow(4).values = ['', 'TikTok', 'Tuổi trẻ Kim Mã', 'Một ngày tình nguyện', 'https://www.tiktok.com/@tuoitrekimma/video/1', '06/07/2023', null, 15000];
    const importer = page.getByTestId('activities-import');
    await importer.locator('summary').click();
    await importer.getByLabel('Tệp đã điền (.xlsx hoặc .csv)', { exact: true }).setInputFiles({
      name: 'tin-bai.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await importer.getByRole('button', { name: 'Nhập tệp', exact: true }).click();
    await waitForText(page.getByTestId('activities-notice'), 'Đã nhập 2 tin, bài tuyên truyền; 0 dòng đã có từ trước nên để nguyên.');
    await waitForText(page.getByTestId('activity-card-press'), '3');

    await page.goto(`/report/${CAMPAIGN}/${KIM_MA}/2023-W27`);
    const counted = page.getByTestId('counted-tin-bai-he');
    await waitForText(counted, 'Đếm từ hoạt động: số tin, bài tuyên truyền, trong tuần');
    expect((await textOf(counted.locator('output'))).trim()).toBe('3');
    expect(await page.getByTestId('report-indicator-tin-bai-he').locator('input').count()).toBe(0);
    await assertNoHorizontalScroll(page);
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await waitForText(page.locator('[role="status"]').first(), 'Đã gửi báo cáo tuần');
    const stored = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${KIM_MA}/reports/2023-W27`)).json() as {
      status: string; indicators: { code: string; submitted: { entered: number } | null }[];
    };
    expect(stored.status).toBe('submitted');
    expect(stored.indicators.find((i) => i.code === 'tin-bai-he')?.submitted?.entered).toBe(3);
  });
});
