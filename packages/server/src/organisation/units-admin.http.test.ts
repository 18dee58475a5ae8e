/**
 * Units admin over HTTP (issue 19): search a subtree without diacritics, the unit groups,
 * create a unit under one managed, change it (rename, re-code, re-tag, re-level), move it,
 * close it from a date (its accounts disabled) and reopen it; every change audited old → new.
 * Each route refuses a signed-out request, a unit outside the caller's subtree and bad input.
 *
 * The world: TW (central) → P1, P2 (provinces) → P1-D1, P1-D2, … (districts) → P1-D1-G1, …
 * (grassroots). The campaign's national targets sit at TW. The test clock reads 10:00 on
 * Monday 03/07/2023 in Hà Nội.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { PASSWORD, openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
let steering: Session;
let admin: Session;
let reporter: Session;
beforeAll(async () => {
  t = await openTestApp();
  [manager, steering, admin, reporter] = await Promise.all([t.signIn('p1.quanly'), t.signIn('tw.chidao'), t.signIn('tw.admin'), t.signIn('p1.baocao')]);
});
afterAll(() => t?.close());

async function call(s: Session | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, lang?: 'en') {
  const res = await t.app.inject({
    method, url: lang ? `${url}${url.includes('?') ? '&' : '?'}lang=${lang}` : url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.json() };
}

const auditByCode = async (code: string) => {
  const rows = await auditRepository.search(t.ctx.db, { limit: 200 });
  return rows.filter((r) => r.unitCode === code).map((r) => ({ action: r.action, oldValue: r.oldValue, newValue: r.newValue }));
};

describe('GET /api/v1/units/:unitCode/search', () => {
  it('finds units of the subtree by words without diacritics, or by code; the exact code first', async () => {
    const words = await call(manager, 'GET', '/api/v1/units/P1/search?q=HUYEN%20doan');
    expect(words.status).toBe(200);
    expect(words.body.units.map((u: { code: string }) => u.code)).toEqual(['P1-D1', 'P1-D2']);
    expect(words.body.units[0]).toEqual({
      code: 'P1-D1', name: 'Huyện Đoàn 1.1', shortName: null, level: 'district', levelLabel: 'Huyện, quận Đoàn', tags: [], region: null,
      validFrom: null, validTo: null, parentCode: 'P1', parentName: 'Tỉnh Đoàn 1',
    });
    const code = await call(manager, 'GET', '/api/v1/units/P1/search?q=p1-d1');
    expect(code.body.units.map((u: { code: string }) => u.code)).toEqual(['P1-D1', 'P1-D1-G1', 'P1-D1-G2']);
    expect((await call(manager, 'GET', '/api/v1/units/P1/search?q=co%20so%201.2.1&limit=1')).body.units.map((u: { code: string }) => u.code)).toEqual(['P1-D2-G1']);
    // Tỉnh Đoàn 2 lies outside Tỉnh Đoàn 1.
    expect((await call(manager, 'GET', '/api/v1/units/P1/search?q=tinh%20doan%202')).body.units).toEqual([]);
    expect((await call(steering, 'GET', '/api/v1/units/TW/search?q=tinh%20doan%202')).body.units.map((u: { code: string }) => u.code)).toEqual(['P2']);
  });

  it('refuses a signed-out request, a unit outside the subtree, and a bad limit or no query', async () => {
    expect((await call(null, 'GET', '/api/v1/units/P1/search?q=x')).status).toBe(401);
    expect((await call(manager, 'GET', '/api/v1/units/P2/search?q=x')).status).toBe(403);
    const limit = await call(manager, 'GET', '/api/v1/units/P1/search?q=x&limit=51');
    expect(limit.status).toBe(400);
    expect(limit.body.error.field).toBe('querystring.limit');
    expect((await call(manager, 'GET', '/api/v1/units/P1/search')).status).toBe(400);
  });
});

describe('unit groups', () => {
  it('lists the groups to anyone signed in; the central steering staff adds one (audited)', async () => {
    expect((await call(null, 'GET', '/api/v1/unit-tags')).status).toBe(401);
    const list = await call(reporter, 'GET', '/api/v1/unit-tags');
    expect(list.status).toBe(200);
    expect(list.body.tags.map((g: { code: string }) => g.code)).toEqual(['enterprise', 'public-administration', 'rural', 'school', 'urban']);
    expect(list.body.tags.find((g: { code: string }) => g.code === 'urban')).toEqual({ code: 'urban', name: expect.any(String), nameEn: expect.any(String) });

    const added = await call(steering, 'POST', '/api/v1/unit-tags', { code: 'ethnic-minority', name: 'Vùng đồng bào dân tộc thiểu số', nameEn: 'Ethnic minority areas' });
    expect(added).toEqual({ status: 201, body: { tag: { code: 'ethnic-minority', name: 'Vùng đồng bào dân tộc thiểu số', nameEn: 'Ethnic minority areas' } } });
    const audit = (await auditRepository.search(t.ctx.db, { limit: 50 })).filter((a) => a.action === 'tag.create');
    expect(audit.map((a) => [a.username, a.newValue])).toEqual([['tw.chidao', { code: 'ethnic-minority', name: 'Vùng đồng bào dân tộc thiểu số', nameEn: 'Ethnic minority areas' }]]);
  });

  it('refuses a manager, an administrator of a province, a bad or taken code and an empty name', async () => {
    expect((await call(manager, 'POST', '/api/v1/unit-tags', { code: 'x', name: 'X' })).status).toBe(403);
    await createUser(t.ctx, { username: 'p1.admin', password: PASSWORD, displayName: 'p1.admin', role: 'admin', unitCode: 'P1' });
    const provinceAdmin = await t.signIn('p1.admin');
    expect(await call(provinceAdmin, 'POST', '/api/v1/unit-tags', { code: 'x', name: 'X' })).toEqual({
      status: 403, body: { error: { id: 'forbidden', message: 'Chỉ cán bộ Trung ương Đoàn mới thêm được nhóm đơn vị.' } },
    });
    const bad = await call(steering, 'POST', '/api/v1/unit-tags', { code: 'Khu Đô Thị', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['code', 'name']);
    const taken = await call(steering, 'POST', '/api/v1/unit-tags', { code: 'urban', name: 'Đô thị' }, 'en');
    expect(taken.status).toBe(400);
    expect(taken.body.error.message).toMatch(/^The group code "urban" is already listed/);
    expect((await call(steering, 'POST', '/api/v1/unit-tags', { name: 'Không mã' })).status).toBe(400);
  });
});

describe('POST /api/v1/units/:unitCode/children', () => {
  it('creates a unit under one the manager manages, opening today, audited', async () => {
    const res = await call(manager, 'POST', '/api/v1/units/P1-D1/children', {
      code: 'P1-D1-G3', name: ' Đoàn cơ sở 1.1.3 ', shortName: 'ĐCS 1.1.3', level: 'grassroots', tags: ['urban', 'school'],
    });
    expect(res).toEqual({
      status: 201,
      body: { unit: { code: 'P1-D1-G3', name: 'Đoàn cơ sở 1.1.3', shortName: 'ĐCS 1.1.3', level: 'grassroots', levelLabel: 'Đoàn cơ sở', tags: ['urban', 'school'], region: null, validFrom: '2023-07-03', validTo: null } },
    });
    // Under one's own unit too, with a date typed the Vietnamese way.
    const own = await call(manager, 'POST', '/api/v1/units/P1/children', { code: 'P1-D3', name: 'Huyện Đoàn 1.3', level: 'district', validFrom: '01/08/2023' });
    expect(own.status).toBe(201);
    expect(own.body.unit.validFrom).toBe('2023-08-01');
    expect(await auditByCode('P1-D1-G3')).toEqual([{
      action: 'unit.create', oldValue: null,
      newValue: { code: 'P1-D1-G3', name: 'Đoàn cơ sở 1.1.3', shortName: 'ĐCS 1.1.3', level: 'grassroots', tags: ['urban', 'school'], region: null, parentCode: 'P1-D1', validTo: null, validFrom: '2023-07-03' },
    }]);
    expect((await call(manager, 'GET', '/api/v1/units/P1/search?q=1.1.3')).body.units.map((u: { code: string }) => u.code)).toEqual(['P1-D1-G3']);
  });

  it('says every bad field at once: code taken or malformed, no name, a level not below the parent\'s, an unknown group, a bad date', async () => {
    const res = await call(manager, 'POST', '/api/v1/units/P1-D1/children', { code: 'P1-D1-G1', name: '  ', level: 'province', tags: ['city'], validFrom: '31/02/2023' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['code', 'name', 'level', 'tags', 'validFrom']);
    expect(res.body.error.fields[0].message).toBe('Mã đơn vị "P1-D1-G1" đã được dùng (Đoàn cơ sở 1.1.1).');
    expect(res.body.error.fields[2].message).toBe('Cấp "Tỉnh, thành Đoàn" phải thấp hơn cấp của đơn vị cấp trên Huyện Đoàn 1.1 (Huyện, quận Đoàn).');
    expect((await call(manager, 'POST', '/api/v1/units/P1-D1/children', { code: 'có dấu', name: 'X', level: 'grassroots' })).body.error.field).toBe('code');
    expect((await call(manager, 'POST', '/api/v1/units/P1-D1/children', { code: 'X', name: 'X', level: 'commune' })).status).toBe(400);
    expect((await call(manager, 'POST', '/api/v1/units/P1-D1/children', { code: 'X', name: 'X' })).status).toBe(400);
  });

  it('refuses a signed-out request, a unit outside the subtree, a reporter', async () => {
    const body = { code: 'P2-D9', name: 'Huyện Đoàn 2.9', level: 'district' };
    expect((await call(null, 'POST', '/api/v1/units/P2/children', body)).status).toBe(401);
    const outside = await call(manager, 'POST', '/api/v1/units/P2/children', body);
    expect(outside.status).toBe(403);
    // The refusal says where the manager's units end; an unknown code is answered the same (codes do not leak).
    expect(outside.body.error.message).toBe('Bạn chỉ quản lý được Tỉnh Đoàn 1 và các đơn vị trực thuộc.');
    expect((await call(manager, 'POST', '/api/v1/units/KHONG-CO/children', body)).body.error.message).toBe('Bạn chỉ quản lý được Tỉnh Đoàn 1 và các đơn vị trực thuộc.');
    const reporterTries = await call(reporter, 'POST', '/api/v1/units/P1/children', body);
    expect(reporterTries.status).toBe(403);
    expect(reporterTries.body.error.message).toBe('Bạn không có quyền thực hiện thao tác này với đơn vị này.');
    expect((await call(admin, 'GET', '/api/v1/units/TW/search?q=P2-D9')).body.units).toEqual([]);
  });
});

describe('PATCH /api/v1/units/:unitCode', () => {
  it('renames, re-codes, re-tags and re-levels a unit below the manager\'s; one audit entry with the fields that changed', async () => {
    await call(manager, 'POST', '/api/v1/units/P1-D2/children', { code: 'P1-D2-G9', name: 'Đoàn cơ sở 1.2.9', level: 'grassroots' });
    const res = await call(manager, 'PATCH', '/api/v1/units/P1-D2-G9', { name: 'Đoàn Trường THPT Lào Cai', shortName: 'THPT Lào Cai', code: 'P1-D2-THPT', tags: ['school'], level: 'branch' });
    expect(res).toEqual({
      status: 200,
      body: {
        unit: { code: 'P1-D2-THPT', name: 'Đoàn Trường THPT Lào Cai', shortName: 'THPT Lào Cai', level: 'branch', levelLabel: 'Chi đoàn', tags: ['school'], region: null, validFrom: '2023-07-03', validTo: null },
        disabledAccounts: 0,
      },
    });
    expect((await auditByCode('P1-D2-THPT')).filter((a) => a.action === 'unit.update')).toEqual([{
      action: 'unit.update',
      oldValue: { code: 'P1-D2-G9', name: 'Đoàn cơ sở 1.2.9', shortName: null, level: 'grassroots', tags: [] },
      newValue: { code: 'P1-D2-THPT', name: 'Đoàn Trường THPT Lào Cai', shortName: 'THPT Lào Cai', level: 'branch', tags: ['school'] },
    }]);
    // Found by the new name, without diacritics; the same values again change nothing and audit nothing.
    expect((await call(manager, 'GET', '/api/v1/units/P1/search?q=lao%20cai')).body.units.map((u: { code: string }) => u.code)).toEqual(['P1-D2-THPT']);
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-D2-THPT', { name: 'Đoàn Trường THPT Lào Cai', tags: ['school'] })).status).toBe(200);
    expect((await auditByCode('P1-D2-THPT')).filter((a) => a.action === 'unit.update')).toHaveLength(1);
  });

  it('moves a unit without history inside the subtree; refuses a cycle, a level, a unit with reports or targets, a parent outside', async () => {
    await call(manager, 'POST', '/api/v1/units/P1-D1/children', { code: 'P1-MOVE', name: 'Đoàn cơ sở chuyển', level: 'grassroots' });
    const moved = await call(manager, 'PATCH', '/api/v1/units/P1-MOVE', { parentCode: 'P1-D2' });
    expect(moved.status).toBe(200);
    expect((await call(manager, 'GET', '/api/v1/units/P1-D2/children')).body.children.map((u: { code: string }) => u.code)).toContain('P1-MOVE');
    expect((await auditByCode('P1-MOVE')).at(0)).toEqual({ action: 'unit.update', oldValue: { parentCode: 'P1-D1' }, newValue: { parentCode: 'P1-D2' } });

    const cycle = await call(manager, 'PATCH', '/api/v1/units/P1-D1', { parentCode: 'P1-D1-G1' });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['parentCode', 'level']);
    expect(cycle.body.error.fields[0].message).toBe('Không thể chuyển Huyện Đoàn 1.1 vào Đoàn cơ sở 1.1.1, một đơn vị trực thuộc của nó.');
    const level = await call(manager, 'PATCH', '/api/v1/units/P1-D1', { parentCode: 'P1-D2' });
    expect(level.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['level']);

    // A report of P1-D1-G2 (a week of the campaign): its history would move with it.
    const week = t.world.weeks[3]!;
    const g2 = await t.signIn('p1.quanly');
    const saved = await call(g2, 'POST', `/api/v1/campaigns/${t.world.campaign.code}/units/P1-D1-G2/reports/${week}/submit`, {
      version: 0, values: { 'tuyen-pho': 1 }, onBehalf: { reason: 'Báo qua điện thoại', receivedAt: '2023-07-01T09:00:00+07:00' },
    });
    expect(saved.status).toBe(200);
    const history = await call(manager, 'PATCH', '/api/v1/units/P1-D1-G2', { parentCode: 'P1-D2' });
    expect(history.status).toBe(400);
    expect(history.body.error).toMatchObject({ field: 'parentCode' });
    expect(history.body.error.message).toMatch(/đã có báo cáo hoặc chỉ tiêu: chuyển ngay tại chỗ sẽ viết lại lịch sử của nó\. Hãy chuyển bằng một đợt sắp xếp lại đơn vị có ngày hiệu lực/);
    // The province P1-D1 is part of: its grassroots unit's report is in its subtree.
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-D1', { parentCode: 'P1' })).status).toBe(200); // the same parent: no move

    const outside = await call(manager, 'PATCH', '/api/v1/units/P1-MOVE', { parentCode: 'P2-D1' });
    expect(outside).toEqual({ status: 403, body: { error: { id: 'forbidden', message: 'Bạn chỉ chuyển được đơn vị vào Tỉnh Đoàn 1 hoặc các đơn vị cấp dưới của nó.' } } });
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-MOVE', { parentCode: 'NOWHERE' })).body.error.field).toBe('parentCode');
  });

  it('closes a unit from a date (valid to the day before), disables its accounts and signs them out; reopens it', async () => {
    await call(manager, 'POST', '/api/v1/units/P1-D2/children', { code: 'P1-CLOSE', name: 'Đoàn cơ sở giải thể', level: 'grassroots', validFrom: '2023-01-01' });
    await createUser(t.ctx, { username: 'close.baocao', password: PASSWORD, displayName: 'Cán bộ báo cáo', role: 'reporter', unitCode: 'P1-CLOSE' });
    const closer = await t.signIn('close.baocao');
    expect((await call(closer, 'GET', '/api/v1/session')).status).toBe(200);

    const closed = await call(manager, 'PATCH', '/api/v1/units/P1-CLOSE', { closeFrom: '01/07/2023' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ unit: { validTo: '2023-06-30' }, disabledAccounts: 1 });
    expect((await call(closer, 'GET', '/api/v1/session')).status).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'close.baocao', password: PASSWORD } })).statusCode).toBe(401);
    expect(await auditByCode('P1-CLOSE')).toEqual(expect.arrayContaining([
      { action: 'unit.update', oldValue: { validTo: null }, newValue: { validTo: '2023-06-30' } },
      { action: 'account.update', oldValue: { username: 'close.baocao', active: true }, newValue: { username: 'close.baocao', active: false } },
    ]));
    // Open units are found first, then the closed one.
    const found = (await call(manager, 'GET', '/api/v1/units/P1-D2/search?q=doan%20co%20so')).body.units.map((u: { code: string }) => u.code);
    expect(found.at(-1)).toBe('P1-CLOSE');

    const reopened = await call(manager, 'PATCH', '/api/v1/units/P1-CLOSE', { closeFrom: null });
    expect(reopened.body).toMatchObject({ unit: { validTo: null }, disabledAccounts: 0 });
  });

  it('refuses to close a unit with open children, or on the day it opened', async () => {
    const parent = await call(manager, 'PATCH', '/api/v1/units/P1-D1', { closeFrom: '2023-07-10' });
    expect(parent.status).toBe(400);
    expect(parent.body.error).toMatchObject({ field: 'closeFrom' });
    expect(parent.body.error.message).toMatch(/^Huyện Đoàn 1\.1 còn \d+ đơn vị trực thuộc hoạt động từ 10\/07\/2023/);
    await call(manager, 'POST', '/api/v1/units/P1-D2/children', { code: 'P1-NEW', name: 'Đoàn cơ sở mới', level: 'grassroots' });
    const sameDay = await call(manager, 'PATCH', '/api/v1/units/P1-NEW', { closeFrom: '2023-07-03' });
    expect(sameDay.body.error.message).toBe('Ngày thôi hoạt động phải sau ngày đơn vị bắt đầu hoạt động.');
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-NEW', { closeFrom: '2023-13-01' })).body.error.field).toBe('closeFrom');
  });

  it('refuses one\'s own unit, a unit outside the subtree, a signed-out request and bad input', async () => {
    expect(await call(manager, 'PATCH', '/api/v1/units/P1', { name: 'Tỉnh Đoàn Một' })).toEqual({
      status: 403,
      body: { error: { id: 'forbidden', message: 'Bạn không thể sửa Tỉnh Đoàn 1, đơn vị của chính mình; chỉ cấp trên sửa được. Bạn quản lý các đơn vị trực thuộc.' } },
    });
    expect((await call(manager, 'PATCH', '/api/v1/units/P1', { name: 'x' }, 'en')).body.error.message).toBe('You cannot change Tỉnh Đoàn 1, your own unit; the level above does. You manage the units below it.');
    expect((await call(manager, 'PATCH', '/api/v1/units/P2', { name: 'x' })).status).toBe(403);
    expect((await call(null, 'PATCH', '/api/v1/units/P1-D1', { name: 'x' })).status).toBe(401);
    expect((await call(reporter, 'PATCH', '/api/v1/units/P1-D1', { name: 'x' })).status).toBe(403);
    const bad = await call(manager, 'PATCH', '/api/v1/units/P1-D1', { name: '', code: 'P1-D2', tags: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['name', 'code', 'tags']);
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-D1', { level: 'town' })).status).toBe(400);
    // A level above a child's: its grassroots units would no longer sit below it.
    expect((await call(manager, 'PATCH', '/api/v1/units/P1-D1', { level: 'grassroots' })).body.error.fields.map((f: { field: string }) => f.field)).toEqual(['level']);
    // The central administrator manages the central unit itself.
    expect((await call(admin, 'PATCH', '/api/v1/units/TW', { shortName: 'T.Ư Đoàn' })).body.unit.shortName).toBe('T.Ư Đoàn');
    expect((await call(steering, 'PATCH', '/api/v1/units/TW', { shortName: 'TW' })).status).toBe(403);
  });
});
