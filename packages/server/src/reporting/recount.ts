/**
 * A record created, corrected or withdrawn (issue 20), or a rule of counting set, changes the
 * figures the reports count from records: the reports whose figures stand are recounted
 * through the one write path, so the roll-up, the audit and the dashboards move as for any
 * figure.
 */
import { MAX_REASON_LENGTH } from '@giaoban/core';
import type { CampaignDetail, Executor, UnitRow } from '@giaoban/db';
import { reportsRepository } from '@giaoban/db';
import type { Actor } from '../infra/index.ts';
import { countRulesOf, daysOfWeek } from './counted-figures.ts';
import { writeSubmissions, type WeekSubmission } from './report-writer.ts';

/**
 * Recounts the reports of the units given, of the weeks given (null: every week), whose
 * figures stand: a submitted report takes the new count as a resubmission, an approved one
 * as a correction with `reason` (its reviewers look again); one whose counts are as stored is
 * left alone. A draft or a returned report takes the count when it is submitted. A recount
 * the report's rules refuse (a rule between indicators) refuses the change that caused it.
 */
export async function recountReports(
  tx: Executor, campaign: CampaignDetail, units: readonly UnitRow[], periods: readonly string[] | null, actor: Actor | null, now: Date, reason: string,
  /** The kind of the records that changed: nothing to recount when no rule counts it. */
  kind?: string | undefined,
): Promise<void> {
  const rules = countRulesOf(campaign);
  if (units.length === 0 || ![...rules.values()].some((r) => kind === undefined || r.kind === kind)) return;
  const weeks = periods?.filter((p) => daysOfWeek(campaign, p) !== null) ?? null;
  if (weeks?.length === 0) return;
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const standing = (await reportsRepository.listStanding(tx, campaign.id, [...rules.keys()], [...unitOf.keys()]))
    .filter((r) => weeks === null || weeks.includes(r.period));
  const submissions: WeekSubmission[] = standing.map((report) => ({
    unit: unitOf.get(report.unitId)!, period: report.period, actor, now, via: 'import', skipUnchanged: true,
    action: report.status === 'approved' ? 'correct' : 'submit',
    entry: { kind: 'figures', figures: { entered: new Map(), replaceAll: false, consolidated: null, narrative: null, reason: reason.slice(0, MAX_REASON_LENGTH) } },
  }));
  if (submissions.length === 0) return;
  const outcomes = await writeSubmissions(tx, campaign, submissions);
  for (const outcome of outcomes) if (outcome.kind === 'refused') throw outcome.error;
}
