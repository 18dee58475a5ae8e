/**
 * Reminders and escalation on a real database with a moving clock, and email through a real
 * SMTP server (smtp-server on a random local port), no mocks: reminders before the deadline,
 * the parent's managers after it, the level above later; every pass idempotent.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { ReminderSettings } from '@giaoban/core';
import { campaignsRepository, openTestDatabase, queryRows, sql, type Database, type Role } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { createServiceContext, type ServiceContext, createMailer } from '../infra/index.ts';
import { deliverEmails, runReminders, type RemindersSummary } from './reminders.service.ts';
import { submitReport } from '../reporting/index.ts';
import { startReminderScheduler } from './scheduler.ts';
import { createWorld, indicatorOf, type World } from '../../test/factories.ts';

// Narrow windows so that one instant has one stage due: remind 24 h before, escalate 2 h
// and 24 h after, each stage stale 12 h after its time.
const SETTINGS: ReminderSettings = { remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 24, staleAfterHours: 12 };
const WEEK = '2023-W26'; // 26/6 – 2/7/2023; districts due Saturday 1/7 12:00 local = 05:00Z.
const DISTRICTS_DUE = '2023-07-01T05:00:00.000Z';

let database: Database;
let clock = new Date('2023-06-29T00:00:00Z');
let ctx: ServiceContext;
const at = (iso: string) => {
  clock = new Date(iso);
};

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = createServiceContext(database, () => clock);
});
afterAll(() => database?.close());

interface Account { username: string; role: Role; unit: (w: World) => string; email?: string; language?: 'vi' | 'en'; inactive?: boolean }

/** Two provinces with two districts each (no grassroots units); accounts with addresses at `domain`. */
async function buildWorld(prefix: string, accounts: readonly Account[]): Promise<World> {
  const world = await createWorld(ctx, { prefix, provinces: 2, districts: 2, grassroots: 0 });
  await campaignsRepository.updateRules(ctx.db, world.campaign.id, { deadlines: null, crossRules: [], reminders: SETTINGS });
  for (const a of accounts) {
    const user = await createUser(ctx, {
      username: `${prefix}${a.username}`, password: 'mat-khau-thu-nghiem', displayName: a.username, role: a.role,
      unitCode: a.unit(world), language: a.language ?? 'vi',
    });
    await ctx.db.execute(sql`update users set email = ${a.email ?? null}, active = ${!a.inactive} where id = ${user.id}`);
  }
  return world;
}

async function submit(world: World, unitCode: string, when: string): Promise<void> {
  at(when);
  await submitReport(ctx, { campaign: world.campaign.code, unit: unitCode, period: WEEK }, null, { values: { [indicatorOf(world, 'tuyen-pho').code]: 3 } });
}

interface Stored { username: string; kind: string; dedupeKey: string; title: string; body: string; link: string | null; emailTo: string | null; emailSentAt: string | null; emailError: string | null }

async function notificationsOf(prefix: string): Promise<Stored[]> {
  return queryRows<Stored>(ctx.db, sql`
    select u.username, n.kind, n.dedupe_key as "dedupeKey", n.title, n.body, n.link, n.email_to as "emailTo",
           n.email_sent_at::text as "emailSentAt", n.email_error as "emailError"
    from notifications n join users u on u.id = n.user_id
    where u.username like ${`${prefix}%`} order by n.kind, u.username, n.dedupe_key`);
}

const total = (s: RemindersSummary) => s.created.reminder + s.created.escalation + s.created.escalation_above;

