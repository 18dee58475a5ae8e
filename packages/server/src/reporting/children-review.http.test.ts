/**
 * Review from the list over HTTP: a parent's manager reads its children's reports of a week
 * with their figures, the list says which it displayed (at which version), and those count
 * as viewed, so several are approved at once without opening each. Only the version shown
 * counts, only for a manager of the parent, only reports waiting for review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/index.ts';
import { openTestApp, PASSWORD, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  await createUser(t.ctx, { username: 'p1d2.baocao', role: 'reporter', unitCode: t.world.districts[1]!.code, password: PASSWORD, displayName: 'p1d2.baocao' });
});
afterAll(() => t?.close());

const code = (key: string) => `${t.world.prefix}${key}`;
const base = () => `/api/v1/campaigns/${t.world.campaign.code}`;
const WEEK = '2023-W26';
const reportUrl = (unit: string) => `${base()}/units/${unit}/reports/${WEEK}`;

async function call(s: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

describe('review from the list', () => {
  it('shows the children\'s figures, counts what was shown as viewed, and approves them together', async () => {
    const [d1, d2] = [t.world.districts[0]!.code, t.world.districts[1]!.code];
    const p1 = t.world.provinces[0]!.code;
    const [manager, r1, r2, p1Reporter, steering] = await Promise.all([
      t.signIn('p1.quanly'), t.signIn('p1d1.baocao'), t.signIn('p1d2.baocao'), t.signIn('p1.baocao'), t.signIn('tw.chidao'),
    ]);
    expect((await call(r1, 'POST', `${reportUrl(d1)}/submit`, { version: 0, values: { [code('tuyen-pho')]: 12 } })).status).toBe(200);
    expect((await call(r2, 'POST', `${reportUrl(d2)}/submit`, { version: 0, values: { [code('tuyen-pho')]: 1234 } })).status).toBe(200);

    const list = await call(manager, 'GET', `${reportUrl(p1)}/children`);
    expect(list.status).toBe(200);
    const children = list.body.children as { unit: { code: string }; version: number; viewed: boolean; status: string; figures: { code: string; text: { entered: string | null; toDate: string } }[] }[];
    expect(children.map((c) => [c.unit.code, c.status, c.viewed])).toEqual([[d1, 'submitted', false], [d2, 'submitted', false]]);
    expect(children[1]!.figures.find((f) => f.code === code('tuyen-pho'))?.text).toMatchObject({ entered: '1.234', toDate: '1.234' });
    // Reading the list marks nothing: only what the list says it displayed.
    const blind = await call(manager, 'POST', `${reportUrl(p1)}/approve-children`, { units: [d1, d2] });
    expect(blind.body.approved).toEqual([]);

    const v1 = children[0]!.version;
    const v2 = children[1]!.version;
    // The unit changes its report after the list was read: the version shown no longer stands.
    expect((await call(r2, 'POST', `${reportUrl(d2)}/submit`, { version: v2, values: { [code('tuyen-pho')]: 1300 } })).status).toBe(200);
    const shown = await call(manager, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: [{ unit: d1, version: v1 }, { unit: d2, version: v2 }] });
    expect(shown).toEqual({ status: 200, body: { viewed: [d1] } });
    expect((await call(manager, 'GET', reportUrl(d2))).body.viewed).toBe(false);

    // Someone other than the parent's manager: nothing is marked.
    expect((await call(steering, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: [{ unit: d2, version: v2 + 1 }] })).body).toEqual({ viewed: [] });
    // Reporters do not review; a unit outside one's subtree is refused; bad input is a 400 and changes nothing.
    expect((await call(p1Reporter, 'GET', `${reportUrl(p1)}/children`)).status).toBe(403);
    expect((await call(r1, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: [{ unit: d2, version: v2 + 1 }] })).status).toBe(403);
    expect((await call(manager, 'POST', `${reportUrl(t.world.provinces[1]!.code)}/children/viewed`, { reports: [{ unit: d2, version: 1 }] })).status).toBe(403);
    expect((await call(manager, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: [] })).status).toBe(400);
    expect((await call(manager, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: [{ unit: d2, version: -1 }] })).status).toBe(400);
    expect((await call(manager, 'GET', reportUrl(d2))).body.viewed).toBe(false);

    // The list shown again at the new version: both are now approved together.
    const again = await call(manager, 'GET', `${reportUrl(p1)}/children`);
    const now = (again.body.children as { unit: { code: string }; version: number }[]).map((c) => ({ unit: c.unit.code, version: c.version }));
    expect((await call(manager, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: now })).body.viewed).toEqual([d1, d2]);
    const approved = await call(manager, 'POST', `${reportUrl(p1)}/approve-children`, { units: [d1, d2] });
    expect(approved.body).toEqual({ approved: [d1, d2], refused: [] });
    // An approved report is no longer marked (nothing waits for review).
    expect((await call(manager, 'POST', `${reportUrl(p1)}/children/viewed`, { reports: now })).body.viewed).toEqual([]);
  });
});
