/**
 * The 2025 reorganisation on the demo (the 63 provinces merged into 34, the district level
 * abolished), applied through the API by the administrator; then the 2023 campaign's national
 * dashboard offers the switch between its own units and those from 01/07/2025, and regrouped
 * each row adds up the provinces it continues while the nation's figures stay the same.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv, reorganisationFromProvinces } from '@giaoban/core';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, screenshot, signIn, textOf, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const [, ...rows] = parseCsv(readFileSync(new URL('../../cli/src/demo/provinces-vn-2025.csv', import.meta.url), 'utf8'));
const REORGANISATION = reorganisationFromProvinces(
  rows.map((r) => ({ code: r[0]!, name: r[1]!, formedFrom: r[2]!.split(' '), validFrom: r[3]! })),
  { name: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025', abolishLevel: 'district' },
);

async function post(page: Page, path: string, data: unknown) {
  const session = await (await page.request.get('/api/v1/session')).json() as { csrfToken: string };
  const response = await page.request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  return { status: response.status(), body: await response.json() as Record<string, unknown> };
}

browserSuite('reorganisation', (app) => {
  it('regroups the 2023 campaign under the 34 provinces of 01/07/2025 from the dashboard\'s switch, the nation unchanged', async () => {
    const page = await app.page();
    await signIn(page, 'admin', PASSWORD);
    const preview = await post(page, '/api/v1/units/TW/reorganisations/preview', REORGANISATION);
    expect(preview.status).toBe(200);
    expect((preview.body.plan as { summary: string[] }).summary[0]).toMatch(/^Thành lập 23 đơn vị mới từ ngày 01\/07\/2025: /);
    const applied = await post(page, '/api/v1/units/TW/reorganisations', REORGANISATION);
    expect(applied.status).toBe(201);

    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);
    const streets = page.getByTestId('indicator-card-tuyen-pho');
    await waitForText(streets, '698');
    const switcher = page.getByTestId('structure-switch');
    await switcher.waitFor();
    expect(await switcher.getByRole('radio', { name: 'Theo đơn vị năm 2023' }).isChecked()).toBe(true);
    // The harness's clock is in 2023: the later structure is named by its date.
    await switcher.getByRole('radio', { name: 'Theo đơn vị từ ngày 01/07/2025' }).check();
    await page.waitForURL((url) => url.searchParams.get('regroup') === '2025-07-01');
    await waitForText(page.getByTestId('regroup-note'), 'Các đơn vị trực thuộc theo cơ cấu tổ chức ngày 01/07/2025');
    const table = page.getByRole('table').last();
    await waitForText(table, 'Tỉnh Đoàn Bắc Ninh');
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(34 + 4);
    const bacNinh = page.getByTestId('child-row').filter({ hasText: 'Tỉnh Đoàn Bắc Ninh' }).first();
    expect(await textOf(bacNinh)).toContain('Tỉnh Đoàn Bắc Giang, Tỉnh Đoàn Bắc Ninh');
    // The nation's figures are the campaign's whatever the grouping; the map of the old provinces is not drawn.
    await waitForText(streets, '698');
    await waitForText(streets, '139,6%');
    expect(await page.getByTestId('vietnam-map').count()).toBe(0);
    expect(await page.getByTestId('progress-xlsx').getAttribute('href')).toContain('regroupAsOf=2025-07-01');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'dashboard-regrouped');

    await switcher.getByRole('radio', { name: 'Theo đơn vị năm 2023' }).check();
    await page.waitForURL((url) => !url.searchParams.has('regroup'));
    await page.getByTestId('vietnam-map').waitFor();
    await expect.poll(() => page.getByTestId('child-row').count(), { timeout: 10_000 }).toBe(67);
  });
});
