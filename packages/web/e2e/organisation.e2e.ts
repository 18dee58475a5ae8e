/**
 * Units and accounts in the browser (issue 19): Hà Nội's manager creates a grassroots unit
 * under Thành Đoàn Hà Nội and gives it a target and a reporter account with a temporary
 * password; the new reporter signs in, is made to change the password (and can open nothing
 * else before), and submits the week's report; the province dashboard shows the new unit's row
 * with its figures. The manager cannot create a unit outside Hà Nội nor give a role higher than
 * their own: refused (403) with the server's message shown. A one-time sign-in link opens the
 * password form without a current password.
 *
 * The harness clock is 10:00 on 06/07/2023: week 2023-W27 is open, and a unit created now is
 * open from today.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, indicatorName, screenshot, signIn, signOut, textOf, unitName, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const WEEK = '2023-W27';
const STREETS = indicatorName('tuyen-pho');
const HANOI = unitName('01');
const NEW_UNIT = { code: '01-TT', name: 'Đoàn phường Tràng Tiền' };
const REPORTER = 'trangtien.baocao';
const NEW_PASSWORD = 'Tình nguyện hè Tràng Tiền 2023';

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** A write from the page's own session (its cookie), with the anti-forgery token the session gives. */
async function apiWrite(page: Page, method: 'POST' | 'PATCH', path: string, data: unknown): Promise<{ status: number; message: string }> {
  const session = await (await page.request.get('/api/v1/session')).json() as { csrfToken: string };
  const response = await page.request.fetch(path, { method, data, headers: { 'x-csrf-token': session.csrfToken } });
  const body = await response.json().catch(() => null) as { error?: { message: string } } | null;
  return { status: response.status(), message: body?.error?.message ?? '' };
}

