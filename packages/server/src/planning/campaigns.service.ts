import {
  FieldProblems,
  DomainError, NotFoundError, UNIT_LEVELS, parseNumber, readIndicatorFigure, validateCampaign, validateCrossRule, validateDeadlineRule,
  validateIndicatorValue, validatePrecision, validateReminderSettings, type CrossRule, type DeadlineRule, type DeadlineRules,
  type Phase, type ReminderSettings, type UnitLevel,
} from '@giaoban/core';
import {
  auditRepository, campaignsRepository, indicatorsRepository, targetsRepository, unitsRepository, type CampaignDetail,
  type CampaignRow, type Executor,
} from '@giaoban/db';
import { type Actor, type ServiceContext, requireCampaign, type UnitRef } from '../infra/index.ts';
import { listUnitGroups } from './unit-groups.service.ts';

export interface CampaignInput {
  readonly code: string;
  readonly name: string;
  readonly startDate: string;
  readonly endDate: string;
  /** The unit whose subtree runs the campaign (the central unit for a national one). */
  readonly rootUnitCode: string;
  readonly phases: readonly Phase[];
  /** Indicators in display order with the target at the root unit. */
  readonly targets: readonly { readonly indicatorCode: string; readonly target: number | string }[];
  /** Deadlines, quality rules and reminders (the defaults where absent). */
  readonly rules?: CampaignRulesInput | undefined;
}

/**
 * The workflow rules of a campaign as a form sends them. Absent parts keep their current
 * value; `deadlines: null` and `reminders: null` go back to the defaults.
 */
export interface CampaignRulesInput {
  /** Per level: when a week's report is due; a level set to null does not report. */
  readonly deadlines?: Readonly<Partial<Record<UnitLevel, DeadlineRuleInput | null>>> | null | undefined;
  readonly crossRules?: readonly unknown[] | undefined;
  /** Each hour count as a number or as typed ('1,5'). */
  readonly reminders?: Readonly<Record<keyof ReminderSettings, number | string>> | null | undefined;
  /** Indicator code → largest figure a unit may report for one week (null: none). */
  readonly upperBounds?: Readonly<Record<string, number | string | null>> | undefined;
  /** Units not asked to report on the campaign. */
  readonly exemptUnits?: readonly string[] | undefined;
  /** Indicator code → how notices phrase its target ("{target}") and result ("{value}"); null: generic. */
  readonly noticePhrasing?: Readonly<Record<string, { readonly target: string; readonly done: string } | null>> | undefined;
  /** Decimals of the percentages in every output unless a form overrides it: 1 or 2. */
  readonly precision?: number | undefined;
}

/** A level's rule as a form sends it: `groups` null or absent, every unit of the level reports. */
export type DeadlineRuleInput = Omit<DeadlineRule, 'groups'> & { readonly groups?: readonly string[] | null | undefined };

const REMINDER_NAMES = ['remindBeforeHours', 'escalateAfterHours', 'escalateFurtherAfterHours', 'staleAfterHours'] as const;

interface ResolvedRules {
  readonly deadlines: DeadlineRules | null;
  readonly crossRules: readonly CrossRule[];
  readonly reminders: ReminderSettings | null;
  readonly upperBounds: ReadonlyMap<string, number | null>;
  readonly exemptUnitIds: readonly number[] | null;
  readonly noticePhrasing: ReadonlyMap<string, { target: string; done: string } | null>;
  readonly precision: number;
}

