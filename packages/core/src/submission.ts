import { approvalActorOf, checkVersion, reportStateOf, transition, type ApprovalActor, type ReportState } from './approval.ts';
import { DomainError } from './errors.ts';
import { FieldProblems } from './field-problems.ts';
import { formatNumber } from './format.ts';
import { incrementFromInput, sumValues, type Indicator } from './indicator.ts';
import { firstSubmittedOnBehalf, onBehalfRefusal, readOnBehalf, type OnBehalfEntry, type OnBehalfInput } from './on-behalf.ts';
import {
  checkCrossRules, checkCumulativeNeverDecreases, checkOutlierExplanation, checkUpperBound, flagOutlier,
  type CrossRule, type FieldIssue, type OutlierFlag,
} from './quality.ts';
import { parseReportInput, type Explanations, type ReportInput, type ReportNarrative } from './report-input.ts';
import { contributionDelta, propagationTargets, type ReportContribution } from './rollup.ts';

// A submission (or correction) of one unit's weekly report, decided without I/O: the
// service reads what is listed in `SubmissionInput` after taking its locks, asks for the
// plan, and writes what the plan says (figures, roll-up deltas, audit, report fields) or
// answers with its refusal. DESIGN.md "The numbers must be right": figures are stored as
// increments whatever the reporting mode, and a delta climbs the ancestors only up to the
// first one that reports consolidated.

/**
 * An indicator of the campaign as a submission checks it: with the campaign's weekly
 * upper bound (null or absent: none).
 *
 * @example
 * const i: SubmissionIndicator = { id: 1, code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến',
 *   valueKind: 'integer', reportingMode: 'increment', upperBound: 50 };
 */
export interface SubmissionIndicator extends Indicator {
  readonly upperBound?: number | null | undefined;
}

/**
 * What a submission needs of its campaign.
 *
 * @example
 * const c: SubmissionCampaign = { id: 1, rootUnitId: 1, indicators: [], crossRules: [] };
 */
export interface SubmissionCampaign {
  readonly id: number;
  readonly rootUnitId: number;
  readonly indicators: readonly SubmissionIndicator[];
  readonly crossRules: readonly CrossRule[];
}

/**
 * What a submission needs of the reporting unit.
 *
 * @example
 * const u: SubmissionUnit = { id: 12, parentId: 3, name: 'Đoàn phường Bến Nghé' };
 */
export interface SubmissionUnit {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
}

/**
 * The stored report, locked for the write (a new one is a draft with version 1).
 *
 * @example
 * const r: StoredReport = { status: 'draft', version: 1, consolidated: false, highlights: '', difficulties: '',
 *   proposals: '', firstSubmittedAt: null, reviewedAt: null, reviewedBy: null, correctionReason: null };
 */
export interface StoredReport {
  readonly status: ReportState;
  readonly version: number;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
  readonly firstSubmittedAt: Date | string | null;
  readonly reviewedAt: Date | string | null;
  readonly reviewedBy: number | null;
  readonly correctionReason: string | null;
  /** The last entry on the unit's behalf (nhập thay): when the report reached the level above, who entered it, why. */
  readonly receivedAt?: Date | string | null | undefined;
  readonly onBehalfBy?: number | null | undefined;
  readonly onBehalfReason?: string | null | undefined;
}

/**
 * The unit's own figures up to the week, by indicator id: the week's stored figures
 * (increments, each with the consolidated flag it was stored with), the sum of the weeks
 * before, and those weeks one by one, oldest first (for outliers).
 *
 * @example
 * const own: UnitFigures = { values: new Map([[1, { value: 5, consolidated: false }]]),
 *   toDateBefore: new Map([[1, 20]]), history: new Map([[1, [4, 6, 5, 5]]]) };
 */
export interface UnitFigures {
  readonly values: ReadonlyMap<number, { readonly value: number; readonly consolidated: boolean }>;
  readonly toDateBefore: ReadonlyMap<number, number>;
  readonly history: ReadonlyMap<number, readonly number[]>;
}

/**
 * The week's figures of the siblings of the units written, with each sibling's target
 * (`peers`, keyed `${parentId}:${indicatorId}`), and the targets of the units written
 * (`targets`, keyed `${unitId}:${indicatorId}`).
 *
 * @example
 * const s: SiblingFigures = { peers: new Map([['3:1', [{ unitId: 13, value: 20, target: 200 }]]]), targets: new Map([['12:1', 100]]) };
 */