describe('reminders and escalation', () => {
  const P = 'r-';
  let w: World;
  const code = (suffix: string) => `${P}${suffix}`;

  beforeAll(async () => {
    w = await buildWorld(P, [
      { username: 'tw.chidao', role: 'steering', unit: (x) => x.root.code },
      { username: 'p1.quanly', role: 'manager', unit: (x) => x.provinces[0]!.code },
      { username: 'p1.baocao', role: 'reporter', unit: (x) => x.provinces[0]!.code },
      { username: 'p2.quanly', role: 'manager', unit: (x) => x.provinces[1]!.code },
      { username: 'd11.baocao', role: 'reporter', unit: () => code('P1-D1') },
      { username: 'd11.quanly', role: 'manager', unit: () => code('P1-D1') },
      { username: 'd11.xem', role: 'viewer', unit: () => code('P1-D1') },
      { username: 'd11.cu', role: 'reporter', unit: () => code('P1-D1'), inactive: true },
      { username: 'd12.baocao', role: 'reporter', unit: () => code('P1-D2') },
      { username: 'd21.baocao', role: 'reporter', unit: () => code('P2-D1') },
    ]);
    // P1-D2 reports early; P2-D1 will report late, between the deadline and the escalation.
    await submit(w, code('P1-D2'), '2023-06-30T02:00:00Z');
  });

  it('sends nothing before the reminder time', async () => {
    at('2023-06-30T04:59:59Z');
    const summary = await runReminders(ctx, { campaignCode: w.campaign.code });
    expect(summary.created).toEqual({ reminder: 0, escalation: 0, escalation_above: 0 });
  });

  it('reminds the reporters and managers of each unit that has not reported, once', async () => {
    at('2023-06-30T10:00:00Z'); // Friday 17:00 in Hà Nội, a day before Saturday's deadline
    const summary = await runReminders(ctx, { campaignCode: w.campaign.code });
    expect(summary.created).toEqual({ reminder: 3, escalation: 0, escalation_above: 0 });
    expect(summary.notifications.map((n) => `${n.unitCode} ${n.username}`).sort()).toEqual([
      `${P}P1-D1 ${P}d11.baocao`, `${P}P1-D1 ${P}d11.quanly`, `${P}P2-D1 ${P}d21.baocao`,
    ]);
    const stored = await notificationsOf(P);
    expect(stored).toHaveLength(3);
    // Viewers, inactive accounts and the unit that already reported get nothing.
    expect(stored.map((n) => n.username)).not.toContain(`${P}d11.xem`);
    expect(stored.map((n) => n.username)).not.toContain(`${P}d11.cu`);
    expect(stored.map((n) => n.username)).not.toContain(`${P}d12.baocao`);
    const d11 = stored.find((n) => n.username === `${P}d11.baocao`)!;
    expect(d11).toMatchObject({
      kind: 'reminder',
      dedupeKey: `reminder:${w.campaign.code}:${WEEK}:${w.unitByCode.get(code('P1-D1'))!.id}`,
      title: 'Nhắc gửi báo cáo tuần 26/06/2023 – 02/07/2023',
      body: `Huyện Đoàn 1.1 chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023 của Chiến dịch Thanh niên tình nguyện hè 2023. Hạn gửi: 01/07/2023 12:00.`,
      link: `/report/${w.campaign.code}/${P}P1-D1/${WEEK}`,
      emailTo: null,
    });
  });

  it('creates nothing new when it runs again, now or later in the window', async () => {
    for (const when of ['2023-06-30T10:00:00Z', '2023-06-30T16:59:59Z']) {
      at(when);
      expect(total(await runReminders(ctx, { campaignCode: w.campaign.code }))).toBe(0);
    }
    expect(await notificationsOf(P)).toHaveLength(3);
  });

  it('never reminds after the deadline', async () => {
    at(DISTRICTS_DUE);
    expect(total(await runReminders(ctx, { campaignCode: w.campaign.code }))).toBe(0);
  });

  it('after the deadline, tells the parent\'s managers which children are missing, once even from two processes', async () => {
    await submit(w, code('P2-D1'), '2023-07-01T06:00:00Z'); // late, but sent
    at('2023-07-01T07:00:00Z'); // two hours after the deadline
    // Two passes at once (two server processes): the dedupe keys keep one notification each.
    const [a, b] = await Promise.all([runReminders(ctx), runReminders(ctx)]);
    expect(a!.created.escalation + b!.created.escalation).toBe(2);
    expect(a!.created.reminder + b!.created.reminder + a!.created.escalation_above + b!.created.escalation_above).toBe(0);
    const escalations = (await notificationsOf(P)).filter((n) => n.kind === 'escalation');
    expect(escalations.map((n) => n.username)).toEqual([`${P}p1.quanly`, `${P}p2.quanly`]);
    const [p1, p2] = escalations;
    expect(p1).toMatchObject({
      title: 'Tỉnh Đoàn 1: 1 đơn vị chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023',
      body: 'Một số huyện Đoàn thuộc Tỉnh Đoàn 1 chưa gửi báo cáo, cụ thể: Huyện Đoàn 1.1. '
        + `Hạn gửi báo cáo tuần 26/06/2023 – 02/07/2023 của Chiến dịch Thanh niên tình nguyện hè 2023 là 01/07/2023 12:00.`,
      link: `/quality/${w.campaign.code}/${P}P1?period=${WEEK}`,
      dedupeKey: `escalation:${w.campaign.code}:${WEEK}:${w.provinces[0]!.id}`,
    });
    // P2-D1 reported (late): only P2-D2 is missing. The reporter of P1 is not a manager.
    expect(p2!.body).toContain('cụ thể: Huyện Đoàn 2.2.');
    expect(p2!.body).not.toContain('2.1');
    expect(escalations.map((n) => n.username)).not.toContain(`${P}p1.baocao`);
    expect(total(await runReminders(ctx))).toBe(0);
  });

  it('after the further delay, tells the level above, naming the missing units', async () => {
    at('2023-07-02T05:00:00Z'); // 24 hours after the deadline
    const summary = await runReminders(ctx, { campaignCode: w.campaign.code });
    expect(summary.created.escalation_above).toBe(2);
    expect(summary.created.escalation).toBe(0);
    const above = (await notificationsOf(P)).filter((n) => n.kind === 'escalation_above');
    expect(above.map((n) => n.username)).toEqual([`${P}tw.chidao`, `${P}tw.chidao`]);
    const bodies = above.map((n) => n.body).sort();
    expect(bodies[0]).toContain('Một số huyện Đoàn thuộc Tỉnh Đoàn 1 chưa gửi báo cáo, cụ thể: Huyện Đoàn 1.1.');
    expect(bodies[0]).toContain('Thông báo được gửi lên cấp trên vì đã quá hạn 24 giờ.');
    expect(bodies[1]).toContain('cụ thể: Huyện Đoàn 2.2.');
    // Provinces are due Monday 3/7 10:00: their reminder comes at the same time, to P1's and P2's accounts.
    expect(summary.created.reminder).toBe(3);
    expect(total(await runReminders(ctx, { campaignCode: w.campaign.code }))).toBe(0);
  });

  it('lets a stale stage go: a server started days later sends no flood', async () => {
    at('2023-07-20T00:00:00Z');
    expect(total(await runReminders(ctx, { campaignCode: w.campaign.code }))).toBe(0);
  });
});

