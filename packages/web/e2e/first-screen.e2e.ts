/**
 * The first screen makes sense (issue 18): after sign-in the dashboard opens on the campaign
 * running today, a finished campaign opens as of its last day and a coming one as of its
 * first, and the picker says which is which; at 360 × 740 the header is one bar, the first
 * card is in view and the children table does not scroll sideways; at 1366 px the cards fill
 * their rows; each page has its own title; a refused page says so and leads back home.
 * Beside the demo's summer campaign (27/05 – 31/08/2023, running on the fixed 06/07/2023)
 * the suite creates one that ended before it and one that starts after it.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  CAMPAIGN, DEMO, PASSWORD, assertNoHorizontalScroll, indicatorName, newContext, signIn, textOf, unitName, waitForText,
} from './harness.ts';
import { browserSuite } from './suite.ts';

const FINISHED = { code: 'xuan-2023', name: 'Chiến dịch Xuân tình nguyện 2023', startDate: '2023-02-01', endDate: '2023-04-30' };
const COMING = { code: 'thu-2023', name: 'Chiến dịch Mùa thu tình nguyện 2023', startDate: '2023-09-15', endDate: '2023-11-30' };
const PHONE_SCREEN = { width: 360, height: 740 };
/** A title is set once the page has its data: on a busy machine that takes more than expect.poll's default second. */
const POLL = { timeout: 15_000 };

/** The options of the shell's campaign picker, group by group, as a person reads them. */
async function pickerGroups(page: Page) {
  return page.locator('.control-campaign select').evaluate((select) => Array.from(select.querySelectorAll('optgroup')).map((group) => ({
    label: group.label,
    options: Array.from(group.querySelectorAll('option')).map((o) => ({ value: o.value, text: o.textContent ?? '' })),
  })));
}

/** Signs in on a phone-sized page, where who is signed in sits behind the menu. */
async function signInOnPhone(page: Page, username: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/dashboard/'));
}

