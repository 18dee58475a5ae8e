/**
 * The loaded demo's bell (issue 18): its history produces the notifications it implies — the
 * approvals and returns of the provinces' reports, the correction of an approved one, the
 * reminders of its late units and TW's list of the missing ones — at the history's own times.
 * And the units below Hà Nội and Lào Cai (issue 19) as the services see them, loaded once
 * with the rest: rolled up below the consolidated province reports, the national figures
 * unchanged, and their last reports waiting for the province manager.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, queryRows, sql, type Database } from '@giaoban/db';
import { childrenReports, createServiceContext, getProgress, runReminders, verifyRollups, type ServiceContext } from '@giaoban/server';
import { buildDemoData } from '../src/demo/demo-data.ts';
import { DEMO_UNITS_CSV_PATH } from '../src/demo/demo-files.ts';
import { loadDemo } from '../src/demo/load-demo.ts';

// The e2e harness's clock: Thursday 06/07/2023 10:00 in Hà Nội.
const NOW = new Date('2023-07-06T03:00:00Z');
let database: Database;
let ctx: ServiceContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = createServiceContext(database, () => NOW);
  await loadDemo(ctx);
}, 600_000);
afterAll(() => database?.close());

interface Stored { kind: string; period: string; title: string; body: string; link: string; createdAt: string; read: boolean }
const notificationsOf = (username: string) => queryRows<Stored>(ctx.db, sql`
  select n.kind, n.period, n.title, n.body, n.link, n.created_at::text as "createdAt", n.read_at is not null as read
  from notifications n join users u on u.id = n.user_id where u.username = ${username} order by n.created_at, n.id`);
const kinds = (rows: readonly Stored[]) => [...new Set(rows.map((r) => r.kind))].sort();

describe('the demo\'s notifications', () => {
  it('gives every reporter and manager account unread notifications, none dated after the history', async () => {
    const below = ['laocai.quanly', 'badinh.quanly', 'badinh.baocao', 'hoankiem.baocao', 'socson.baocao', 'kimma.baocao', 'thptpdp.baocao', 'tplaocai.baocao', 'sapa.baocao', 'cdlaocai.baocao'];
    for (const username of ['hanoi.baocao', 'hanoi.quanly', 'laocai.baocao', 'bacgiang.baocao', 'hcm.baocao', 'hcm.quanly', 'tw.chidao', 'admin', ...below]) {
      const rows = await notificationsOf(username);
      expect(rows.length, username).toBeGreaterThan(0);
      expect(rows.every((r) => !r.read && Date.parse(r.createdAt) <= NOW.getTime()), username).toBe(true);
    }
    // A viewer writes no report and reviews none.
    expect(await notificationsOf('tw.xem')).toEqual([]);
  });

  it('tells Bắc Giang its last report was returned, with the reason', async () => {
    const returned = (await notificationsOf('bacgiang.baocao')).filter((r) => r.kind === 'report_returned');
    expect(returned).toEqual([expect.objectContaining({
      period: '2023-W26',
      title: 'Báo cáo tuần 26/06/2023 – 02/07/2023 của Tỉnh Đoàn Bắc Giang bị trả lại',
      body: 'Trung ương Đoàn đã trả lại báo cáo tuần 26/06/2023 – 02/07/2023 của Tỉnh Đoàn Bắc Giang (Chiến dịch Thanh niên tình nguyện Hè năm 2023). '
        + 'Lý do: Báo cáo chưa nêu khó khăn, vướng mắc và đề xuất; đề nghị bổ sung nội dung. Đề nghị sửa và gửi lại báo cáo.',
      link: '/report/tntn-he-2023/24/2023-W26',
    })]);
  });

  it('tells Sóc Sơn its last report was returned by Hà Nội, with the reason, and Ba Đình\'s ward of its approvals', async () => {
    const returned = (await notificationsOf('socson.baocao')).filter((r) => r.kind === 'report_returned');
    expect(returned).toEqual([expect.objectContaining({
      period: '2023-W26',
      title: 'Báo cáo tuần 26/06/2023 – 02/07/2023 của Huyện Đoàn Sóc Sơn bị trả lại',
      link: '/report/tntn-he-2023/01-SS/2023-W26',
    })]);
    expect(returned[0]!.body).toMatch(/^Thành Đoàn Hà Nội đã trả lại báo cáo tuần .*Lý do: Báo cáo chưa nêu các công trình thanh niên/);
    const kimma = await notificationsOf('kimma.baocao');
    expect(kimma.filter((r) => r.kind === 'report_approved').map((r) => r.period)).toEqual(
      ['2023-W21', '2023-W22', '2023-W23', '2023-W24', '2023-W25', '2023-W26']);
  });

  it('tells Ba Đình\'s manager, then Hà Nội\'s, that ward Đội Cấn sent nothing for the last week; TW hears nothing of it', async () => {
    // Grassroots units are due on Friday 17:00: Ba Đình is told two hours later, Hà Nội two days later.
    const badinh = (await notificationsOf('badinh.quanly')).filter((r) => r.kind === 'escalation' && r.period === '2023-W26');
    expect(badinh).toEqual([expect.objectContaining({ createdAt: '2023-06-30 12:00:00+00', link: '/quality/tntn-he-2023/01-BD?period=2023-W26' })]);
    expect(badinh[0]!.body).toContain('Đoàn phường Đội Cấn');
    const hanoi = (await notificationsOf('hanoi.quanly')).filter((r) => r.kind === 'escalation_above' && r.period === '2023-W26');
    expect(hanoi).toEqual([expect.objectContaining({ createdAt: '2023-07-02 10:00:00+00', link: '/quality/tntn-he-2023/01-BD?period=2023-W26' })]);
  });

  it('tells Hà Nội of its approved weeks and Lào Cai, late in the last week, of its deadline', async () => {
    const hanoi = await notificationsOf('hanoi.baocao');
    expect(hanoi.filter((r) => r.kind === 'report_approved').length).toBeGreaterThanOrEqual(4);
    const laocai = await notificationsOf('laocai.baocao');
    // Lào Cai sent W26 after the Monday 03/07 10:00 deadline: it was reminded on Sunday 02/07 at 10:00.
    expect(laocai).toContainEqual(expect.objectContaining({
      kind: 'reminder', period: '2023-W26', title: 'Nhắc gửi báo cáo tuần 26/06/2023 – 02/07/2023',
      createdAt: '2023-07-02 03:00:00+00',
    }));
  });

  it('tells TW of the correction of HCM\'s approved W24 and of the units missing in W26', async () => {
    const tw = await notificationsOf('tw.chidao');
    expect(kinds(tw)).toEqual(['escalation', 'report_corrected']);
    expect(tw.filter((r) => r.kind === 'report_corrected')).toEqual([expect.objectContaining({
      period: '2023-W24', title: 'Thành Đoàn TP. Hồ Chí Minh đính chính báo cáo tuần 12/06/2023 – 18/06/2023 đã duyệt',
    })]);
    // Monday 03/07 12:00 in Hà Nội, two hours after the deadline.
    const missing = tw.filter((r) => r.kind === 'escalation' && r.period === '2023-W26');
    expect(missing).toEqual([expect.objectContaining({ createdAt: '2023-07-03 05:00:00+00' })]);
    expect(missing[0]!.title).toMatch(/^Trung ương Đoàn: \d+ đơn vị chưa gửi báo cáo tuần 26\/06\/2023 – 02\/07\/2023$/);
    // HCM's manager approves nothing of HCM's own and hears of the approvals of its reports.
    expect(kinds(await notificationsOf('hcm.quanly'))).toContain('report_approved');
  });

  it('leaves nothing for the server\'s first pass at the harness\'s clock: the history already sent it', async () => {
    const summary = await runReminders(ctx);
    expect(summary.notifications).toEqual([]);
  });
});

const demo = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));
const CAMPAIGN = 'tntn-he-2023';

describe('the demo\'s units below Hà Nội and Lào Cai', () => {
  it('leaves the national figures of 02/07/2023 those of the phase-1 notice', async () => {
    const national = await getProgress(ctx, { campaign: CAMPAIGN, unit: 'TW' }, { asOf: '2023-07-02' });
    const toDate = Object.fromEntries(national.unit.indicators.map((i) => [i.indicator.code, i.toDate]));
    expect(toDate).toMatchObject({
      'tuyen-pho': 698, 'du-an-khoi-nghiep': 820, 'so-hoa': 2_926_049, 'ngoai-ngu': 251_532, 'thieu-nhi-kho-khan': 244_756,
      'nha-nhan-ai': 551, 'cay-xanh': 3_160_115, 'duong-nong-thon': 1_962.5,
    });
    expect(national.children).toHaveLength(67);
    expect((await verifyRollups(ctx, CAMPAIGN)).differences).toEqual([]);
  });

  it('shows each consolidated unit\'s own figures, with its children\'s rows below adding up to less', async () => {
    for (const [code, children] of [['01', 7], ['01-BD', 6], ['10', 6]] as const) {
      const view = await getProgress(ctx, { campaign: CAMPAIGN, unit: code }, { asOf: '2023-07-02' });
      expect(view.children, code).toHaveLength(children);
      expect(view.unit.hasChildren).toBe(true);
      for (const figures of view.unit.indicators) {
        const ind = figures.indicator.code;
        // The unit's figure to date is its own reports' (consolidated), whatever its children report.
        const own = demo.reports.filter((r) => r.unitCode === code).reduce((s, r) => s + Math.round(r.values[ind]! * 10), 0) / 10;
        expect(figures.toDate, `${code} ${ind}`).toBeCloseTo(own, 6);
        const below = view.children.reduce((s, c) => s + c.indicators.find((i) => i.indicator.code === ind)!.toDate, 0);
        expect(below, `${code} ${ind}`).toBeLessThanOrEqual(figures.toDate + 1e-9);
        // 60–95 % of each week's figure (a figure of a few, rounded down, may leave them nothing).
        if (figures.toDate >= 100) expect(below, `${code} ${ind}`).toBeGreaterThanOrEqual(figures.toDate * 0.6 - 6);
        // Every child has a target from its parent, most of the parent's.
        const targets = view.children.map((c) => c.indicators.find((i) => i.indicator.code === ind)!.target);
        expect(targets.every((t) => t !== null && t >= 0), `${code} ${ind}`).toBe(true);
      }
    }
  });

  it('leaves Hà Nội\'s manager the last week of five districts to review, one returned, Ba Đình approved', async () => {
    const hanoi = await childrenReports(ctx, { campaign: CAMPAIGN, unit: '01', period: '2023-W26' });
    const states = Object.fromEntries(hanoi.children.map((c) => [c.unit.code, c.status]));
    expect(states).toEqual({
      '01-BD': 'approved', '01-HK': 'submitted', '01-DD': 'submitted', '01-CG': 'submitted', '01-HD': 'submitted', '01-SS': 'returned', '01-BV': 'submitted',
    });
    // The weeks before were approved, save one the manager has not got to yet.
    const w25 = await childrenReports(ctx, { campaign: CAMPAIGN, unit: '01', period: '2023-W25' });
    expect(w25.children.filter((c) => c.status !== 'approved').map((c) => `${c.unit.code} ${c.status}`)).toEqual(['01-HD submitted']);
    // Below Ba Đình and Lào Cai too: some approved, the others waiting.
    for (const parent of ['01-BD', '10']) {
      const view = await childrenReports(ctx, { campaign: CAMPAIGN, unit: parent, period: '2023-W26' });
      expect(view.children.some((c) => c.status === 'approved'), parent).toBe(true);
      expect(view.children.some((c) => c.status === 'submitted'), parent).toBe(true);
    }
  });
});