/** Checks every part of the rules before anything is written (all errors at once, added to `errors`; the caller throws). */
async function resolveRules(
  ex: Executor, current: Pick<CampaignRow, 'deadlines' | 'crossRules' | 'reminders' | 'precision'>,
  indicators: readonly { code: string; name: string; valueKind: 'integer' | 'decimal' | 'vnd' }[], input: CampaignRulesInput,
  errors: FieldProblems,
): Promise<ResolvedRules> {
  let deadlines = current.deadlines;
  if (input.deadlines === null) deadlines = null;
  else if (input.deadlines !== undefined) {
    const rules: Partial<Record<UnitLevel, DeadlineRule>> = {};
    // A rule may name unit groups (only the units carrying one report): they must be in unit_tags.
    const named = Object.values(input.deadlines).some((rule) => rule?.groups !== undefined && rule.groups !== null);
    const knownGroups = named ? new Set((await listUnitGroups(ex)).map((g) => g.code)) : undefined;
    for (const [level, rule] of Object.entries(input.deadlines)) {
      if (!(UNIT_LEVELS as readonly string[]).includes(level)) {
        errors.add(`rules.deadlines.${level}`, `Cấp "${level}" không tồn tại.`, `There is no level "${level}".`);
        continue;
      }
      if (rule === null || rule === undefined) continue;
      const valid = errors.capture(null, () => validateDeadlineRule(rule as DeadlineRule, `rules.deadlines.${level}`, knownGroups));
      if (valid) rules[level as UnitLevel] = valid;
    }
    deadlines = rules;
  }
  const codes = indicators.map((i) => i.code);
  const crossRules = input.crossRules === undefined
    ? current.crossRules
    : input.crossRules.flatMap((rule, index) => errors.capture(null, () => validateCrossRule(rule, codes, `rules.crossRules.${index}`)) ?? []);
  let reminders = current.reminders;
  if (input.reminders === null) reminders = null;
  else if (input.reminders !== undefined) {
    // Every hour count that cannot be read is reported; the counts are checked together once all are read.
    const typed = input.reminders;
    const read: Partial<Record<keyof ReminderSettings, number>> = {};
    for (const name of REMINDER_NAMES) {
      const field = `rules.reminders.${name}`;
      const raw = typed[name];
      const value = typeof raw === 'number' ? raw : errors.capture(field, () => parseNumber(raw, field));
      if (value !== undefined) read[name] = value;
    }
    reminders = REMINDER_NAMES.every((name) => read[name] !== undefined)
      ? errors.capture(null, () => validateReminderSettings(read as ReminderSettings, 'rules.reminders')) ?? null
      : null;
  }
  const upperBounds = new Map<string, number | null>();
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  for (const [code, raw] of Object.entries(input.upperBounds ?? {})) {
    const field = `rules.upperBounds.${code}`;
    const indicator = byCode.get(code);
    if (!indicator) {
      errors.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
      continue;
    }
    if (raw === null || raw === '') { upperBounds.set(code, null); continue; }
    const value = errors.capture(field, () => readIndicatorFigure(indicator, raw, field));
    if (value !== undefined) upperBounds.set(code, value);
  }
  const noticePhrasing = new Map<string, { target: string; done: string } | null>();
  for (const [code, phrasing] of Object.entries(input.noticePhrasing ?? {})) {
    const field = `rules.noticePhrasing.${code}`;
    if (!byCode.has(code)) {
      errors.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
      continue;
    }
    if (phrasing === null) { noticePhrasing.set(code, null); continue; }
    const target = phrasing.target.trim();
    const done = phrasing.done.trim();
    if (!target.includes('{target}') || target.length > 400) {
      errors.add(`${field}.target`, 'Cách viết chỉ tiêu phải chứa {target} (chỗ của con số), tối đa 400 ký tự.', 'The target phrase must contain {target} (where the figure goes), at most 400 characters.');
    }
    if (!done.includes('{value}') || done.length > 400) {
      errors.add(`${field}.done`, 'Cách viết kết quả phải chứa {value} (chỗ của con số), tối đa 400 ký tự.', 'The result phrase must contain {value} (where the figure goes), at most 400 characters.');
    }
    noticePhrasing.set(code, { target, done });
  }
  let exemptUnitIds: number[] | null = null;
  if (input.exemptUnits !== undefined) {
    exemptUnitIds = [];
    for (const [index, code] of input.exemptUnits.entries()) {
      const unit = await unitsRepository.getByCode(ex, code);
      if (!unit) errors.add(`rules.exemptUnits.${index}`, `Không tìm thấy đơn vị "${code}".`, `Unknown unit "${code}".`);
      else exemptUnitIds.push(unit.id);
    }
  }
  const precision = input.precision === undefined
    ? current.precision
    : errors.capture(null, () => validatePrecision(input.precision, 'rules.precision')) ?? current.precision;
  return { deadlines, crossRules, reminders, upperBounds, exemptUnitIds, noticePhrasing, precision };
}

