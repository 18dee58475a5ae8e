/**
 * Weekly reports: read, save a draft, submit. Submitting moves the live roll-up in the
 * same transaction; a draft never does.
 */
import {
  DomainError, REPORT_ACTIONS, ValidationError, allowedActions, checkCrossRules, checkCumulativeNeverDecreases,
  checkOutlierExplanation, checkUpperBound, contributionDelta, displayFromIncrement, flagOutlier, incrementFromInput,
  isUnitValidDuring, isValidWeek, parseNumber, previousWeek, propagationTargets, timeliness as timelinessOf, transition,
  validateIndicatorValue, type ApprovalActor, type CampaignWeek, type FieldIssue, type Indicator, type ReportAction,
  type ReportContribution, type ReportState, type Timeliness,
} from '@giaoban/core';
import {
  auditRepository, reportsRepository, rollupRepository, targetsRepository, unitsRepository, type AuditEntry, type AuditRow,
  type CampaignDetail, type Executor, type ReportDraft, type ReportFlag, type ReportRow, type Role, type SummaryDelta,
  type UnitRow,
} from '@giaoban/db';
import type { Actor, ServiceContext } from './context.ts';
import { ancestorsBelowRoot, requireCampaign, requireUnit } from './lookup.ts';
import { campaignWeekOf, dueAtFor } from './timeliness.service.ts';
import { FieldErrors } from './validation.ts';
import { notifyChange } from './live.service.ts';

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
async function checkQuality(
  tx: Executor,
  args: {
    campaign: CampaignDetail; unit: UnitRow; period: string; entered: ReadonlyMap<number, number>;
    after: ReadonlyMap<number, number>; toDateBefore: ReadonlyMap<number, number>; explanations: Explanations;
    /** A person confirms each flagged figure with an explanation; the system (imports) only records the flag. */
    confirmFlags: boolean;
  },
): Promise<Record<string, ReportFlag>> {
  const { campaign, unit, period } = args;
  const errors = new FieldErrors();
  const flags: Record<string, ReportFlag> = {};
  const history = await reportsRepository.listOwnHistory(tx, campaign.id, unit.id, period);
  const siblings = unit.parentId === null ? [] : (await unitsRepository.listByParent(tx, unit.parentId)).filter((u) => u.id !== unit.id);
  // Siblings differ in size (a city and a mountain province), so their figures are scaled
  // to this unit's size by the targets allocated to each before they are compared.
  const peerValues = await reportsRepository.listPeerValuesByUnit(tx, campaign.id, siblings.map((u) => u.id), period);
  const targets = await targetsRepository.listForUnits(tx, campaign.id, [unit.id, ...siblings.map((u) => u.id)]);
  const targetOf = new Map(targets.map((t) => [`${t.unitId}:${t.indicatorId}`, t.target]));
  const scaledPeers = (indicatorId: number): number[] => {
    const own = targetOf.get(`${unit.id}:${indicatorId}`);
    if (!own) return [];
    return peerValues.flatMap((p) => {
      const target = targetOf.get(`${p.unitId}:${indicatorId}`);
      // Rounded to two decimals: a scaled figure is an estimate, not a count.
      return p.indicatorId === indicatorId && target ? [Math.round((p.value * own * 100) / target) / 100] : [];
    });
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

/**
 * Writes submitted figures for one unit and week and moves the roll-up, inside `tx`: a
 * submission, or a correction of an approved report (which needs a reason). The report's
 * state moves by the approval state machine; every changed figure and the change of state
 * go to the audit log in the same transaction.
 * `entered` holds figures in each indicator's reporting mode; only these indicators change
 * unless `replaceAll`, which drops figures not given (a form submits the whole report).
 */
export async function applySubmission(
  tx: Executor,
  args: {
    campaign: CampaignDetail; unit: UnitRow; period: string; entered: ReadonlyMap<number, number>; replaceAll: boolean;
    /** null keeps the report's current flag (imports touch figures only). */
    consolidated: boolean | null; narrative: { highlights: string; difficulties: string; proposals: string } | null;
    actor: Actor | null; now: Date; version?: number | undefined;
    action?: 'submit' | 'correct'; reason?: string | undefined; explanations?: Explanations | undefined;
    /**
     * 'import': figures brought in from a workbook by someone allowed to write the unit's report
     * (checked by the import): they submit on the unit's behalf, and unusual figures are
     * recorded as flags for the approver rather than asked to be explained.
     */
    via?: 'form' | 'import';
  },
): Promise<ReportRow> {
  const { campaign, unit, period } = args;
  const action = args.action ?? 'submit';
  const ancestors = await ancestorsBelowRoot(tx, unit.id, campaign.rootUnitId);
  await rollupRepository.lockForWrite(tx, unit.id, ancestors, period);
  const { row, created } = await reportsRepository.getOrCreateForUpdate(tx, campaign.id, unit.id, period, args.actor?.userId ?? null);
  checkVersion(row, created, args.version);
  const imported = args.via === 'import';
  const who: ApprovalActor = imported ? { actorIsUnit: true, actorIsParentManager: false } : approvalActorOf(args.actor, unit, action);
  const next = transition(stateOf(row), action, { ...who, reason: args.reason });

  const before = await reportsRepository.listValues(tx, campaign.id, unit.id, period);
  const toDateBefore = await reportsRepository.sumOwnBefore(tx, campaign.id, unit.id, period);
  const after = new Map<number, number>();
  if (!args.replaceAll) for (const [id, v] of before) after.set(id, v.value);
  for (const indicator of campaign.indicators) {
    const entered = args.entered.get(indicator.id);
    if (entered === undefined) continue;
    after.set(indicator.id, incrementFromInput(indicator.reportingMode, entered, toDateBefore.get(indicator.id) ?? 0));
  }
  const flags = await checkQuality(tx, {
    campaign, unit, period, entered: args.entered, after, toDateBefore, explanations: args.explanations ?? {}, confirmFlags: args.actor !== null && !imported,
  });

  const childrenSums = await rollupRepository.summaryOf(tx, campaign.id, unit.id, period);
  const consolidatedAbove = await rollupRepository.consolidatedUnits(tx, campaign.id, ancestors, period);
  const consolidated = args.consolidated ?? row.consolidated;
  const deltas: SummaryDelta[] = [];
  const reason = args.reason?.trim() || null;
  const audit: AuditEntry[] = [];
  const by = { at: args.now, userId: args.actor?.userId ?? null, ip: args.actor?.ip ?? null, campaignId: campaign.id, unitId: unit.id, period };
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
    for (const unitId of propagationTargets(ancestors, consolidatedAbove.get(indicatorId) ?? new Set())) {
      deltas.push({ unitId, indicatorId, delta });
    }
  }
  audit.push({ ...by, action: 'report.state', oldValue: created ? null : row.status, newValue: next, reason });

  await reportsRepository.replaceValues(tx, row, after, consolidated);
  await rollupRepository.applyDeltas(tx, campaign.id, period, deltas);
  await auditRepository.append(tx, audit);
  // Open dashboards of the unit and everything above it refresh once this commits.
  await notifyChange(tx, { campaignId: campaign.id, unitId: unit.id, period, ancestors: unit.id === campaign.rootUnitId ? [] : [...ancestors, campaign.rootUnitId], at: args.now });
  const narrative = args.narrative ?? row;
  return reportsRepository.update(tx, row.id, {
    ...row,
    status: next,
    consolidated,
    highlights: narrative.highlights,
    difficulties: narrative.difficulties,
    proposals: narrative.proposals,
    draft: null,
    firstSubmittedAt: row.firstSubmittedAt ?? args.now,
    submittedAt: args.now,
    submittedBy: args.actor?.userId ?? null,
    flags,
    returnReason: null,
    correctionReason: action === 'correct' ? reason : row.correctionReason,
    // The report changed: whoever approves it must look at it again.
    viewedAt: null,
    viewedBy: null,
    updatedBy: args.actor?.userId ?? null,
  });
}

async function writeSubmission(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
  action: 'submit' | 'correct',
): Promise<ReportView> {
  const scope = await loadReportScope(ctx, campaignCode, unitCode, period);
  const { campaign, unit } = scope;
  const parsed = parseInput(campaign, input);
  await ctx.db.transaction((tx) => applySubmission(tx, {
    campaign, unit, period, entered: parsed.entered, replaceAll: true, consolidated: parsed.consolidated,
    narrative: parsed, actor, now: ctx.now(), version: input.version, action, reason: input.reason, explanations: input.explanations,
  }));
  // The campaign, the unit and the week are those just written: no need to load them again.
  return reportView(ctx, scope, period, actor);
}

/** Submits the week's report: its figures count in the roll-up at once and it waits for approval. */
export async function submitReport(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  return writeSubmission(ctx, actor, campaignCode, unitCode, period, input, 'submit');
}

/** Corrects an approved report (with a reason): the new figures count at once and it waits for re-approval. */
export async function correctReport(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  return writeSubmission(ctx, actor, campaignCode, unitCode, period, input, 'correct');
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

