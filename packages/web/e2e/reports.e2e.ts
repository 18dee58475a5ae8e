/**
 * The reports in the browser: the central steering staff follow the dashboard's link to the
 * weekly progress report of the week shown, see the figures, the late units and the annex of
 * the provinces drafted from the data, list the late units by name, save, and download the
 * Word file and the annex; the final report opens from the documents' own links. The page
 * fits a 360 px phone.
 */
import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, screenshot, signIn, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const PROGRESS_URL = `/documents/${CAMPAIGN}/progress/TW/2023-W26`;

browserSuite('reports', (app) => {
  it('opens the weekly report from the dashboard, orders the late units by name, saves and downloads the .docx', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);
    await page.getByRole('link', { name: 'Báo cáo tiến độ tuần', exact: true }).click();
    await page.waitForURL((url) => url.pathname === PROGRESS_URL);

    const preview = page.getByTestId('notice-preview');
    await waitForText(preview, 'Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra');
    // The rate at the campaign's precision (2 decimals), like every percentage of the report.
    await waitForText(preview, 'Trong tuần, có 60/67 đơn vị trực thuộc gửi báo cáo đúng hạn (đạt 89,55%)');
    await screenshot(page, 'progress-report');

    // The annex, folded under its title: real tables with a row per province and the national total.
    const annex = preview.getByTestId('annex');
    await annex.getByText('PHỤ LỤC', { exact: true }).click();
    await waitForText(annex, 'Tổng cộng (Trung ương Đoàn)');
    expect(await annex.getByRole('table').count()).toBe(4);
    expect(await annex.getByRole('row').filter({ hasText: 'Thành Đoàn Hà Nội' }).count()).toBe(4);
    await assertNoHorizontalScroll(page);

    await page.getByLabel('Thứ tự các đơn vị chậm báo cáo', { exact: true }).selectOption('name');
    await page.getByRole('button', { name: 'Lưu bản thảo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu bản thảo.' }).waitFor();
    await waitForText(preview, 'cụ thể: Bắc Kạn, Đoàn Khối Doanh nghiệp Trung ương, Lai Châu, Lào Cai, Ninh Thuận, Quảng Trị, Sóc Trăng.');

    const href = await page.getByRole('link', { name: 'Tải tệp Word (.docx)', exact: true }).getAttribute('href');
    expect(href).toBe(`/api/v1/campaigns/${CAMPAIGN}/units/TW/documents/progress/2023-W26/docx`);
    const docx = await page.request.get(href!);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('wordprocessingml');
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
    const annexHref = await page.getByRole('link', { name: 'Tải phụ lục (.xlsx)', exact: true }).getAttribute('href');
    const xlsx = await page.request.get(annexHref!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('opens the final report beside the phase notices', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/documents/${CAMPAIGN}/notice/1`);
    await page.getByRole('link', { name: 'Báo cáo tổng kết chiến dịch', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/documents/${CAMPAIGN}/final`);
    const preview = page.getByTestId('notice-preview');
    await waitForText(preview, 'Tổng kết Chiến dịch Thanh niên tình nguyện Hè năm 2023');
    await waitForText(preview, 'Kết quả theo từng đợt');
    await waitForText(preview, 'kỳ báo cáo tuần');
    await assertNoHorizontalScroll(page);
  });
});