browserSuite('units and accounts', (app) => {
  it('a province manager creates a grassroots unit and its reporter; the reporter changes the temporary password, reports, and the province dashboard shows it', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/units/01');
    await page.getByRole('heading', { name: `Đơn vị trực thuộc ${HANOI}`, exact: true }).waitFor();

    // The list finds units without diacritics.
    const list = page.getByTestId('units-list');
    await page.getByRole('searchbox', { name: 'Tìm đơn vị', exact: true }).fill('ba dinh');
    await waitForText(list, 'Quận Đoàn Ba Đình');
    expect(await textOf(list)).not.toContain('Hoàn Kiếm');
    await page.getByRole('searchbox', { name: 'Tìm đơn vị', exact: true }).fill('');
    await assertNoHorizontalScroll(page);

    // A new grassroots unit under Hà Nội, in the urban group.
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc', exact: true }).click();
    const form = page.getByTestId('unit-create');
    const parent = form.getByRole('combobox', { name: 'Đơn vị cấp trên', exact: true });
    expect(await parent.inputValue()).toBe(`${HANOI} (01)`);
    // Nothing typed yet: one list at the top, each line a link to its field.
    await form.getByRole('button', { name: 'Tạo đơn vị', exact: true }).click();
    const summary = form.locator('.error-summary');
    await waitForText(summary, 'Nhập mã đơn vị.');
    await waitForText(summary, 'Chọn cấp đơn vị.');
    await summary.getByRole('link', { name: 'Nhập mã đơn vị.', exact: true }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');

    await form.getByLabel('Mã đơn vị', { exact: true }).fill(NEW_UNIT.code);
    await form.getByLabel('Tên đơn vị', { exact: true }).fill(NEW_UNIT.name);
    await form.getByLabel('Cấp đơn vị', { exact: true }).selectOption({ label: 'Cơ sở' });
    await form.getByRole('checkbox', { name: 'Khu vực đô thị (urban)', exact: true }).check();
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'units-create');
    await form.getByRole('button', { name: 'Tạo đơn vị', exact: true }).click();
    await waitForText(page.getByTestId('units-notice'), `Đã tạo ${NEW_UNIT.name} (${NEW_UNIT.code}) trực thuộc ${HANOI}.`);
    const panel = page.getByTestId('unit-panel');
    await waitForText(panel, NEW_UNIT.name);
    await waitForText(list.locator(`li[data-unit="${NEW_UNIT.code}"]`), 'Khu vực đô thị');
    await screenshot(page, 'units');

    // Its target: 10 streets, on Hà Nội's targets page (the new unit is one of its rows).
    await page.goto(`/targets/${CAMPAIGN}/01`);
    const cell = page.getByRole('textbox', { name: `${NEW_UNIT.name} – ${STREETS}`, exact: true });
    await cell.fill('10');
    await page.getByRole('button', { name: 'Lưu phân bổ', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu phân bổ chỉ tiêu.' }).waitFor();

    // Its reporter, the unit picked by typing its name without diacritics and the keyboard.
    await nav.getByRole('link', { name: 'Tài khoản', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/accounts/01');
    await page.getByRole('button', { name: 'Tạo tài khoản mới', exact: true }).click();
    const create = page.getByTestId('account-create');
    const unitBox = create.getByRole('combobox', { name: 'Đơn vị của tài khoản', exact: true });
    await unitBox.fill('trang tien');
    const option = create.getByRole('option', { name: new RegExp(`^${NEW_UNIT.name} \\(${NEW_UNIT.code}\\)`) });
    await option.waitFor();
    expect(await unitBox.getAttribute('aria-expanded')).toBe('true');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await unitBox.press('Enter');
    expect(await unitBox.inputValue()).toBe(`${NEW_UNIT.name} (${NEW_UNIT.code})`);
    expect(await unitBox.getAttribute('aria-expanded')).toBe('false');
    // Roles no higher than the manager's own.
    const roles = await create.getByLabel('Vai trò', { exact: true }).locator('option').allTextContents();
    expect(roles).toEqual(['Cán bộ quản lý', 'Cán bộ báo cáo', 'Người xem']);
    await create.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Cán bộ báo cáo' });
    await create.getByLabel('Tên đăng nhập', { exact: true }).fill(REPORTER);
    await create.getByLabel('Họ tên hoặc chức danh', { exact: true }).fill(`Báo cáo viên ${NEW_UNIT.name}`);
    await create.getByRole('radio', { name: /^Mật khẩu tạm/ }).check();
    await assertNoHorizontalScroll(page);
    await create.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    const secret = page.getByTestId('account-secret');
    await waitForText(secret, 'Chỉ hiện một lần');
    const temporary = (await textOf(page.getByTestId('temporary-password'))).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    const row = page.getByTestId('accounts-table').locator(`tr[data-username="${REPORTER}"]`);
    await waitForText(row, NEW_UNIT.name);
    await waitForText(row, 'Cán bộ báo cáo');
    await waitForText(row, 'chưa đổi mật khẩu tạm');
    await waitForText(row, 'chưa đăng nhập');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'accounts');
    await page.getByRole('button', { name: 'Đã chuyển xong, ẩn đi', exact: true }).click();
    await signOut(page);

    // The reporter signs in with the temporary password: the password page, and nothing else.
    await signIn(page, REPORTER, temporary);
    expect(pathOf(page)).toBe('/password');
    await waitForText(page.getByTestId('password-required'), 'mật khẩu tạm');
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính', exact: true }).count()).toBe(0);
    await page.goto(`/report/${CAMPAIGN}/${NEW_UNIT.code}/${WEEK}`);
    await page.waitForURL((url) => url.pathname === '/password');
    // The server too answers nothing else until then.
    const blocked = await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/${NEW_UNIT.code}/reports/${WEEK}`);
    expect(blocked.status()).toBe(403);
    expect((await blocked.json() as { error: { id: string } }).error.id).toBe('password_change_required');

    await page.getByLabel('Mật khẩu tạm được cấp', { exact: true }).fill(temporary);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('anhyeuem');
    await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill('anhyeuem');
    await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    // A common password is refused by the server, in one list at the top.
    const refused = page.locator('.password-form .error-summary');
    await waitForText(refused, 'phổ biến');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'password');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/dashboard/${CAMPAIGN}/${NEW_UNIT.code}`);

    // The week's report of the new unit.
    await page.getByRole('navigation', { name: 'Điều hướng chính', exact: true }).getByRole('link', { name: 'Báo cáo tuần', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/report/${CAMPAIGN}/${NEW_UNIT.code}`));
    if (pathOf(page) !== `/report/${CAMPAIGN}/${NEW_UNIT.code}/${WEEK}`) await page.goto(`/report/${CAMPAIGN}/${NEW_UNIT.code}/${WEEK}`);
    await page.getByLabel(STREETS, { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    await signOut(page);

    // The new password works; the temporary one no longer does.
    const old = await page.request.post('/api/v1/session', { data: { username: REPORTER, password: temporary } });
    expect(old.status()).toBe(401);

    // Hà Nội's dashboard: the new unit's row, its report sent, 7 of its 10 streets.
    await signIn(page, 'hanoi.quanly', PASSWORD);
    const progress = await (await page.request.get(`/api/v1/campaigns/${CAMPAIGN}/units/01/progress?asOf=09/07/2023`)).json() as {
      children: { unit: { code: string }; reportStatus: string; indicators: { code: string; achievement: number | null; text: { achievement: string | null } }[] }[];
    };
    const child = progress.children.find((c) => c.unit.code === NEW_UNIT.code);
    expect(child?.reportStatus).toBe('submitted');
    const streets = child?.indicators.find((i) => i.code === 'tuyen-pho');
    // 7 of 10: the achievement as the API writes it (70%, however many decimals the campaign shows).
    expect(streets?.text.achievement).toMatch(/^70(,0+)?%$/);
    await page.goto(`/dashboard/${CAMPAIGN}/01?asOf=09/07/2023`);
    const childRow = page.locator('.children-table tbody tr').filter({ hasText: NEW_UNIT.name });
    await waitForText(childRow, streets!.text.achievement!);
    await waitForText(childRow, 'đã gửi');
  });

  it('refuses a unit outside the manager\'s province and a role higher than their own, with the server\'s message shown', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);

    // Another province's units page: refused, with what the account may see.
    await page.goto('/units/79');
    const refusedPage = page.getByTestId('refused');
    await waitForText(refusedPage, 'Bạn không có quyền xem các đơn vị này');
    await waitForText(refusedPage, 'Bạn không có quyền thực hiện thao tác này với đơn vị này.');
    await waitForText(refusedPage, `Tài khoản của bạn chỉ xem được ${HANOI}`);
    await assertNoHorizontalScroll(page);

    // The picker of the creation form does not even offer a unit outside Hà Nội…
    await page.goto('/units/01');
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc', exact: true }).click();
    const form = page.getByTestId('unit-create');
    const parent = form.getByRole('combobox', { name: 'Đơn vị cấp trên', exact: true });
    await parent.fill('ho chi minh');
    await waitForText(form, 'Không tìm thấy đơn vị nào khớp "ho chi minh".');
    // …and a creation sent for one all the same is refused (403), with the message shown at the top of the form.
    await parent.fill('ha noi');
    await form.getByRole('option', { name: new RegExp(`^${HANOI} \\(01\\)`) }).click();
    await form.getByLabel('Mã đơn vị', { exact: true }).fill('79-NEW');
    await form.getByLabel('Tên đơn vị', { exact: true }).fill('Đoàn phường Bến Nghé');
    await form.getByLabel('Cấp đơn vị', { exact: true }).selectOption({ label: 'Cơ sở' });
    const createUnder01 = (url: URL) => url.pathname === '/api/v1/units/01/children';
    await page.route(createUnder01, (route) => route.continue({ url: route.request().url().replace('/units/01/', '/units/79/') }));
    const sent = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/units/79/children');
    await form.getByRole('button', { name: 'Tạo đơn vị', exact: true }).click();
    expect((await sent).status()).toBe(403);
    const outside = `Bạn chỉ quản lý được ${HANOI} và các đơn vị trực thuộc.`;
    await waitForText(form.locator('.error-summary'), outside);
    await page.unroute(createUnder01);
    const direct = await apiWrite(page, 'POST', '/api/v1/units/79/children', { code: '79-NEW', name: 'Đoàn phường Bến Nghé', level: 'grassroots' });
    expect(direct).toEqual({ status: 403, message: outside });
    const units = await (await page.request.get('/api/v1/units/01/search?q=79-NEW')).json() as { units: unknown[] };
    expect(units.units).toEqual([]);

    // A steering account: the form offers no such role; sent all the same, it is refused with the reason.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/accounts/01');
    await page.getByRole('button', { name: 'Tạo tài khoản mới', exact: true }).click();
    const create = page.getByTestId('account-create');
    expect(await create.getByLabel('Vai trò', { exact: true }).locator('option', { hasText: 'Ban chỉ đạo' }).count()).toBe(0);
    await create.getByLabel('Tên đăng nhập', { exact: true }).fill('hanoi.chidao');
    await create.getByLabel('Họ tên hoặc chức danh', { exact: true }).fill('Ban chỉ đạo Hà Nội');
    const accountsOf01 = (url: URL) => url.pathname === '/api/v1/units/01/accounts';
    await page.route(accountsOf01, (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      return route.continue({ postData: JSON.stringify({ ...(route.request().postDataJSON() as object), role: 'steering' }) });
    });
    const refusedRole = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/units/01/accounts');
    await create.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    expect((await refusedRole).status()).toBe(403);
    await waitForText(create.locator('.error-summary'), 'Bạn không thể cấp vai trò cao hơn vai trò của mình (Cán bộ quản lý).');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'accounts-refused');
    await page.unroute(accountsOf01);
    const steering = await apiWrite(page, 'POST', '/api/v1/units/01/accounts', {
      username: 'hanoi.chidao', displayName: 'Ban chỉ đạo Hà Nội', role: 'steering', credential: 'password',
    });
    expect(steering).toEqual({ status: 403, message: 'Bạn không thể cấp vai trò cao hơn vai trò của mình (Cán bộ quản lý).' });
    const accounts = await (await page.request.get('/api/v1/units/01/accounts?subtree=true')).json() as { accounts: { username: string }[] };
    expect(accounts.accounts.map((a) => a.username)).not.toContain('hanoi.chidao');

    // Another province's accounts: refused too.
    await page.goto('/accounts/79');
    await waitForText(page.getByTestId('refused'), 'Bạn không có quyền xem tài khoản của các đơn vị này');
    await signOut(page);

    // A reporter has neither page in the menu.
    await signIn(page, 'hanoi.baocao', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Báo cáo tuần', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Đơn vị', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Tài khoản', exact: true }).count()).toBe(0);
  });

  it('a manager edits an account\'s name, role and email (a bad email refused by field, nothing written), and the list shows it', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto('/accounts/01');
    const row = page.getByTestId('accounts-table').locator('tr[data-username="hoankiem.baocao"]');
    await row.getByRole('button', { name: /hoankiem\.baocao/ }).click();
    const edit = page.getByTestId('account-panel').getByTestId('account-edit');
    // Only roles up to the manager's own are offered.
    expect(await edit.getByLabel('Vai trò', { exact: true }).locator('option', { hasText: 'Ban chỉ đạo' }).count()).toBe(0);
    await edit.getByLabel('Họ tên hoặc chức danh', { exact: true }).fill('Văn phòng Quận Đoàn Hoàn Kiếm');
    await edit.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Người xem' });
    await edit.getByLabel(/Thư điện tử/).fill('khong-phai-email');
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.endsWith('/accounts/hoankiem.baocao'));
    await edit.getByRole('button', { name: 'Lưu thông tin', exact: true }).click();
    expect((await refused).status()).toBe(400);
    await edit.locator('.error-summary').waitFor();
    const unchanged = await (await page.request.get('/api/v1/units/01/accounts?subtree=true')).json() as { accounts: { username: string; role: string; displayName: string }[] };
    expect(unchanged.accounts.find((a) => a.username === 'hoankiem.baocao')).toMatchObject({ role: 'reporter' });

    await edit.getByLabel(/Thư điện tử/).fill('vanphong@hoankiem.doanthanhnien.vn');
    await edit.getByRole('button', { name: 'Lưu thông tin', exact: true }).click();
    await waitForText(page.getByTestId('accounts-notice'), 'Đã lưu thông tin tài khoản hoankiem.baocao.');
    await waitForText(row, 'Văn phòng Quận Đoàn Hoàn Kiếm');
    await waitForText(row, 'Người xem');
    const saved = await (await page.request.get('/api/v1/units/01/accounts?subtree=true')).json() as { accounts: { username: string; role: string; email: string | null }[] };
    expect(saved.accounts.find((a) => a.username === 'hoankiem.baocao')).toMatchObject({ role: 'viewer', email: 'vanphong@hoankiem.doanthanhnien.vn' });
    await assertNoHorizontalScroll(page);
  });

  it('a one-time sign-in link opens the password form without a current password, once', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto('/accounts/01');
    await page.getByRole('button', { name: 'Tạo tài khoản mới', exact: true }).click();
    const create = page.getByTestId('account-create');
    await create.getByLabel('Tên đăng nhập', { exact: true }).fill('hanoi.xem');
    await create.getByLabel('Họ tên hoặc chức danh', { exact: true }).fill('Cán bộ theo dõi Thành Đoàn Hà Nội');
    await create.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Người xem' });
    await create.getByRole('radio', { name: /^Đường dẫn đăng nhập một lần/ }).check();
    await create.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    const link = (await textOf(page.getByTestId('sign-in-link'))).trim();
    expect(new URL(link).pathname).toBe('/sign-in/link');
    expect(new URL(link).hash.length).toBeGreaterThan(10);

    // Opened in another browser: straight to the password form, which asks no current password.
    const other = await app.page();
    await other.goto(new URL(link).pathname + new URL(link).hash);
    await other.waitForURL((url) => url.pathname === '/password');
    expect(new URL(other.url()).hash).toBe('');
    await waitForText(other.getByTestId('password-required'), 'đường dẫn một lần');
    expect(await other.getByLabel('Mật khẩu tạm được cấp', { exact: true }).count()).toBe(0);
    await other.getByLabel('Mật khẩu mới', { exact: true }).fill('Theo dõi phong trào Hà Nội');
    await other.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill('Theo dõi phong trào Hà Nội');
    await other.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    await other.waitForURL((url) => url.pathname === `/dashboard/${CAMPAIGN}/01`);
    await signOut(other);

    // The link is good once.
    await other.goto(new URL(link).pathname + new URL(link).hash);
    await other.getByTestId('sign-in-link-error').waitFor();
    expect(pathOf(other)).toBe('/sign-in/link');
  });
  it('uploads a units file (its bad rows listed, nothing written; then all of it; again, nothing changes), renames, closes and moves units (one with reports refused), and creates reporters from a file whose passwords download', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto('/units/01');
    const upload = page.locator('.units-upload');
    const file = upload.getByLabel('Tệp danh sách đơn vị', { exact: true });
    const csv = (rows: string[]) => ({ name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from(['Mã,Tên,Mã đơn vị cấp trên,Cấp,Nhóm', ...rows].join('\n'), 'utf8') });

    // A parent nobody knows and a level above its parent's: both rows listed, nothing written.
    await file.setInputFiles(csv(['01-HK-HB,Đoàn phường Hàng Bạc,01-XX,Cơ sở,urban', '01-HK-HT,Đoàn phường Hàng Trống,01-HK,Tỉnh,urban']));
    await upload.getByRole('button', { name: 'Tải lên', exact: true }).click();
    const errors = page.getByTestId('units-upload-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await waitForText(errors, '01-XX');
    await waitForText(upload.locator('.error-summary'), 'Chưa ghi đơn vị nào từ tệp:');
    expect(((await (await page.request.get('/api/v1/units/01/search?q=hang bac')).json()) as { units: unknown[] }).units).toEqual([]);
    await assertNoHorizontalScroll(page);

    const good = csv(['01-HK-HB,Đoàn phường Hàng Bạc,01-HK,Cơ sở,urban', '01-HK-HT,Đoàn phường Hàng Trống,01-HK,Cơ sở,urban;school']);
    await file.setInputFiles(good);
    await upload.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await waitForText(page.getByTestId('units-upload-result'), 'Đã ghi: 2 đơn vị mới, 0 đơn vị cập nhật, 0 đơn vị không đổi.');
    await waitForText(page.getByTestId('units-list'), 'Đoàn phường Hàng Trống');
    await file.setInputFiles(good);
    await upload.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await waitForText(page.getByTestId('units-upload-result'), 'Đã ghi: 0 đơn vị mới, 0 đơn vị cập nhật, 2 đơn vị không đổi.');

    // A unit's panel: renamed, then closed from a date.
    await page.getByTestId('units-list').locator('li[data-unit="01-HK-HB"]').getByRole('button').click();
    const panel = page.getByTestId('unit-panel');
    await panel.getByLabel('Tên đơn vị', { exact: true }).fill('Đoàn phường Hàng Bạc (mới)');
    await panel.getByLabel('Đóng đơn vị từ ngày (không bắt buộc)', { exact: true }).fill('31/02/2023');
    await panel.getByRole('button', { name: 'Lưu thay đổi', exact: true }).click();
    await waitForText(panel.locator('.error-summary'), 'Ngày không hợp lệ');
    await panel.getByLabel('Đóng đơn vị từ ngày (không bắt buộc)', { exact: true }).fill('01/08/2023');
    await panel.getByRole('button', { name: 'Lưu thay đổi', exact: true }).click();
    await waitForText(page.getByTestId('units-notice'), 'Đã lưu Đoàn phường Hàng Bạc (mới).');
    await waitForText(page.getByTestId('units-list').locator('li[data-unit="01-HK-HB"]'), 'đóng từ 01/08/2023');
    await assertNoHorizontalScroll(page);

    // Moved under Ba Đình, the new parent picked by search; a unit with reports is not moved in place.
    await page.getByTestId('units-list').locator('li[data-unit="01-HK-HT"]').getByRole('button').click();
    const moving = page.getByTestId('unit-panel');
    const parentBox = moving.getByRole('combobox', { name: 'Đơn vị cấp trên', exact: true });
    expect(await parentBox.inputValue()).toBe(`${unitName('01-HK')} (01-HK)`);
    await parentBox.fill('quan doan ba dinh');
    await moving.getByRole('option', { name: /^Quận Đoàn Ba Đình \(01-BD\)/ }).click();
    await moving.getByRole('button', { name: 'Lưu thay đổi', exact: true }).click();
    await waitForText(page.getByTestId('units-notice'), 'Đã lưu Đoàn phường Hàng Trống.');
    await waitForText(page.getByTestId('unit-panel'), 'trực thuộc Quận Đoàn Ba Đình');
    await page.getByTestId('units-list').locator('li[data-unit="01-BD-PX"]').getByRole('button').click();
    const withReports = page.getByTestId('unit-panel');
    await withReports.getByRole('combobox', { name: 'Đơn vị cấp trên', exact: true }).fill('01-HK');
    await withReports.getByRole('option', { name: /\(01-HK\)/ }).first().click();
    await withReports.getByRole('button', { name: 'Lưu thay đổi', exact: true }).click();
    await waitForText(withReports.locator('.error-summary'), 'chuyển ngay tại chỗ sẽ viết lại lịch sử');

    // Reporters of the two wards from one file: the file of temporary passwords downloads.
    await page.goto('/accounts/01');
    const accountsUpload = page.locator('.accounts-upload');
    await accountsUpload.getByLabel('Tệp tài khoản', { exact: true }).setInputFiles({
      name: 'tai-khoan.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Mã đơn vị,Tên đăng nhập,Họ tên\n01-HK-HT,hangtrong.baocao,Báo cáo viên Đoàn phường Hàng Trống\n', 'utf8'),
    });
    const download = page.waitForEvent('download');
    await accountsUpload.getByRole('button', { name: 'Tạo tài khoản từ tệp', exact: true }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await waitForText(page.getByTestId('accounts-notice'), 'Đã tạo 1 tài khoản');
    await waitForText(page.getByTestId('accounts-table').locator('tr[data-username="hangtrong.baocao"]'), 'chưa đổi mật khẩu tạm');
  });
});

browserSuite('unit groups', (app) => {
  it('the central unit adds a unit group (a bad code refused in one list, nothing written), a unit is given it, and a province manager sees the list without the form', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto('/units/TW');
    const groups = page.getByTestId('unit-groups');
    await waitForText(groups, 'hành chính sự nghiệp');
    // A code with capitals and a space, and no name: both said at once; the list is unchanged.
    await groups.getByLabel('Mã nhóm', { exact: true }).fill('Ven Bien');
    await groups.getByRole('button', { name: 'Thêm nhóm', exact: true }).click();
    await waitForText(groups.locator('.error-summary'), 'Nhập tên nhóm.');
    await groups.getByLabel('Tên nhóm', { exact: true }).fill('Khu vực ven biển');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/unit-tags');
    await groups.getByRole('button', { name: 'Thêm nhóm', exact: true }).click();
    expect((await refused).status()).toBe(400);
    await waitForText(groups.locator('.error-summary'), 'Mã nhóm chỉ gồm chữ thường không dấu');
    const before = await (await page.request.get('/api/v1/unit-tags')).json() as { tags: { code: string }[] };
    expect(before.tags.map((g) => g.code)).not.toContain('Ven Bien');

    await groups.getByLabel('Mã nhóm', { exact: true }).fill('ven-bien');
    await groups.getByLabel('Tên tiếng Anh (không bắt buộc)', { exact: true }).fill('Coastal area');
    await groups.getByRole('button', { name: 'Thêm nhóm', exact: true }).click();
    await waitForText(page.getByTestId('units-notice'), 'Đã thêm nhóm đơn vị Khu vực ven biển (ven-bien).');
    await waitForText(groups.locator('table'), 'Coastal area');
    expect(await groups.getByLabel('Mã nhóm', { exact: true }).inputValue()).toBe('');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'unit-groups');

    // The new group is offered on a unit's panel at once.
    await page.getByRole('searchbox', { name: 'Tìm đơn vị', exact: true }).fill('khanh hoa');
    await page.getByTestId('units-list').getByRole('button', { name: /Khánh Hòa/ }).first().click();
    const panel = page.getByTestId('unit-panel');
    await panel.getByRole('checkbox', { name: /Khu vực ven biển/ }).check();
    await panel.getByRole('button', { name: 'Lưu thay đổi', exact: true }).click();
    await waitForText(page.getByTestId('units-notice'), 'Đã lưu');
    const found = await (await page.request.get('/api/v1/units/TW/search?q=khanh%20hoa')).json() as { units: { code: string; tags: string[] }[] };
    expect(found.units.find((u) => u.code === '56')?.tags).toContain('ven-bien');
    await signOut(page);

    // A province manager reads the list but has no form to add one.
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto('/units/01');
    await waitForText(page.getByTestId('unit-groups'), 'Khu vực ven biển');
    expect(await page.getByTestId('unit-groups').getByRole('button', { name: 'Thêm nhóm', exact: true }).count()).toBe(0);
  });
});
