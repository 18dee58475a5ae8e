/** The HTTP API end to end, in-process: sign-in, scope, reports moving the roll-up, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, PASSWORD, type TestApp } from './setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ loginMax: 10 });
});
afterAll(() => t?.close());

const progressUrl = (unit: string, asOf = '2023-07-16') => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/progress?asOf=${asOf}`;
const reportUrl = (unit: string, week: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${week}`;

describe('session', () => {
  it('refuses a wrong password in Vietnamese, and in English when asked', async () => {
    const vi = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'p1.baocao', password: 'sai' } });
    expect(vi.statusCode).toBe(401);
    expect(vi.json().error).toMatchObject({ id: 'invalid_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/session?lang=en', payload: { username: 'p1.baocao', password: 'sai' } });
    expect(en.json().error.message).toBe('Wrong username or password.');
  });

  it('sets an HttpOnly SameSite cookie and answers who is signed in', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'p1.quanly', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ name: 'gb_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `gb_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ user: { username: 'p1.quanly', role: 'manager' }, unit: { code: t.world.provinces[0]!.code } });
  });

  it('ends the session on sign-out', async () => {
    const s = await t.signIn('tw.xem');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: s.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers })).statusCode).toBe(401);
  });

  it('answers each of many requests arriving together with its own session and scope', async () => {
    // Their sessions are read in shared statements (the batcher's reads): no answer may go to the wrong request.
    const [p1, p2] = t.world.provinces;
    const manager = await t.signIn('p1.quanly');
    const viewer = await t.signIn('tw.xem');
    const ended = await t.signIn('p1.baocao');
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: ended.headers });
    const asks = [
      { headers: manager.headers, url: progressUrl(p1!.code), status: 200 },
      { headers: manager.headers, url: progressUrl(p2!.code), status: 403 },
      { headers: viewer.headers, url: progressUrl(p2!.code), status: 200 },
      { headers: ended.headers, url: progressUrl(p1!.code), status: 401 },
      { headers: { cookie: 'gb_session=khong-co-phien' }, url: '/api/v1/session', status: 401 },
      { headers: manager.headers, url: progressUrl('KHONG-CO'), status: 403 },
      { headers: viewer.headers, url: '/api/v1/session', status: 200 },
    ];
    const many = Array.from({ length: 5 }, () => asks).flat();
    const answers = await Promise.all(many.map((a) => t.app.inject({ method: 'GET', url: a.url, headers: a.headers })));
    expect(answers.map((r) => r.statusCode)).toEqual(many.map((a) => a.status));
    const who = answers.filter((_, i) => many[i]!.url === '/api/v1/session' && many[i]!.status === 200);
    for (const r of who) expect(r.json()).toMatchObject({ user: { username: 'tw.xem' } });
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: '10.9.9.9', payload: { username: 'x.y', password: 'sai-mat-khau' } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error.message).toContain('quá nhiều lần');
    }
    expect(statuses).toContain(429);
  });
});

describe('scope', () => {
  it('lets a unit read its own subtree but not a sibling or its parent', async () => {
    const s = await t.signIn('p1.quanly');
    const [p1, p2] = t.world.provinces;
    expect((await t.app.inject({ method: 'GET', url: progressUrl(p1!.code), headers: s.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: progressUrl(t.world.districts[0]!.code), headers: s.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: progressUrl(p2!.code), headers: s.headers })).statusCode).toBe(403);
    const up = await t.app.inject({ method: 'GET', url: progressUrl(t.world.root.code), headers: s.headers });
    expect(up.statusCode).toBe(403);
    expect(up.json().error.message).toBe('Bạn không có quyền thực hiện thao tác này với đơn vị này.');
  });

  it('lets a reporter write only its own unit, and a viewer nothing', async () => {
    const reporter = await t.signIn('p1.baocao');
    const week = t.world.weeks[0]!;
    const own = await t.app.inject({ method: 'PUT', url: reportUrl(t.world.provinces[0]!.code, week), headers: reporter.headers, payload: { values: {}, version: 0 } });
    expect(own.statusCode).toBe(200);
    const child = await t.app.inject({ method: 'PUT', url: reportUrl(t.world.districts[0]!.code, week), headers: reporter.headers, payload: { values: {}, version: 0 } });
    expect(child.statusCode).toBe(403);
    const viewer = await t.signIn('tw.xem');
    const v = await t.app.inject({ method: 'PUT', url: reportUrl(t.world.provinces[0]!.code, week), headers: viewer.headers, payload: { values: {}, version: 0 } });
    expect(v.statusCode).toBe(403);
  });

  it('hides the breadcrumb above the user\'s own unit', async () => {
    const s = await t.signIn('p1.quanly');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/units/${t.world.districts[0]!.code}`, headers: s.headers });
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toEqual([t.world.provinces[0]!.code]);
  });
});

describe('weekly report', () => {
  const streets = () => `${t.world.prefix}tuyen-pho`;

  it('moves the national figure when a district submits, and not when it saves a draft', async () => {
    const steering = await t.signIn('tw.chidao');
    const national = async () => {
      const res = await t.app.inject({ method: 'GET', url: progressUrl(t.world.root.code), headers: steering.headers });
      return res.json().unit.indicators.find((i: { code: string }) => i.code === streets()).toDate as number;
    };
    const before = await national();
    const district = await t.signIn('p1d1.baocao');
    const url = reportUrl(t.world.districts[0]!.code, t.world.weeks[2]!);
    const draft = await t.app.inject({ method: 'PUT', url, headers: district.headers, payload: { values: { [streets()]: '1.250' }, version: 0 } });
    expect(draft.statusCode).toBe(200);
    expect(draft.json().draft.values[streets()]).toBe(1250);
    expect(await national()).toBe(before);
    const submit = await t.app.inject({ method: 'POST', url: `${url}/submit`, headers: district.headers, payload: { values: { [streets()]: '1.250' }, highlights: 'Ra quân', version: draft.json().version } });
    expect(submit.statusCode).toBe(200);
    expect(submit.json()).toMatchObject({ status: 'submitted', highlights: 'Ra quân', draft: null });
    expect(await national()).toBe(before + 1250);
  });

  it('answers "Prefer: return=minimal" with 204 and the version, checks scope and input the same, and writes the same', async () => {
    const district = await t.signIn('p1d1.baocao');
    const minimal = { ...district.headers, prefer: 'return=minimal' };
    const url = reportUrl(t.world.districts[0]!.code, t.world.weeks[4]!);
    const res = await t.app.inject({ method: 'POST', url: `${url}/submit`, headers: minimal, payload: { values: { [streets()]: 7 }, version: 0 } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['preference-applied']).toBe('return=minimal');
    const view = (await t.app.inject({ method: 'GET', url, headers: district.headers })).json();
    expect(view).toMatchObject({ status: 'submitted' });
    expect(res.headers.etag).toBe(`"${view.version}"`);
    expect(view.indicators.find((i: { code: string }) => i.code === streets()).submitted).toEqual({ increment: 7, entered: 7 });
    // Another district's report: refused before anything is read or written.
    const other = reportUrl(t.world.districts[2]!.code, t.world.weeks[4]!);
    const forbidden = await t.app.inject({ method: 'POST', url: `${other}/submit`, headers: minimal, payload: { values: { [streets()]: 7 }, version: 0 } });
    expect(forbidden.statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: `${url}/submit`, headers: minimal, payload: { values: { [streets()]: 'bảy' }, version: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe(`values.${streets()}`);
    const steering = await t.signIn('tw.chidao');
    expect((await t.app.inject({ method: 'GET', url: other, headers: steering.headers })).json().status).toBe('missing');
    expect((await t.app.inject({ method: 'GET', url, headers: district.headers })).json().version).toBe(view.version);
  });

  it('answers bad values with 400, the field and a Vietnamese message, and saves nothing', async () => {
    const reporter = await t.signIn('p1.baocao');
    const url = reportUrl(t.world.provinces[0]!.code, t.world.weeks[3]!);
    const res = await t.app.inject({
      method: 'POST', url: `${url}/submit`, headers: reporter.headers,
      payload: { values: { [streets()]: '12,5', [`${t.world.prefix}km-duong`]: 'abc', 'khong-co': 3 }, version: 0 },
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.id).toBe('validation');
    expect(error.fields.map((f: { field: string }) => f.field).sort()).toEqual([`values.${t.world.prefix}km-duong`, `values.${streets()}`, 'values.khong-co'].sort());
    expect(error.fields.find((f: { field: string }) => f.field === 'values.khong-co').message).toBe('Chỉ tiêu "khong-co" không thuộc chiến dịch này.');
    const after = await t.app.inject({ method: 'GET', url, headers: reporter.headers });
    expect(after.json().status).toBe('missing');
  });

  it('answers a malformed body and a bad week with 400 in Vietnamese', async () => {
    const reporter = await t.signIn('p1.baocao');
    const wrongType = await t.app.inject({ method: 'PUT', url: reportUrl(t.world.provinces[0]!.code, t.world.weeks[0]!), headers: reporter.headers, payload: { values: { a: true }, version: 0 } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toMatch(/^Trường "values\.a": /);
    const badWeek = await t.app.inject({ method: 'GET', url: reportUrl(t.world.provinces[0]!.code, '2023-21'), headers: reporter.headers });
    expect(badWeek.statusCode).toBe(400);
    expect(badWeek.json().error.message).toBe('Tuần "2023-21" không hợp lệ, cần dạng 2023-W21.');
    const notJson = await t.app.inject({ method: 'PUT', url: reportUrl(t.world.provinces[0]!.code, t.world.weeks[0]!), headers: { ...reporter.headers, 'content-type': 'application/json' }, payload: '{"values": ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toBe('Yêu cầu không hợp lệ (sai định dạng dữ liệu).');
  });

  it('refuses a save against a stale version with 409', async () => {
    const reporter = await t.signIn('p2.baocao');
    const url = reportUrl(t.world.provinces[1]!.code, t.world.weeks[1]!);
    const first = await t.app.inject({ method: 'PUT', url, headers: reporter.headers, payload: { values: { [streets()]: 1 }, version: 0 } });
    const version = first.json().version as number;
    expect((await t.app.inject({ method: 'PUT', url, headers: reporter.headers, payload: { values: { [streets()]: 2 }, version } })).statusCode).toBe(200);
    const stale = await t.app.inject({ method: 'PUT', url, headers: reporter.headers, payload: { values: { [streets()]: 3 }, version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('người khác cập nhật');
    // A write that does not say which version it was made from is refused, not taken as an
    // overwrite: submit, save and correct alike.
    for (const [method, path] of [['PUT', url], ['POST', `${url}/submit`], ['POST', `${url}/correct`]] as const) {
      const blind = await t.app.inject({ method, url: path, headers: reporter.headers, payload: { values: { [streets()]: 4 }, reason: 'x' } });
      expect(blind.statusCode).toBe(400);
      expect(blind.json().error.field).toBe('version');
    }
    const kept = (await t.app.inject({ method: 'GET', url, headers: reporter.headers })).json();
    expect(kept.draft.values[streets()]).toBe(2);
  });
});

describe('targets and progress', () => {
  it('lets a province manager allocate to its districts and shows the gap', async () => {
    const manager = await t.signIn('p1.quanly');
    const steering = await t.signIn('tw.chidao');
    const province = t.world.provinces[0]!.code;
    const code = `${t.world.prefix}tuyen-pho`;
    await t.app.inject({ method: 'PUT', url: `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/targets`, headers: steering.headers, payload: { targets: { [province]: { [code]: 300 } } } });
    const [d1, d2] = t.world.districts;
    const res = await t.app.inject({
      method: 'PUT', url: `/api/v1/campaigns/${t.world.campaign.code}/units/${province}/targets`, headers: manager.headers,
      payload: { targets: { [d1!.code]: { [code]: '120' }, [d2!.code]: { [code]: 150 } } },
    });
    expect(res.statusCode).toBe(200);
    const row = res.json().indicators.find((i: { code: string }) => i.code === code);
    expect(row.gap).toMatchObject({ target: 300, allocated: 270, gap: 30, state: 'under', text: { state: 'phân bổ chưa đủ', gap: '30' } });
    const reporter = await t.signIn('p1.baocao');
    const refused = await t.app.inject({ method: 'PUT', url: `/api/v1/campaigns/${t.world.campaign.code}/units/${province}/targets`, headers: reporter.headers, payload: { targets: {} } });
    expect(refused.statusCode).toBe(403);
  });

  it('writes progress the Vietnamese way, with the schedule status', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await t.app.inject({ method: 'GET', url: `${progressUrl(t.world.root.code, '02/07/2023')}&precision=1`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.asOf).toEqual({ iso: '2023-07-02', text: '02/07/2023' });
    expect(body.children.map((c: { unit: { code: string } }) => c.unit.code)).toEqual(t.world.provinces.map((p) => p.code));
    const streets = body.unit.indicators.find((i: { code: string }) => i.code === `${t.world.prefix}tuyen-pho`);
    expect(streets.text.toDate).toBe('1.250');
    expect(streets.text.achievement).toBe('250%');
    expect(streets.status).toBe('achieved');
    expect(streets.text.status).toBe('đã đạt');
    const alone = await t.app.inject({ method: 'GET', url: `${progressUrl(t.world.root.code, '02/07/2023')}&children=false`, headers: s.headers });
    expect(alone.json().children).toEqual([]);
    expect(alone.json().unit).toEqual(body.unit);
  });
});