export interface SiblingFigures {
  readonly peers: ReadonlyMap<string, readonly { readonly unitId: number; readonly value: number; readonly target: number | null }[]>;
  readonly targets: ReadonlyMap<string, number | null>;
}

/**
 * The live roll-up around the units written: S(u), the sum of the children's totals, by
 * unit and indicator id; and, by indicator id, which units above report the week consolidated.
 *
 * @example
 * const r: RollupContext = { childrenSums: new Map([[12, new Map([[1, 20]])]]), consolidatedAbove: new Map([[1, new Set([3])]]) };
 */
export interface RollupContext {
  readonly childrenSums: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly consolidatedAbove: ReadonlyMap<number, ReadonlySet<number>>;
}

/**
 * Figures already read (the importers): in each indicator's reporting mode, by indicator id.
 *
 * @example
 * const f: EnteredFigures = { entered: new Map([[1, 5]]), replaceAll: false, consolidated: null, narrative: null };
 */
export interface EnteredFigures {
  readonly entered: ReadonlyMap<number, number>;
  /** Drop the figures not given (a form submits the whole report); else only these indicators change. */
  readonly replaceAll: boolean;
  /** null keeps the report's flag (imports touch figures only). */
  readonly consolidated: boolean | null;
  /** null keeps the report's narrative. */
  readonly narrative: ReportNarrative | null;
  readonly version?: number | undefined;
  readonly reason?: string | undefined;
  readonly explanations?: Explanations | undefined;
  /** Entered on the unit's behalf (an import with a reason and a received time for the file). */
  readonly onBehalf?: OnBehalfInput | null | undefined;
}

/**
 * What was submitted: the form as the user sent it (read here with `parseReportInput`, so
 * its problems come out with the others), or figures already read.
 *
 * @example
 * const e: SubmissionEntry = { kind: 'form', input: { values: { 'tuyen-pho': '12' } } };
 */
export type SubmissionEntry =
  | { readonly kind: 'form'; readonly input: ReportInput }
  | { readonly kind: 'figures'; readonly figures: EnteredFigures };

/**
 * Who submits (null: the system, CLI, demo loader).
 *
 * @example
 * const a: SubmissionActor = { userId: 7, role: 'reporter', unitId: 12, ip: '203.0.113.5' };
 */
export interface SubmissionActor {
  readonly userId: number;
  readonly role: string;
  readonly unitId: number;
  readonly ip: string | null;
}

/**
 * Everything `planSubmission` decides from. The maps keyed by unit (`rollup`) and by
 * parent (`siblings`) are those read for a whole batch; the plan picks its unit's entries.
 *
 * @example
 * const input: SubmissionInput = { campaign, unit, ancestorIds: [3, 2], period: '2023-W23',
 *   report: { row, created: false }, own, siblings, rollup, entry, action: 'submit', via: 'form', actor: null, now };
 */
export interface SubmissionInput {
  readonly campaign: SubmissionCampaign;
  readonly unit: SubmissionUnit;
  /** The units above `unit` below the campaign's root, nearest first. */
  readonly ancestorIds: readonly number[];
  readonly period: string;
  readonly report: { readonly row: StoredReport; readonly created: boolean };
  /** Absent: the unit has no figures yet. */
  readonly own?: UnitFigures | undefined;
  readonly siblings: SiblingFigures;
  readonly rollup: RollupContext;
  readonly entry: SubmissionEntry;
  readonly action: 'submit' | 'correct';
  /**
   * 'import': figures brought in from a workbook by someone the import allowed to write the
   * unit's report: they submit on the unit's behalf, and unusual figures are recorded as
   * flags for the approver rather than asked to be explained. Default 'form'.
   */
  readonly via?: 'form' | 'import' | undefined;
  readonly actor: SubmissionActor | null;
  readonly now: Date;
  /**
   * A report already submitted or approved whose figures the entry would leave exactly as
   * they are is left alone (the plan is 'unchanged'): an import of the same file again
   * writes nothing, not even an approved report's correction.
   */
  readonly skipUnchanged?: boolean | undefined;
  /**
   * The week's figures of the indicators counted from records (by indicator id, as the
   * week's own figure): they stand whatever the entry says; an entry giving another figure
   * for one is refused on that field (`countedFigures` of activity-counts.ts).
   */
  readonly counted?: ReadonlyMap<number, number> | undefined;
}

/**
 * A flagged figure with the explanation it was submitted with (what the approver sees).
 *
 * @example
 * const f: SubmissionFlag = { flag, explanation: 'Ra quân cao điểm ngày 26/3' };
 */
