/**
 * The session's password (issue 19): a temporary password or a sign-in link lets its holder
 * in only to set a password (every other route answers 403 password_change_required); the
 * policy refuses short and common passwords; a change ends the other sessions; signing out
 * everywhere ends them all; a disabled account cannot sign in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '@giaoban/db';
import { PASSWORD, openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;

beforeAll(async () => {
  t = await openTestApp();
  manager = await t.signIn('p1.quanly');
});
afterAll(() => t?.close());

const sessionOf = (res: { cookies: { name: string; value: string }[]; json(): { csrfToken: string } }): Session => {
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrf: res.json().csrfToken, headers: { cookie, 'x-csrf-token': res.json().csrfToken } };
};
const signInWith = async (username: string, password: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  return { status: res.statusCode, body: res.json(), session: res.statusCode === 200 ? sessionOf(res) : null };
};
const create = async (username: string, credential: 'password' | 'link') => (await t.app.inject({
  method: 'POST', url: '/api/v1/units/P1-D1/accounts', headers: manager.headers, payload: { username, displayName: username, role: 'reporter', credential },
})).json();
const changePassword = (session: Session, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/session/password', headers: session.headers, payload });
const campaigns = (session: Session) => t.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: session.headers });

describe('a temporary password', () => {
  it('signs in to a session that must change it: every other route is refused until it is changed', async () => {
    const { temporaryPassword } = await create('tam.thoi', 'password');
    const first = await signInWith('tam.thoi', temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const s = first.session!;
    const other = (await signInWith('tam.thoi', temporaryPassword)).session!;

    const refused = await campaigns(s);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ id: 'password_change_required', message: 'Bạn cần đổi mật khẩu tạm trước khi tiếp tục.' });
    const write = await t.app.inject({ method: 'GET', url: '/api/v1/units/P1-D1', headers: s.headers });
    expect(write.json().error.id).toBe('password_change_required');
    // The session's own routes answer.
    const current = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers });
    expect([current.statusCode, current.json().mustChangePassword]).toEqual([200, true]);

    // The current (temporary) password is asked; the policy is said in words.
    const cases: [object, string, RegExp][] = [
      [{ newPassword: 'Mùa hè xanh 2025' }, 'currentPassword', /^Hãy nhập mật khẩu hiện tại\.$/],
      [{ currentPassword: 'sai-mat-khau', newPassword: 'Mùa hè xanh 2025' }, 'currentPassword', /^Mật khẩu hiện tại không đúng\.$/],
      [{ currentPassword: temporaryPassword, newPassword: 'ngan' }, 'newPassword', /^Mật khẩu cần ít nhất 8 ký tự \(mật khẩu này có 4\)\.$/],
      [{ currentPassword: temporaryPassword, newPassword: 'anhyeuem123' }, 'newPassword', /danh sách mật khẩu phổ biến/],
      [{ currentPassword: temporaryPassword, newPassword: '12345678' }, 'newPassword', /danh sách mật khẩu phổ biến/],
      [{ currentPassword: temporaryPassword, newPassword: 'tam.thoi-2025' }, 'newPassword', /chứa tên đăng nhập/],
      [{ currentPassword: temporaryPassword, newPassword: temporaryPassword }, 'newPassword', /phải khác mật khẩu hiện tại/],
      [{ currentPassword: temporaryPassword }, 'newPassword', /newPassword/],
    ];
    for (const [payload, field, message] of cases) {
      const res = await changePassword(s, payload);
      expect({ payload, status: res.statusCode, field: res.json().error.field }).toEqual({ payload, status: 400, field });
      expect(res.json().error.message).toMatch(message);
    }
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/session/password?lang=en', headers: s.headers, payload: { currentPassword: temporaryPassword, newPassword: 'anhyeuem' } });
    expect(en.json().error.message).toMatch(/^This password is on the list of common passwords/);

    const done = await changePassword(s, { currentPassword: temporaryPassword, newPassword: 'Mùa hè xanh 2025' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ mustChangePassword: false, user: { username: 'tam.thoi' } });
    expect((await campaigns(s)).statusCode).toBe(200);
    // The account's other session ended; the old password no longer signs in, the new one does.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: other.headers })).statusCode).toBe(401);
    expect((await signInWith('tam.thoi', temporaryPassword)).status).toBe(401);
    const again = await signInWith('tam.thoi', 'Mùa hè xanh 2025');
    expect([again.status, again.body.mustChangePassword]).toEqual([200, false]);

    const entries = (await auditRepository.search(t.ctx.db, { limit: 200 })).filter((e) => e.action === 'account.password' && e.username === 'tam.thoi');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.newValue).toEqual({ username: 'tam.thoi', by: 'self', otherSessionsSignedOut: 1 });
    expect(JSON.stringify(entries)).not.toContain('Mùa hè');
  });
});

describe('a sign-in link', () => {
  it('signs in once, to a session that sets a password without the current one', async () => {
    const { signInLink } = await create('lien.ket', 'link');
    const token = (signInLink as string).split('#')[1]!;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { token } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: true, user: { username: 'lien.ket' } });
    const s = sessionOf(res);
    expect((await campaigns(s)).json().error.id).toBe('password_change_required');
    // Used: the link no longer works.
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { token } });
    expect([reused.statusCode, reused.json().error.id]).toEqual([401, 'invalid_credentials']);
    expect(reused.json().error.message).toMatch(/^Đường dẫn đăng nhập không đúng, đã được dùng hoặc đã hết hạn/);

    const done = await changePassword(s, { newPassword: 'Tình nguyện vì cộng đồng' });
    expect([done.statusCode, done.json().mustChangePassword]).toEqual([200, false]);
    expect((await campaigns(s)).statusCode).toBe(200);
    // From now on the current password is asked.
    expect((await changePassword(s, { newPassword: 'Một mật khẩu khác nữa' })).json().error.field).toBe('currentPassword');
    expect((await signInWith('lien.ket', 'Tình nguyện vì cộng đồng')).status).toBe(200);
  });

  it('refuses an unknown or expired token and bad input', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { token: 'khong-co' } })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: {} });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'token']);
  });
});

describe('changing one\'s own password', () => {
  it('asks the current password, refuses a signed-out request and a missing CSRF token', async () => {
    const s = await t.signIn('p1.baocao');
    const other = await t.signIn('p1.baocao');
    expect((await changePassword(s, { currentPassword: 'sai', newPassword: 'Mật khẩu mới của tôi' })).json().error.field).toBe('currentPassword');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session/password', payload: { newPassword: 'x' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session/password', headers: { cookie: s.cookie }, payload: { newPassword: 'x' } })).statusCode).toBe(403);
    const done = await changePassword(s, { currentPassword: PASSWORD, newPassword: 'Mật khẩu mới của tôi' });
    expect(done.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: other.headers })).statusCode).toBe(401);
    // Back to the test world's password for the tests after.
    expect((await changePassword(s, { currentPassword: 'Mật khẩu mới của tôi', newPassword: PASSWORD })).statusCode).toBe(200);
  });
});

describe('POST /api/v1/session/sign-out-everywhere', () => {
  it('ends every session of the account, this one too; audited', async () => {
    const a = await t.signIn('p2.baocao');
    const b = await t.signIn('p2.baocao');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session/sign-out-everywhere', headers: a.headers });
    expect(res.statusCode).toBe(204);
    for (const s of [a, b]) expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers })).statusCode).toBe(401);
    const entry = (await auditRepository.search(t.ctx.db, { limit: 50 })).find((e) => e.action === 'account.sessions' && e.username === 'p2.baocao');
    expect(entry?.newValue).toEqual({ username: 'p2.baocao', by: 'self', signedOut: 2 });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session/sign-out-everywhere' })).statusCode).toBe(401);
    const c = await t.signIn('p2.baocao');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session/sign-out-everywhere', headers: { cookie: c.cookie } })).statusCode).toBe(403);
  });
});

describe('a disabled account', () => {
  it('cannot sign in, by password or by link', async () => {
    const { signInLink } = await create('se.tat', 'link');
    const off = await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1-D1/accounts/se.tat', headers: manager.headers, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { token: (signInLink as string).split('#')[1] } });
    expect(res.statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1/accounts/p1d1.baocao', headers: manager.headers, payload: { active: false } });
    expect((await signInWith('p1d1.baocao', PASSWORD)).status).toBe(401);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1/accounts/p1d1.baocao', headers: manager.headers, payload: { active: true } });
    expect((await signInWith('p1d1.baocao', PASSWORD)).status).toBe(200);
  });
});
