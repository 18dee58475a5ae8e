/**
 * People are told (issue 18): a return with its reason and an approval reach the unit's
 * accounts, a correction of an approved report reaches the parent's reviewers, each in the
 * bell's list with the unread count, in the account's language, emailed through the outbox
 * when SMTP is configured, and never twice for one change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, queryRows, sql } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { createServiceContext, type Mailer, type MailMessage } from '../infra/index.ts';
import { deliverEmails } from '../monitoring/index.ts';
import { campaignWeekOf } from '../planning/index.ts';
import { notifyReportChanges } from './report-notifications.ts';
import { FIXED_NOW } from '../../test/factories.ts';
import { openTestApp, PASSWORD, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
const WEEK = '2023-W27';
const RANGE = '03/07/2023 – 09/07/2023';
const CAMPAIGN = 'Chiến dịch Thanh niên tình nguyện hè 2023';

beforeAll(async () => {
  // SMTP is configured: notifications are queued for email to the accounts that have an address.
  const ctx = createServiceContext(await openTestDatabase(), () => FIXED_NOW, { mail: { smtpUrl: 'smtp://127.0.0.1:9', mailFrom: 'giaoban@localhost' } });
  t = await openTestApp({ ctx });
  const [d1, d2] = t.world.districts;
  for (const a of [
    { username: 'p1d1.en', role: 'reporter', unitCode: d1!.code, language: 'en' },
    { username: 'p1d1.xem', role: 'viewer', unitCode: d1!.code },
    { username: 'p1d2.baocao', role: 'reporter', unitCode: d2!.code },
  ] as const) await createUser(t.ctx, { ...a, password: PASSWORD, displayName: a.username });
  await t.ctx.db.execute(sql`update users set email = 'p1.quanly@tinhdoan1.vn' where username = 'p1.quanly'`);
  await t.ctx.db.execute(sql`update users set email = 'hd11@huyendoan.vn' where username = 'p1d1.baocao'`);
});
afterAll(() => t?.close());

const reportUrl = (unit: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${WEEK}`;
async function call(s: Session | null, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload }) });
  return { status: res.statusCode, body: res.json() };
}
/** Signs each account in, in order: one session per name. */
async function signInAll<const N extends readonly string[]>(...names: N): Promise<{ [K in keyof N]: Session }> {
  return Promise.all(names.map((u) => t.signIn(u))) as Promise<{ [K in keyof N]: Session }>;
}
const bell = async (s: Session) => (await call(s, 'GET', '/api/v1/notifications')).body as {
  unread: number; notifications: { id: number; kind: string; title: string; body: string; link: string; period: string; createdAt: { iso: string }; readAt: null }[];
};
const reportKinds = async (s: Session) => (await bell(s)).notifications.filter((n) => n.kind.startsWith('report_')).map((n) => n.kind);
const outbox = () => queryRows<{ username: string; kind: string; emailTo: string | null }>(t.ctx.db, sql`
  select u.username, n.kind, n.email_to as "emailTo" from notifications n join users u on u.id = n.user_id
  where n.kind like 'report_%' order by n.id`);