export interface SubmissionFlag {
  readonly flag: OutlierFlag;
  readonly explanation: string;
}

/**
 * The report's fields after the submission (every field a report write sets).
 *
 * @example
 * plan.kind === 'write' && plan.fields.status; // 'submitted'
 */
export interface SubmittedReportFields extends ReportNarrative {
  readonly status: ReportState;
  readonly consolidated: boolean;
  /** The pending draft is dropped: what it held is now submitted or replaced. */
  readonly draft: null;
  readonly firstSubmittedAt: Date | string;
  readonly submittedAt: Date;
  readonly submittedBy: number | null;
  readonly flags: Readonly<Record<string, SubmissionFlag>>;
  readonly reviewedAt: Date | string | null;
  readonly reviewedBy: number | null;
  readonly returnReason: null;
  readonly correctionReason: string | null;
  readonly viewedAt: null;
  readonly viewedBy: null;
  /** nhập thay: set by an entry on behalf, kept by the unit's own submissions after it. */
  readonly receivedAt: Date | string | null;
  readonly onBehalfBy: number | null;
  readonly onBehalfReason: string | null;
  readonly updatedBy: number | null;
}

/**
 * A change of S(unitId) for one indicator and the week.
 *
 * @example
 * const d: RollupDelta = { unitId: 3, indicatorId: 1, delta: -5 };
 */
export interface RollupDelta {
  readonly unitId: number;
  readonly indicatorId: number;
  readonly delta: number;
}

/**
 * One line of the audit log a submission writes: a figure changed (`report.value`, old →
 * new increment, null for none) or the report's state (`report.state`, null before it existed).
 *
 * @example
 * const e: SubmissionAuditEntry = { at: now, userId: 7, ip: null, action: 'report.value', campaignId: 1, unitId: 12,
 *   period: '2023-W23', indicatorId: 1, oldValue: 5, newValue: 8, reason: null };
 */
export interface SubmissionAuditEntry {
  readonly at: Date;
  readonly userId: number | null;
  readonly ip: string | null;
  readonly action: 'report.value' | 'report.state' | 'report.on_behalf';
  readonly campaignId: number;
  readonly unitId: number;
  readonly period: string;
  readonly indicatorId?: number | undefined;
  readonly oldValue: number | ReportState | null;
  /** `report.on_behalf`: when the report reached the level above (its reason in `reason`). */
  readonly newValue: number | ReportState | { readonly receivedAt: string } | null;
  readonly reason: string | null;
}

/**
 * What to write for an accepted submission: the new state and report fields, the week's
 * figures (indicator id → increment, every figure of the report; those absent are dropped)
 * with the consolidated flag they are stored with, the roll-up deltas, the audit lines and
 * the flags of unusual figures.
 *
 * @example
 * plan.kind === 'write' && plan.values.get(1); // 15: the week's increment
 */
export interface SubmissionWrite {
  readonly kind: 'write';
  readonly state: ReportState;
  readonly fields: SubmittedReportFields;
  readonly values: ReadonlyMap<number, number>;
  readonly consolidated: boolean;
  readonly deltas: readonly RollupDelta[];
  readonly audit: readonly SubmissionAuditEntry[];
  readonly flags: Readonly<Record<string, SubmissionFlag>>;
}

/**
 * A refused submission: a `VersionConflictError`, a refusal of the approval state machine
 * (`forbidden`, `conflict`), or one `FieldProblemsError` with every bad field.
 *
 * @example
 * plan.kind === 'refused' && plan.error.code; // 'validation'
 */
export interface SubmissionRefusal {
  readonly kind: 'refused';
  readonly error: DomainError;
}

/**
 * The outcome of `planSubmission`.
 *
 * @example
 * const plan: SubmissionPlan = planSubmission(input);
 */
/** Nothing to write: the report already holds exactly these figures (`skipUnchanged`). */
export interface SubmissionUnchanged {
  readonly kind: 'unchanged';
}

export type SubmissionPlan = SubmissionWrite | SubmissionRefusal | SubmissionUnchanged;

/**
 * The siblings' figures of the week for one indicator, each scaled to the unit's size by
 * the targets (× the unit's target ÷ the sibling's), the unit itself and siblings without
 * a target left out; none when the unit has no target.
 *
 * @example
 * // unit 12 has target 200; its sibling 13 reported 10 against a target of 30: 10 × 200 / 30 = 66,67
 * scaledPeerFigures({ peers: new Map([['3:1', [{ unitId: 13, value: 10, target: 30 }]]]), targets: new Map([['12:1', 200]]) },
 *   { id: 12, parentId: 3 }, 1); // [66.67]
 */
