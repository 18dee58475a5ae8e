/**
 * A reporting rule restricted to a unit group, over HTTP on both databases (issue 19: "only
 * public-administration grassroots units report this"): the Rules route takes, checks,
 * describes and audits it; then a grassroots unit without the group is never expected —
 * not in the timeliness lists, never late nor missing, not reminded, its report form not
 * asked — while one carrying the group is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { runReminders } from '../monitoring/index.ts';
import { createUnit } from '../organisation/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, PASSWORD, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
const WEEK = '2023-W26'; // 26/06 – 02/07/2023; grassroots due Friday 30/06 17:00, the test clock stands at Monday 03/07 10:00
const PA_RULE = { weekday: 5, time: '17:00', weekOffset: 0, groups: ['public-administration'] };
let campaign: string;
let district: string;
let plain: string; // a grassroots unit without the group
const PA = 'P1-D1-HCSN'; // one carrying it

beforeAll(async () => {
  t = await openTestApp();
  campaign = t.world.campaign.code;
  district = t.world.districts[0]!.code;
  plain = t.world.grassroots[0]!.code;
  await createUnit(t.ctx, { code: PA, name: 'Đoàn cơ sở Ủy ban nhân dân', level: 'grassroots', parentCode: district, tags: ['public-administration', 'urban'] });
  await createUser(t.ctx, { username: 'hcsn.baocao', password: PASSWORD, displayName: 'hcsn', role: 'reporter', unitCode: PA });
  await createUser(t.ctx, { username: 'g1.baocao', password: PASSWORD, displayName: 'g1', role: 'reporter', unitCode: plain });
  // The unit without the group sends late (after Friday's deadline): still never "late".
  await submitReport(t.ctx, { campaign, unit: plain, period: WEEK }, null, { values: { [t.world.indicators['tuyen-pho']!.code]: 4 } });
});
afterAll(() => t?.close());

const rulesUrl = () => `/api/v1/campaigns/${campaign}/units/${t.world.root.code}/rules`;
async function call(s: Session | null, method: 'GET' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
}
const grassrootsOf = (body: { campaign: { rules: { deadlines: { level: string; rule?: unknown }[] } } }) =>
  body.campaign.rules.deadlines.find((d) => d.level === 'grassroots');

describe('a deadline rule restricted to a unit group', () => {
  it('refuses a request not signed in, and one from outside the campaign root', async () => {
    expect((await call(null, 'PUT', rulesUrl(), { deadlines: { grassroots: PA_RULE } })).status).toBe(401);
    const outsider = await t.signIn('p2.baocao');
    expect((await call(outsider, 'PUT', rulesUrl(), { deadlines: { grassroots: PA_RULE } })).status).toBe(403);
  });

  it('refuses an unknown group with the field, and changes nothing', async () => {
    const s = await t.signIn('tw.chidao');
    const before = await call(s, 'GET', `/api/v1/campaigns/${campaign}`);
    const audits = (await auditRepository.search(t.ctx.db, { campaignId: t.world.campaign.id, limit: 100 })).length;
    for (const [groups, field] of [
      [['hanh-chinh'], 'rules.deadlines.grassroots.groups.0'],
      [['urban', 'Urban'], 'rules.deadlines.grassroots.groups.1'],
    ] as const) {
      const res = await call(s, 'PUT', rulesUrl(), { deadlines: { grassroots: { ...PA_RULE, groups } } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const bad = await call(s, 'PUT', rulesUrl(), { deadlines: { grassroots: { ...PA_RULE, groups: ['hanh-chinh'] } } });
    expect(bad.body.error.message).toContain('Không có nhóm đơn vị "hanh-chinh".');
    // Not a list: the schema's 400, on the field.
    const notList = await call(s, 'PUT', rulesUrl(), { deadlines: { grassroots: { ...PA_RULE, groups: 'urban' } } });
    expect(notList.status).toBe(400);
    expect(notList.body.error.field).toContain('groups');
    expect((await call(s, 'GET', `/api/v1/campaigns/${campaign}`)).body).toEqual(before.body);
    expect((await auditRepository.search(t.ctx.db, { campaignId: t.world.campaign.id, limit: 100 })).length).toBe(audits);
  });

  it('is set by the campaign root, described in words and audited like the other rules', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await call(s, 'PUT', rulesUrl(), { deadlines: { grassroots: PA_RULE, district: { weekday: 6, time: '12:00', weekOffset: 0 } } });
    expect(res.status).toBe(200);
    expect(grassrootsOf(res.body)).toEqual({
      level: 'grassroots', levelLabel: expect.any(String), rule: PA_RULE,
      text: 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp',
      groupsText: 'Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp',
    });
    expect(res.body.campaign.rules.deadlines.find((d: { level: string }) => d.level === 'district').groupsText).toBeNull();
    expect(res.body.campaign.rules.unitGroups).toContainEqual({ code: 'public-administration', name: 'Khối hành chính sự nghiệp', nameEn: 'Public administration' });
    // Read back as it was stored.
    expect(grassrootsOf((await call(s, 'GET', `/api/v1/campaigns/${campaign}`)).body)?.rule).toEqual(PA_RULE);
    const [entry] = await auditRepository.search(t.ctx.db, { campaignId: t.world.campaign.id, limit: 1 });
    expect(entry?.action).toBe('campaign.rules');
    expect((entry?.newValue as { deadlines: Record<string, unknown> }).deadlines.grassroots).toEqual(PA_RULE);
  });

  it('expects only the grassroots units of the group: the other is never late nor missing', async () => {
    const s = await t.signIn('p1.quanly');
    const res = await call(s, 'GET', `/api/v1/campaigns/${campaign}/units/${district}/timeliness?period=${WEEK}`);
    expect(res.status).toBe(200);
    const rows = res.body.selected.rows.map((r: { unit: { code: string }; status: string }) => [r.unit.code, r.status]);
    expect(rows).toContainEqual([PA, 'missing']);
    expect(rows.map((r: string[]) => r[0])).not.toContain(plain);
    expect(rows.map((r: string[]) => r[0])).not.toContain(t.world.grassroots[1]!.code);
    expect(res.body.lateUnits.sentence).toContain('Đoàn cơ sở Ủy ban nhân dân');
    expect(res.body.lateUnits.sentence).not.toContain('Đoàn cơ sở 1.1.1');
    // The quality page's lists are the same.
    const quality = await call(s, 'GET', `/api/v1/campaigns/${campaign}/units/${district}/quality?period=${WEEK}`);
    expect(quality.body.timeliness.selected.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(res.body.selected.rows.map((r: { unit: { code: string } }) => r.unit.code));
  });

  it('asks the report form of a unit of the group only', async () => {
    const pa = await call(await t.signIn('hcsn.baocao'), 'GET', `/api/v1/campaigns/${campaign}/units/${PA}/reports/${WEEK}`);
    expect(pa.status).toBe(200);
    expect(pa.body.dueAt).not.toBeNull();
    expect(pa.body.timeliness).toBe('missing');
    const other = await call(await t.signIn('g1.baocao'), 'GET', `/api/v1/campaigns/${campaign}/units/${plain}/reports/${WEEK}`);
    expect(other.status).toBe(200);
    expect(other.body.dueAt).toBeNull();
    expect(other.body.timeliness).toBeNull();
  });

  it('reminds the grassroots unit of the group before the deadline, never the other', async () => {
    // Friday 30/06 10:00 in Hà Nội: seven hours before the grassroots deadline.
    const friday = new Date('2023-06-30T03:00:00Z');
    const summary = await runReminders({ ...t.ctx, now: () => friday }, { campaignCode: campaign });
    const reminded = summary.notifications.filter((n) => n.stage === 'reminder').map((n) => n.unitCode);
    expect(reminded).toContain(PA);
    expect(reminded).not.toContain(plain);
  });
});
