/**
 * Text PostgreSQL cannot store (a NUL, a lone surrogate) and bodies nested too deep are refused
 * at the edge with a 400 that names the field, wherever they come in, and change nothing;
 * Fastify's own refusals answer in the app's shape; signing out clears the cookie as strictly
 * as it was set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInputProblem, isUnstorable } from '../../src/http/index.ts';
import { openTestApp, type Session, type TestApp } from './setup.ts';

let t: TestApp;
let steering: Session;
let admin: Session;
let reporter: Session;

beforeAll(async () => {
  t = await openTestApp();
  steering = await t.signIn('tw.chidao');
  admin = await t.signIn('tw.admin');
  reporter = await t.signIn('p1.baocao');
});
afterAll(() => t?.close());

const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udfff';

describe('isUnstorable / findInputProblem', () => {
  it.each([
    ['plain Vietnamese', 'Ra quân tình nguyện', false],
    ['an emoji (a surrogate pair)', 'Hè xanh 🌿', false],
    ['a NUL', `a${NUL}b`, true],
    ['a lone high surrogate', `a${LONE_HIGH}`, true],
    ['a lone low surrogate', `${LONE_LOW}b`, true],
    ['a pair written backwards', `${LONE_LOW}${LONE_HIGH}`, true],
  ])('%s', (_, text, expected) => {
    expect(isUnstorable(text)).toBe(expected);
  });

  it.each([
    ['a clean body', { values: { a: 1, b: '2' }, highlights: 'x' }, null],
    ['a value', { values: { a: 1 }, highlights: `x${NUL}` }, { field: 'highlights', kind: 'text' }],
    ['an array element', { recipients: ['a', `b${LONE_HIGH}`] }, { field: 'recipients.1', kind: 'text' }],
    ['a key', { values: { [`a${NUL}`]: 1 } }, { field: `values.a${NUL}`, kind: 'text' }],
    ['depth 3 of at most 3', { a: { b: { c: 1 } } }, null],
  ])('finds %s', (_, body, expected) => {
    expect(findInputProblem(body, 3)).toEqual(expected);
  });

  it('walks a body far deeper than the stack without recursion, and stops at the depth', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findInputProblem(deep)).toMatchObject({ kind: 'depth' });
  });
});

describe('at the edge of every route', () => {
  const campaign = () => t.world.campaign.code;
  const reportUrl = (unit: string, week = t.world.weeks[1]!) => `/api/v1/campaigns/${campaign()}/units/${unit}/reports/${week}`;
  const expectRefused = (res: { statusCode: number; json(): { error: { id: string; field: string; message: string } } }, field: string) => {
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.id).toBe('validation');
    expect(error.field).toBe(field);
    expect(error.message).toContain(`Trường "${field}" chứa ký tự không hợp lệ`);
  };

  it('refuses a NUL or a lone surrogate in a narrative and writes nothing', async () => {
    const url = reportUrl(t.world.provinces[0]!.code);
    for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
      const res = await t.app.inject({ method: 'POST', url: `${url}/submit`, headers: reporter.headers, payload: { values: {}, highlights: `Ra quân${bad}`, version: 0 } });
      expectRefused(res, 'highlights');
    }
    // A lone surrogate sent escaped in the JSON text, as a client would send it.
    const escaped = await t.app.inject({
      method: 'POST', url: `${url}/submit`, headers: { ...reporter.headers, 'content-type': 'application/json' },
      payload: '{"values":{},"version":0,"difficulties":"x\\ud800y"}',
    });
    expectRefused(escaped, 'difficulties');
    expect((await t.app.inject({ method: 'GET', url, headers: reporter.headers })).json().status).toBe('missing');
  });

  it('names the field in English when the user chose English', async () => {
    const res = await t.app.inject({
      method: 'PUT', url: `${reportUrl(t.world.provinces[0]!.code)}?lang=en`, headers: reporter.headers, payload: { values: {}, proposals: NUL, version: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Field "proposals" contains a character that cannot be stored (NUL or an unpaired surrogate). Remove it and send again.');
  });

  it('refuses a NUL in the unit or campaign of the address, before the session lookup reads it', async () => {
    const unit = await t.app.inject({ method: 'GET', url: reportUrl('%00'), headers: reporter.headers });
    expectRefused(unit, 'params.unitCode');
    const campaignRes = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/a%00b/units/${t.world.root.code}/progress`, headers: steering.headers });
    expectRefused(campaignRes, 'params.campaignCode');
    // Signed out too: the address is checked before the session.
    expect((await t.app.inject({ method: 'GET', url: reportUrl('%ED%A0%80') })).statusCode).toBe(400);
  });

  it('refuses a NUL in an audit query, a notice title, the rules and the sign-in username', async () => {
    expectRefused(await t.app.inject({ method: 'GET', url: '/api/v1/audit?user=a%00', headers: admin.headers }), 'query.user');
    const notice = `/api/v1/campaigns/${campaign()}/units/${t.world.root.code}/documents/notice/1`;
    expectRefused(await t.app.inject({ method: 'PUT', url: notice, headers: steering.headers, payload: { form: { title: `Thông báo${NUL}` }, version: 0 } }), 'form.title');
    const rules = `/api/v1/campaigns/${campaign()}/units/${t.world.root.code}/rules`;
    expectRefused(await t.app.inject({ method: 'PUT', url: rules, headers: admin.headers, payload: { exemptUnits: [`x${NUL}`] } }), 'exemptUnits.0');
    expectRefused(await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: `tw.chidao${NUL}`, password: 'x' } }), 'username');
  });

  it('treats a session cookie that cannot be stored as no session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: 'gb_session=%00' } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a body nested deeper than any schema with a 400, not a crash', async () => {
    const payload = `{"values":${'['.repeat(5_000)}${']'.repeat(5_000)},"version":0}`;
    const res = await t.app.inject({
      method: 'PUT', url: reportUrl(t.world.provinces[0]!.code), headers: { ...reporter.headers, 'content-type': 'application/json' }, payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('lồng nhau quá sâu');
  });
});

describe("Fastify's own refusals and the sign-out cookie", () => {
  it('answers a malformed address in the app\'s shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/campaigns/%zz/units/x/progress', headers: steering.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { id: 'bad_request', message: 'Địa chỉ yêu cầu không hợp lệ.' } });
  });

  it('clears the session cookie HttpOnly and SameSite=Strict', async () => {
    const session = await t.signIn('tw.xem');
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: session.headers });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'gb_session')!;
    expect(cleared).toMatchObject({ value: '', httpOnly: true, sameSite: 'Strict', path: '/' });
  });
});
