/**
 * The data-quality view of a manager's subtree: figures flagged as unusual with the units'
 * explanations, late and missing reports, returned reports, and allocation gaps.
 */
import type { OutlierFlag } from '@giaoban/core';
import { reportsRepository, unitsRepository, type CampaignDetail, type ReportStatus, type UnitRow } from '@giaoban/db';
import type { ServiceContext, UnitRef } from '../infra/index.ts';
import { getAllocation, type AllocationView } from '../planning/index.ts';
import { getTimeliness, type TimelinessOptions, type TimelinessView } from './timeliness.service.ts';

export interface FlaggedValue {
  readonly unit: UnitRow;
  readonly period: string;
  readonly status: ReportStatus;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly flag: OutlierFlag;
  readonly explanation: string;
}

export interface QualityView {
  readonly campaign: CampaignDetail;
  readonly unit: UnitRow;
  readonly timeliness: TimelinessView;
  readonly flagged: readonly FlaggedValue[];
  readonly allocation: AllocationView;
}

/** Reports with flags listed at most (newest weeks first). */
const MAX_FLAGGED = 500;

export async function getQuality(ctx: ServiceContext, ref: UnitRef, options: TimelinessOptions = {}): Promise<QualityView> {
  const timeliness = await getTimeliness(ctx, ref, options);
  const { campaign, unit } = timeliness;
  // Every week's flags, newest first (the page shows the chosen week's, or all of them).
  const reports = await reportsRepository.listFlagged(ctx.db, campaign.id, unit.id, null, MAX_FLAGGED);
  const units = new Map((await unitsRepository.listByIds(ctx.db, [...new Set(reports.map((r) => r.unitId))])).map((u) => [u.id, u]));
  const nameOf = new Map(campaign.indicators.map((i) => [i.code, i.name]));
  const flagged = reports.flatMap((r) => {
    const u = units.get(r.unitId);
    if (!u) return [];
    return Object.entries(r.flags).map(([code, f]): FlaggedValue => ({
      unit: u, period: r.period, status: r.status, indicatorCode: code, indicatorName: nameOf.get(code) ?? code,
      flag: f.flag, explanation: f.explanation,
    }));
  });
  const allocation = await getAllocation(ctx, ref);
  return { campaign, unit, timeliness, flagged, allocation };
}
