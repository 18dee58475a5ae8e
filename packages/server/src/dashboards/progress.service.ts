/**
 * Progress of a unit as of a date: per indicator, target, this week, to date, achievement
 * and schedule status, for the unit and each of its children. Reads the live summary only
 * (the unit's own figures, its children's figures and S rows), never the whole subtree.
 */
import {
  FieldProblemsError, campaignEnded, campaignWeeks, compareWeeks, elapsedShare, progressFigures, sumValues, unitTotal, unitsInGroup, weekOf,
  type CampaignWeek, type ProgressFigures,
} from '@giaoban/core';
import {
  activitiesRepository, reportsRepository, rollupRepository, targetsRepository, unitsRepository, type CampaignDetail, type CampaignIndicatorRow,
  type Executor, type ProgrammeRow, type ReportStatus, type UnitRow,
} from '@giaoban/db';
import { type ServiceContext, namedOn, requireCampaign, requireUnit, type UnitRef } from '../infra/index.ts';
import { listUnitGroups, requireUnitGroup, type UnitGroup } from '../planning/index.ts';

export interface IndicatorProgress extends ProgressFigures {
  readonly indicator: CampaignIndicatorRow;
}

export interface UnitProgress {
  readonly unit: UnitRow;
  readonly reportStatus: ReportStatus | 'missing';
  readonly hasChildren: boolean;
  readonly indicators: readonly IndicatorProgress[];
}

export interface ProgressView {
  readonly campaign: CampaignDetail;
  readonly asOf: string;
  /** The campaign week the figures run up to ("this week"), or null before the campaign. */
  readonly week: CampaignWeek | null;
  readonly elapsedShare: number;
  readonly precision: number;
  readonly unit: UnitProgress;
  readonly children: readonly UnitProgress[];
  /** The unit's own figures week by week, from the campaign's first week to `week`. */
  readonly trend: ProgressTrend;
  /** The unit group the children are filtered by (null: every child); the unit's own figures are never filtered. */
  readonly group: UnitGroup | null;
  /** Every unit group, for the filter. */
  readonly unitGroups: readonly UnitGroup[];
  /** The programme inside the campaign shown alone (only its indicators), or null: the campaign whole. */
  readonly programme: { readonly code: string; readonly name: string } | null;
  /** The campaign's programmes, for the choice. */
  readonly programmes: readonly { readonly code: string; readonly name: string }[];
}

export interface ProgressTrend {
  readonly weeks: readonly CampaignWeek[];
  readonly indicators: readonly { readonly indicator: CampaignIndicatorRow; readonly thisWeek: number[]; readonly toDate: number[] }[];
}

export interface ProgressOptions {
  readonly asOf: string;
  readonly precision?: number | undefined;
  readonly language?: 'vi' | 'en' | undefined;
  readonly includeChildren?: boolean | undefined;
  /** Only the children carrying this unit group (a code of unit_tags; unknown: 400 on `group`). */
  readonly group?: string | null | undefined;
  /** Only the indicators of this programme of the campaign (issue 20; unknown: 400 on `programme`). */
  readonly programme?: string | null | undefined;
}

/**
 * The campaign as one of its programmes shows it: only the indicators that belong to the
 * programme (none given: the campaign whole). An unknown programme is a 400 on `programme`.
 */
export async function campaignOfProgramme(
  ex: Executor, campaign: CampaignDetail, code: string | null | undefined,
): Promise<{ campaign: CampaignDetail; programme: ProgrammeRow | null; programmes: readonly ProgrammeRow[] }> {
  const programmes = await activitiesRepository.listProgrammes(ex, campaign.id);
  if (!code) return { campaign, programme: null, programmes };
  const programme = programmes.find((p) => p.code === code);
  if (!programme) {
    throw new FieldProblemsError([{ field: 'programme', message: `Chiến dịch không có chương trình "${code}".`, messageEn: `The campaign has no programme "${code}".` }]);
  }
  return { campaign: { ...campaign, indicators: campaign.indicators.filter((i) => i.programmeId === programme.id) }, programme, programmes };
}

/** The campaign week containing the date, clamped to the campaign. */
function weekUpTo(weeks: readonly CampaignWeek[], campaign: CampaignDetail, asOf: string): CampaignWeek | null {
  if (asOf < campaign.startDate) return null;
  const target = weekOf(asOf > campaign.endDate ? campaign.endDate : asOf);
  return weeks.find((w) => compareWeeks(w.week, target) === 0) ?? null;
}

type Figures = Map<number, { toDate: number; thisWeek: number }>;
/** indicator id → week → total(u) that week. */
type WeeklyTotals = Map<number, Map<string, number>>;