export function scaledPeerFigures(
  siblings: SiblingFigures,
  unit: { readonly id: number; readonly parentId: number | null },
  indicatorId: number,
): number[] {
  // Siblings differ in size (a city and a mountain province), so their figures are scaled
  // to this unit's size by the targets allocated to each before they are compared.
  const own = siblings.targets.get(`${unit.id}:${indicatorId}`);
  if (!own) return [];
  // A plain loop: a district may have hundreds of branches, and this runs per unit and
  // indicator (a flatMap's array per sibling was a fifth of the server's time at 250.000 units).
  const scaled: number[] = [];
  for (const p of siblings.peers.get(`${unit.parentId}:${indicatorId}`) ?? []) {
    // Rounded to two decimals: a scaled figure is an estimate, not a count.
    if (p.unitId !== unit.id && p.target) scaled.push(Math.round((p.value * own * 100) / p.target) / 100);
  }
  return scaled;
}

/** The submission's figures and texts, whichever way they came. */
interface Entered extends EnteredFigures {
  /** Fields the form could not read: their indicators are left out of the checks. */
  readonly unreadable: ReadonlySet<string>;
}

function readEntry(entry: SubmissionEntry, campaign: SubmissionCampaign, problems: FieldProblems): Entered {
  if (entry.kind === 'figures') return { ...entry.figures, unreadable: new Set() };
  const { input } = entry;
  const parsed = parseReportInput(campaign, input);
  for (const p of parsed.problems) problems.addIssue(p, p.kind);
  return {
    entered: parsed.entered,
    replaceAll: true,
    consolidated: parsed.consolidated,
    narrative: { highlights: parsed.highlights, difficulties: parsed.difficulties, proposals: parsed.proposals },
    version: input.version,
    reason: input.reason,
    explanations: input.explanations,
    onBehalf: input.onBehalf,
    unreadable: new Set(parsed.problems.map((p) => p.field)),
  };
}

/**
 * The data-quality checks of a submission, against the figures as they will stand:
 * weekly upper bounds, values to date never falling, the campaign's cross-indicator rules
 * on values to date, and outliers (against the unit's past weeks or its siblings' week),
 * which a person submits only with an explanation (`confirmFlags`; the system's imports
 * record the flag). Problems go to `problems`; returns the flags with their explanations.
 */
function checkQuality(
  input: SubmissionInput,
  entered: Entered,
  after: ReadonlyMap<number, number>,
  toDateBefore: ReadonlyMap<number, number>,
  confirmFlags: boolean,
  problems: FieldProblems,
): Record<string, SubmissionFlag> {
  const { campaign, unit } = input;
  const history = input.own?.history;
  const explanations = entered.explanations ?? {};
  const flags: Record<string, SubmissionFlag> = {};
  const toDate: Record<string, number> = {};
  for (const indicator of campaign.indicators) {
    const field = `values.${indicator.code}`;
    const before = toDateBefore.get(indicator.id);
    const increment = after.get(indicator.id);
    // A figure the form could not read says nothing to the rules between indicators.
    if (!entered.unreadable.has(field) && (increment !== undefined || before !== undefined)) {
      toDate[indicator.code] = sumValues([before ?? 0, increment ?? 0]);
    }
    const figure = entered.entered.get(indicator.id);
    if (figure === undefined || increment === undefined) continue;
    const found: (FieldIssue | null)[] = [
      checkUpperBound(indicator, increment, field),
      indicator.reportingMode === 'cumulative' ? checkCumulativeNeverDecreases(before ?? null, figure, indicator, field) : null,
    ];
    for (const problem of found) if (problem) problems.addIssue(problem);
    if (found.some(Boolean)) continue;
    const flag = flagOutlier({
      value: increment, history: history?.get(indicator.id), peers: scaledPeerFigures(input.siblings, unit, indicator.id), peersScaledByTarget: true,
    });
    const explanation = explanations[indicator.code];
    const missing = confirmFlags ? checkOutlierExplanation(indicator, flag, explanation, field) : null;
    if (missing) problems.addIssue(missing, 'outlier');
    else if (flag) flags[indicator.code] = Object.freeze({ flag, explanation: (explanation ?? '').trim() });
  }
  const nameOf = new Map(campaign.indicators.map((i) => [i.code, i.name]));
  for (const problem of checkCrossRules(campaign.crossRules, toDate, (code) => nameOf.get(code) ?? code)) problems.addIssue(problem);
  return flags;
}