async function writeRules(tx: Executor, actor: Actor | null, now: Date, campaign: Pick<CampaignDetail, 'id' | 'deadlines' | 'crossRules' | 'reminders' | 'precision'> & {
  indicators: readonly { id: number; code: string }[];
}, rules: ResolvedRules): Promise<void> {
  await campaignsRepository.updateRules(tx, campaign.id, rules);
  for (const [code, bound] of rules.upperBounds) {
    const indicator = campaign.indicators.find((i) => i.code === code);
    if (indicator) await campaignsRepository.setUpperBound(tx, campaign.id, indicator.id, bound);
  }
  if (rules.exemptUnitIds) await campaignsRepository.replaceExemptions(tx, campaign.id, rules.exemptUnitIds);
  for (const [code, phrasing] of rules.noticePhrasing) {
    const indicator = campaign.indicators.find((i) => i.code === code);
    if (indicator) await campaignsRepository.setNoticePhrasing(tx, campaign.id, indicator.id, phrasing);
  }
  await auditRepository.append(tx, [{
    at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'campaign.rules', campaignId: campaign.id,
    oldValue: { deadlines: campaign.deadlines, crossRules: campaign.crossRules, reminders: campaign.reminders, precision: campaign.precision },
    newValue: {
      deadlines: rules.deadlines, crossRules: rules.crossRules, reminders: rules.reminders, precision: rules.precision,
      ...(rules.upperBounds.size > 0 ? { upperBounds: Object.fromEntries(rules.upperBounds) } : {}),
      ...(rules.exemptUnitIds ? { exemptUnitIds: rules.exemptUnitIds } : {}),
      ...(rules.noticePhrasing.size > 0 ? { noticePhrasing: Object.fromEntries(rules.noticePhrasing) } : {}),
    },
  }]);
}

