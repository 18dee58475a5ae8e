/**
 * Weekly reports: read, save a draft, submit. Submitting moves the live roll-up in the
 * same transaction; a draft never does.
 */
import {
  FieldProblemsError, REPORT_ACTIONS, REVIEWER_ROLES, allowedActions, approvalActorOf, checkVersion, displayFromIncrement, parseReportInput, previousWeek,
  reportStateOf, timeliness as timelinessOf, transition, type CountRule, type Indicator, type ReportAction, type ReportInput, type Timeliness,
} from '@giaoban/core';
import {
  activitiesRepository, auditRepository, reportsRepository, unitsRepository, usersRepository, type AuditRow, type CampaignDetail, type ReportDraft, type ReportRow,
  type UnitRow, type UserRow, type WorkKindRow,
} from '@giaoban/db';
import { type Actor, type ReportRef, type ServiceContext, ancestorsBelowRoot } from '../infra/index.ts';
import { dueAtFor } from '../planning/index.ts';
import { writeSubmissionGroup } from './report-writer.ts';
import { countedFor } from './counted-figures.ts';
import { loadReportScope, type ReportScope } from './report-scope.ts';

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
  /** Counted from the unit's activity records (issue 20): the rule and the week's count now (read-only in the form). */
  readonly counted: { readonly rule: CountRule; readonly value: number } | null;
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
  /** Who entered the report on the unit's behalf (nhập thay), when it was. */
  readonly onBehalfBy: UserRow | null;
  /** The viewer, a manager of a unit above, may submit the report on the unit's behalf now. */
  readonly mayEnterOnBehalf: boolean;
  /** The campaign's kinds of work (what a rule of counting names), read only when an indicator is counted. */
  readonly workKinds: readonly WorkKindRow[];
}

async function writeSubmission(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReportInput, action: 'submit' | 'correct',
): Promise<{ scope: ReportScope; row: ReportRow }> {
  // Submissions of the same week arriving together are written together (the deadline storm).
  return ctx.batcher.write(
    `submit:${ref.campaign}:${ref.period}`, { unitCode: ref.unit, input, actor, action, now: ctx.now(), email: ctx.mailer !== null },
    (tx, group) => writeSubmissionGroup(tx, ref.campaign, ref.period, group),
  );
}

/** Submits the week's report: its figures count in the roll-up at once and it waits for approval. */
export async function submitReport(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReportInput,
): Promise<ReportView> {
  // The campaign, the unit and the week are those just written: no need to load them again.
  const { scope } = await writeSubmission(ctx, ref, actor, input, 'submit');
  return reportView(ctx, scope, ref.period, actor);
}

/** submitReport without the report view after it (a client that asked for no more than the outcome). */
export async function submitReportOnly(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReportInput,
): Promise<ReportRow> {
  return (await writeSubmission(ctx, ref, actor, input, 'submit')).row;
}

/** Corrects an approved report (with a reason): the new figures count at once and it waits for re-approval. */
export async function correctReport(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReportInput,
): Promise<ReportView> {
  const { scope } = await writeSubmission(ctx, ref, actor, input, 'correct');
  return reportView(ctx, scope, ref.period, actor);
}

/** Keeps unsubmitted edits (a draft survives a closed tab); the submitted figures stay in force. */
export async function saveReportDraft(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, input: ReportInput,
): Promise<ReportView> {
  const scope = await loadReportScope(ctx, ref);
  const { campaign, unit } = scope;
  const { period } = ref;
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const parsed = parseReportInput(campaign, input);
  if (parsed.problems.length > 0) throw new FieldProblemsError(parsed.problems);
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
    const conflict = checkVersion(row, created, input.version);
    if (conflict) throw conflict;
    const state = transition(reportStateOf(row), 'save_draft', approvalActorOf(actor, unit, 'save_draft'));
    await reportsRepository.update(tx, row.id, { ...row, status: state, draft, updatedBy: actor?.userId ?? null });
  });
  return reportView(ctx, scope, period, actor);
}

/** The report as `viewer` sees it (reading changes nothing). */
export async function getReport(ctx: ServiceContext, ref: ReportRef, viewer: Actor | null = null): Promise<ReportView> {
  return reportView(ctx, await loadReportScope(ctx, ref), ref.period, viewer);
}

/**
 * A manager of the parent has opened a submitted report: it is marked viewed at its current
 * version, which approving it needs. Anyone else, or a report not waiting for review (or
 * already viewed), changes nothing. Returns the report as the viewer sees it.
 */
export async function markReportViewed(ctx: ServiceContext, ref: ReportRef, viewer: Actor): Promise<ReportView> {
  const scope = await loadReportScope(ctx, ref);
  const { period } = ref;
  const report = await reportsRepository.get(ctx.db, scope.campaign.id, scope.unit.id, period);
  if (report && report.status === 'submitted' && report.viewedAt === null && approvalActorOf(viewer, scope.unit, 'approve').actorIsParentManager) {
    await reportsRepository.markViewed(ctx.db, report.id, report.version, viewer.userId, ctx.now());
  }
  return reportView(ctx, scope, period, viewer);
}

async function reportView(
  ctx: ServiceContext, { campaign, unit, week }: ReportScope, period: string, viewer: Actor | null,
): Promise<ReportView> {
  const { start, end } = week;
  const report = (await reportsRepository.get(ctx.db, campaign.id, unit.id, period)) ?? null;
  const { values, lastWeek, toDateBefore, targets: targetOf } = await reportsRepository.figuresFor(ctx.db, campaign.id, unit.id, period, previousWeek(period));
  const counted = (await countedFor(ctx.db, campaign, [unit.id], period))?.get(unit.id);
  const workKinds = counted ? await activitiesRepository.listWorkKinds(ctx.db, campaign.id) : [];
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
      counted: indicator.countedFrom && counted?.has(indicator.id) ? { rule: indicator.countedFrom, value: counted.get(indicator.id)! } : null,
    };
  });
  const history = await auditRepository.search(ctx.db, { campaignId: campaign.id, unitId: unit.id, period, limit: 200 });
  const state = reportStateOf(report);
  const actions = viewer === null ? [] : REPORT_ACTIONS.filter((action) => allowedActions(state, approvalActorOf(viewer, unit, action)).includes(action));
  const dueAt = dueAtFor(campaign, unit, week);
  const timeliness = dueAt === null ? null : timelinessOf({ dueAt, submittedAt: report?.firstSubmittedAt ?? null, now: ctx.now().toISOString() });
  const onBehalfBy = report?.onBehalfBy == null ? null : (await usersRepository.getById(ctx.db, report.onBehalfBy)) ?? null;
  // nhập thay: a manager of a unit above, for a report the unit itself could submit now (core on-behalf.ts decides again).
  const mayEnterOnBehalf = viewer !== null && viewer.unitId !== unit.id && REVIEWER_ROLES.has(viewer.role)
    && allowedActions(state, { actorIsUnit: true, actorIsParentManager: false }).includes('submit')
    && await unitsRepository.isInScope(ctx.db, viewer.unitId, unit.id);
  return { campaign, unit, period, periodStart: start, periodEnd: end, report, indicators, history, actions, dueAt, timeliness, onBehalfBy, mayEnterOnBehalf, workKinds };
}

