/**
 * The one write path of weekly figures: every entry channel (the web form, the API's bulk
 * clients, the CSV and workbook imports) hands its submissions of one campaign and week to
 * `applySubmissions`, which writes a group of them with a fixed number of statements however
 * many (the Friday-evening deadline storm, a whole imported week). It reads, after the
 * locks, in one round trip (and the week's activity records where the campaign counts
 * indicators from them); asks core's `planSubmission` what each submission writes; and
 * writes it all in one statement.
 */
import { NotFoundError, compareWeeks, planSubmission, type SubmissionEntry } from '@giaoban/core';
import {
  auditRepository, queryRows, readTogether, reportsRepository, rollupRepository, together, unitsRepository, type AuditEntry,
  type CampaignDetail, type Executor, type ReportFields, type ReportRow, type ReportValuesWrite, type SummaryDelta, type UnitRow,
} from '@giaoban/db';
import {
  type Actor, ancestorsBelowRootOf, notifyChange, requireCampaign, writeInGroups, type GroupOutcome, type SettledOutcome,
} from '../infra/index.ts';
import type { OnBehalfInput, ReportInput } from '@giaoban/core';
import { checkPeriod, type ReportScope } from './report-scope.ts';
import { notifyReportChanges } from './report-notifications.ts';
import { campaignWeekOf } from '../planning/index.ts';
import { countedFor } from './counted-figures.ts';

/** One unit's submission (or correction) of one week, as applySubmissions takes it. */
export interface Submission {
  readonly unit: UnitRow;
  /** The units above `unit`, nearest first, when they were read with it (else applySubmissions reads them). */
  readonly ancestorIds?: readonly number[] | undefined;
  /** The form as the user sent it, or figures already read (an import: by indicator id, in each one's reporting mode). */
  readonly entry: SubmissionEntry;
  readonly actor: Actor | null;
  readonly now: Date;
  readonly action?: 'submit' | 'correct';
  /**
   * 'import': figures brought in from a workbook by someone allowed to write the unit's report
   * (checked by the import): they submit on the unit's behalf, and unusual figures are
   * recorded as flags for the approver rather than asked to be explained.
   */
  readonly via?: 'form' | 'import';
  /**
   * A report already submitted or approved with exactly these figures is left as it is (an
   * import of the same file again writes nothing): its outcome says `changed: false`.
   */
  readonly skipUnchanged?: boolean;
  /** Queue the notifications the submission causes (a correction after approval) for email too: SMTP is configured. */
  readonly email?: boolean;
}

/** What a written submission left: the report, and whether anything changed. */
export interface WrittenReport {
  readonly row: ReportRow;
  readonly changed: boolean;
}

/** A submission of the batch still going, with the hierarchy above its unit. */
interface Pending {
  readonly index: number;
  readonly s: Submission;
  readonly ancestors: readonly number[];
  readonly depth: number;
}

/**
 * Writes submitted figures for several units of one campaign and week and moves the roll-up,
 * inside `tx`, with a fixed number of statements whatever the number of submissions. Each
 * submission is planned alone and refused alone (planSubmission: its checks, its state by
 * the approval state machine, every changed figure and the change of state in the audit
 * log); a refused one leaves nothing behind, the others are written. A submission of the
 * same unit as another of the batch, or of a unit above or below it, is put off (its
 * figures depend on that one's): the caller sends it with the next group.
 */
