/**
 * The parent's review of its children's weekly reports: approve one, approve several at
 * once, or return one with a reason. Reviewing never moves a figure (core/approval.ts);
 * every change of state goes to the audit log in the same transaction.
 */
import { DomainError, approvalActorOf, canApproveMany, checkVersion, transition, type ApproveManyRefusal, type CampaignWeek } from '@giaoban/core';
import { auditRepository, reportsRepository, unitsRepository, type CampaignDetail, type Executor, type ReportRow, type UnitRow } from '@giaoban/db';
import { type Actor, type ReportRef, type ServiceContext, ancestorsBelowRoot, requireCampaign, requireUnit, notifyChange } from '../infra/index.ts';
import { getReport, type ReportView } from './reports.service.ts';
import { campaignWeekOf } from '../planning/index.ts';
import { notifyReportChanges } from './report-notifications.ts';

export interface ReviewInput {
  /** The version the reviewer looked at: a report changed since is refused (reload first). */
  readonly version?: number | undefined;
  /** Why the report is returned (required to return). */
  readonly reason?: string | undefined;
}

async function lockReport(tx: Executor, campaignId: number, unit: UnitRow, period: string): Promise<ReportRow> {
  const row = await reportsRepository.get(tx, campaignId, unit.id, period);
  if (!row) {
    throw new DomainError('conflict', `Đơn vị ${unit.name} chưa gửi báo cáo tuần ${period}.`, {
      messageEn: `${unit.name} has not submitted its report for week ${period}.`, state: 'draft',
    });
  }
  const { row: locked } = await reportsRepository.getOrCreateForUpdate(tx, campaignId, unit.id, period, null);
  return locked;
}

async function review(
  tx: Executor, actor: Actor | null, campaignId: number, unit: UnitRow, period: string,
  action: 'approve' | 'return', input: ReviewInput, now: Date,
  told: { readonly campaign: CampaignDetail; readonly week: CampaignWeek; readonly email: boolean },
): Promise<void> {
  const row = await lockReport(tx, campaignId, unit, period);
  const conflict = checkVersion(row, false, input.version);
  if (conflict) throw conflict;
  const next = transition(row.status, action, {
    ...approvalActorOf(actor, unit, action), reason: input.reason, viewed: actor === null || row.viewedAt !== null,
  });
  const reason = action === 'return' ? (input.reason ?? '').trim() : null;
  const changed = await reportsRepository.update(tx, row.id, {
    ...row, status: next, reviewedAt: now, reviewedBy: actor?.userId ?? null, returnReason: reason, updatedBy: actor?.userId ?? null,
  });
  await auditRepository.append(tx, [{
    at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'report.state', campaignId, unitId: unit.id, period,
    oldValue: row.status, newValue: next, reason,
  }]);
  // The parent's dashboard shows the report's state.
  await notifyChange(tx, { campaignId, unitId: unit.id, period, at: now });
  // The unit hears of it, in the same transaction (issue 18).
  await notifyReportChanges(tx, [{
    event: action === 'approve' ? 'approved' : 'returned', campaign: told.campaign, unit, week: told.week, reason, report: changed, at: now, email: told.email,
  }]);
}

async function reviewOne(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, action: 'approve' | 'return', input: ReviewInput,
): Promise<ReportView> {
  const { period } = ref;
  const campaign = await requireCampaign(ctx.db, ref.campaign);
  const unit = await requireUnit(ctx.db, ref.unit);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const week = campaignWeekOf(campaign, period);
  await ctx.transaction((tx) => review(tx, actor, campaign.id, unit, period, action, input, ctx.now(), { campaign, week, email: ctx.mailer !== null }));
  return getReport(ctx, ref, actor);
}

/** Approves a child's report the reviewer has opened; it is then locked. */
export function approveReport(ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReviewInput = {}) {
  return reviewOne(ctx, ref, actor, 'approve', input);
}

/** Returns a child's report to the unit with a reason; its figures keep counting until it resubmits. */
export function returnReport(ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReviewInput) {
  return reviewOne(ctx, ref, actor, 'return', input);
}

export interface ApproveManyResult {
  readonly approved: readonly string[];
  readonly refused: readonly ApproveManyRefusal[];
}

/**
 * Approves the reports of several children of `ref.unit` for one week: those that can
 * be (submitted and opened by a manager of the parent) are approved together, the others
 * are answered per row with the reason. A unit that is not a child of the parent is refused.
 */
export async function approveMany(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, unitCodes: readonly string[],
): Promise<ApproveManyResult> {
  const { period } = ref;
  const campaign = await requireCampaign(ctx.db, ref.campaign);
  const parent = await requireUnit(ctx.db, ref.unit);
  await ancestorsBelowRoot(ctx.db, parent.id, campaign.rootUnitId);
  const week = campaignWeekOf(campaign, period);
  const children = new Map((await unitsRepository.listByParent(ctx.db, parent.id)).map((u) => [u.code, u]));
  const notChildren: ApproveManyRefusal[] = [];
  const rows = [];
  for (const code of unitCodes) {
    const unit = children.get(code);
    if (!unit) {
      notChildren.push({
        unitCode: code, state: 'draft', code: 'forbidden',
        message: `Đơn vị ${code} không trực thuộc ${parent.name}.`, messageEn: `Unit ${code} is not a child of ${parent.name}.`,
      });
      continue;
    }
    const row = await reportsRepository.get(ctx.db, campaign.id, unit.id, period);
    rows.push({ unitCode: code, state: row?.status ?? 'draft' as const, viewedByApprover: actor === null || (row?.viewedAt ?? null) !== null });
  }
  const check = canApproveMany(rows);
  const now = ctx.now();
  await ctx.transaction(async (tx) => {
    for (const code of check.approvable) {
      await review(tx, actor, campaign.id, children.get(code) as UnitRow, period, 'approve', {}, now, { campaign, week, email: ctx.mailer !== null });
    }
  });
  return { approved: check.approvable, refused: [...notChildren, ...check.refused] };
}
