import { parseArgs } from 'node:util';
import { formatDate, formatNumber, isReportState, localDateTimeOf, REPORT_STATE_LABELS } from '@giaoban/core';
import { searchAudit } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

const value = (v: unknown): string => {
  if (v === null || v === undefined) return '(trống)';
  if (typeof v === 'number') return formatNumber(v, 4);
  if (isReportState(v)) return REPORT_STATE_LABELS[v].vi;
  return typeof v === 'string' ? v : JSON.stringify(v);
};

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
    const { entries } = await searchAudit(ctx, {
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
        e.indicatorCode ?? (e.action === 'report.state' ? 'trạng thái' : e.action), `${value(e.oldValue)} → ${value(e.newValue)}`, e.reason ?? '',
      ];
    }));
    return 0;
  });
}
