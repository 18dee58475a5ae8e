/**
 * Weekly reports: read, save a draft, submit. Submitting moves the live roll-up in the
 * same transaction; a draft never does.
 */
import {
  DomainError, ValidationError, campaignWeeks, contributionDelta, displayFromIncrement, incrementFromInput,
  isUnitValidOn, isValidWeek, parseNumber, previousWeek, propagationTargets, validateIndicatorValue,
  type Indicator, type ReportContribution,
} from '@giaoban/core';
import {
  reportsRepository, rollupRepository, targetsRepository, type CampaignDetail, type Executor, type ReportDraft,
  type ReportRow, type SummaryDelta, type UnitRow,
} from '@giaoban/db';
import type { Actor, ServiceContext } from './context.ts';
import { ancestorsBelowRoot, requireCampaign, requireUnit } from './lookup.ts';
import { FieldErrors } from './validation.ts';

export interface ReportInput {
  /** indicator code → figure as entered (in the indicator's reporting mode); null or '' = not reported. */
  readonly values: Readonly<Record<string, number | string | null>>;
  readonly consolidated?: boolean | undefined;
  readonly highlights?: string | undefined;
  readonly difficulties?: string | undefined;
  readonly proposals?: string | undefined;
  /** The version the user loaded: a save against a newer version is refused. */
  readonly version?: number | undefined;
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
}

const MAX_TEXT = 10_000;

/** Checks that the week belongs to the campaign and that the unit exists during it. */
function checkPeriod(campaign: CampaignDetail, unit: UnitRow, period: string): { start: string; end: string } {
  if (!isValidWeek(period)) {
    throw new DomainError('invalid_period', `Tuần "${period}" không hợp lệ, cần dạng 2023-W21.`, {
      field: 'period', messageEn: `Week "${period}" is not valid; expected the form 2023-W21.`,
    });
  }
  const week = campaignWeeks(campaign.startDate, campaign.endDate).find((w) => w.week === period);
  if (!week) {
    throw new DomainError('invalid_period', `Tuần ${period} nằm ngoài thời gian của chiến dịch.`, {
      field: 'period', messageEn: `Week ${period} is outside the campaign's dates.`,
    });
  }
  if (!isUnitValidOn(unit, week.end) && !isUnitValidOn(unit, week.start)) {
    throw new ValidationError('unit', `Đơn vị ${unit.name} không tồn tại trong tuần ${period}.`, `Unit ${unit.name} does not exist in week ${period}.`);
  }
  return { start: week.start, end: week.end };
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

function checkVersion(row: ReportRow, created: boolean, version: number | undefined): void {
  if (version === undefined || created || row.version === version) return;
  throw new DomainError('conflict', 'Báo cáo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.', {
    messageEn: 'The report was changed by someone else. Reload it before saving.', currentVersion: row.version,
  });
}

/**
 * Writes submitted figures for one unit and week and moves the roll-up, inside `tx`.
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
  },
): Promise<ReportRow> {
  const { campaign, unit, period } = args;
  const ancestors = await ancestorsBelowRoot(tx, unit.id, campaign.rootUnitId);
  await rollupRepository.lockForWrite(tx, unit.id, ancestors, period);
  const { row, created } = await reportsRepository.getOrCreateForUpdate(tx, campaign.id, unit.id, period, args.actor?.userId ?? null);
  checkVersion(row, created, args.version);

  const before = await reportsRepository.listValues(tx, campaign.id, unit.id, period);
  const toDateBefore = await reportsRepository.sumOwnBefore(tx, campaign.id, unit.id, period);
  const after = new Map<number, number>();
  if (!args.replaceAll) for (const [id, v] of before) after.set(id, v.value);
  for (const indicator of campaign.indicators) {
    const entered = args.entered.get(indicator.id);
    if (entered === undefined) continue;
    after.set(indicator.id, incrementFromInput(indicator.reportingMode, entered, toDateBefore.get(indicator.id) ?? 0));
  }

  const childrenSums = await rollupRepository.summaryOf(tx, campaign.id, unit.id, period);
  const consolidatedAbove = await rollupRepository.consolidatedUnits(tx, campaign.id, ancestors, period);
  const consolidated = args.consolidated ?? row.consolidated;
  const deltas: SummaryDelta[] = [];
  for (const indicatorId of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(indicatorId);
    const oldContribution: ReportContribution | null = old ? { consolidated: old.consolidated, value: old.value } : null;
    const value = after.get(indicatorId);
    const newContribution: ReportContribution | null = value === undefined ? null : { consolidated, value };
    const delta = contributionDelta(oldContribution, newContribution, childrenSums.get(indicatorId) ?? 0);
    if (delta === 0) continue;
    for (const unitId of propagationTargets(ancestors, consolidatedAbove.get(indicatorId) ?? new Set())) {
      deltas.push({ unitId, indicatorId, delta });
    }
  }

  await reportsRepository.replaceValues(tx, row, after, consolidated);
  await rollupRepository.applyDeltas(tx, campaign.id, period, deltas);
  const narrative = args.narrative ?? row;
  return reportsRepository.update(tx, row.id, {
    status: 'submitted',
    consolidated,
    highlights: narrative.highlights,
    difficulties: narrative.difficulties,
    proposals: narrative.proposals,
    draft: null,
    submittedAt: args.now,
    submittedBy: args.actor?.userId ?? null,
    updatedBy: args.actor?.userId ?? null,
  });
}

export async function submitReport(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  const { campaign, unit } = await loadReportScope(ctx, campaignCode, unitCode, period);
  const parsed = parseInput(campaign, input);
  await ctx.db.transaction((tx) => applySubmission(tx, {
    campaign, unit, period, entered: parsed.entered, replaceAll: true, consolidated: parsed.consolidated,
    narrative: parsed, actor, now: ctx.now(), version: input.version,
  }));
  return getReport(ctx, campaignCode, unitCode, period);
}

/** Keeps unsubmitted edits (a draft survives a closed tab); the submitted figures stay in force. */
export async function saveReportDraft(
  ctx: ServiceContext, actor: Actor | null, campaignCode: string, unitCode: string, period: string, input: ReportInput,
): Promise<ReportView> {
  const { campaign, unit } = await loadReportScope(ctx, campaignCode, unitCode, period);
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
    await reportsRepository.update(tx, row.id, { ...row, draft, updatedBy: actor?.userId ?? null });
  });
  return getReport(ctx, campaignCode, unitCode, period);
}

export async function getReport(ctx: ServiceContext, campaignCode: string, unitCode: string, period: string): Promise<ReportView> {
  const { campaign, unit, week: { start, end } } = await loadReportScope(ctx, campaignCode, unitCode, period);
  const report = (await reportsRepository.get(ctx.db, campaign.id, unit.id, period)) ?? null;
  const values = await reportsRepository.listValues(ctx.db, campaign.id, unit.id, period);
  const lastWeek = await reportsRepository.listValues(ctx.db, campaign.id, unit.id, previousWeek(period));
  const toDateBefore = await reportsRepository.sumOwnBefore(ctx.db, campaign.id, unit.id, period);
  const targetRows = await targetsRepository.listForUnits(ctx.db, campaign.id, [unit.id]);
  const targetOf = new Map(targetRows.map((t) => [t.indicatorId, t.target]));
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
  return { campaign, unit, period, periodStart: start, periodEnd: end, report, indicators };
}