const refused = (error: DomainError): SubmissionRefusal => Object.freeze({ kind: 'refused', error });

/**
 * Decides one unit's submission (or correction) of one week. Refusals come in this order:
 * a version conflict (the form is stale: reload first), then who acts and the report's
 * state (`transition`), then every bad field at once in one `FieldProblemsError`: figures
 * that cannot be read, a missing or too long correction reason, weekly upper bounds,
 * values to date that fall, cross-indicator rules on values to date, and unusual figures
 * without an explanation (asked of a person only; the system and imports record the
 * flag). Accepted, the figures become increments (`incrementFromInput`), every changed
 * figure and the change of state get an audit line, and each figure's change of the
 * unit's total climbs to its ancestors (`contributionDelta`, `propagationTargets`).
 *
 * @example
 * const plan = planSubmission({ campaign, unit, ancestorIds: [3, 2], period: '2023-W23', report: { row, created: true },
 *   siblings, rollup, entry: { kind: 'form', input: { values: { 'tuyen-pho': '12' } } }, action: 'submit', actor, now });
 * plan.kind === 'write' && plan.values.get(streets.id); // 12
 */
/**
 * Whether figures entered for a report (by indicator id, each in its indicator's reporting
 * mode) would leave it exactly as it stands: it is submitted or approved, and each figure's
 * increment is the one stored. A second import of the same file writes nothing.
 */
export function leavesUnchanged(
  report: { readonly status: ReportState }, own: UnitFigures | undefined, entered: ReadonlyMap<number, number>, indicators: readonly Indicator[],
): boolean {
  if (report.status !== 'submitted' && report.status !== 'approved') return false;
  for (const indicator of indicators) {
    const figure = entered.get(indicator.id);
    if (figure === undefined) continue;
    const increment = incrementFromInput(indicator.reportingMode, figure, own?.toDateBefore.get(indicator.id) ?? 0);
    if (own?.values.get(indicator.id)?.value !== increment) return false;
  }
  return true;
}

const UNCHANGED: SubmissionUnchanged = Object.freeze({ kind: 'unchanged' });