export async function applySubmissions(
  tx: Executor, campaign: CampaignDetail, period: string, submissions: readonly Submission[],
): Promise<GroupOutcome<WrittenReport>[]> {
  const outcomes: GroupOutcome<WrittenReport>[] = submissions.map(() => ({ kind: 'deferred' }));
  const refuse = (p: Pending, error: unknown) => { outcomes[p.index] = { kind: 'refused', error }; };

  // The hierarchy above each unit; a unit whose figures depend on another's of the batch waits.
  const unknown = [...new Set(submissions.filter((s) => s.ancestorIds === undefined).map((s) => s.unit.id))];
  const ancestorsOf: ReadonlyMap<number, readonly number[]> = new Map([
    ...await unitsRepository.listAncestorIdsOf(tx, unknown),
    ...submissions.flatMap((s) => (s.ancestorIds === undefined ? [] : [[s.unit.id, s.ancestorIds] as const])),
  ]);
  const taken = new Set<number>();
  const takenAbove = new Set<number>();
  const pending: Pending[] = [];
  submissions.forEach((s, index) => {
    const all = ancestorsOf.get(s.unit.id) ?? [];
    if (taken.has(s.unit.id) || takenAbove.has(s.unit.id) || all.some((a) => taken.has(a))) return;
    taken.add(s.unit.id);
    for (const a of all) takenAbove.add(a);
    const p: Pending = { index, s, ancestors: [], depth: all.length };
    try {
      pending.push({ ...p, ancestors: ancestorsBelowRootOf(s.unit.id, all, campaign.rootUnitId) });
    } catch (error) {
      refuse(p, error);
    }
  });
  if (pending.length === 0) return outcomes;

  await rollupRepository.lockForWrite(tx, period, [
    ...pending.map((p) => ({ unitId: p.s.unit.id, depth: p.depth, exclusive: true })),
    ...[...new Map(pending.flatMap((p) => p.ancestors.map((a, i) => [a, p.depth - 1 - i] as const))).entries()]
      .map(([unitId, depth]) => ({ unitId, depth, exclusive: false })),
  ]);
  const unitIds = pending.map((p) => p.s.unit.id);
  const reports = await reportsRepository.getOrCreateManyForUpdate(tx, campaign.id, period, pending.map((p) => ({ unitId: p.s.unit.id, userId: p.s.actor?.userId ?? null })));
  // What the plans need, read after the locks, in one round trip.
  const parentIds = [...new Set(pending.flatMap((p) => (p.s.unit.parentId === null ? [] : [p.s.unit.parentId])))];
  const [ownOf, siblings, rollup] = await readTogether(tx, [
    reportsRepository.ownFigures(campaign.id, unitIds, period),
    reportsRepository.peerFigures(campaign.id, campaign.indicators.map((i) => i.id), unitIds, parentIds, period),
    rollupRepository.writeContext(campaign.id, unitIds, [...new Set(pending.flatMap((p) => p.ancestors))], period),
  ]);
  // The figures counted from the units' activity records of the week (read only when the campaign counts some).
  const countedOf = await countedFor(tx, campaign, unitIds, period);

  const deltas: SummaryDelta[] = [];
  const audit: AuditEntry[] = [];
  const values: ReportValuesWrite[] = [];
  const updates: { id: number; fields: ReportFields }[] = [];
  const written: Pending[] = [];
  for (const p of pending) {
    const { s } = p;
    const report = reports.get(s.unit.id);
    if (!report) throw new Error('report vanished while locking it');
    const plan = planSubmission({
      campaign, unit: s.unit, ancestorIds: p.ancestors, period, report, own: ownOf.get(s.unit.id), siblings, rollup,
      entry: s.entry, action: s.action ?? 'submit', via: s.via, actor: s.actor, now: s.now, skipUnchanged: s.skipUnchanged,
      counted: countedOf?.get(s.unit.id),
    });
    if (plan.kind === 'refused') {
      refuse(p, plan.error);
      continue;
    }
    if (plan.kind === 'unchanged') {
      outcomes[p.index] = { kind: 'written', result: { row: report.row, changed: false } };
      continue;
    }
    deltas.push(...plan.deltas);
    audit.push(...plan.audit);
    values.push({ report: report.row, values: plan.values, consolidated: plan.consolidated });
    updates.push({ id: report.row.id, fields: { ...report.row, ...plan.fields } });
    written.push(p);
  }
  // A refused submission leaves no report row behind that it alone created.
  await reportsRepository.removeMany(tx, pending.filter((p) => outcomes[p.index]?.kind === 'refused' && reports.get(p.s.unit.id)?.created).map((p) => reports.get(p.s.unit.id)!.row.id));
  if (written.length === 0) return outcomes;

  // Figures, roll-up, audit and reports in one round trip (different rows of different tables).
  const rows = await queryRows<ReportRow>(tx, together([
    ...reportsRepository.replaceValuesSql(campaign.id, period, values),
    rollupRepository.applyDeltasSql(campaign.id, period, deltas),
    auditRepository.appendSql(audit),
  ], reportsRepository.updateManySql(updates)));
  for (const row of rows) {
    const p = written.find((w) => w.s.unit.id === row.unitId);
    if (p) outcomes[p.index] = { kind: 'written', result: { row, changed: true } };
  }
  // An approved report corrected: the parent's reviewers hear of it, in this transaction (issue 18).
  const corrected = written.filter((p) => p.s.action === 'correct' && reports.get(p.s.unit.id)?.row.status === 'approved');
  if (corrected.length > 0) {
    const week = campaignWeekOf(campaign, period);
    const rowOf = new Map(rows.map((r) => [r.unitId, r]));
    await notifyReportChanges(tx, corrected.flatMap(({ s }) => {
      const row = rowOf.get(s.unit.id);
      return row ? [{ event: 'corrected' as const, campaign, unit: s.unit, week, reason: row.correctionReason, report: row, at: s.now, email: s.email === true }] : [];
    }));
  }
  // Open dashboards of the units and everything above them refresh once this commits.
  for (const { s, ancestors } of written) {
    await notifyChange(tx, {
      campaignId: campaign.id, unitId: s.unit.id, period,
      ancestors: s.unit.id === campaign.rootUnitId ? [] : [...ancestors, campaign.rootUnitId], at: s.now,
    });
  }
  return outcomes;
}