/** Changes a campaign's deadlines, quality rules, reminders, exemptions and precision (audited). */
export async function updateCampaignRules(
  ctx: ServiceContext, ref: UnitRef, actor: Actor | null, input: CampaignRulesInput,
): Promise<CampaignDetail> {
  const { campaign: campaignCode, unit: rootUnitCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  if (campaign.rootUnitCode !== rootUnitCode) {
    throw new DomainError('forbidden', 'Chỉ đơn vị chủ trì chiến dịch mới được đặt quy định báo cáo.', {
      messageEn: "Only the campaign's root unit sets its reporting rules.",
    });
  }
  // Nothing named (an empty form, or only fields this version does not know): nothing to
  // write, and no audit entry claiming a change.
  if (Object.values(input).every((part) => part === undefined)) return campaign;
  const errors = new FieldProblems();
  const rules = await resolveRules(ctx.db, campaign, campaign.indicators, input, errors);
  errors.throwIfAny();
  await ctx.db.transaction((tx) => writeRules(tx, actor, ctx.now(), campaign, rules));
  // Every dashboard answer of the campaign is written at its precision; no unit's figures
  // changed, so no change is announced: drop this process's (others within the cache's
  // backstop age).
  if (rules.precision !== campaign.precision) ctx.progressCache.clear();
  return requireCampaign(ctx.db, campaignCode);
}

export async function createCampaign(ctx: ServiceContext, actor: Actor | null, input: CampaignInput): Promise<CampaignDetail> {
  // Every field problem of the request comes back in one answer: the campaign's own fields,
  // its root unit, its targets and its rules, checked side by side before anything is written.
  const errors = new FieldProblems();
  const targets = input.targets.map((t, index) => ({
    indicatorCode: t.indicatorCode,
    target: (typeof t.target === 'number' ? t.target : errors.capture(`targets.${index}.target`, () => parseNumber(String(t.target)))) ?? null,
  }));
  // A target that could not be read is already listed: the rest of the campaign is still checked (0 stands in for it).
  const draft = errors.capture(null, () => validateCampaign({ ...input, targets: targets.map((t) => ({ indicatorCode: t.indicatorCode, target: t.target ?? 0 })) }));
  if (targets.length === 0) errors.add('targets', 'Chọn ít nhất một chỉ tiêu cho chiến dịch.', 'Choose at least one indicator for the campaign.');
  const root = await unitsRepository.getByCode(ctx.db, input.rootUnitCode);
  if (!root) errors.add('rootUnitCode', `Không tìm thấy đơn vị "${input.rootUnitCode}".`, `Unknown unit "${input.rootUnitCode}".`);
  const indicators = await indicatorsRepository.listByCodes(ctx.db, targets.map((t) => t.indicatorCode));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  targets.forEach((t, index) => {
    const indicator = byCode.get(t.indicatorCode);
    if (!indicator) {
      errors.add(`targets.${index}.indicatorCode`, `Chỉ tiêu "${t.indicatorCode}" chưa có trong danh mục.`, `Indicator "${t.indicatorCode}" is not in the catalogue.`);
      return;
    }
    if (t.target !== null) errors.capture(`targets.${index}.target`, () => validateIndicatorValue(indicator, t.target as number, `targets.${index}.target`));
  });
  const rules = input.rules
    ? await resolveRules(ctx.db, { deadlines: null, crossRules: [], reminders: null, precision: 2 }, indicators.filter((i) => targets.some((t) => t.indicatorCode === i.code)), input.rules, errors)
    : null;
  const code = draft?.code ?? input.code.trim();
  if (code && await campaignsRepository.getByCode(ctx.db, code)) {
    errors.add('code', `Mã chiến dịch "${code}" đã được dùng.`, `Campaign code "${code}" is already in use.`);
  }
  errors.throwIfAny();
  if (!draft || !root) throw new Error('unreachable: a refused campaign has its problems listed');
  await ctx.db.transaction(async (tx) => {
    const campaign = await campaignsRepository.insert(tx, {
      code: draft.code, name: draft.name, startDate: draft.startDate, endDate: draft.endDate, rootUnitId: root.id, createdBy: actor?.userId ?? null,
    });
    await campaignsRepository.replacePhases(tx, campaign.id, draft.phases);
    let position = 0;
    for (const t of draft.targets) {
      const indicator = byCode.get(t.indicatorCode);
      if (!indicator) continue;
      await campaignsRepository.addIndicator(tx, campaign.id, indicator.id, position++);
    }
    await targetsRepository.upsertMany(tx, campaign.id, draft.targets.flatMap((t) => {
      const indicator = byCode.get(t.indicatorCode);
      return indicator ? [{ unitId: root.id, indicatorId: indicator.id, target: t.target }] : [];
    }), actor?.userId ?? null);
    if (rules) await writeRules(tx, actor, ctx.now(), { ...campaign, deadlines: null, crossRules: [], reminders: null, precision: 2, indicators }, rules);
  });
  return requireCampaign(ctx.db, draft.code);
}

export async function getCampaign(ctx: ServiceContext, code: string): Promise<CampaignDetail> {
  return requireCampaign(ctx.db, code);
}

export async function listCampaigns(ctx: ServiceContext): Promise<CampaignRow[]> {
  return campaignsRepository.listAll(ctx.db);
}

/**
 * A campaign concerns a user when its root is the user's unit, above it (the user's unit
 * takes part) or below it (the user oversees it).
 */
async function concerns(ctx: ServiceContext, campaign: CampaignRow, unitId: number): Promise<boolean> {
  return (await unitsRepository.isInSubtree(ctx.db, campaign.rootUnitId, unitId))
    || unitsRepository.isInSubtree(ctx.db, unitId, campaign.rootUnitId);
}

export async function listCampaignsFor(ctx: ServiceContext, unitId: number): Promise<CampaignRow[]> {
  const visible: CampaignRow[] = [];
  for (const c of await campaignsRepository.listAll(ctx.db)) if (await concerns(ctx, c, unitId)) visible.push(c);
  return visible;
}

export async function getCampaignFor(ctx: ServiceContext, code: string, unitId: number): Promise<CampaignDetail> {
  const campaign = await requireCampaign(ctx.db, code);
  if (!(await concerns(ctx, campaign, unitId))) throw new NotFoundError('chiến dịch', code);
  return campaign;
}
