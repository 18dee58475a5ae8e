/** What a report request names (a campaign, a unit, a week), read and checked against each other. */
import { DomainError, ValidationError, isUnitValidDuring, isValidWeek, type CampaignWeek } from '@giaoban/core';
import type { CampaignDetail, UnitRow } from '@giaoban/db';
import { type ReportRef, type ServiceContext, requireCampaign, requireUnit } from '../infra/index.ts';
import { campaignWeekOf } from '../planning/index.ts';

/** A ReportRef read and checked: the campaign, the unit and the week themselves. */
export interface ReportScope {
  readonly campaign: CampaignDetail;
  readonly unit: UnitRow;
  readonly week: CampaignWeek;
}

/** Checks that the week belongs to the campaign and that the unit exists during it. */
export function checkPeriod(campaign: CampaignDetail, unit: UnitRow, period: string): CampaignWeek {
  if (!isValidWeek(period)) {
    throw new DomainError('invalid_period', `Tuần "${period}" không hợp lệ, cần dạng 2023-W21.`, {
      field: 'period', messageEn: `Week "${period}" is not valid; expected the form 2023-W21.`,
    });
  }
  const week = campaignWeekOf(campaign, period);
  if (!isUnitValidDuring(unit, week.start, week.end)) {
    throw new ValidationError('unit', `Đơn vị ${unit.name} không tồn tại trong tuần ${period}.`, `Unit ${unit.name} does not exist in week ${period}.`);
  }
  return week;
}

/** The campaign and unit a report request names, with its week checked against both. */
export async function loadReportScope(ctx: ServiceContext, ref: ReportRef): Promise<ReportScope> {
  const campaign = await requireCampaign(ctx.db, ref.campaign);
  const unit = await requireUnit(ctx.db, ref.unit);
  const week = checkPeriod(campaign, unit, ref.period);
  return { campaign, unit, week };
}
