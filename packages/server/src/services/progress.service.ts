/**
 * Progress of a unit as of a date: per indicator, target, this week, to date, achievement
 * and schedule status, for the unit and each of its children. Reads the live summary only
 * (the unit's own figures, its children's figures and S rows), never the whole subtree.
 */
import {
  campaignWeeks, compareWeeks, elapsedShare, progressFigures, sumValues, unitTotal, weekOf,
  type CampaignWeek, type ProgressFigures,
} from '@giaoban/core';
import {
  reportsRepository, rollupRepository, targetsRepository, unitsRepository, type CampaignDetail, type CampaignIndicatorRow,
  type ReportStatus, type UnitRow,
} from '@giaoban/db';
import type { ServiceContext } from './context.ts';
import { requireCampaign, requireUnit } from './lookup.ts';

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
}

export interface ProgressOptions {
  readonly asOf: string;
  readonly precision?: number | undefined;
  readonly language?: 'vi' | 'en' | undefined;
  readonly includeChildren?: boolean | undefined;
}

/** The campaign week containing the date, clamped to the campaign. */
function weekUpTo(campaign: CampaignDetail, asOf: string): CampaignWeek | null {
  const weeks = campaignWeeks(campaign.startDate, campaign.endDate);
  if (asOf < campaign.startDate) return null;
  const target = weekOf(asOf > campaign.endDate ? campaign.endDate : asOf);
  return weeks.find((w) => compareWeeks(w.week, target) === 0) ?? null;
}

type Figures = Map<number, { toDate: number; thisWeek: number }>;

export async function getProgress(ctx: ServiceContext, campaignCode: string, unitCode: string, options: ProgressOptions): Promise<ProgressView> {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  const precision = options.precision ?? 2;
  const share = elapsedShare(campaign.startDate, campaign.endDate, options.asOf);
  const week = weekUpTo(campaign, options.asOf);
  const isRoot = unit.id === campaign.rootUnitId;
  // The root's own figure is summed from its children, so it needs them even when they are not shown.
  const children = options.includeChildren === false && !isRoot ? [] : await unitsRepository.listByParent(ctx.db, unit.id, {
    from: campaign.startDate, to: campaign.endDate,
  });
  const grandchildren = await unitsRepository.countChildren(ctx.db, [unit.id, ...children.map((c) => c.id)]);

  const childFigures = new Map<number, Figures>();
  let unitFigures: Figures = new Map();
  if (week) {
    for (const row of await rollupRepository.totals(ctx.db, campaign.id, children.map((c) => c.id), week.week)) {
      const figures = childFigures.get(row.unitId) ?? new Map();
      figures.set(row.indicatorId, { toDate: row.toDate, thisWeek: row.thisWeek });
      childFigures.set(row.unitId, figures);
    }
    unitFigures = isRoot
      ? await rootFigures(ctx, campaign, unit.id, children.map((c) => c.id), week.week)
      : new Map((await rollupRepository.totals(ctx.db, campaign.id, [unit.id], week.week)).map((r) => [r.indicatorId, r]));
  }

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
    children: options.includeChildren === false ? [] : children.map((c) => present(c, childFigures.get(c.id) ?? new Map())),
  };
}

/**
 * The root keeps no summary row (it would be locked by every submission in the country):
 * its S is the sum of its children's totals, week by week, combined with its own report.
 */
async function rootFigures(ctx: ServiceContext, campaign: CampaignDetail, rootId: number, childIds: number[], upTo: string): Promise<Figures> {
  const sums = new Map<string, number>();
  for (const r of await rollupRepository.sumByPeriod(ctx.db, campaign.id, childIds, upTo)) sums.set(`${r.indicatorId}:${r.period}`, r.total);
  const own = await rollupRepository.ownValues(ctx.db, campaign.id, rootId, upTo);
  const figures: Figures = new Map();
  const periods = new Set([...sums.keys()].map((k) => k.split(':')[1] ?? ''));
  for (const r of own) periods.add(r.period);
  for (const indicator of campaign.indicators) {
    let toDate = 0;
    let thisWeek = 0;
    for (const period of periods) {
      const mine = own.find((r) => r.indicatorId === indicator.id && r.period === period);
      const total = unitTotal(mine ? { consolidated: mine.consolidated, value: mine.value } : null, sums.get(`${indicator.id}:${period}`) ?? 0);
      // Exact decimal sums (0.1 + 0.2 = 0.3), as the SQL sums of every other unit are.
      toDate = sumValues([toDate, total]);
      if (period === upTo) thisWeek = total;
    }
    figures.set(indicator.id, { toDate, thisWeek });
  }
  return figures;
}