export async function getProgress(ctx: ServiceContext, ref: UnitRef, options: ProgressOptions): Promise<ProgressView> {
  const { campaign: campaignCode, unit: unitCode } = ref;
  const { campaign, programme, programmes } = await campaignOfProgramme(ctx.db, await requireCampaign(ctx.db, campaignCode), options.programme);
  // At most 54 weeks: a campaign stored with longer dates is refused here (invalid_campaign).
  const weeks = campaignWeeks(campaign.startDate, campaign.endDate, campaign.code);
  const current = await requireUnit(ctx.db, unitCode);
  const unitGroups = await listUnitGroups(ctx.db);
  const group = await requireUnitGroup(ctx.db, options.group, 'group', unitGroups);
  // The campaign's setting unless the caller (a form, a query) overrides it.
  const precision = options.precision ?? campaign.precision;
  const share = elapsedShare(campaign.startDate, campaign.endDate, options.asOf);
  const week = weekUpTo(weeks, campaign, options.asOf);
  const isRoot = current.id === campaign.rootUnitId;
  // The root's own figure is summed from its children, so it needs them even when they are not shown.
  const listed = options.includeChildren === false && !isRoot ? [] : await unitsRepository.listByParent(ctx.db, current.id, {
    from: campaign.startDate, to: campaign.endDate,
  });
  // Named as they were on the day shown (a unit renamed since keeps its name of then).
  const [named, ...children] = await namedOn(ctx.db, [current, ...listed], options.asOf);
  const unit = named ?? current;
  const grandchildren = await unitsRepository.countChildren(ctx.db, [unit.id, ...children.map((c) => c.id)]);

  const childFigures = new Map<number, Figures>();
  let weekly: WeeklyTotals = new Map();
  if (week) {
    for (const row of await rollupRepository.totals(ctx.db, campaign.id, children.map((c) => c.id), week.week)) {
      const figures = childFigures.get(row.unitId) ?? new Map();
      figures.set(row.indicatorId, { toDate: row.toDate, thisWeek: row.thisWeek });
      childFigures.set(row.unitId, figures);
    }
    weekly = isRoot
      ? await rootWeeklyTotals(ctx, campaign, unit.id, children.map((c) => c.id), week.week)
      : weeklyTotalsOf(await rollupRepository.periodTotals(ctx.db, campaign.id, unit.id, week.week));
  }
  const trend = trendOf(campaign, weeks, week, weekly);
  const unitFigures: Figures = new Map(trend.indicators.map((t) => [t.indicator.id, {
    toDate: t.toDate.at(-1) ?? 0, thisWeek: t.thisWeek.at(-1) ?? 0,
  }]));

  const unitIds = [unit.id, ...children.map((c) => c.id)];
  const targets = new Map<string, number>();
  for (const t of await targetsRepository.listForUnits(ctx.db, campaign.id, unitIds)) targets.set(`${t.unitId}:${t.indicatorId}`, t.target);
  const statuses = week ? await reportsRepository.listStatuses(ctx.db, campaign.id, unitIds, week.week) : new Map();

  const present = (u: UnitRow, figures: Figures): UnitProgress => ({
    unit: u,
    reportStatus: statuses.get(u.id)?.status ?? 'missing',
    hasChildren: (grandchildren.get(u.id) ?? 0) > 0,
    indicators: campaign.indicators.map((indicator) => {
      const f = figures.get(indicator.id);
      return {
        indicator,
        ...progressFigures({
          target: targets.get(`${u.id}:${indicator.id}`) ?? null,
          thisWeek: f?.thisWeek ?? 0,
          toDate: f?.toDate ?? 0,
          elapsedShare: share,
          ended: campaignEnded(campaign, options.asOf),
          precision,
          language: options.language ?? 'vi',
        }),
      };
    }),
  });

  return {
    campaign,
    asOf: options.asOf,
    week,
    elapsedShare: share,
    precision,
    unit: present(unit, unitFigures),
    // The filter picks the rows shown; the unit's own total above stays the whole unit's.
    children: options.includeChildren === false ? [] : unitsInGroup(children, group?.code).map((c) => present(c, childFigures.get(c.id) ?? new Map())),
    trend,
    group,
    unitGroups,
    programme: programme && { code: programme.code, name: programme.name },
    programmes: programmes.map((p) => ({ code: p.code, name: p.name })),
  };
}

function weeklyTotalsOf(rows: readonly { indicatorId: number; period: string; total: number }[]): WeeklyTotals {
  const out: WeeklyTotals = new Map();
  for (const r of rows) {
    const byWeek = out.get(r.indicatorId) ?? new Map<string, number>();
    byWeek.set(r.period, r.total);
    out.set(r.indicatorId, byWeek);
  }
  return out;
}

/** Week by week, this week's figure and the running to-date (exact decimal sums). */
function trendOf(campaign: CampaignDetail, all: readonly CampaignWeek[], upTo: CampaignWeek | null, weekly: WeeklyTotals): ProgressTrend {
  const weeks = upTo ? all.filter((w) => compareWeeks(w.week, upTo.week) <= 0) : [];
  return {
    weeks,
    indicators: campaign.indicators.map((indicator) => {
      const byWeek = weekly.get(indicator.id);
      const thisWeek = weeks.map((w) => byWeek?.get(w.week) ?? 0);
      let running = 0;
      const toDate = thisWeek.map((v) => (running = sumValues([running, v])));
      return { indicator, thisWeek, toDate };
    }),
  };
}

/**
 * The root keeps no summary row (it would be locked by every submission in the country):
 * its S is the sum of its children's totals, week by week, combined with its own report.
 */
async function rootWeeklyTotals(ctx: ServiceContext, campaign: CampaignDetail, rootId: number, childIds: number[], upTo: string): Promise<WeeklyTotals> {
  const sums = weeklyTotalsOf(await rollupRepository.sumByPeriod(ctx.db, campaign.id, childIds, upTo));
  const own = await rollupRepository.ownValues(ctx.db, campaign.id, rootId, upTo);
  for (const r of own) {
    const byWeek = sums.get(r.indicatorId) ?? new Map<string, number>();
    byWeek.set(r.period, unitTotal({ consolidated: r.consolidated, value: r.value }, byWeek.get(r.period) ?? 0));
    sums.set(r.indicatorId, byWeek);
  }
  return sums;
}