/** A real SMTP server on a random local port that keeps what it receives, or refuses every recipient. */
async function startCatcher(options: { refuse?: boolean } = {}) {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.refuse) return callback();
      return callback(Object.assign(new Error(`Hộp thư ${address.address} không nhận thư`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Reads a message as a mail client would: the decoded subject and text body. */
function readMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1] ?? '';
  const qp = (s: string, underscore: boolean) => {
    const bytes: number[] = [];
    const text = underscore ? s.replace(/_/g, ' ') : s.replace(/=\r\n/g, '');
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
    return Buffer.from(bytes);
  };
  const words = [...header('Subject').matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=|([^=]+)/gi)].map((m) =>
    m[1] ? (m[1].toLowerCase() === 'b' ? Buffer.from(m[2]!, 'base64') : qp(m[2]!, true)) : Buffer.from(m[3]!.trim() ? m[3]! : ''));
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body, 'base64') : encoding === 'quoted-printable' ? qp(body, false) : Buffer.from(body);
  return { subject: Buffer.concat(words).toString('utf8'), text: text.toString('utf8').trim() };
}

describe('email', () => {
  const P = 'm-';
  let w: World;

  beforeAll(async () => {
    w = await buildWorld(P, [
      { username: 'p1.quanly', role: 'manager', unit: (x) => x.provinces[0]!.code, email: 'p1.quanly@tinhdoan1.vn' },
      { username: 'd11.baocao', role: 'reporter', unit: (x) => `${x.prefix}P1-D1`, email: 'd11@huyendoan.vn' },
      { username: 'd11.quanly', role: 'manager', unit: (x) => `${x.prefix}P1-D1` },
      { username: 'd12.baocao', role: 'reporter', unit: (x) => `${x.prefix}P1-D2`, email: 'd12@huyendoan.vn', language: 'en' },
      { username: 'tw.chidao', role: 'steering', unit: (x) => x.root.code, email: 'chidao@tw.vn' },
    ]);
  });

  it('emails each reminder to its recipient through SMTP, in Vietnamese, once', async () => {
    const catcher = await startCatcher();
    const mailer = createMailer({ smtpUrl: catcher.url, mailFrom: 'Giao Ban <giaoban@localhost>' })!;
    try {
      at('2023-06-30T10:00:00Z');
      const summary = await runReminders(ctx, { campaignCode: w.campaign.code, email: true });
      // d11.quanly has no address: in-app only.
      expect(summary.created.reminder).toBe(3);
      expect(summary.emailQueued).toBe(2);
      expect(await deliverEmails(ctx, mailer)).toEqual({ sent: 2, failed: 0 });
      expect(catcher.received.map((m) => m.to).sort()).toEqual([['d11@huyendoan.vn'], ['d12@huyendoan.vn']]);
      const vi = catcher.received.find((m) => m.to[0] === 'd11@huyendoan.vn')!;
      expect(vi.from).toBe('giaoban@localhost');
      expect(readMessage(vi.raw)).toEqual({
        subject: 'Nhắc gửi báo cáo tuần 26/06/2023 – 02/07/2023',
        text: `Huyện Đoàn 1.1 chưa gửi báo cáo tuần 26/06/2023 – 02/07/2023 của Chiến dịch Thanh niên tình nguyện hè 2023. Hạn gửi: 01/07/2023 12:00.`,
      });
      // An account set to English reads it in English.
      const en = readMessage(catcher.received.find((m) => m.to[0] === 'd12@huyendoan.vn')!.raw);
      expect(en.subject).toBe('Reminder: weekly report for 26/06/2023 – 02/07/2023');
      expect(en.text).toContain('Huyện Đoàn 1.2 has not sent its report for the week 26/06/2023 – 02/07/2023');
      const stored = (await notificationsOf(P)).filter((n) => n.emailTo !== null);
      expect(stored.every((n) => n.emailSentAt !== null && n.emailError === null)).toBe(true);
      // Neither a second delivery nor a second pass sends anything again.
      expect(await deliverEmails(ctx, mailer)).toEqual({ sent: 0, failed: 0 });
      expect(total(await runReminders(ctx, { campaignCode: w.campaign.code, email: true }))).toBe(0);
      expect(await deliverEmails(ctx, mailer)).toEqual({ sent: 0, failed: 0 });
      expect(catcher.received).toHaveLength(2);
    } finally {
      mailer.close();
      await catcher.close();
    }
  });

  it('records the error when the SMTP server refuses or cannot be reached, and goes on', async () => {
    const refusing = await startCatcher({ refuse: true });
    const refused = createMailer({ smtpUrl: refusing.url, mailFrom: 'giaoban@localhost' })!;
    try {
      at('2023-07-01T07:00:00Z');
      const summary = await runReminders(ctx, { campaignCode: w.campaign.code, email: true });
      // Only P1 has a manager: P2's missing districts reach nobody at this stage.
      expect(summary.created.escalation).toBe(1);
      expect(summary.emailQueued).toBe(1);
      expect(await deliverEmails(ctx, refused)).toEqual({ sent: 0, failed: 1 });
      const failed = (await notificationsOf(P)).filter((n) => n.kind === 'escalation');
      expect(failed.map((n) => n.emailTo)).toEqual(['p1.quanly@tinhdoan1.vn']);
      for (const n of failed) {
        expect(n.emailSentAt).toBeNull();
        expect(n.emailError).toMatch(/550/);
      }
      expect(refusing.received).toHaveLength(0);
    } finally {
      refused.close();
      await refusing.close();
    }

    // Nothing listens on a port just freed: the connection is refused.
    const gone = await startCatcher();
    await gone.close();
    const unreachable = createMailer({ smtpUrl: gone.url, mailFrom: 'giaoban@localhost' })!;
    try {
      at('2023-07-02T05:00:00Z');
      const summary = await runReminders(ctx, { campaignCode: w.campaign.code, email: true });
      // The level above hears of both provinces' missing districts; P1's manager is reminded of P1's own report.
      expect(summary.created).toEqual({ reminder: 1, escalation: 0, escalation_above: 2 });
      expect(await deliverEmails(ctx, unreachable)).toEqual({ sent: 0, failed: 3 });
      const above = (await notificationsOf(P)).filter((n) => n.kind === 'escalation_above');
      expect(above).toHaveLength(2);
      for (const n of above) {
        expect(n).toMatchObject({ username: `${P}tw.chidao`, emailTo: 'chidao@tw.vn', emailSentAt: null });
        expect(n.emailError).toMatch(/ECONNREFUSED/);
      }
    } finally {
      unreachable.close();
    }
  });
});

