import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, screenshot, signIn, signOut, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const pathOf = (url: string) => new URL(url).pathname;

browserSuite('sign-in page', (app) => {
  it('has labelled fields, refuses a wrong password in Vietnamese and stays on the page', async () => {
    const page = await app.page();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    const username = page.getByLabel('Tên đăng nhập', { exact: true });
    const password = page.getByLabel('Mật khẩu', { exact: true });
    await username.waitFor();
    await password.waitFor();
    expect(await password.getAttribute('type')).toBe('password');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'sign-in');

    await username.fill('hanoi.quanly');
    await password.fill('khong-phai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await waitForText(page.getByRole('alert'), 'Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(pathOf(page.url())).toBe('/sign-in');
    await page.getByLabel('Tên đăng nhập', { exact: true }).waitFor();
  });

  it.each([
    ['hanoi.quanly', '01'],
    ['laocai.baocao', '10'],
    ['tw.chidao', 'TW'],
  ])('%s lands on the dashboard of their own unit %s', async (username, unitCode) => {
    const page = await app.page();
    await signIn(page, username, PASSWORD);
    expect(pathOf(page.url())).toBe(`/dashboard/${CAMPAIGN}/${unitCode}`);
  });

  it('switches to English and remembers it after a reload', async () => {
    const page = await app.page();
    await page.goto('/sign-in');
    // The select's accessible name is its label plus the chosen language ("Ngôn ngữ Tiếng Việt").
    await page.getByRole('combobox', { name: /^Ngôn ngữ/ }).selectOption({ label: 'English' });
    await page.getByLabel('Username', { exact: true }).waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.getByLabel('Tên đăng nhập', { exact: true }).count()).toBe(0);

    await page.reload();
    await page.getByLabel('Username', { exact: true }).waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: /^Language/ }).inputValue()).toBe('en');

    // The server answers in English too.
    await page.getByLabel('Username', { exact: true }).fill('hanoi.quanly');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(page.getByRole('alert'), 'Wrong username or password.');
  });

  it('signs out back to the sign-in page, and the session is gone', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.baocao', PASSWORD);
    await signOut(page);
    expect(pathOf(page.url())).toBe('/sign-in');
    await page.goto(`/dashboard/${CAMPAIGN}/01`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('Tên đăng nhập', { exact: true }).waitFor();
  });
});
