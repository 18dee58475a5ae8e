/**
 * Weekly reports: read, save a draft, submit. Submitting moves the live roll-up in the
 * same transaction; a draft never does.
 */
import {
  DomainError, NotFoundError, REPORT_ACTIONS, ValidationError, allowedActions, checkCrossRules, checkCumulativeNeverDecreases,
  checkOutlierExplanation, checkUpperBound, compareWeeks, contributionDelta, displayFromIncrement, flagOutlier, incrementFromInput,
  isUnitValidDuring, isValidWeek, parseNumber, previousWeek, propagationTargets, timeliness as timelinessOf, transition,
  validateIndicatorValue, type ApprovalActor, type CampaignWeek, type FieldIssue, type Indicator, type ReportAction,
  type ReportContribution, type ReportState, type Timeliness,
} from '@giaoban/core';
import {
  auditRepository, queryRows, readTogether, reportsRepository, rollupRepository, together, unitsRepository, type AuditEntry, type AuditRow,
  type CampaignDetail, type Executor, type PeerFigures, type ReportDraft, type ReportFields, type ReportFlag, type ReportRow, type ReportValueRow,
  type ReportValuesWrite, type Role, type SummaryDelta, type UnitRow,
} from '@giaoban/db';
import { type Actor, type ServiceContext, ancestorsBelowRoot, ancestorsBelowRootOf, requireCampaign, requireUnit, FieldErrors, notifyChange, type GroupOutcome, type SettledOutcome, writeInGroups } from '../infra/index.ts';
import { campaignWeekOf, dueAtFor } from '../planning/index.ts';

export interface ReportInput {
  /** indicator code → figure as entered (in the indicator's reporting mode); null or '' = not reported. */
  readonly values: Readonly<Record<string, number | string | null>>;
  readonly consolidated?: boolean | undefined;
  readonly highlights?: string | undefined;
  readonly difficulties?: string | undefined;
  readonly proposals?: string | undefined;
  /** The version the user loaded: a save against a newer version is refused. */
  readonly version?: number | undefined;
  /** Indicator code → explanation confirming a figure flagged as unusual. */
  readonly explanations?: Explanations | undefined;
  /** Why an approved report is corrected. */
  readonly reason?: string | undefined;
}

export interface ReportIndicatorView {
  readonly indicator: Indicator;
  readonly target: number | null;
  /** The unit's own figure for the previous week (increment). */
  readonly lastWeek: number | null;
  /** The unit's own figures summed before this week. */
  readonly toDateBefore: number;
  /** Submitted figure for this week: increment, and as shown in the indicator's mode. */
  readonly submitted: { readonly increment: number; readonly entered: number } | null;
  /** Unsubmitted figure waiting in the draft, as entered. */
  readonly draft: number | null;
}

export interface ReportView {
  readonly campaign: CampaignDetail;
  readonly unit: UnitRow;
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly report: ReportRow | null;
  readonly indicators: readonly ReportIndicatorView[];
  /** Every recorded change of the report, newest first. */
  readonly history: readonly AuditRow[];
  /** What the viewer may do to the report now (buttons). */
  readonly actions: readonly ReportAction[];
  /** When the report is due (null: the unit's level does not report) and where it stands. */
  readonly dueAt: string | null;
  readonly timeliness: Timeliness | null;
}

const MAX_TEXT = 10_000;