browserSuite('first screen', (app) => {
  beforeAll(async () => {
    // The two other campaigns, created as the steering staff would (the API the setup page uses).
    const context = await newContext(app.browser, app.server);
    try {
      const signedIn = await context.request.post('/api/v1/session', { data: { username: 'tw.chidao', password: PASSWORD } });
      expect(signedIn.status()).toBe(200);
      const csrf = ((await signedIn.json()) as { csrfToken: string }).csrfToken;
      for (const c of [FINISHED, COMING]) {
        const created = await context.request.post('/api/v1/campaigns', {
          headers: { 'x-csrf-token': csrf },
          data: { ...c, rootUnitCode: 'TW', phases: [], targets: [{ indicatorCode: 'tuyen-pho', target: 100 }] },
        });
        expect(created.status(), await created.text()).toBe(201);
      }
    } finally {
      await context.close();
    }
  });

  it('opens on the running campaign; the picker says running, coming, finished; a finished campaign shows its last day', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    // The running campaign, though the coming one started later (the old choice: the latest start).
    expect(new URL(page.url()).pathname).toBe(`/dashboard/${CAMPAIGN}/TW`);
    await waitForText(page.locator('.dashboard-when'), 'Số liệu tính đến ngày 06/07/2023 · tuần 27');
    await page.getByTestId('live-indicator').waitFor();

    expect(await pickerGroups(page)).toEqual([
      { label: 'Đang diễn ra', options: [{ value: CAMPAIGN, text: `${DEMO.campaign.name} — Đang diễn ra` }] },
      { label: 'Sắp diễn ra', options: [{ value: COMING.code, text: `${COMING.name} — Sắp diễn ra` }] },
      { label: 'Đã kết thúc', options: [{ value: FINISHED.code, text: `${FINISHED.name} — Đã kết thúc` }] },
    ]);

    // The finished campaign opens as of its last day, not today, and says it has ended.
    await page.locator('.control-campaign select').selectOption(FINISHED.code);
    await page.waitForURL((url) => url.pathname === `/dashboard/${FINISHED.code}/TW`);
    await waitForText(page.locator('.dashboard-when'), 'Số liệu tính đến ngày 30/04/2023 · tuần 17');
    await waitForText(page.getByTestId('campaign-timing'), 'Chiến dịch đã kết thúc ngày 30/04/2023: số liệu tính đến ngày kết thúc.');
    expect(await page.getByLabel('Tính đến ngày', { exact: true }).inputValue()).toBe('30/04/2023');
    await waitForText(page.getByTestId('indicator-card-tuyen-pho'), indicatorName('tuyen-pho'));
    // Figures of the past do not follow today's submissions.
    expect(await page.getByTestId('live-indicator').count()).toBe(0);

    // The choice is remembered: the first screen opens on it again.
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === `/dashboard/${FINISHED.code}/TW`);
    await waitForText(page.locator('.dashboard-when'), '30/04/2023');

    // A coming campaign opens on its first day and says it has not started.
    await page.locator('.control-campaign select').selectOption(COMING.code);
    await page.waitForURL((url) => url.pathname === `/dashboard/${COMING.code}/TW`);
    await waitForText(page.getByTestId('campaign-timing'), 'Chiến dịch chưa bắt đầu: bắt đầu ngày 15/09/2023.');
    await waitForText(page.locator('.dashboard-when'), 'Số liệu tính đến ngày 15/09/2023');
  });

  it('at 360 × 740: one compact bar, the first card in view, the children table without sideways scrolling', async () => {
    const context = await newContext(app.browser, app.server, { viewport: PHONE_SCREEN });
    try {
      const page = await context.newPage();
      await signInOnPhone(page, 'tw.chidao');
      const first = page.locator('.indicator-card').first();
      await first.waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));

      // The bar: brand, bell and the menu button on one line; the rest is behind the button.
      const bar = (await page.locator('header.topbar').boundingBox())!;
      expect(bar.height).toBeLessThanOrEqual(56);
      const menu = page.getByRole('button', { name: 'Trình đơn', exact: true });
      await menu.waitFor();
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
      expect(await nav.isVisible()).toBe(false);
      expect(await page.getByTestId('whoami').isVisible()).toBe(false);

      // The first indicator card, whole, before any scrolling.
      const card = (await first.boundingBox())!;
      expect(card.y).toBeGreaterThan(bar.height);
      expect(card.y + card.height).toBeLessThanOrEqual(PHONE_SCREEN.height);

      // The children table: name (its report's state under it), achievement of the indicator in focus and its status, nothing to scroll.
      const table = page.locator('.children-table');
      const scroll = await table.evaluate((el) => {
        const box = el.closest('.table-scroll')!;
        return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
      });
      expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
      const headers = await table.locator('thead th').evaluateAll((cells) => cells.filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
      const focus = DEMO.indicators[0]!.name;
      expect(headers).toEqual([expect.stringContaining('Đơn vị'), expect.stringContaining(focus)]);
      const hanoi = table.locator('tbody tr', { has: page.getByRole('link', { name: unitName('01'), exact: true }) });
      const row = await textOf(hanoi);
      expect(row).toMatch(/\d+(,\d+)?%/);
      expect(row).toMatch(/đã đạt|vượt tiến độ|chậm tiến độ|chưa đạt/);
      expect(row).toMatch(/chưa báo cáo|đang soạn|đã gửi|đã duyệt|bị trả lại/);
      await assertNoHorizontalScroll(page);

      // The bell's list hangs from the bar, inside the screen (the bell is not at the bar's right end).
      await page.locator('.bell-button').click();
      const panel = (await page.getByRole('region', { name: 'Thông báo', exact: true }).boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(PHONE_SCREEN.width);
      await page.keyboard.press('Escape');

      // The menu opens the rest: who is signed in, the campaign, the navigation; a link closes it.
      await menu.click();
      await nav.waitFor();
      await page.getByTestId('whoami').waitFor();
      expect(await page.locator('.control-campaign select').isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Đóng trình đơn', exact: true }).waitFor();
      await assertNoHorizontalScroll(page);
      await nav.getByRole('link', { name: 'Chỉ tiêu', exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/targets/${CAMPAIGN}/TW`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await nav.isVisible()).toBe(false);
      expect((await page.locator('header.topbar').boundingBox())!.height).toBeLessThanOrEqual(56);
    } finally {
      await context.close();
    }
  });

  it('at 1366 px the cards fill every row, the last one included', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW`);
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    const layout = await page.locator('.indicator-grid').evaluate((grid) => ({
      right: grid.getBoundingClientRect().right,
      cards: Array.from(grid.querySelectorAll('.indicator-card')).map((c) => { const b = c.getBoundingClientRect(); return { top: Math.round(b.top), right: b.right, width: b.width }; }),
    }));
    const rows = new Map<number, { right: number; width: number }[]>();
    for (const c of layout.cards) rows.set(c.top, [...(rows.get(c.top) ?? []), c]);
    expect(layout.cards).toHaveLength(DEMO.indicators.length);
    expect(rows.size).toBeGreaterThan(1);
    for (const row of rows.values()) {
      // No empty slot at the end of a row: its last card reaches the grid's right edge.
      expect(layout.right - Math.max(...row.map((c) => c.right))).toBeLessThan(2);
      expect(Math.min(...row.map((c) => c.width))).toBeGreaterThan(250);
    }
  });

  it('gives each page its own title', async () => {
    const page = await app.page();
    await page.goto('/sign-in');
    await expect.poll(() => page.title(), POLL).toBe('Đăng nhập · Giao Ban');
    // The administrator may open every page, the audit log included.
    await signIn(page, 'admin', PASSWORD);
    const central = unitName('TW');
    const titles: Record<string, string> = {
      [`/dashboard/${CAMPAIGN}/TW`]: `Tiến độ — ${central} · Giao Ban`,
      [`/dashboard/${CAMPAIGN}/01`]: `Tiến độ — ${unitName('01')} · Giao Ban`,
      [`/targets/${CAMPAIGN}/TW`]: `Chỉ tiêu — ${central} · Giao Ban`,
      [`/quality/${CAMPAIGN}/TW`]: `Chất lượng số liệu — ${central} · Giao Ban`,
      [`/rules/${CAMPAIGN}`]: `Quy định báo cáo — ${DEMO.campaign.name} · Giao Ban`,
      [`/documents/${CAMPAIGN}/notice/1`]: `Thông báo kết luận — ${DEMO.campaign.name} · Giao Ban`,
      '/audit': 'Nhật ký thay đổi · Giao Ban',
      '/campaigns/new': 'Tạo chiến dịch · Giao Ban',
      '/khong-co-trang-nay': 'Không tìm thấy trang · Giao Ban',
    };
    for (const [path, title] of Object.entries(titles)) {
      await page.goto(path);
      await expect.poll(() => page.title(), { ...POLL, message: path }).toBe(title);
    }
    const reporter = await app.page();
    await signIn(reporter, 'hanoi.baocao', PASSWORD);
    // The navigation's weekly report opens the server's week (06/07/2023: week 27), whatever the device's clock says.
    await reporter.getByRole('navigation', { name: 'Điều hướng chính', exact: true }).getByRole('link', { name: 'Báo cáo tuần', exact: true }).click();
    await reporter.waitForURL((url) => url.pathname === `/report/${CAMPAIGN}/01/2023-W27`);
    await expect.poll(() => reporter.title(), POLL).toBe(`Báo cáo tuần — ${unitName('01')} · Giao Ban`);
  });

  it('says a refused page is not the user\'s to see, and leads back to their own dashboard', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    const own = unitName('01');
    for (const [path, heading] of [
      [`/dashboard/${CAMPAIGN}/79`, 'Bạn không có quyền xem tiến độ của đơn vị này'],
      [`/report/${CAMPAIGN}/79/2023-W27`, 'Bạn không có quyền xem báo cáo tuần của đơn vị này'],
    ] as const) {
      await page.goto(path);
      const refused = page.getByTestId('refused');
      await waitForText(refused.getByRole('heading', { level: 1 }), heading);
      await waitForText(refused, `Tài khoản của bạn chỉ xem được ${own} và các đơn vị trực thuộc.`);
      expect(await page.getByRole('button', { name: 'Thử lại', exact: true }).count()).toBe(0);
      await assertNoHorizontalScroll(page);
    }
    await page.getByRole('link', { name: `Về trang tiến độ của ${own}`, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/dashboard/${CAMPAIGN}/01`);
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
  });
});
