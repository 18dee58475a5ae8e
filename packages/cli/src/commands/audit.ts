import { parseArgs } from 'node:util';
import { formatDate, localDateTimeOf } from '@giaoban/core';
import { presentFigureChange, searchAudit } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

/** Searches the audit log: who changed what, when, from where and why. */
export async function audit(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, unit: { type: 'string' }, subtree: { type: 'boolean' }, user: { type: 'string' },
      period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' },
    },
  });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit nhận số nguyên từ 1 đến 10.000.');
  return withContext(configFrom(values), async (ctx) => {
    const { entries, toDateBefore } = await searchAudit(ctx, {
      campaign: values.campaign, unit: values.unit, subtree: values.subtree, user: values.user, period: values.period,
      from: values.from, to: values.to, limit,
    });
    if (values.json) {
      console.log(JSON.stringify(entries, null, 2));
      return 0;
    }
    printTable(['Thời điểm', 'Tài khoản', 'Địa chỉ', 'Đơn vị', 'Tuần', 'Chỉ tiêu', 'Thay đổi', 'Lý do'], entries.map((e) => {
      const { date, time } = localDateTimeOf(new Date(e.at).toISOString());
      return [
        `${formatDate(date)} ${time}`, e.username ?? 'hệ thống', e.ip ?? '—', e.unitCode ?? '—', e.period ?? '—',
        e.indicatorCode ?? (e.action === 'report.state' ? 'trạng thái' : e.action), // As the web app words it: an indicator reported to date shows its values to date and the week's increment.
        presentFigureChange(e, toDateBefore.get(e.id), 'vi').summary, e.reason ?? '',
      ];
    }));
    return 0;
  });
}
