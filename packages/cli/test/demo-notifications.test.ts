/**
 * The loaded demo's bell (issue 18): its history produces the notifications it implies — the
 * approvals and returns of the provinces' reports, the correction of an approved one, the
 * reminders of its late units and TW's list of the missing ones — at the history's own times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, queryRows, sql, type Database } from '@giaoban/db';
import { createServiceContext, runReminders, type ServiceContext } from '@giaoban/server';
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
    for (const username of ['hanoi.baocao', 'hanoi.quanly', 'laocai.baocao', 'bacgiang.baocao', 'hcm.baocao', 'hcm.quanly', 'tw.chidao', 'admin']) {
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
