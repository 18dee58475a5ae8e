/** The notifications API: a user sees and marks read only their own notifications. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from './reminders.service.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let reporter: Session;
let manager: Session;

beforeAll(async () => {
  t = await openTestApp();
  // Friday 30/6/2023 17:00 in Hà Nội: the districts are reminded of Saturday's deadline.
  await runReminders({ ...t.ctx, now: () => new Date('2023-06-30T10:00:00Z') });
  // Monday 3/7 10:00: the province's manager hears of its missing districts and grassroots units.
  await runReminders(t.ctx);
  reporter = await t.signIn('p1d1.baocao');
  manager = await t.signIn('p1.quanly');
});
afterAll(() => t?.close());

const list = (s: Session, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers: s.headers });
const read = (s: Session, id: number | string) => t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: s.headers });

describe('GET /api/v1/notifications', () => {
  it('refuses a signed-out request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Bạn cần đăng nhập.');
  });

  it('lists the user\'s own notifications with the unread count', async () => {
    const res = await list(reporter);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.unread).toBe(1);
    expect(body.notifications).toEqual([{
      id: expect.any(Number),
      kind: 'reminder',
      title: 'Nhắc gửi báo cáo tuần 26/06/2023 – 02/07/2023',
      body: 'Huyện Đoàn 1.1 chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023 của Chiến dịch Thanh niên tình nguyện hè 2023. Hạn gửi: 01/07/2023 12:00.',
      link: `/report/${t.world.campaign.code}/${t.world.districts[0]!.code}/2023-W26`,
      period: '2023-W26',
      createdAt: { iso: '2023-06-30T10:00:00.000Z', text: '30/06/2023 17:00' },
      readAt: null,
    }]);
  });

  it('lists newest first and honours the limit, counting every unread one', async () => {
    const all = (await list(manager)).json();
    expect(all.notifications.length).toBeGreaterThan(1);
    expect(all.unread).toBe(all.notifications.length);
    expect(all.notifications.every((n: { kind: string }) => n.kind.startsWith('escalation'))).toBe(true);
    const isos = all.notifications.map((n: { createdAt: { iso: string } }) => n.createdAt.iso);
    expect([...isos].sort().reverse()).toEqual(isos);
    const one = (await list(manager, '?limit=1')).json();
    expect(one.notifications).toHaveLength(1);
    expect(one.unread).toBe(all.unread);
  });

  it('shows nothing of anyone else\'s', async () => {
    const viewer = await t.signIn('tw.xem');
    expect((await list(viewer)).json()).toEqual({ unread: 0, notifications: [] });
  });

  it('refuses a bad limit with 400', async () => {
    for (const query of ['?limit=0', '?limit=1000', '?limit=abc']) {
      const res = await list(reporter, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('querystring.limit');
    }
  });
});

describe('POST /api/v1/notifications/:id/read', () => {
  it('refuses a signed-out request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/1/read' });
    expect(res.statusCode).toBe(401);
  });

  it('marks the user\'s own notification read, once', async () => {
    const [own] = (await list(reporter)).json().notifications;
    const res = await read(reporter, own.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ unread: 0, notification: { id: own.id, readAt: { iso: expect.any(String), text: expect.any(String) } } });
    const again = await read(reporter, own.id);
    expect(again.json().notification.readAt).toEqual(res.json().notification.readAt);
  });

  it('answers 404 for someone else\'s notification and leaves it unread', async () => {
    const [theirs] = (await list(manager)).json().notifications;
    const res = await read(reporter, theirs.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toEqual({ id: 'not_found', message: `Không tìm thấy thông báo "${theirs.id}".` });
    const en = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${theirs.id}/read?lang=en`, headers: reporter.headers });
    expect(en.json().error.message).toBe(`No notification "${theirs.id}" was found.`);
    expect((await list(manager)).json().notifications[0].readAt).toBeNull();
  });

  it('refuses an id that is not a number with 400, and a write without the anti-forgery token with 403', async () => {
    expect((await read(reporter, 'abc')).statusCode).toBe(400);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/1/read', headers: { cookie: reporter.cookie } });
    expect(noCsrf.statusCode).toBe(403);
  });
});