describe('notifications of a report\'s review', () => {
  it('tells the unit of a return with its reason, of an approval, and the parent of a correction', async () => {
    const d1 = t.world.districts[0]!.code;
    const [reporter, english, viewer, manager, p1Reporter, steering] = await signInAll(
      'p1d1.baocao', 'p1d1.en', 'p1d1.xem', 'p1.quanly', 'p1.baocao', 'tw.chidao');
    const url = reportUrl(d1);
    const tuyenPho = `${t.world.prefix}tuyen-pho`;
    expect(await bell(reporter)).toEqual({ unread: 0, notifications: [] });

    const submitted = await call(reporter, 'POST', `${url}/submit`, { version: 0, values: { [tuyenPho]: 12 } });
    expect(submitted.status).toBe(200);
    // A submission tells nobody: the parent sees it in its list.
    expect(await reportKinds(manager)).toEqual([]);
    const opened = await call(manager, 'POST', `${url}/viewed`);
    const returned = await call(manager, 'POST', `${url}/return`, { reason: 'Số tuyến phố chưa khớp biên bản', version: opened.body.version });
    expect(returned.status).toBe(200);

    const afterReturn = await bell(reporter);
    expect(afterReturn.unread).toBe(1);
    expect(afterReturn.notifications).toEqual([{
      id: expect.any(Number),
      kind: 'report_returned',
      title: `Báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 bị trả lại`,
      body: `Tỉnh Đoàn 1 đã trả lại báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 (${CAMPAIGN}). `
        + 'Lý do: Số tuyến phố chưa khớp biên bản. Đề nghị sửa và gửi lại báo cáo.',
      link: `/report/${t.world.campaign.code}/${d1}/${WEEK}`,
      period: WEEK,
      createdAt: expect.objectContaining({ iso: FIXED_NOW.toISOString() }),
      readAt: null,
    }]);
    // The English account reads it in English; a viewer of the unit, the reviewer and other units hear nothing.
    expect((await bell(english)).notifications.map((n) => n.title)).toEqual([`The report of Huyện Đoàn 1.1 for ${RANGE} was returned`]);
    expect((await bell(viewer)).unread).toBe(0);
    expect(await reportKinds(manager)).toEqual([]);
    expect(await reportKinds(p1Reporter)).toEqual([]);

    const seen = await call(reporter, 'GET', url);
    const resubmitted = await call(reporter, 'POST', `${url}/submit`, { values: { [tuyenPho]: 10 }, version: seen.body.version });
    const reopened = await call(manager, 'POST', `${url}/viewed`);
    expect(resubmitted.status).toBe(200);
    const approved = await call(manager, 'POST', `${url}/approve`, { version: reopened.body.version });
    expect(approved.status).toBe(200);
    const afterApproval = await bell(reporter);
    expect(afterApproval.unread).toBe(2);
    expect(afterApproval.notifications[0]).toMatchObject({
      kind: 'report_approved',
      title: `Báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 đã được duyệt`,
      body: `Tỉnh Đoàn 1 đã duyệt báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 (${CAMPAIGN}). Báo cáo đã khóa; muốn sửa số liệu, hãy đính chính kèm lý do.`,
    });

    const corrected = await call(reporter, 'POST', `${url}/correct`, { values: { [tuyenPho]: 11 }, reason: 'Bổ sung 01 tuyến phố ở xã A', version: approved.body.version });
    expect(corrected.status).toBe(200);
    const managerBell = await bell(manager);
    expect(managerBell.unread).toBe(1);
    expect(managerBell.notifications).toEqual([expect.objectContaining({
      kind: 'report_corrected',
      title: `Huyện Đoàn 1.1 đính chính báo cáo tuần ${RANGE} đã duyệt`,
      body: `Huyện Đoàn 1.1 đã đính chính báo cáo tuần ${RANGE} (${CAMPAIGN}) sau khi được duyệt. `
        + 'Lý do: Bổ sung 01 tuyến phố ở xã A. Số liệu mới đã được tính; báo cáo chờ duyệt lại.',
      link: `/report/${t.world.campaign.code}/${d1}/${WEEK}`,
    })]);
    // The parent's reporter does not review; the level above is not the reviewer; the unit itself is not told of its own correction.
    expect(await reportKinds(p1Reporter)).toEqual([]);
    expect(await reportKinds(steering)).toEqual([]);
    expect(await reportKinds(reporter)).toEqual(['report_approved', 'report_returned']);

    // Queued for email only to the accounts with an address.
    expect(await outbox()).toEqual([
      { username: 'p1d1.baocao', kind: 'report_returned', emailTo: 'hd11@huyendoan.vn' },
      { username: 'p1d1.en', kind: 'report_returned', emailTo: null },
      { username: 'p1d1.baocao', kind: 'report_approved', emailTo: 'hd11@huyendoan.vn' },
      { username: 'p1d1.en', kind: 'report_approved', emailTo: null },
      { username: 'p1.quanly', kind: 'report_corrected', emailTo: 'p1.quanly@tinhdoan1.vn' },
    ]);
    // The outbox sends them (a recording transport stands in for the SMTP server here).
    const sent: MailMessage[] = [];
    const mailer: Mailer = { from: 'giaoban@localhost', send: async (m) => { sent.push(m); }, close: () => {} };
    expect(await deliverEmails(t.ctx, mailer)).toEqual({ sent: 3, failed: 0 });
    expect(sent.map((m) => [m.to, m.subject]).sort()).toEqual([
      ['hd11@huyendoan.vn', `Báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 bị trả lại`],
      ['hd11@huyendoan.vn', `Báo cáo tuần ${RANGE} của Huyện Đoàn 1.1 đã được duyệt`],
      ['p1.quanly@tinhdoan1.vn', `Huyện Đoàn 1.1 đính chính báo cáo tuần ${RANGE} đã duyệt`],
    ]);
  });

  it('tells each unit approved from the list', async () => {
    const d2 = t.world.districts[1]!.code;
    const [reporter, manager] = await signInAll('p1d2.baocao', 'p1.quanly');
    expect((await call(reporter, 'POST', `${reportUrl(d2)}/submit`, { version: 0, values: { [`${t.world.prefix}tuyen-pho`]: 4 } })).status).toBe(200);
    await call(manager, 'POST', `${reportUrl(d2)}/viewed`);
    const bulk = await call(manager, 'POST', `${reportUrl(t.world.provinces[0]!.code)}/approve-children`, { units: [d2] });
    expect(bulk.body.approved).toEqual([d2]);
    expect((await bell(reporter)).notifications.map((n) => n.title)).toEqual([`Báo cáo tuần ${RANGE} của Huyện Đoàn 1.2 đã được duyệt`]);
  });

  it('creates nothing when the same change is told again (a retried write)', async () => {
    const unit = t.world.districts[1]!;
    const [report] = await queryRows<{ id: number; version: number }>(t.ctx.db, sql`
      select id, version from reports where unit_id = ${unit.id} and period = ${WEEK}`);
    const change = {
      event: 'approved' as const, campaign: t.world.campaign, unit, week: campaignWeekOf(t.world.campaign, WEEK),
      reason: null, report: report!, at: FIXED_NOW, email: false,
    };
    expect(await notifyReportChanges(t.ctx.db, [change])).toBe(0);
    // The root has nobody above it to review it: nobody is told.
    expect(await notifyReportChanges(t.ctx.db, [{ ...change, unit: t.world.root }])).toBe(0);
  });
});
