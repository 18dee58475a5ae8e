/**
 * Indicators counted from records (issue 20): a campaign indicator with a rule (core
 * CountRule) takes its weekly figure from the unit's own activity records of the week, never
 * from what is typed. The one write path asks `countedFor` the figures of the units it writes
 * (a record's change recounts the reports through it: recount.ts); `compareCountedFigures` is
 * verify-rollups' check that stored figures and counts agree.
 */
import { campaignWeeks, countedFigures, localDateOf, weekOf, type CountRule, type IsoDate } from '@giaoban/core';
import { activitiesRepository, reportsRepository, type CampaignDetail, type Executor, type RollupDifference, type StandingReportRow } from '@giaoban/db';

/** The campaign's indicators counted from records, by indicator id. */
export function countRulesOf(campaign: Pick<CampaignDetail, 'indicators'>): Map<number, CountRule> {
  return new Map(campaign.indicators.flatMap((i) => (i.countedFrom ? [[i.id, i.countedFrom] as const] : [])));
}

/** The days of a campaign's week (clipped to the campaign), or null outside it. */
export function daysOfWeek(campaign: CampaignDetail, period: string): { from: IsoDate; to: IsoDate } | null {
  const week = campaignWeeks(campaign.startDate, campaign.endDate, campaign.code).find((w) => w.week === period);
  return week ? { from: week.start, to: week.end } : null;
}

/**
 * The week's counted figures of each unit given (every counted indicator a figure, 0 when no
 * record counts), or undefined when the campaign counts none (nothing is read).
 */
export async function countedFor(
  ex: Executor, campaign: CampaignDetail, unitIds: readonly number[], period: string,
): Promise<Map<number, Map<number, number>> | undefined> {
  const rules = countRulesOf(campaign);
  const week = daysOfWeek(campaign, period);
  if (rules.size === 0 || week === null) return undefined;
  const kinds = [...new Set([...rules.values()].map((r) => r.kind))];
  const records = await activitiesRepository.countableRecords(ex, campaign.id, unitIds, kinds, week.from, week.to);
  return countedFigures(rules, unitIds, records, week);
}

/** The weeks a record could count in (its days before and after a change), for recountReports. */
export function weeksOfRecord(record: { readonly date: string | null; readonly fields: Readonly<Record<string, unknown>>; readonly createdAt?: string | Date | null }): string[] {
  const handover = typeof record.fields.handoverDate === 'string' ? record.fields.handoverDate : null;
  const recorded = record.createdAt ? localDateOf(new Date(record.createdAt)) : null;
  return [...new Set([record.date, handover, recorded].filter((d): d is string => d !== null).map(weekOf))];
}

/**
 * Every standing report's counted figures against a count of its records now: the
 * differences, shaped as verify-rollups' (`summary` the stored figure, `recomputed` the count).
 */
export async function compareCountedFigures(ex: Executor, campaign: CampaignDetail): Promise<RollupDifference[]> {
  const rules = countRulesOf(campaign);
  if (rules.size === 0) return [];
  const codeOf = new Map(campaign.indicators.map((i) => [i.id, i.code]));
  const differences: RollupDifference[] = [];
  const standing = await reportsRepository.listStanding(ex, campaign.id, [...rules.keys()]);
  const byPeriod = new Map<string, StandingReportRow[]>();
  for (const report of standing) byPeriod.set(report.period, [...byPeriod.get(report.period) ?? [], report]);
  for (const [period, reports] of byPeriod) {
    const counted = await countedFor(ex, campaign, reports.map((r) => r.unitId), period);
    for (const report of reports) {
      for (const [indicatorId, count] of counted?.get(report.unitId) ?? []) {
        const stored = report.values[String(indicatorId)] ?? 0;
        if (stored !== count) {
          differences.push({ campaignCode: campaign.code, unitCode: report.unitCode, indicatorCode: codeOf.get(indicatorId)!, period, summary: stored, recomputed: count });
        }
      }
    }
  }
  return differences;
}
