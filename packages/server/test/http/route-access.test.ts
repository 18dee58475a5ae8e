/**
 * Walks the route table: every route declares who may use it, refuses a signed-out request,
 * and refuses a unit outside the caller's subtree — so a new route cannot forget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../../src/app.ts';
import { UNIT_SCOPED } from '../../src/accounts/index.ts';
import { openTestApp, type Session, type TestApp } from './setup.ts';

let t: TestApp;
let outsider: Session;
let reporter: Session;

beforeAll(async () => {
  t = await openTestApp();
  outsider = await t.signIn('p2.baocao');
  reporter = await t.signIn('p1.baocao');
});
afterAll(() => t?.close());

const documentation = (r: RegisteredRoute) => r.url.startsWith('/api/docs');
const apiRoutes = () => t.app.routeTable.filter((r) => !documentation(r));

/** A request for the route with every path parameter filled in; `unitCode` names `unit`. */
function requestFor(route: RegisteredRoute, unit: string) {
  const url = route.url
    .replace(':campaignCode', encodeURIComponent(t.world.campaign.code))
    .replace(':unitCode', encodeURIComponent(unit))
    .replace(':period', t.world.weeks[0]!)
    .replace(':username', 'p1.baocao');
  const access = route.access;
  const body = access?.unit?.from === 'body' ? { [access.unit.key]: unit } : {};
  return { method: route.method as 'GET', url, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : body };
}

describe('route table', () => {
  it('has the API routes registered', () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(15);
  });

  it('declares access on every route', () => {
    const missing = t.app.routeTable.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('declares where the unit comes from on every unit-scoped route', () => {
    const missing = apiRoutes().filter((r) => UNIT_SCOPED.has(r.access!.permission) && !r.access!.unit).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('refuses every non-public route to a signed-out request with 401', async () => {
    for (const route of apiRoutes().filter((r) => r.access?.permission !== 'public')) {
      const res = await t.app.inject(requestFor(route, t.world.provinces[0]!.code));
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(res.json().error.message).toBe('Bạn cần đăng nhập.');
    }
  });

  it('refuses every unit-scoped route for a unit outside the caller\'s subtree with 403', async () => {
    const scoped = apiRoutes().filter((r) => r.access?.unit);
    expect(scoped.length).toBeGreaterThanOrEqual(8);
    for (const route of scoped) {
      const res = await t.app.inject({ ...requestFor(route, t.world.provinces[0]!.code), headers: outsider.headers });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 403 });
    }
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const writes = apiRoutes().filter((r) => r.method !== 'GET' && r.access?.permission !== 'public');
    expect(writes.length).toBeGreaterThanOrEqual(5);
    for (const route of writes) {
      const res = await t.app.inject({ ...requestFor(route, t.world.provinces[0]!.code), headers: { cookie: reporter.cookie } });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 403 });
    }
  });

  it('lets onBehalf (nhập thay) through only for a manager above the unit: never for a reporter, nor for one\'s own unit', async () => {
    // Every route that takes a report's body (submit, correct) with onBehalf, by who may not use it.
    const writes = apiRoutes().filter((r) => r.access?.permission === 'report.write' && /\/reports\/:period\/(submit|correct)$/.test(r.url));
    expect(writes.length).toBe(2);
    const onBehalf = { reason: 'Báo qua điện thoại', receivedAt: '2023-06-05T09:00:00+07:00' };
    const manager = await t.signIn('p1.quanly');
    const cases = [
      { who: 'the reporter of the unit itself', session: reporter, unit: t.world.provinces[0]!.code },
      { who: 'a manager of the unit itself', session: manager, unit: t.world.provinces[0]!.code },
      { who: 'a reporter of the parent', session: reporter, unit: t.world.districts[0]!.code },
      { who: 'a manager of another province', session: manager, unit: t.world.districts.at(-1)!.code },
    ];
    for (const route of writes) {
      for (const c of cases) {
        const res = await t.app.inject({
          ...requestFor(route, c.unit), headers: c.session.headers, payload: { version: 0, values: {}, reason: 'x', onBehalf },
        });
        expect({ route: route.url, who: c.who, status: res.statusCode }).toEqual({ route: route.url, who: c.who, status: 403 });
      }
    }
  });

  it('serves the OpenAPI document without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/campaigns/{campaignCode}/units/{unitCode}/progress');
  });
});