/** Items of several weeks, grouped by `period`, each week in the order given. */
export function byPeriod<T extends { readonly period: string }>(items: readonly T[]): Map<string, T[]> {
  const weeks = new Map<string, T[]>();
  for (const item of items) {
    const week = weeks.get(item.period);
    if (week) week.push(item);
    else weeks.set(item.period, [item]);
  }
  return weeks;
}

/** One submission of any week, for writeSubmissions. */
export type WeekSubmission = Submission & { readonly period: string };

/**
 * Figures brought in for one unit and week by an import: only the indicators given change,
 * the report's consolidated flag and its narrative stay as they are.
 */
export function importedFigures(
  figures: { readonly unit: UnitRow; readonly period: string; readonly entered: ReadonlyMap<number, number> },
  actor: Actor | null, now: Date,
  options: { readonly via?: 'form' | 'import'; readonly skipUnchanged?: boolean; readonly onBehalf?: OnBehalfInput | undefined } = {},
): WeekSubmission {
  const { onBehalf, ...rest } = options;
  return {
    unit: figures.unit, period: figures.period, actor, now, ...rest,
    entry: { kind: 'figures', figures: { entered: figures.entered, replaceAll: false, consolidated: null, narrative: null, onBehalf } },
  };
}

/**
 * Writes submissions of one campaign, of any weeks, inside `tx` (a channel that holds its
 * own transaction: the imports): week by week in order, since a figure reported to date
 * converts against the week before, each week in groups of applySubmissions like the storm's.
 * One outcome per submission, in the order given; `progress` hears how many are settled.
 */
export async function writeSubmissions(
  tx: Executor, campaign: CampaignDetail, submissions: readonly WeekSubmission[], progress: (settled: number) => void = () => {},
): Promise<SettledOutcome<WrittenReport>[]> {
  const outcomes: SettledOutcome<WrittenReport>[] = new Array(submissions.length);
  const byWeek = byPeriod(submissions.map((s, index) => ({ period: s.period, index, s })));
  let settledBefore = 0;
  for (const period of [...byWeek.keys()].sort(compareWeeks)) {
    const week = byWeek.get(period)!;
    const written = await writeInGroups(tx, week.map((w) => w.s), (ex, group) => applySubmissions(ex, campaign, period, group),
      (settled) => progress(settledBefore + settled));
    written.forEach((outcome, i) => { outcomes[week[i]!.index] = outcome; });
    settledBefore += week.length;
  }
  return outcomes;
}

/** A report to write as it arrives from a form: codes and the form, checked inside the group that writes it. */
export interface SubmissionRequest {
  readonly unitCode: string;
  readonly input: ReportInput;
  readonly actor: Actor | null;
  readonly action: 'submit' | 'correct';
  readonly now: Date;
  /** As Submission's `email`. */
  readonly email?: boolean;
}

/**
 * Writes a group of form submissions of one campaign and week (the batcher's writer): the
 * campaign and the units read once for the group, in its transaction; each request's unit
 * and week checked alone, its form read and checked by the plan.
 */
export async function writeSubmissionGroup(
  tx: Executor, campaignCode: string, period: string, requests: readonly SubmissionRequest[],
): Promise<GroupOutcome<{ scope: ReportScope; row: ReportRow }>[]> {
  let campaign: CampaignDetail;
  try {
    campaign = await requireCampaign(tx, campaignCode);
  } catch (error) {
    return requests.map(() => ({ kind: 'refused', error }));
  }
  const unitOf = new Map((await unitsRepository.listByCodesWithAncestors(tx, [...new Set(requests.map((r) => r.unitCode))])).map((u) => [u.code, u]));
  const outcomes: GroupOutcome<{ scope: ReportScope; row: ReportRow }>[] = [];
  const accepted: { index: number; scope: ReportScope; submission: Submission }[] = [];
  requests.forEach((request, index) => {
    try {
      const found = unitOf.get(request.unitCode);
      if (!found) throw new NotFoundError('đơn vị', request.unitCode);
      const { ancestorIds, ...unit } = found;
      const week = checkPeriod(campaign, unit, period);
      accepted.push({ index, scope: { campaign, unit, week }, submission: {
        unit, ancestorIds, entry: { kind: 'form', input: request.input }, actor: request.actor, now: request.now, action: request.action, email: request.email,
      } });
      outcomes.push({ kind: 'deferred' });
    } catch (error) {
      outcomes.push({ kind: 'refused', error });
    }
  });
  const written = await applySubmissions(tx, campaign, period, accepted.map((a) => a.submission));
  written.forEach((outcome, i) => {
    const { index, scope } = accepted[i]!;
    outcomes[index] = outcome.kind === 'written' ? { kind: 'written', result: { scope, row: outcome.result.row } } : outcome;
  });
  return outcomes;
}
