/** Searching the audit log (administrators): by campaign, unit (or its subtree), user, week and dates. */
import { ValidationError, addDays, parseDate } from '@giaoban/core';
import { auditRepository, usersRepository, type AuditRow } from '@giaoban/db';
import { type ServiceContext, requireCampaign, requireUnit } from '../infra/index.ts';

export interface AuditSearch {
  readonly campaign?: string | undefined;
  readonly unit?: string | undefined;
  readonly subtree?: boolean | undefined;
  readonly user?: string | undefined;
  readonly period?: string | undefined;
  /** Local dates (Asia/Ho_Chi_Minh), inclusive, typed either way. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly before?: number | undefined;
  readonly limit: number;
}

/** Local midnight of a date in Asia/Ho_Chi_Minh, as an instant. */
function localMidnight(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

/**
 * A page of entries, newest first, with `toDateBefore`: for each figure change of an indicator
 * reported to date, the unit's total over the weeks before (read for the whole page at once).
 */
export async function searchAudit(ctx: ServiceContext, q: AuditSearch): Promise<{ entries: AuditRow[]; toDateBefore: Map<number, number>; next: number | null }> {
  const campaign = q.campaign ? await requireCampaign(ctx.db, q.campaign) : undefined;
  const unit = q.unit ? await requireUnit(ctx.db, q.unit) : undefined;
  let userId: number | undefined;
  if (q.user) {
    const user = await usersRepository.getByUsernameWithHash(ctx.db, q.user.trim().toLowerCase());
    if (!user) throw new ValidationError('user', `Không có tài khoản "${q.user}".`, `No account "${q.user}".`);
    userId = user.id;
  }
  const from = q.from ? parseDate(q.from, 'from') : undefined;
  const to = q.to ? parseDate(q.to, 'to') : undefined;
  if (from && to && to < from) {
    throw new ValidationError('to', 'Ngày kết thúc phải sau ngày bắt đầu.', 'The end date must not be before the start date.');
  }
  const entries = await auditRepository.search(ctx.db, {
    campaignId: campaign?.id, unitId: unit?.id, subtree: q.subtree, userId, period: q.period,
    from: from && localMidnight(from),
    to: to && new Date(Date.parse(localMidnight(addDays(to, 1))) - 1).toISOString(),
    before: q.before, limit: q.limit + 1,
  });
  const more = entries.length > q.limit;
  const page = more ? entries.slice(0, q.limit) : entries;
  const toDateBefore = await auditRepository.toDateBeforeOf(ctx.db, page.filter((e) => e.action === 'report.value').map((e) => e.id));
  return { entries: page, toDateBefore, next: more ? (page.at(-1)?.id ?? null) : null };
}