describe('scheduler', () => {
  it('runs passes on its own schedule without overlapping, logs failures, and stops after the pass in flight', async () => {
    const own = await openTestDatabase();
    try {
      let now = new Date('2023-06-29T00:00:00Z');
      const jobCtx = createServiceContext(own, () => now);
      const w = await createWorld(jobCtx, { prefix: 's-', provinces: 1, districts: 1, grassroots: 0 });
      await createUser(jobCtx, { username: 's-d.baocao', password: 'mat-khau-thu-nghiem', displayName: 'd', role: 'reporter', unitCode: w.districts[0]!.code });
      const logged: { level: string; message: string; data: object }[] = [];
      const log = {
        info: (data: object, message: string) => logged.push({ level: 'info', message, data }),
        error: (data: object, message: string) => logged.push({ level: 'error', message, data }),
      };
      now = new Date('2023-06-30T10:00:00Z');
      const scheduler = startReminderScheduler({ ctx: jobCtx, intervalMs: 20, log });
      const first = scheduler.runNow();
      expect(scheduler.runNow()).toBe(first); // joins the pass in flight
      await first;
      await new Promise((resolve) => setTimeout(resolve, 150)); // several more passes
      await scheduler.stop();
      const rows = await queryRows<{ n: number }>(own.db, sql`select count(*)::int as n from notifications`);
      expect(rows[0]!.n).toBe(1);
      expect(logged.filter((l) => l.message === 'reminders created')).toHaveLength(1);
      expect(logged.filter((l) => l.level === 'error')).toEqual([]);

      // A failing pass is logged and the job keeps going.
      const broken = startReminderScheduler({
        ctx: { ...jobCtx, now: () => { throw new Error('đồng hồ hỏng'); } }, intervalMs: 10, log,
      });
      await new Promise((resolve) => setTimeout(resolve, 60));
      await broken.stop();
      const errors = logged.filter((l) => l.level === 'error');
      expect(errors.length).toBeGreaterThan(1);
      expect(errors[0]!.message).toBe('reminder job failed');
    } finally {
      await own.close();
    }
  });
});

