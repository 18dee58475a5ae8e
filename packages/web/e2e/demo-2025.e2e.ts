/**
 * The demo as it stands after its 2025 (issue 19): the server's clock on Tuesday 12/08/2025,
 * after the reorganisation into the 34 provinces and the July campaign under them. TW opens on
 * the 2025 campaign by the 38 units of today; the 2023 campaign is shown by its own 67 units
 * or, with the switch, by today's; an account moved with its unit lands on the new one and
 * still reads its old unit's past; a district account closed with its level cannot sign in.
 */
import { expect, it } from 'vitest';
import { PASSWORD, assertNoHorizontalScroll, screenshot, signIn, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

/** Tuesday 12/08/2025, 10:00 in Hà Nội. */
const NOW = new Date('2025-08-12T03:00:00Z');

browserSuite('the demo after its 2025 reorganisation', (app) => {
  it('opens TW on the July 2025 campaign by the 38 units of today, and shows 2023 by its own units or by today\'s', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // The latest campaign (finished on 03/08/2025) is the one it opens on.
    expect(new URL(page.url()).pathname).toBe('/dashboard/tntn-he-2025/TW');
    await waitForText(page.locator('h1'), 'Trung ương Đoàn');
    await waitForText(page.locator('body'), 'Chiến dịch Thanh niên tình nguyện Hè năm 2025 (đợt tháng 7)');
    await waitForText(page.getByRole('table').last(), 'Tỉnh Đoàn Tuyên Quang');
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(34 + 4);
    // Its map is the map of the 34 provinces; it never had another structure, so no switch.
    await page.getByTestId('vietnam-map').waitFor();
    expect(await page.getByTestId('structure-switch').count()).toBe(0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'dashboard-2025');

    await page.goto('/dashboard/tntn-he-2023/TW?asOf=02/07/2023');
    const streets = page.getByTestId('indicator-card-tuyen-pho');
    await waitForText(streets, '698');
    // The cards can be drawn before the children's table: the count is waited for.
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(67);
    const switcher = page.getByTestId('structure-switch');
    await switcher.getByRole('radio', { name: 'Theo đơn vị hiện nay' }).check();
    await page.waitForURL((url) => url.searchParams.get('regroup') !== null);
    await waitForText(page.getByTestId('regroup-note'), 'Các đơn vị trực thuộc theo cơ cấu tổ chức');
    await waitForText(page.getByRole('table').last(), 'Tỉnh Đoàn Bắc Ninh');
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(34 + 4);
    const laoCai = page.getByTestId('child-row').filter({ hasText: 'Tỉnh Đoàn Lào Cai' }).first();
    expect(await textOf(laoCai)).toContain('Tỉnh Đoàn Lào Cai, Tỉnh Đoàn Yên Bái');
    await waitForText(streets, '698');
    await waitForText(streets, '139,6%');
  });

  it('lands laocai.quanly on the new Lào Cai, which still reads the 2023 Lào Cai\'s units; a closed district account cannot sign in', async () => {
    const page = await app.page();
    await signIn(page, 'laocai.quanly', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/dashboard/tntn-he-2025/15');
    await waitForText(page.locator('h1'), 'Tỉnh Đoàn Lào Cai');
    await page.goto('/dashboard/tntn-he-2023/10?asOf=02/07/2023');
    await waitForText(page.getByRole('table').last(), 'Thành Đoàn Lào Cai');
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(6);

    const closed = await app.page();
    await closed.goto('/sign-in');
    await closed.getByLabel('Tên đăng nhập').fill('badinh.quanly');
    await closed.getByLabel('Mật khẩu').fill(PASSWORD);
    await closed.getByRole('button', { name: 'Đăng nhập' }).click();
    await waitForText(closed.getByRole('alert'), 'Tên đăng nhập hoặc mật khẩu không đúng.');
  });
}, { now: NOW });
