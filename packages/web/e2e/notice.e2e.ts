/**
 * The conclusion notice in the browser: the central steering staff open phase 1's notice of
 * the demo campaign, see the figures drafted from the data in the paper-like preview, give it
 * a number and a date, save, reload and find them kept; an impossible date is refused next to
 * its field; the Word file downloads. The page fits a 360 px phone.
 */
import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, fillDate, screenshot, signIn, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const NOTICE_URL = `/documents/${CAMPAIGN}/notice/1`;

browserSuite('conclusion notice', (app) => {
  it('drafts the notice from the data, saves its number and date, refuses a bad date and downloads the .docx', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);

    // The shell links to phase 1's notice for the campaign's managers.
    await page.getByRole('navigation').getByRole('link', { name: 'Văn bản', exact: true }).click();
    await page.waitForURL((url) => url.pathname === NOTICE_URL);

    const preview = page.getByTestId('notice-preview');
    await waitForText(preview, 'Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra');
    await waitForText(preview, 'đạt 139,6%');
    await assertNoHorizontalScroll(page);

    await page.getByLabel('Số', { exact: true }).fill('46');
    await fillDate(page.getByLabel('Ngày ban hành (dd/mm/yyyy)', { exact: true }), '06/07/2023');
    await page.getByRole('button', { name: 'Lưu bản thảo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu bản thảo.' }).waitFor();
    await waitForText(preview, 'Số: 46-TB/TWĐTN-CNĐT');
    await waitForText(preview, 'Hà Nội, ngày 06 tháng 7 năm 2023');
    await screenshot(page, 'notice');

    await page.reload();
    await waitForText(preview, 'Số: 46-TB/TWĐTN-CNĐT');
    expect(await page.getByLabel('Số', { exact: true }).inputValue()).toBe('46');
    expect(await page.getByLabel('Ngày ban hành (dd/mm/yyyy)', { exact: true }).inputValue()).toBe('06/07/2023');

    // 31 February: refused with the server's Vietnamese message beside the date, nothing saved.
    const date = page.getByLabel('Ngày ban hành (dd/mm/yyyy)', { exact: true });
    await date.fill('31/02/2023');
    await page.getByRole('button', { name: 'Lưu bản thảo', exact: true }).click();
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    const errorId = ((await date.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    expect((await page.locator(`[id="${errorId}"]`).innerText()).trim()).toBe('Ngày "31/02/2023" không hợp lệ, cần dạng dd/mm/yyyy.');
    await waitForText(preview, 'Hà Nội, ngày 06 tháng 7 năm 2023');
    await assertNoHorizontalScroll(page);

    // The Word file, through the same link the page offers.
    const href = await page.getByRole('link', { name: 'Tải tệp Word (.docx)', exact: true }).getAttribute('href');
    expect(href).toBe(`/api/v1/campaigns/${CAMPAIGN}/units/TW/documents/notice/1/docx`);
    const docx = await page.request.get(href!);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('wordprocessingml');
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
  });

  // The tests share one server and run in order: these see what the first one saved.

  it('refuses a stale save with a way to reload what the other tab saved', async () => {
    const first = await app.page();
    const second = await app.page();
    for (const page of [first, second]) {
      await signIn(page, 'tw.chidao', PASSWORD);
      await page.goto(NOTICE_URL);
      await waitForText(page.getByTestId('notice-preview'), 'Số: 46-TB/TWĐTN-CNĐT');
    }
    await first.getByLabel('Số', { exact: true }).fill('47');
    await first.getByRole('button', { name: 'Lưu bản thảo', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Đã lưu bản thảo.' }).waitFor();

    await second.getByLabel('Số', { exact: true }).fill('48');
    await second.getByRole('button', { name: 'Lưu bản thảo', exact: true }).click();
    await waitForText(second.getByRole('alert'), 'Bản thảo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.');
    await second.getByRole('button', { name: 'Tải lại bản thảo', exact: true }).click();
    await waitForText(second.getByTestId('notice-preview'), 'Số: 47-TB/TWĐTN-CNĐT');
    expect(await second.getByLabel('Số', { exact: true }).inputValue()).toBe('47');
  });

  it('shows the draft read-only to a viewer, with the Word file but no save button', async () => {
    const page = await app.page();
    await signIn(page, 'tw.xem', PASSWORD);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Văn bản', exact: true }).count()).toBe(0);
    await page.goto(NOTICE_URL);
    await waitForText(page.getByTestId('notice-preview'), 'Số: 47-TB/TWĐTN-CNĐT');
    await page.getByText('Bạn đang xem bản thảo.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Lưu bản thảo', exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Số', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await page.getByRole('link', { name: 'Tải tệp Word (.docx)', exact: true }).waitFor();
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'notice-read-only');
  });
});