/** Checks that the week belongs to the campaign and that the unit exists during it. */
function checkPeriod(campaign: CampaignDetail, unit: UnitRow, period: string): CampaignWeek {
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
async function loadReportScope(ctx: ServiceContext, campaignCode: string, unitCode: string, period: string) {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  const week = checkPeriod(campaign, unit, period);
  return { campaign, unit, week };
}

interface ParsedInput {
  readonly entered: Map<number, number>;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

/** Validates every field of a report before anything is written (all errors at once). */
function parseInput(campaign: CampaignDetail, input: ReportInput): ParsedInput {
  const errors = new FieldErrors();
  const byCode = new Map(campaign.indicators.map((i) => [i.code, i]));
  const entered = new Map<number, number>();
  for (const [code, raw] of Object.entries(input.values)) {
    const field = `values.${code}`;
    const indicator = byCode.get(code);
    if (!indicator) {
      errors.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
      continue;
    }
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    const value = errors.capture(field, () => validateIndicatorValue(indicator, typeof raw === 'number' ? raw : parseNumber(raw), field));
    if (value !== undefined) entered.set(indicator.id, value);
  }
  const text = (field: 'highlights' | 'difficulties' | 'proposals') => {
    const value = (input[field] ?? '').trim();
    if (value.length > MAX_TEXT) errors.add(field, `Nội dung quá dài (tối đa ${MAX_TEXT} ký tự).`, `Text too long (at most ${MAX_TEXT} characters).`);
    return value;
  };
  const parsed = {
    entered,
    consolidated: input.consolidated ?? false,
    highlights: text('highlights'),
    difficulties: text('difficulties'),
    proposals: text('proposals'),
  };
  errors.throwIfAny();
  return parsed;
}

export function checkVersion(row: ReportRow, created: boolean, version: number | undefined): void {
  if (version === undefined || created || row.version === version) return;
  throw new DomainError('conflict', 'Báo cáo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.', {
    messageEn: 'The report was changed by someone else. Reload it before saving.', currentVersion: row.version,
  });
}

const REVIEWER_ROLES: ReadonlySet<Role> = new Set(['admin', 'steering', 'manager']);

/**
 * Who `actor` is to the unit's report: the unit itself, or a manager of its parent. The
 * system (null: CLI, imports, demo loader) acts for the unit when it writes and for the
 * parent when it reviews.
 */
export function approvalActorOf(actor: Actor | null, unit: UnitRow, action: ReportAction): ApprovalActor {
  if (!actor) {
    const review = action === 'approve' || action === 'return';
    return { actorIsUnit: !review, actorIsParentManager: review };
  }
  return {
    actorIsUnit: actor.unitId === unit.id,
    actorIsParentManager: unit.parentId !== null && actor.unitId === unit.parentId && REVIEWER_ROLES.has(actor.role),
  };
}

/** The state a stored report is in (a report not yet created is a draft). */
function stateOf(row: ReportRow | null | undefined): ReportState {
  return row?.status ?? 'draft';
}

/** Indicator code → short explanation of a flagged figure, as sent with a submission. */
export type Explanations = Readonly<Record<string, string | null | undefined>>;

/**
 * The data-quality checks of a submission, against the figures as they will stand:
 * weekly upper bounds, values to date never falling, the campaign's cross-indicator rules
 * on values to date, and outliers (against the unit's past weeks or its siblings' week),
 * which a person submits only with an explanation (the system's imports record the flag).
 * Throws every problem at once; returns the flags with their explanations, stored for the
 * approver.
 */
function checkQuality(
  inputs: { history: ReadonlyMap<number, number[]>; peerFigures: PeerFigures },
  args: {
    campaign: CampaignDetail; unit: UnitRow; entered: ReadonlyMap<number, number>;
    after: ReadonlyMap<number, number>; toDateBefore: ReadonlyMap<number, number>; explanations: Explanations;
    /** A person confirms each flagged figure with an explanation; the system (imports) only records the flag. */
    confirmFlags: boolean;
  },
): Record<string, ReportFlag> {
  const { campaign, unit } = args;
  const errors = new FieldErrors();
  const flags: Record<string, ReportFlag> = {};
  const { history } = inputs;
  const { peers, targets } = inputs.peerFigures;
  // Siblings differ in size (a city and a mountain province), so their figures are scaled
  // to this unit's size by the targets allocated to each before they are compared.
  const scaledPeers = (indicatorId: number): number[] => {
    const own = targets.get(`${unit.id}:${indicatorId}`);
    if (!own) return [];
    // A plain loop: a district may have hundreds of branches, and this runs per unit and
    // indicator (a flatMap's array per sibling was a fifth of the server's time at 250.000 units).
    const scaled: number[] = [];
    for (const p of peers.get(`${unit.parentId}:${indicatorId}`) ?? []) {
      // Rounded to two decimals: a scaled figure is an estimate, not a count.
      if (p.unitId !== unit.id && p.target) scaled.push(Math.round((p.value * own * 100) / p.target) / 100);
    }
    return scaled;
  };
  const toDate: Record<string, number> = {};
  for (const indicator of campaign.indicators) {
    const before = args.toDateBefore.get(indicator.id);
    const increment = args.after.get(indicator.id);
    if (increment !== undefined || before !== undefined) toDate[indicator.code] = (before ?? 0) + (increment ?? 0);
    const entered = args.entered.get(indicator.id);
    if (entered === undefined || increment === undefined) continue;
    const field = `values.${indicator.code}`;
    const problems: (FieldIssue | null)[] = [
      checkUpperBound(indicator, increment, field),
      indicator.reportingMode === 'cumulative' ? checkCumulativeNeverDecreases(before ?? null, entered, indicator, field) : null,
    ];
    for (const problem of problems) if (problem) errors.addIssue(problem);
    if (problems.some(Boolean)) continue;
    const flag = flagOutlier({ value: increment, history: history.get(indicator.id), peers: scaledPeers(indicator.id), peersScaledByTarget: true });
    const explanation = args.explanations[indicator.code];
    const missing = args.confirmFlags ? checkOutlierExplanation(indicator, flag, explanation, field) : null;
    if (missing) errors.addIssue(missing, 'outlier');
    else if (flag) flags[indicator.code] = { flag, explanation: (explanation ?? '').trim() };
  }
  const nameOf = new Map(campaign.indicators.map((i) => [i.code, i.name]));
  for (const problem of checkCrossRules(campaign.crossRules, toDate, (code) => nameOf.get(code) ?? code)) errors.addIssue(problem);
  errors.throwIfAny();
  return flags;
}

/** One unit's submission (or correction) of one week, as applySubmissions takes it. */
export interface Submission {
  readonly unit: UnitRow;
  /** The units above `unit`, nearest first, when they were read with it (else applySubmissions reads them). */
  readonly ancestorIds?: readonly number[] | undefined;
  /** Figures in each indicator's reporting mode, by indicator id. */
  readonly entered: ReadonlyMap<number, number>;
  /** Drop the figures not given (a form submits the whole report); else only these indicators change. */
  readonly replaceAll: boolean;
  /** null keeps the report's current flag (imports touch figures only). */
  readonly consolidated: boolean | null;
  readonly narrative: { highlights: string; difficulties: string; proposals: string } | null;
  readonly actor: Actor | null;
  readonly now: Date;
  readonly version?: number | undefined;
  readonly action?: 'submit' | 'correct';
  readonly reason?: string | undefined;
  readonly explanations?: Explanations | undefined;
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
}

/** What a written submission left: the report, and whether anything changed. */
export interface WrittenReport {
  readonly row: ReportRow;
  readonly changed: boolean;
}

/** A submission of the batch still going, with what it has read so far. */
interface Pending {
  readonly index: number;
  readonly s: Submission;
  readonly ancestors: readonly number[];
  readonly depth: number;
}

/**
 * Writes submitted figures for several units of one campaign and week and moves the roll-up,
 * inside `tx`, with a fixed number of statements whatever the number of submissions (the
 * deadline storm: many units at once). Each submission is checked alone and refused alone:
 * a submission or a correction of an approved report (which needs a reason), its state moved
 * by the approval state machine, every changed figure and the change of state in the audit
 * log. A refused submission leaves nothing behind; the others are written. A submission of
 * the same unit as another of the batch, or of a unit above or below it, is put off (its
 * figures depend on that one's): write-groups.ts sends it with the next group.
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
  // What the checks and the roll-up need, read after the locks, in one round trip.
  const parentIds = [...new Set(pending.flatMap((p) => (p.s.unit.parentId === null ? [] : [p.s.unit.parentId])))];
  const [ownOf, peerFigures, { childrenSums: childrenSumsOf, consolidatedAbove }] = await readTogether(tx, [
    reportsRepository.ownFigures(campaign.id, unitIds, period),
    reportsRepository.peerFigures(campaign.id, campaign.indicators.map((i) => i.id), unitIds, parentIds, period),
    rollupRepository.writeContext(campaign.id, unitIds, [...new Set(pending.flatMap((p) => p.ancestors))], period),
  ]);

  const deltas: SummaryDelta[] = [];
  const audit: AuditEntry[] = [];
  const values: ReportValuesWrite[] = [];
  const updates: { id: number; fields: ReportFields }[] = [];
  const written: Pending[] = [];
  for (const p of pending) {
    const { s } = p;
    const { unit } = s;
    const { row, created } = reports.get(unit.id) ?? { row: undefined, created: false };
    if (!row) throw new Error('report vanished while locking it');
    try {
      const action = s.action ?? 'submit';
      checkVersion(row, created, s.version);
      const imported = s.via === 'import';
      const who: ApprovalActor = imported ? { actorIsUnit: true, actorIsParentManager: false } : approvalActorOf(s.actor, unit, action);
      const next = transition(stateOf(row), action, { ...who, reason: s.reason });
      const own = ownOf.get(unit.id);
      const before = own?.values ?? new Map<number, ReportValueRow>();
      const toDateBefore = own?.toDateBefore ?? new Map<number, number>();
      const after = new Map<number, number>();
      if (!s.replaceAll) for (const [id, v] of before) after.set(id, v.value);
      for (const indicator of campaign.indicators) {
        const entered = s.entered.get(indicator.id);
        if (entered === undefined) continue;
        after.set(indicator.id, incrementFromInput(indicator.reportingMode, entered, toDateBefore.get(indicator.id) ?? 0));
      }
      if (s.skipUnchanged && (row.status === 'submitted' || row.status === 'approved')
        && [...s.entered.keys()].every((id) => before.get(id)?.value === after.get(id))) {
        outcomes[p.index] = { kind: 'written', result: { row, changed: false } };
        continue;
      }
      const flags = checkQuality({ history: own?.history ?? new Map(), peerFigures }, {
        campaign, unit, entered: s.entered, after, toDateBefore, explanations: s.explanations ?? {}, confirmFlags: s.actor !== null && !imported,
      });

      const childrenSums = childrenSumsOf.get(unit.id) ?? new Map<number, number>();
      const consolidated = s.consolidated ?? row.consolidated;
      const reason = s.reason?.trim() || null;
      const by = { at: s.now, userId: s.actor?.userId ?? null, ip: s.actor?.ip ?? null, campaignId: campaign.id, unitId: unit.id, period };
      for (const indicatorId of new Set([...before.keys(), ...after.keys()])) {
        const old = before.get(indicatorId);
        const oldContribution: ReportContribution | null = old ? { consolidated: old.consolidated, value: old.value } : null;
        const value = after.get(indicatorId);
        const newContribution: ReportContribution | null = value === undefined ? null : { consolidated, value };
        if (old?.value !== value) {
          audit.push({ ...by, action: 'report.value', indicatorId, oldValue: old?.value ?? null, newValue: value ?? null, reason });
        }
        const delta = contributionDelta(oldContribution, newContribution, childrenSums.get(indicatorId) ?? 0);
        if (delta === 0) continue;
        for (const target of propagationTargets(p.ancestors, consolidatedAbove.get(indicatorId) ?? new Set())) {
          deltas.push({ unitId: target, indicatorId, delta });
        }
      }
      audit.push({ ...by, action: 'report.state', oldValue: created ? null : row.status, newValue: next, reason });
      values.push({ report: row, values: after, consolidated });
      const narrative = s.narrative ?? row;
      updates.push({ id: row.id, fields: {
        ...row,
        status: next,
        consolidated,
        highlights: narrative.highlights,
        difficulties: narrative.difficulties,
        proposals: narrative.proposals,
        draft: null,
        firstSubmittedAt: row.firstSubmittedAt ?? s.now,
        submittedAt: s.now,
        submittedBy: s.actor?.userId ?? null,
        flags,
        returnReason: null,
        correctionReason: action === 'correct' ? reason : row.correctionReason,
        // The report changed: whoever approves it must look at it again.
        viewedAt: null,
        viewedBy: null,
        updatedBy: s.actor?.userId ?? null,
      } });
      written.push(p);
    } catch (error) {
      refuse(p, error);
    }
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
  // Open dashboards of the units and everything above them refresh once this commits.
  for (const { s, ancestors } of written) {
    await notifyChange(tx, {
      campaignId: campaign.id, unitId: s.unit.id, period,
      ancestors: s.unit.id === campaign.rootUnitId ? [] : [...ancestors, campaign.rootUnitId], at: s.now,
    });
  }
  return outcomes;
}

/** One submission of any week, for writeSubmissions. */
export type WeekSubmission = Submission & { readonly period: string };

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
  const byWeek = new Map<string, { index: number; s: WeekSubmission }[]>();
  submissions.forEach((s, index) => byWeek.set(s.period, [...(byWeek.get(s.period) ?? []), { index, s }]));
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

/** A report to write as it arrives: codes and the form, checked inside the group that writes it. */
interface SubmissionRequest {
  readonly unitCode: string;
  readonly input: ReportInput;
  readonly actor: Actor | null;
  readonly action: 'submit' | 'correct';
  readonly now: Date;
}

type ReportScope = Awaited<ReturnType<typeof loadReportScope>>;

/**
 * Writes a group of submissions of one campaign and week: the campaign and the units read
 * once for the group (in its transaction), each request's week, unit and form checked alone.
 */
async function writeSubmissionGroup(
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
      const parsed = parseInput(campaign, request.input);
      const { input } = request;
      accepted.push({ index, scope: { campaign, unit, week }, submission: {
        unit, ancestorIds, entered: parsed.entered, replaceAll: true, consolidated: parsed.consolidated, narrative: parsed, actor: request.actor,
        now: request.now, version: input.version, action: request.action, reason: input.reason, explanations: input.explanations,
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

async function writeSubmission(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
  action: 'submit' | 'correct',
): Promise<{ scope: ReportScope; row: ReportRow }> {
  // Submissions of the same week arriving together are written together (the deadline storm).
  return ctx.batcher.write(
    `submit:${campaignCode}:${period}`, { unitCode, input, actor, action, now: ctx.now() },
    (tx, group) => writeSubmissionGroup(tx, campaignCode, period, group),
  );
}

/** Submits the week's report: its figures count in the roll-up at once and it waits for approval. */
export async function submitReport(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  // The campaign, the unit and the week are those just written: no need to load them again.
  const { scope } = await writeSubmission(ctx, actor, campaignCode, unitCode, period, input, 'submit');
  return reportView(ctx, scope, period, actor);
}

/** submitReport without the report view after it (a client that asked for no more than the outcome). */
export async function submitReportOnly(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportRow> {
  return (await writeSubmission(ctx, actor, campaignCode, unitCode, period, input, 'submit')).row;
}

/** Corrects an approved report (with a reason): the new figures count at once and it waits for re-approval. */
export async function correctReport(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  const { scope } = await writeSubmission(ctx, actor, campaignCode, unitCode, period, input, 'correct');
  return reportView(ctx, scope, period, actor);
}

/** Keeps unsubmitted edits (a draft survives a closed tab); the submitted figures stay in force. */
export async function saveReportDraft(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  const scope = await loadReportScope(ctx, campaignCode, unitCode, period);
  const { campaign, unit } = scope;
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const parsed = parseInput(campaign, input);
  const codeOf = new Map(campaign.indicators.map((i) => [i.id, i.code]));
  const draft: ReportDraft = {
    values: Object.fromEntries([...parsed.entered].map(([id, v]) => [codeOf.get(id) ?? String(id), v])),
    consolidated: parsed.consolidated,
    highlights: parsed.highlights,
    difficulties: parsed.difficulties,
    proposals: parsed.proposals,
  };
  await ctx.db.transaction(async (tx) => {
    const { row, created } = await reportsRepository.getOrCreateForUpdate(tx, campaign.id, unit.id, period, actor?.userId ?? null);
    checkVersion(row, created, input.version);
    const state = transition(stateOf(row), 'save_draft', approvalActorOf(actor, unit, 'save_draft'));
    await reportsRepository.update(tx, row.id, { ...row, status: state, draft, updatedBy: actor?.userId ?? null });
  });
  return reportView(ctx, scope, period, actor);
}

/**
 * The report as `viewer` sees it. A manager of the parent opening a submitted report marks
 * it viewed (at this version), which approving needs.
 */
export async function getReport(ctx: ServiceContext, campaignCode: string, unitCode: string, period: string, viewer: Actor | null = null): Promise<ReportView> {
  return reportView(ctx, await loadReportScope(ctx, campaignCode, unitCode, period), period, viewer);
}

async function reportView(
  ctx: ServiceContext, { campaign, unit, week }: Awaited<ReturnType<typeof loadReportScope>>, period: string, viewer: Actor | null,
): Promise<ReportView> {
  const { start, end } = week;
  let report = (await reportsRepository.get(ctx.db, campaign.id, unit.id, period)) ?? null;
  const reviewer = viewer !== null && approvalActorOf(viewer, unit, 'approve').actorIsParentManager;
  if (report && reviewer && report.status === 'submitted' && report.viewedAt === null) {
    await reportsRepository.markViewed(ctx.db, report.id, report.version, viewer.userId, ctx.now());
    report = (await reportsRepository.get(ctx.db, campaign.id, unit.id, period)) ?? null;
  }
  const { values, lastWeek, toDateBefore, targets: targetOf } = await reportsRepository.figuresFor(ctx.db, campaign.id, unit.id, period, previousWeek(period));
  const indicators = campaign.indicators.map((indicator): ReportIndicatorView => {
    const before = toDateBefore.get(indicator.id) ?? 0;
    const submitted = values.get(indicator.id);
    return {
      indicator,
      target: targetOf.get(indicator.id) ?? null,
      lastWeek: lastWeek.get(indicator.id)?.value ?? null,
      toDateBefore: before,
      submitted: submitted
        ? { increment: submitted.value, entered: displayFromIncrement(indicator.reportingMode, submitted.value, before) }
        : null,
      draft: report?.draft?.values[indicator.code] ?? null,
    };
  });
  const history = await auditRepository.search(ctx.db, { campaignId: campaign.id, unitId: unit.id, period, limit: 200 });
  const state = stateOf(report);
  const actions = viewer === null ? [] : REPORT_ACTIONS.filter((action) => allowedActions(state, approvalActorOf(viewer, unit, action)).includes(action));
  const dueAt = dueAtFor(campaign, unit, week);
  const timeliness = dueAt === null ? null : timelinessOf({ dueAt, submittedAt: report?.firstSubmittedAt ?? null, now: ctx.now().toISOString() });
  return { campaign, unit, period, periodStart: start, periodEnd: end, report, indicators, history, actions, dueAt, timeliness };
}

