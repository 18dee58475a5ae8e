/**
 * Review from the list: a parent's manager sees the figures of its children's reports of a
 * week side by side (this week, to date, target, flags) and approves several at once without
 * opening each report. A report whose figures the list displayed counts as viewed at the
 * version displayed (the client says which it showed); approving then needs nothing more.
 */
import { approvalActorOf, displayFromIncrement, isUnitValidDuring, sumValues, type Indicator, type ReportState } from '@giaoban/core';
import { reportsRepository, targetsRepository, unitsRepository, type CampaignDetail, type ReportFlag, type ReportRow, type UnitRow } from '@giaoban/db';
import { type Actor, type ReportRef, type ServiceContext, ancestorsBelowRoot } from '../infra/index.ts';
import { loadReportScope } from './report-scope.ts';

export interface ChildFigure {
  readonly indicator: Indicator;
  readonly target: number | null;
  /** The week's figure as the unit entered it (in the indicator's mode), and its increment. */
  readonly entered: number | null;
  readonly increment: number | null;
  /** The unit's own figures to date, this week included. */
  readonly toDate: number;
}

export interface ChildReport {
  readonly unit: UnitRow;
  readonly report: ReportRow;
  readonly status: ReportState;
  readonly figures: readonly ChildFigure[];
  readonly flags: Readonly<Record<string, ReportFlag>>;
}

export interface ChildrenReportsView {
  readonly campaign: CampaignDetail;
  readonly parent: UnitRow;
  readonly period: string;
  readonly children: readonly ChildReport[];
}

/** The submitted reports (any state but draft) of `ref.unit`'s children for the week, with their figures. */
export async function childrenReports(ctx: ServiceContext, ref: ReportRef): Promise<ChildrenReportsView> {
  const { campaign, unit: parent, week } = await loadReportScope(ctx, ref);
  await ancestorsBelowRoot(ctx.db, parent.id, campaign.rootUnitId);
  const children = (await unitsRepository.listByParent(ctx.db, parent.id, { from: week.start, to: week.end }))
    .filter((u) => isUnitValidDuring(u, week.start, week.end));
  const reports = (await reportsRepository.listForUnits(ctx.db, campaign.id, children.map((u) => u.id), ref.period))
    .filter((r) => r.status !== 'draft');
  const ids = reports.map((r) => r.unitId);
  const [own, targets] = await Promise.all([
    reportsRepository.ownFiguresOf(ctx.db, campaign.id, ids, ref.period),
    targetsRepository.listForUnits(ctx.db, campaign.id, ids),
  ]);
  const targetOf = new Map(targets.map((t) => [`${t.unitId}:${t.indicatorId}`, t.target]));
  const unitOf = new Map(children.map((u) => [u.id, u]));
  return {
    campaign,
    parent,
    period: ref.period,
    children: reports.map((report): ChildReport => {
      const figures = own.get(report.unitId);
      return {
        unit: unitOf.get(report.unitId)!,
        report,
        status: report.status,
        flags: report.flags,
        figures: campaign.indicators.map((indicator): ChildFigure => {
          const before = figures?.toDateBefore.get(indicator.id) ?? 0;
          const increment = figures?.values.get(indicator.id)?.value ?? null;
          return {
            indicator,
            target: targetOf.get(`${report.unitId}:${indicator.id}`) ?? null,
            increment,
            entered: increment === null ? null : displayFromIncrement(indicator.reportingMode, increment, before),
            toDate: sumValues([before, increment ?? 0]),
          };
        }),
      };
    }),
  };
}

/**
 * The list displayed these reports' figures to `viewer`: each one waiting for review is
 * marked viewed at the version displayed, when `viewer` is a manager of the parent (as
 * opening it would). A report changed since (another version), not a child of `ref.unit`,
 * or not waiting for review is left as it is. Returns the codes of the units now viewed.
 */
export async function markChildrenViewed(
  ctx: ServiceContext, ref: ReportRef, viewer: Actor, shown: readonly { readonly unit: string; readonly version: number }[],
): Promise<string[]> {
  const { campaign, unit: parent, week } = await loadReportScope(ctx, ref);
  await ancestorsBelowRoot(ctx.db, parent.id, campaign.rootUnitId);
  const children = new Map((await unitsRepository.listByParent(ctx.db, parent.id, { from: week.start, to: week.end })).map((u) => [u.code, u]));
  const wanted = shown.flatMap((s) => {
    const unit = children.get(s.unit);
    return unit && approvalActorOf(viewer, unit, 'approve').actorIsParentManager ? [{ unit, version: s.version }] : [];
  });
  const reports = new Map((await reportsRepository.listForUnits(ctx.db, campaign.id, wanted.map((w) => w.unit.id), ref.period)).map((r) => [r.unitId, r]));
  const seen = wanted.flatMap((w) => {
    const report = reports.get(w.unit.id);
    return report ? [{ id: report.id, version: w.version }] : [];
  });
  const marked = new Set(await reportsRepository.markViewedMany(ctx.db, seen, viewer.userId, ctx.now()));
  const viewed: string[] = [];
  for (const w of wanted) {
    const r = reports.get(w.unit.id);
    // Viewed at the version shown: just now, or already before.
    if (r && r.status === 'submitted' && r.version === w.version && (marked.has(r.id) || r.viewedAt !== null)) viewed.push(w.unit.code);
  }
  return viewed;
}
