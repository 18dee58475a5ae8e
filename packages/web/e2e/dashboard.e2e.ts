import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, screenshot, signIn, textOf, unitName, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

browserSuite('dashboard', (app) => {
  it('shows the national figures of 02/07/2023 with the map, and opens Hà Nội from the table', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);

    // 698 civilised streets of 500 (the phase-1 conclusion notice).
    const streets = page.getByTestId('indicator-card-tuyen-pho');
    await waitForText(streets, '139,6%');
    await waitForText(streets, '698');

    // The map shows the whole country, the Hoàng Sa and Trường Sa archipelagos included.
    const map = page.getByTestId('vietnam-map');
    await map.waitFor();
    const mapText = await map.evaluate((el) => [
      el.textContent ?? '',
      ...Array.from(el.querySelectorAll('[aria-label], title')).map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
      el.getAttribute('aria-label') ?? '',
    ].join(' '));
    expect(mapText).toContain('Hoàng Sa');
    expect(mapText).toContain('Trường Sa');

    await assertNoHorizontalScroll(page);
    await screenshot(page, 'dashboard-national');

    // The children table: one link per unit, to that unit's dashboard.
    const hanoi = page.getByRole('table').getByRole('link', { name: unitName('01'), exact: true }).first();
    await hanoi.click();
    await page.waitForURL((url) => url.pathname === `/dashboard/${CAMPAIGN}/01`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Hà Nội');
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();

    const breadcrumb = page.getByRole('navigation', { name: 'Đường dẫn', exact: true });
    const up = breadcrumb.getByRole('link', { name: unitName('TW'), exact: true });
    await up.waitFor();
    expect(await textOf(breadcrumb)).toContain('Hà Nội');

    await assertNoHorizontalScroll(page);
    await screenshot(page, 'dashboard-province');

    await up.click();
    await page.waitForURL((url) => url.pathname === `/dashboard/${CAMPAIGN}/TW`);
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
  });

  it('filters the provinces by a unit group, in the address, the totals still the whole country\'s', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);
    const streets = page.getByTestId('indicator-card-tuyen-pho');
    await waitForText(streets, '698');
    const rows = page.locator('table.children-table tbody tr');
    const everyone = await rows.count();

    await page.getByLabel('Nhóm đơn vị', { exact: true }).selectOption({ label: 'Khu vực đô thị' });
    await page.waitForURL((url) => url.searchParams.get('group') === 'urban' && url.searchParams.get('asOf') === '02/07/2023');
    const note = page.getByTestId('group-filter-note');
    await waitForText(note, 'Chỉ liệt kê các đơn vị thuộc nhóm Khu vực đô thị.');
    await waitForText(note, 'Số liệu tổng hợp ở trên vẫn là của cả đơn vị.');
    // The demo's urban provinces: Hà Nội, Hải Phòng, Đà Nẵng, TP. Hồ Chí Minh, Cần Thơ.
    await expect.poll(() => rows.count()).toBe(5);
    expect(everyone).toBeGreaterThan(5);
    expect(await textOf(page.locator('table.children-table'))).toContain('Hà Nội');
    // The national figures are the whole country's: 698 civilised streets, 139,6%.
    await waitForText(streets, '139,6%');
    await waitForText(streets, '698');
    expect(await page.getByTestId('progress-xlsx').getAttribute('href')).toContain('group=urban');
    await assertNoHorizontalScroll(page);

    // The address keeps the filter over a reload; the link in the note takes it off.
    await page.reload();
    await waitForText(page.getByTestId('group-filter-note'), 'Khu vực đô thị');
    expect(await page.getByLabel('Nhóm đơn vị', { exact: true }).inputValue()).toBe('urban');
    await page.getByTestId('group-filter-note').getByRole('link', { name: 'Xem tất cả các đơn vị', exact: true }).click();
    await page.waitForURL((url) => !url.searchParams.has('group'));
    await expect.poll(() => rows.count()).toBe(everyone);
    expect(await page.getByTestId('group-filter-note').count()).toBe(0);
  });

  it("opens a province manager's own province at sign-in", async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/${CAMPAIGN}/01`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Hà Nội');
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();
    await assertNoHorizontalScroll(page);
  });
});