describe('one campaign\'s failure', () => {
  it('stays that campaign\'s: logged with its code, the other campaigns still reminded in the same pass', async () => {
    const own = await openTestDatabase();
    try {
      const jobCtx = createServiceContext(own, () => new Date('2023-06-30T10:00:00Z')); // a district due the next day
      const w = await createWorld(jobCtx, { prefix: 'f-', provinces: 1, districts: 1, grassroots: 0 });
      await createUser(jobCtx, { username: 'f-d.baocao', password: 'mat-khau-thu-nghiem', displayName: 'd', role: 'reporter', unitCode: w.districts[0]!.code });
      // Rows as old data might hold them, straight into the table past every check: campaigns
      // are listed newest start first, so one is served before the good campaign and one after.
      for (const [code, startDate] of [['f-cu-9999', '9999-01-01'], ['f-cu-0001', '0001-01-01']] as const) {
        await campaignsRepository.insert(own.db, { code, name: `Dữ liệu cũ ${code}`, startDate, endDate: '9999-12-31', rootUnitId: w.root.id, createdBy: null });
      }
      const logged: { level: string; message: string; data: Record<string, unknown> }[] = [];
      const log = {
        info: (data: object, message: string) => logged.push({ level: 'info', message, data: { ...data } }),
        error: (data: object, message: string) => logged.push({ level: 'error', message, data: { ...data } }),
      };
      const scheduler = startReminderScheduler({ ctx: jobCtx, intervalMs: 60_000, firstRunDelayMs: 3_600_000, log });
      try {
        expect(await scheduler.runNow()).toBe(true);
      } finally {
        await scheduler.stop();
      }

      const stored = await queryRows<{ username: string; kind: string; campaign: string }>(own.db, sql`
        select u.username, n.kind, c.code as campaign from notifications n join users u on u.id = n.user_id join campaigns c on c.id = n.campaign_id`);
      expect(stored).toEqual([{ username: 'f-d.baocao', kind: 'reminder', campaign: w.campaign.code }]);
      const failures = logged.filter((l) => l.level === 'error');
      expect(failures.map((l) => [l.message, l.data.campaign])).toEqual([
        ['reminders failed for a campaign', 'f-cu-9999'],
        ['reminders failed for a campaign', 'f-cu-0001'],
      ]);
      expect(failures.map((l) => (l.data.err as { code?: string }).code)).toEqual(['invalid_campaign', 'invalid_campaign']);
      expect(logged.filter((l) => l.level === 'info').map((l) => l.message)).toEqual(['reminders created']);

      // The pass's summary says so too; asked for that campaign alone, its failure is the pass's.
      const summary = await runReminders(jobCtx);
      expect(summary.failed.map((f) => f.campaign)).toEqual(['f-cu-9999', 'f-cu-0001']);
      expect(summary.failed[1]!.message).toBe('Chiến dịch "f-cu-0001" có thời gian từ 01/01/0001 đến 31/12/9999, ngoài giới hạn cho phép '
        + '(từ 01/01/2000 đến 31/12/2100, dài nhiều nhất 366 ngày); cần sửa lại ngày của chiến dịch.');
      await expect(runReminders(jobCtx, { campaignCode: 'f-cu-0001' })).rejects.toMatchObject({ code: 'invalid_campaign' });
    } finally {
      await own.close();
    }
  });
});
