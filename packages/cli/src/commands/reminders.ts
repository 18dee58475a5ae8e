/** giaoban reminders: one pass of the reminder job (the server runs it on its own schedule). */
import { parseArgs } from 'node:util';
import { formatNumber, localDateTimeOf, formatDate } from '@giaoban/core';
import { deliverEmails, runReminders, type RemindersSummary } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

const STAGE_LABELS = { reminder: 'nhắc trước hạn', escalation: 'báo cấp trên', escalation_above: 'báo cấp trên nữa' } as const;

export async function reminders(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: { ...DATABASE_OPTIONS, now: { type: 'string' }, campaign: { type: 'string' }, json: { type: 'boolean' } },
  });
  const now = values.now === undefined ? new Date() : new Date(values.now);
  // An instant must say its zone: without one, JavaScript would read it in the machine's.
  if (values.now !== undefined && (Number.isNaN(now.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/.test(values.now))) {
    throw new UsageError('--now nhận một thời điểm ISO có múi giờ, ví dụ 2023-07-07T16:00:00+07:00.');
  }
  const config = configFrom(values);
  return withContext(config, async (opened) => {
    const ctx = { ...opened, now: () => now };
    const { mailer } = ctx;
    const summary = await runReminders(ctx, { campaignCode: values.campaign, email: mailer !== null });
    const delivery = mailer ? await deliverEmails(ctx, mailer) : null;
    if (values.json) console.log(JSON.stringify({ ...summary, delivery }, null, 2));
    else print(summary, delivery);
    return delivery && delivery.failed > 0 ? 1 : 0;
  });
}

function print(summary: RemindersSummary, delivery: { sent: number; failed: number } | null): void {
  const local = localDateTimeOf(summary.at);
  const { reminder, escalation, escalation_above: above } = summary.created;
  console.log(`Lượt nhắc lúc ${formatDate(local.date)} ${local.time}: ${formatNumber(reminder)} lời nhắc, `
    + `${formatNumber(escalation)} báo cấp trên, ${formatNumber(above)} báo cấp trên nữa (mới tạo).`);
  for (const n of summary.notifications) {
    console.log(`  [${STAGE_LABELS[n.stage]}] ${n.campaign} ${n.period} ${n.unitCode} → ${n.username}${n.emailTo ? ` <${n.emailTo}>` : ''}: ${n.title}`);
  }
  if (delivery) console.log(`Email: đã gửi ${formatNumber(delivery.sent)}, lỗi ${formatNumber(delivery.failed)}.`);
  else console.log('Email: chưa cấu hình SMTP (GIAOBAN_SMTP_URL), chỉ thông báo trong ứng dụng.');
}
