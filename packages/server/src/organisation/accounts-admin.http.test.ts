/**
 * Accounts admin over HTTP: a manager lists, creates, changes, disables, resets and signs out
 * the accounts of their subtree, with roles no higher than their own and never their own
 * account; the bulk upload checks every row first and answers a workbook of temporary
 * passwords, once. Every route: not signed in, out of scope, bad input.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '@giaoban/db';
import { PASSWORD, openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
let steering: Session;
let reporter: Session;

beforeAll(async () => {
  t = await openTestApp();
  manager = await t.signIn('p1.quanly');
  steering = await t.signIn('tw.chidao');
  reporter = await t.signIn('p1.baocao');
});
afterAll(() => t?.close());

const signInWith = async (username: string, password: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  if (res.statusCode !== 200) return { status: res.statusCode, session: null };
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { status: 200, session: { cookie, csrf: res.json().csrfToken as string, headers: { cookie, 'x-csrf-token': res.json().csrfToken as string } } as Session };
};

const auditOf = async (action: string) => (await auditRepository.search(t.ctx.db, { limit: 500 })).filter((e) => e.action === action);

describe('GET /api/v1/units/:unitCode/accounts', () => {
  it('lists the subtree\'s accounts by unit code, then username, with unit, role, state and last sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: manager.headers });
    expect(res.statusCode).toBe(200);
    const accounts = res.json().accounts as { username: string; unit: { code: string }; roleLabel: string; lastSignIn: unknown; active: boolean }[];
    expect(accounts.map((a) => [a.unit.code, a.username])).toEqual([['P1', 'p1.baocao'], ['P1', 'p1.quanly'], ['P1-D1', 'p1d1.baocao']]);
    const own = res.json().accounts[1];
    expect(own).toMatchObject({
      username: 'p1.quanly', role: 'manager', roleLabel: 'Cán bộ quản lý', unit: { code: 'P1', name: 'Tỉnh Đoàn 1' }, email: null,
      language: 'vi', active: true, mustChangePassword: false,
    });
    // Signed in in beforeAll: the time is there, in both forms.
    expect(own.lastSignIn.text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(accounts[2]!.lastSignIn).toBeNull();
    expect(JSON.stringify(res.json())).not.toMatch(/hash|argon/i);
  });

  it('lists the unit\'s own accounts with subtree=false, in English with lang=en', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts?subtree=false&lang=en', headers: manager.headers });
    expect(res.json().accounts.map((a: { username: string; roleLabel: string }) => `${a.username} ${a.roleLabel}`)).toEqual(['p1.baocao Reporter', 'p1.quanly Manager']);
  });

  it('refuses a signed-out request, a unit outside the subtree, a reporter, and a bad query', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/P2/accounts', headers: manager.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: reporter.headers })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts?subtree=maybe', headers: manager.headers });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'querystring.subtree']);
  });
});

describe('POST /api/v1/units/:unitCode/accounts', () => {
  it('creates a reporter with a temporary password shown once, must change it, audited without the password', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/units/P1-D1/accounts', headers: manager.headers,
      payload: { username: 'P1D1.Moi', displayName: '  Nguyễn Văn Mới ', role: 'reporter', email: 'moi@doan.vn', credential: 'password' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.account).toMatchObject({
      username: 'p1d1.moi', displayName: 'Nguyễn Văn Mới', role: 'reporter', unit: { code: 'P1-D1' }, email: 'moi@doan.vn', active: true, mustChangePassword: true, lastSignIn: null,
    });
    expect(body.temporaryPassword).toMatch(/^[abcdefghjkmnpqrtwxyADEFGHJLMNQRT34679]{14}$/);
    expect(body.signInLink).toBeUndefined();
    const entry = (await auditOf('account.create')).find((e) => (e.newValue as { username: string }).username === 'p1d1.moi');
    expect(entry).toMatchObject({ username: 'p1.quanly', unitCode: 'P1-D1', newValue: { role: 'reporter', unit: 'P1-D1', credential: 'password' } });
    expect(JSON.stringify(entry)).not.toContain(body.temporaryPassword);
    // The temporary password signs in.
    expect((await signInWith('p1d1.moi', body.temporaryPassword)).status).toBe(200);
  });

  it('creates an account with a one-time sign-in link valid 72 hours', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/units/P1/accounts', headers: manager.headers,
      payload: { username: 'p1.lienket', displayName: 'Liên Kết', role: 'viewer', credential: 'link' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().signInLink).toMatch(/^\/sign-in\/link#[A-Za-z0-9_-]{43}$/);
    expect(res.json().temporaryPassword).toBeUndefined();
    const hours = (new Date(res.json().expiresAt.iso).getTime() - t.ctx.now().getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
  });

  it('refuses a role higher than one\'s own, in words, and in English', async () => {
    const payload = { username: 'p1.cao', displayName: 'Cao', role: 'steering', credential: 'password' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts', headers: manager.headers, payload });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ id: 'forbidden', message: 'Bạn không thể cấp vai trò cao hơn vai trò của mình (Cán bộ quản lý).', field: 'role' });
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts?lang=en', headers: manager.headers, payload });
    expect(en.json().error.message).toBe('You cannot grant a role higher than your own (Manager).');
    // Steering staff may make steering staff, not administrators.
    const s = await t.app.inject({ method: 'POST', url: '/api/v1/units/TW/accounts', headers: steering.headers, payload: { ...payload, username: 'tw.chidao2' } });
    expect(s.statusCode).toBe(201);
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/units/TW/accounts', headers: steering.headers, payload: { ...payload, username: 'tw.admin2', role: 'admin' } });
    expect(a.json().error.message).toBe('Bạn không thể cấp vai trò cao hơn vai trò của mình (Ban chỉ đạo).');
  });

  it('refuses bad input with the field, a taken username, and touches nothing', async () => {
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts', headers: manager.headers, payload });
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: manager.headers })).json().accounts.length;
    const cases: [object, number, string][] = [
      [{ username: 'Có Dấu', displayName: 'X', role: 'reporter', credential: 'password' }, 400, 'username'],
      [{ username: 'ab', displayName: 'X', role: 'reporter', credential: 'password' }, 400, 'username'],
      [{ username: 'p1.x', displayName: '   ', role: 'reporter', credential: 'password' }, 400, 'displayName'],
      [{ username: 'p1.x', displayName: 'X', role: 'boss', credential: 'password' }, 400, 'role'],
      [{ username: 'p1.x', displayName: 'X', role: 'reporter', credential: 'sms' }, 400, 'credential'],
      [{ username: 'p1.x', displayName: 'X', role: 'reporter', credential: 'password', email: 'không phải email' }, 400, 'email'],
      [{ username: 'p1.baocao', displayName: 'X', role: 'reporter', credential: 'password' }, 409, 'username'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await post(payload);
      expect({ payload, status: res.statusCode, field: res.json().error.field }).toEqual({ payload, status, field });
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: manager.headers })).json().accounts.length).toBe(before);
  });

  it('refuses a signed-out request and a unit outside the subtree', async () => {
    const payload = { username: 'p2.moi', displayName: 'X', role: 'reporter', credential: 'password' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P2/accounts', payload })).statusCode).toBe(401);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/units/P2/accounts', headers: manager.headers, payload });
    expect(res.statusCode).toBe(403);
  });
});

describe('PATCH /api/v1/units/:unitCode/accounts/:username', () => {
  it('disables an account (signed out everywhere, cannot sign in), re-enables it, audited old → new', async () => {
    const victim = await t.signIn('p1d1.baocao');
    const off = await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1/accounts/p1d1.baocao', headers: manager.headers, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json().account).toMatchObject({ username: 'p1d1.baocao', active: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: victim.headers })).statusCode).toBe(401);
    expect((await signInWith('p1d1.baocao', PASSWORD)).status).toBe(401);
    const entry = (await auditOf('account.update'))[0]!;
    expect(entry).toMatchObject({ username: 'p1.quanly', unitCode: 'P1-D1', oldValue: { username: 'p1d1.baocao', active: true }, newValue: { username: 'p1d1.baocao', active: false, signedOut: 1 } });

    const on = await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1-D1/accounts/p1d1.baocao', headers: manager.headers, payload: { active: true, displayName: 'Báo cáo D1', role: 'viewer', email: 'd1@doan.vn' } });
    expect(on.json().account).toMatchObject({ active: true, displayName: 'Báo cáo D1', role: 'viewer', email: 'd1@doan.vn' });
    expect((await signInWith('p1d1.baocao', PASSWORD)).status).toBe(200);
    const back = await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1-D1/accounts/p1d1.baocao', headers: manager.headers, payload: { role: 'reporter', email: null } });
    expect(back.json().account).toMatchObject({ role: 'reporter', email: null });
    // Nothing changed: no entry.
    const count = (await auditOf('account.update')).length;
    await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1-D1/accounts/p1d1.baocao', headers: manager.headers, payload: { role: 'reporter' } });
    expect((await auditOf('account.update')).length).toBe(count);
  });

  it('refuses one\'s own account, an account outside the unit, a higher role, an unknown account, and bad input', async () => {
    const patch = (url: string, payload: object, session = manager) => t.app.inject({ method: 'PATCH', url, headers: session.headers, payload });
    const own = await patch('/api/v1/units/P1/accounts/p1.quanly', { active: false });
    expect([own.statusCode, own.json().error.message]).toEqual([403, 'Bạn không thể vô hiệu hóa tài khoản của chính mình.']);
    const ownRole = await patch('/api/v1/units/P1/accounts/p1.quanly', { role: 'viewer' });
    expect(ownRole.statusCode).toBe(403);
    // p1.baocao is in P1, not below P1-D1.
    const outside = await patch('/api/v1/units/P1-D1/accounts/p1.baocao', { displayName: 'X' });
    expect([outside.statusCode, outside.json().error.message]).toEqual([403, 'Tài khoản "p1.baocao" không thuộc Huyện Đoàn 1.1 hoặc các đơn vị trực thuộc, nên bạn không quản lý được.']);
    const higher = await patch('/api/v1/units/P1/accounts/p1.baocao', { role: 'admin' });
    expect([higher.statusCode, higher.json().error.message]).toEqual([403, 'Bạn không thể cấp vai trò cao hơn vai trò của mình (Cán bộ quản lý).']);
    // A steering account at the centre cannot be changed by a manager even through the centre's unit (out of scope anyway).
    expect((await patch('/api/v1/units/TW/accounts/tw.chidao', { displayName: 'X' })).statusCode).toBe(403);
    // Steering staff cannot change an administrator.
    const admin = await patch('/api/v1/units/TW/accounts/tw.admin', { displayName: 'X' }, steering);
    expect([admin.statusCode, admin.json().error.message]).toEqual([403, 'Tài khoản này có vai trò cao hơn vai trò của bạn (Ban chỉ đạo), nên bạn không thay đổi được.']);
    const unknown = await patch('/api/v1/units/P1/accounts/p1.khongco', { displayName: 'X' });
    expect(unknown.statusCode).toBe(404);
    for (const [payload, field] of [[{ active: 'no' }, 'active'], [{ email: 'x' }, 'email'], [{ displayName: '' }, 'displayName'], [{ role: 'boss' }, 'role']] as const) {
      const res = await patch('/api/v1/units/P1/accounts/p1.baocao', payload);
      expect([res.statusCode, res.json().error.field]).toEqual([400, field]);
    }
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/units/P1/accounts/p1.baocao', payload: { active: false } })).statusCode).toBe(401);
    expect((await patch('/api/v1/units/P2/accounts/p2.baocao', { active: false })).statusCode).toBe(403);
  });
});

describe('POST …/accounts/:username/reset and …/sign-out-everywhere', () => {
  it('resets with a temporary password: the old one stops working, every session ends, audited as account.password', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts', headers: manager.headers, payload: { username: 'p1.datlai', displayName: 'Đặt Lại', role: 'reporter', credential: 'password' } });
    const first = (await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.datlai/reset', headers: manager.headers, payload: { credential: 'password' } })).json();
    const session = (await signInWith('p1.datlai', first.temporaryPassword)).session!;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.datlai/reset', headers: manager.headers, payload: { credential: 'password' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().temporaryPassword).not.toBe(first.temporaryPassword);
    expect((await signInWith('p1.datlai', first.temporaryPassword)).status).toBe(401);
    expect((await signInWith('p1.datlai', res.json().temporaryPassword)).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: session.headers })).statusCode).toBe(401);
    const entry = (await auditOf('account.password'))[0]!;
    expect(entry).toMatchObject({ username: 'p1.quanly', newValue: { username: 'p1.datlai', credential: 'password', by: 'manager', signedOut: 1 } });
    expect(JSON.stringify(entry)).not.toContain(res.json().temporaryPassword);
  });

  it('resets with a link', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.datlai/reset', headers: manager.headers, payload: { credential: 'link' } });
    expect(res.json().signInLink).toMatch(/^\/sign-in\/link#/);
    expect(res.json().account.mustChangePassword).toBe(true);
  });

  it('signs an account out everywhere', async () => {
    const a = await t.signIn('p1.baocao');
    const b = await t.signIn('p1.baocao');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.baocao/sign-out-everywhere', headers: manager.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().signedOut).toBeGreaterThanOrEqual(2);
    for (const s of [a, b, reporter]) expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers })).statusCode).toBe(401);
    reporter = await t.signIn('p1.baocao');
    expect((await auditOf('account.sessions'))[0]).toMatchObject({ username: 'p1.quanly', newValue: { username: 'p1.baocao', by: 'manager' } });
  });

  it('refuses a signed-out request, an outsider, one\'s own account and bad input', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.baocao/reset', payload: { credential: 'password' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.baocao/sign-out-everywhere' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P2/accounts/p2.baocao/reset', headers: manager.headers, payload: { credential: 'password' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P2/accounts/p2.baocao/sign-out-everywhere', headers: manager.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.quanly/reset', headers: manager.headers, payload: { credential: 'password' } })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts/p1.baocao/reset', headers: manager.headers, payload: { credential: 'email' } });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'credential']);
  });
});

describe('POST /api/v1/units/:unitCode/accounts-upload', () => {
  const csv = (lines: string[]) => Buffer.from(lines.join('\n'), 'utf8');
  const upload = (body: Buffer, type: string, session: Session = manager, unit = 'P1') => t.app.inject({
    method: 'POST', url: `/api/v1/units/${unit}/accounts-upload`, headers: { ...session.headers, 'content-type': type }, payload: body,
  });
  const readBook = async (bytes: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  };

  it('creates every account of a CSV and answers a workbook of temporary passwords, once; a second upload is refused whole', async () => {
    const file = csv(['Mã đơn vị,Tên đăng nhập,Họ tên,Email,Vai trò', 'P1-D1-G1,g1.baocao,Người G1,g1@doan.vn,', 'P1-D2-G2,g2.baocao,"Trần Thị, G2",,Cán bộ báo cáo', 'P1-D2,d2.xem,Xem D2,,viewer']);
    const res = await upload(file, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tai-khoan-P1-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const rows = await readBook(res.rawPayload);
    expect(rows[0]).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Tên đăng nhập', 'Họ tên', 'Vai trò', 'Mật khẩu tạm']);
    expect(rows.slice(1, 4).map((r) => r.slice(0, 5))).toEqual([
      ['P1-D1-G1', 'Đoàn cơ sở 1.1.1', 'g1.baocao', 'Người G1', 'Cán bộ báo cáo'],
      ['P1-D2-G2', 'Đoàn cơ sở 1.2.2', 'g2.baocao', 'Trần Thị, G2', 'Cán bộ báo cáo'],
      ['P1-D2', 'Huyện Đoàn 1.2', 'd2.xem', 'Xem D2', 'Người xem'],
    ]);
    const password = rows[1]![5]!;
    const signedIn = await signInWith('g1.baocao', password);
    expect(signedIn.status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: signedIn.session!.headers })).json().mustChangePassword).toBe(true);
    expect((await auditOf('account.create')).filter((e) => (e.newValue as { via?: string }).via === 'upload')).toHaveLength(3);

    const again = await upload(file, 'text/csv');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.rows.map(({ line, column, message }: { line: number; column: string; message: string }) => ({ line, column, message }))).toEqual([
      { line: 2, column: 'Tên đăng nhập', message: 'Tên đăng nhập "g1.baocao" đã được dùng.' },
      { line: 3, column: 'Tên đăng nhập', message: 'Tên đăng nhập "g2.baocao" đã được dùng.' },
      { line: 4, column: 'Tên đăng nhập', message: 'Tên đăng nhập "d2.xem" đã được dùng.' },
    ]);
  });

  it('reads an .xlsx with English headers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Accounts');
    sheet.addRow(['unit code', 'username', 'display name', 'role']);
    sheet.addRow(['P1-D1-G2', 'g12.baocao', 'Người G12', 'reporter']);
    const res = await upload(Buffer.from(await book.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.statusCode).toBe(200);
    expect((await readBook(res.rawPayload))[1]!.slice(0, 3)).toEqual(['P1-D1-G2', 'Đoàn cơ sở 1.1.2', 'g12.baocao']);
  });

  it('checks every row first and writes nothing when one is bad', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: manager.headers })).json().accounts.length;
    const res = await upload(csv([
      'unit,username,name,email,role',
      'P1-D1,ok.mot,Một,,',          // fine alone
      ',thieu.donvi,Thiếu đơn vị,,',
      'P2,ngoai.p1,Ngoài P1,,',
      'P1-D1,Sai Ten,Sai tên,,',
      'P1-D1,ok.mot,Lặp,,',
      'P1-D1,khong.ten,,,',
      'P1-D1,sai.email,Sai email,abc,',
      'P1-D1,cao.qua,Cao quá,,steering',
      'P1-D1,sai.vaitro,Sai vai trò,,boss',
    ]), 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Tệp có 8 lỗi; chưa có dữ liệu nào được ghi.');
    expect(res.json().error.rows.map((r: { line: number; column: string }) => `${r.line} ${r.column}`)).toEqual([
      '3 Mã đơn vị', '4 Mã đơn vị', '5 Tên đăng nhập', '6 Tên đăng nhập', '7 Họ tên', '8 Email', '9 Vai trò', '10 Vai trò',
    ]);
    expect(res.json().error.rows[1].message).toBe('Không có đơn vị mã "P2" trong Tỉnh Đoàn 1 và các đơn vị trực thuộc.');
    expect(res.json().error.rows[3].message).toBe('Tên đăng nhập "ok.mot" lặp lại (đã có ở dòng 2).');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/accounts', headers: manager.headers })).json().accounts.length).toBe(before);
  });

  it('refuses a file without the columns, an empty file, what is not a spreadsheet; a signed-out request and an outsider', async () => {
    const header = await upload(csv(['a,b,c', '1,2,3']), 'text/csv');
    expect([header.statusCode, header.json().error.rows[0].column]).toEqual([400, 'header']);
    expect((await upload(Buffer.alloc(0), 'text/csv')).statusCode).toBe(400);
    const junk = await upload(Buffer.from('not a zip at all'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([junk.statusCode, junk.json().error.rows[0].column]).toEqual([400, 'file']);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/units/P1/accounts-upload', headers: manager.headers, payload: {} });
    expect(json.statusCode).toBe(400);
    const file = csv(['unit,username,name', 'P2,p2.moi,X']);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units/P2/accounts-upload', headers: { 'content-type': 'text/csv' }, payload: file })).statusCode).toBe(401);
    expect((await upload(file, 'text/csv', manager, 'P2')).statusCode).toBe(403);
    expect((await upload(file, 'text/csv', reporter, 'P1')).statusCode).toBe(403);
  });
});
