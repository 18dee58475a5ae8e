/**
 * People are told (issue 18): the steering committee returns a province's report with a
 * reason; the province's reporter, already on another page, sees the bell's count go up at
 * the next page, reads the notification with the reason, and opening it goes to the report.
 * A new user of the demo finds the bell working: the history's return and reminders are there.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CAMPAIGN, DESKTOP, PASSWORD, PHONE, assertNoHorizontalScroll, screenshot, signIn, signOut, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const HANOI = '01';
const WEEK = '2023-W26';
const RANGE = '26/06/2023 – 02/07/2023';
const REASON = 'Số nhà nhân ái chưa khớp với biên bản bàn giao, đề nghị kiểm tra lại.';

const unreadOf = async (page: Page) => ((await (await page.request.get('/api/v1/notifications')).json()) as { unread: number }).unread;
const bellLabel = (n: number) => (n > 0 ? `Thông báo: ${n} chưa đọc` : 'Thông báo');

browserSuite('notifications', (app) => {
  it('a returned report reaches the unit\'s reporter: the count, the reason, and the way to the report', async () => {
    const reporter = await app.page();
    await signIn(reporter, 'hanoi.baocao', PASSWORD);
    const before = await unreadOf(reporter);
    const bell = reporter.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(bellLabel(before));

    // Meanwhile TW, which reviews the provinces, returns Hà Nội's week-26 report with a reason.
    const reviewer = await app.page();
    await signIn(reviewer, 'tw.chidao', PASSWORD);
    await reviewer.goto(`/report/${CAMPAIGN}/${HANOI}/${WEEK}`);
    await reviewer.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await reviewer.getByLabel('Lý do trả lại', { exact: true }).fill(REASON);
    await reviewer.getByRole('button', { name: 'Xác nhận trả lại', exact: true }).click();
    await waitForText(reviewer.getByTestId('report-state'), 'bị trả lại');
    // The reviewer is not told of their own return.
    expect((await (await reviewer.request.get('/api/v1/notifications')).json()).notifications
      .some((n: { kind: string }) => n.kind === 'report_returned')).toBe(false);

    // The reporter moves to another page: the bell counts the new notification, without a reload.
    await reporter.getByRole('link', { name: 'Chỉ tiêu', exact: true }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(bellLabel(before + 1));
    await waitForText(reporter.locator('.bell-count'), String(before + 1));

    await bell.click();
    const panel = reporter.getByRole('region', { name: 'Thông báo', exact: true });
    const title = `Báo cáo tuần ${RANGE} của Thành Đoàn Hà Nội bị trả lại`;
    const item = panel.getByRole('button', { name: new RegExp(`^Chưa đọc: ${title}`) });
    await waitForText(item, `Lý do: ${REASON}`);
    await waitForText(item, 'Trung ương Đoàn đã trả lại báo cáo tuần');
    await assertNoHorizontalScroll(reporter);
    await screenshot(reporter, 'notification-returned');

    await item.click();
    await reporter.waitForURL((url) => url.pathname === `/report/${CAMPAIGN}/${HANOI}/${WEEK}`);
    await waitForText(reporter.getByTestId('return-reason'), REASON);
    await waitForText(reporter.getByTestId('report-state'), 'bị trả lại');
    // Read now: the count goes down by one.
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(bellLabel(before));
    await signOut(reporter);
  });

  it('a new user of the demo finds the bell working: the history\'s return and reminders', async () => {
    const page = await app.page();
    await signIn(page, 'bacgiang.baocao', PASSWORD);
    const bell = page.getByTestId('notification-bell');
    const unread = await unreadOf(page);
    expect(unread).toBeGreaterThan(0);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(bellLabel(unread));
    // On a phone the count is in sight in the header bar, as on a desktop.
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      const badge = await page.locator('.bell-count').boundingBox();
      expect(badge, `${size.width} px`).not.toBeNull();
      expect(badge!.x >= 0 && badge!.x + badge!.width <= size.width && badge!.y >= 0 && badge!.y + badge!.height <= size.height, `${size.width} px`).toBe(true);
      expect(await page.locator('.bell-count').textContent()).toBe(unread > 99 ? '99+' : String(unread));
    }
    await bell.click();
    const panel = page.getByRole('region', { name: 'Thông báo', exact: true });
    await waitForText(panel, `Báo cáo tuần ${RANGE} của Tỉnh Đoàn Bắc Giang bị trả lại`);
    await waitForText(panel, 'Lý do: Báo cáo chưa nêu khó khăn, vướng mắc và đề xuất; đề nghị bổ sung nội dung.');
    expect(await panel.getByText('Chưa có thông báo nào.').count()).toBe(0);
    // Escape closes the list (it lies over the header), the focus back on the bell.
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await signOut(page);

    // Lào Cai sent week 26 late: the day before the deadline it was reminded.
    await signIn(page, 'laocai.baocao', PASSWORD);
    await page.getByTestId('notification-bell').click();
    await waitForText(page.getByRole('region', { name: 'Thông báo', exact: true }), `Nhắc gửi báo cáo tuần ${RANGE}`);
  });
});