export function planSubmission(input: SubmissionInput): SubmissionPlan {
  const { campaign, unit, period, actor, action, now } = input;
  const { row, created } = input.report;
  const problems = new FieldProblems();
  const entered = readEntry(input.entry, campaign, problems);

  const own = input.own;
  const before = own?.values ?? new Map<number, { value: number; consolidated: boolean }>();
  const toDateBefore = own?.toDateBefore ?? new Map<number, number>();
  const after = new Map<number, number>();
  if (!entered.replaceAll) for (const [id, v] of before) after.set(id, v.value);
  for (const indicator of campaign.indicators) {
    const figure = entered.entered.get(indicator.id);
    if (figure === undefined) continue;
    after.set(indicator.id, incrementFromInput(indicator.reportingMode, figure, toDateBefore.get(indicator.id) ?? 0));
  }
  const counted = input.counted ?? new Map<number, number>();
  for (const [indicatorId, count] of counted) {
    const indicator = campaign.indicators.find((i) => i.id === indicatorId);
    if (!indicator) continue;
    const given = after.get(indicatorId);
    if (entered.entered.has(indicatorId) && given !== count) {
      problems.add(`values.${indicator.code}`,
        `Chỉ tiêu "${indicator.name}" được đếm từ các hoạt động đã ghi của đơn vị: tuần này là ${formatNumber(count)}, không nhập được ${formatNumber(given ?? 0)}. Hãy để trống ô này, hoặc ghi thêm, sửa hoạt động.`,
        `Indicator "${indicator.name}" is counted from the unit's activity records: ${count} this week, not ${given ?? 0}. Leave it empty, or add or correct the records.`);
    }
    after.set(indicatorId, count);
  }
  // A count of 0 with no figure stored leaves the report as it stands.
  const countsStand = [...counted].every(([id, count]) => (own?.values.get(id)?.value ?? 0) === count);
  if (input.skipUnchanged && problems.size === 0 && countsStand && leavesUnchanged(row, own, entered.entered, campaign.indicators)) return UNCHANGED;

  // A stale version is answered first, unless the form itself could not be read: then its
  // fields are told (with every other problem) before the user reloads.
  const conflict = checkVersion(row, created, entered.version);
  if (conflict && problems.size === 0) return refused(conflict);
  const imported = input.via === 'import';
  // nhập thay: a manager above enters the report for the unit; who may is decided before its fields.
  let onBehalf: OnBehalfEntry | null = null;
  if (entered.onBehalf) {
    const refusal = onBehalfRefusal(actor, unit, unit.id === campaign.rootUnitId ? [] : [...input.ancestorIds, campaign.rootUnitId]);
    if (refusal) return refused(refusal);
    onBehalf = readOnBehalf(entered.onBehalf, period, now, problems);
  }
  const forUnit = imported || entered.onBehalf;
  const who: ApprovalActor = forUnit ? { actorIsUnit: true, actorIsParentManager: false } : approvalActorOf(actor, unit, action);
  // Replaced by the state machine's answer; when it refuses, so does the plan below.
  let next: ReportState = row.status;
  try {
    next = transition(reportStateOf(row), action, { ...who, reason: entered.reason });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // A missing reason is one more field to fix, told with the others; who acts and the
    // report's state refuse the submission whatever its fields.
    if (error.code !== 'validation') return refused(error);
    problems.add(error.field ?? 'reason', error.message, error.messageEn);
  }

  const flags = Object.freeze(checkQuality(input, entered, after, toDateBefore, actor !== null && !imported, problems));
  const invalid = problems.toError();
  if (invalid) return refused(invalid);

  const childrenSums = input.rollup.childrenSums.get(unit.id);
  const consolidated = entered.consolidated ?? row.consolidated;
  const reason = entered.reason?.trim() || null;
  const by = { at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, campaignId: campaign.id, unitId: unit.id, period };
  const audit: SubmissionAuditEntry[] = [];
  const deltas: RollupDelta[] = [];
  for (const indicatorId of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(indicatorId);
    const value = after.get(indicatorId);
    if (old?.value !== value) {
      audit.push(Object.freeze({ ...by, action: 'report.value', indicatorId, oldValue: old?.value ?? null, newValue: value ?? null, reason }));
    }
    const oldContribution: ReportContribution | null = old ? { consolidated: old.consolidated, value: old.value } : null;
    const newContribution: ReportContribution | null = value === undefined ? null : { consolidated, value };
    const delta = contributionDelta(oldContribution, newContribution, childrenSums?.get(indicatorId) ?? 0);
    if (delta === 0) continue;
    for (const target of propagationTargets(input.ancestorIds, input.rollup.consolidatedAbove.get(indicatorId) ?? new Set())) {
      deltas.push(Object.freeze({ unitId: target, indicatorId, delta }));
    }
  }
  audit.push(Object.freeze({ ...by, action: 'report.state', oldValue: created ? null : row.status, newValue: next, reason }));
  if (onBehalf) {
    audit.push(Object.freeze({ ...by, action: 'report.on_behalf', oldValue: null, newValue: { receivedAt: onBehalf.receivedAt }, reason: onBehalf.reason }));
  }
  const narrative = entered.narrative ?? row;
  const fields: SubmittedReportFields = Object.freeze({
    status: next,
    consolidated,
    highlights: narrative.highlights,
    difficulties: narrative.difficulties,
    proposals: narrative.proposals,
    draft: null,
    // Timeliness is judged on when a report entered on behalf really arrived.
    firstSubmittedAt: onBehalf ? firstSubmittedOnBehalf(row.firstSubmittedAt, onBehalf.receivedAt) : row.firstSubmittedAt ?? now,
    submittedAt: now,
    submittedBy: actor?.userId ?? null,
    flags,
    reviewedAt: row.reviewedAt,
    reviewedBy: row.reviewedBy,
    returnReason: null,
    correctionReason: action === 'correct' ? reason : row.correctionReason,
    // The report changed: whoever approves it must look at it again.
    viewedAt: null,
    viewedBy: null,
    receivedAt: onBehalf ? onBehalf.receivedAt : row.receivedAt ?? null,
    onBehalfBy: onBehalf ? actor?.userId ?? null : row.onBehalfBy ?? null,
    onBehalfReason: onBehalf ? onBehalf.reason : row.onBehalfReason ?? null,
    updatedBy: actor?.userId ?? null,
  });
  return Object.freeze({
    kind: 'write', state: next, fields, values: after, consolidated, deltas: Object.freeze(deltas), audit: Object.freeze(audit), flags,
  });
}
