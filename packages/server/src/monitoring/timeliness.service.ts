/**
 * Deadlines and timeliness of weekly reports per subtree and week: which expected units
 * reported on time, late, or not at all, with the rates and the late-units sentence.
 */
import {
  campaignWeeks, lateUnitsSentence, localDateOf, timelinessSummary, unitsInGroup, unitsSubject,
  weekTimeliness, type CampaignWeek, type LateUnitsKind, type LateUnitsList, type LateUnitsOrder,
  type TimelinessRow, type TimelinessSummary,
} from '@giaoban/core';
import { reportsRepository, unitsRepository, type CampaignDetail, type Executor, type ReportStatus, type UnitRow } from '@giaoban/db';
import { type ServiceContext, ancestorsBelowRoot, namedOn, requireCampaign, requireUnit, type UnitRef } from '../infra/index.ts';
import { campaignWeekOf, deadlinesOf, listUnitGroups, requireUnitGroup, type UnitGroup } from '../planning/index.ts';

export interface TimelinessEntry extends TimelinessRow<UnitRow> {
  /** The report's approval state (null: no report at all). */
  readonly reportStatus: ReportStatus | null;
  readonly returnReason: string | null;
  readonly flagCount: number;
  /** Entered on the unit's behalf (nhập thay): `submittedAt` is then when it reached the level above. */
  readonly onBehalf: boolean;
}

export interface WeekTimeliness {
  readonly week: CampaignWeek;
  readonly rows: readonly TimelinessEntry[];
  readonly summary: TimelinessSummary;
}

/**
 * Timeliness of every expected unit of `root`'s subtree (itself included) for one week,
 * as of `now`. A report counts as delivered at its first submission: a unit that sent on
 * time and was returned for a fix is not late.
 */
export async function subtreeWeekTimeliness(
  ex: Executor, campaign: CampaignDetail, root: UnitRow, week: CampaignWeek, now: Date, subtree?: readonly UnitRow[],
): Promise<WeekTimeliness> {
  const units = subtree ?? await unitsRepository.listSubtree(ex, root.id);
  const reports = await reportsRepository.listSubmissions(ex, campaign.id, root.id, [week.week]);
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const submittedAt = new Map(reports.map((r) => [r.unitId, r.firstSubmittedAt]));
  const rows = weekTimeliness({
    units, week, rules: deadlinesOf(campaign), submittedAt, now: now.toISOString(), excluded: campaign.exemptUnitIds,
  }).map((row): TimelinessEntry => {
    const report = byUnit.get(row.unit.id);
    return { ...row, reportStatus: report?.status ?? null, returnReason: report?.returnReason ?? null, flagCount: report?.flagCount ?? 0, onBehalf: report?.receivedAt != null };
  });
  return { week, rows, summary: timelinessSummary(rows, 1) };
}

export interface TimelinessView {
  readonly campaign: CampaignDetail;
  readonly unit: UnitRow;
  /** Every week of the campaign that has begun, with its summary; the chosen one in detail. */
  readonly weeks: readonly { readonly week: CampaignWeek; readonly summary: TimelinessSummary }[];
  readonly selected: WeekTimeliness | null;
  readonly lateUnits: LateUnitsList<UnitRow> | null;
  /** The unit group the rows, the counts and the sentence are limited to (null: every expected unit). */
  readonly group: UnitGroup | null;
  /** Every unit group, for the filter. */
  readonly unitGroups: readonly UnitGroup[];
}

export interface TimelinessOptions {
  readonly period?: string | undefined;
  readonly order?: LateUnitsOrder | undefined;
  readonly kind?: LateUnitsKind | undefined;
  /** How the sentence names the units ("tỉnh Đoàn"); by default from their level. */
  readonly subject?: string | undefined;
  /** With `period`: false computes that week only (`weeks` then holds just it). Default true. */
  readonly allWeeks?: boolean | undefined;
  /** Only the units carrying this unit group (a code of unit_tags; unknown: 400 on `group`). */
  readonly group?: string | null | undefined;
}

/**
 * The week shown when none is asked for: the latest in which someone reported (a campaign
 * whose later weeks nobody reports would otherwise show only empty weeks), else the latest
 * whose deadline has passed, else the latest begun.
 */
function latestReportedWeek(weeks: readonly WeekTimeliness[]): WeekTimeliness | null {
  const latest = (test: (w: WeekTimeliness) => boolean) => [...weeks].reverse().find(test);
  return latest((w) => w.summary.submitted > 0) ?? latest((w) => w.summary.expected > w.summary.pending) ?? weeks.at(-1) ?? null;
}

/**
 * The timeliness of a subtree: the summary of every week begun by `now`, the detail of the
 * chosen week (default: `latestReportedWeek`), and the
 * sentence naming the late and missing units among the unit's direct children.
 */
export async function getTimeliness(ctx: ServiceContext, ref: UnitRef, options: TimelinessOptions = {}): Promise<TimelinessView> {
  const { campaign: campaignCode, unit: unitCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  // At most 54 weeks, one query each: a campaign stored with longer dates is refused here.
  const all = campaignWeeks(campaign.startDate, campaign.endDate, campaign.code);
  const unit = await requireUnit(ctx.db, unitCode);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const unitGroups = await listUnitGroups(ctx.db);
  const group = await requireUnitGroup(ctx.db, options.group, 'group', unitGroups);
  const now = ctx.now();
  // Filtered by a unit group, the lists, the counts and the sentence are those of the group's units.
  // Named as they were during the campaign (its last day, or today while it runs).
  const today = localDateOf(now);
  const subtree = await namedOn(ctx.db, unitsInGroup(await unitsRepository.listSubtree(ctx.db, unit.id), group?.code), today < campaign.endDate ? today : campaign.endDate);
  const begun = all
    .filter((w) => Date.parse(`${w.start}T00:00:00+07:00`) <= now.getTime())
    .filter((w) => options.allWeeks !== false || options.period === undefined || w.week === options.period);
  const weeks = [];
  for (const week of begun) {
    const t = await subtreeWeekTimeliness(ctx.db, campaign, unit, week, now, subtree);
    weeks.push(t);
  }
  const chosen = options.period !== undefined
    ? weeks.find((w) => w.week.week === options.period) ?? (campaignWeekOf(campaign, options.period) && null)
    : latestReportedWeek(weeks);
  let lateUnits: LateUnitsList<UnitRow> | null = null;
  if (chosen) {
    const children = chosen.rows.filter((r) => r.unit.parentId === unit.id);
    lateUnits = lateUnitsSentence(children, {
      order: options.order ?? 'code', kind: options.kind ?? 'late_or_missing',
      // Named by the levels of the units the sentence names ("tỉnh, thành Đoàn và Đoàn trực thuộc").
      subject: options.subject ?? ((units) => unitsSubject(units.map((u) => u.level))),
    });
  }
  return { campaign, unit, weeks: weeks.map((w) => ({ week: w.week, summary: w.summary })), selected: chosen, lateUnits, group, unitGroups };
}
