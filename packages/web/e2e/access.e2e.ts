import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, indicatorName, signIn, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const FORBIDDEN = 'Bạn không có quyền thực hiện thao tác này với đơn vị này.';

browserSuite('access', (app) => {
  it("refuses a Hà Nội reporter the report of Hồ Chí Minh City, with no inputs", async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/report/${CAMPAIGN}/79/2023-W27`);
    await waitForText(page.getByRole('alert'), FORBIDDEN);
    const main = page.getByRole('main');
    expect(await main.getByRole('textbox').count()).toBe(0);
    expect(await page.getByLabel(indicatorName('tuyen-pho'), { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lưu nháp', exact: true }).count()).toBe(0);
    await assertNoHorizontalScroll(page);
  });

  it("refuses a Hà Nội reporter the dashboard of Hồ Chí Minh City", async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/79`);
    await waitForText(page.getByRole('alert'), FORBIDDEN);
    expect(await page.getByTestId('indicator-card-tuyen-pho').count()).toBe(0);
  });

  it('offers a reporter the weekly report but not campaign creation', async () => {
    const page = await app.page();
    await signIn(page, 'laocai.baocao', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Báo cáo tuần', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Tạo chiến dịch', exact: true }).count()).toBe(0);

    // Typing the address does not open the form either.
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByLabel('Mã chiến dịch', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tạo chiến dịch', exact: true }).count()).toBe(0);
  });

  it('offers a viewer no weekly report', async () => {
    const page = await app.page();
    await signIn(page, 'tw.xem', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Tiến độ', exact: true }).waitFor();
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    expect(await page.getByRole('link', { name: 'Báo cáo tuần', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tạo chiến dịch', exact: true }).count()).toBe(0);
    await assertNoHorizontalScroll(page);
  });
});
