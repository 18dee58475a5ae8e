/** phân bổ chỉ tiêu: a unit's targets and their allocation to its children, with the gap. */
import { FieldProblems, allocationGap, readIndicatorFigure, type AllocationGap } from '@giaoban/core';
import { auditRepository, targetsRepository, unitsRepository, type CampaignDetail, type CampaignIndicatorRow, type UnitRow } from '@giaoban/db';
import { type Actor, type ServiceContext, ancestorsBelowRoot, requireCampaign, requireUnit, notifyChange, type UnitRef } from '../infra/index.ts';

export interface AllocationView {
  readonly campaign: CampaignDetail;
  readonly unit: UnitRow;
  readonly children: readonly UnitRow[];
  readonly indicators: readonly {
    readonly indicator: CampaignIndicatorRow;
    /** The unit's own target (for the root: the national target). */
    readonly target: number | null;
    readonly childTargets: ReadonlyMap<number, number | null>;
    /** null when the unit has no target for this indicator to allocate. */
    readonly gap: AllocationGap | null;
  }[];
}

export async function getAllocation(ctx: ServiceContext, ref: UnitRef): Promise<AllocationView> {
  const { campaign: campaignCode, unit: unitCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const children = await unitsRepository.listByParent(ctx.db, unit.id, { from: campaign.startDate, to: campaign.endDate });
  const rows = await targetsRepository.listForUnits(ctx.db, campaign.id, [unit.id, ...children.map((c) => c.id)]);
  const byKey = new Map(rows.map((r) => [`${r.unitId}:${r.indicatorId}`, r.target]));
  return {
    campaign,
    unit,
    children,
    indicators: campaign.indicators.map((indicator) => {
      const target = byKey.get(`${unit.id}:${indicator.id}`) ?? null;
      const childTargets = new Map(children.map((c) => [c.id, byKey.get(`${c.id}:${indicator.id}`) ?? null]));
      const allocated = [...childTargets.values()].filter((t): t is number => t !== null);
      return { indicator, target, childTargets, gap: target === null ? null : allocationGap(target, allocated) };
    }),
  };
}

export interface AllocationInput {
  /** child unit code → indicator code → target (number, Vietnamese text, or null to clear). */
  readonly targets: Readonly<Record<string, Readonly<Record<string, number | string | null>>>>;
}

/**
 * Sets the targets of a unit's children. Any allocation is accepted (under, exact or over
 * the parent's target): the gap is reported, never hidden by rounding or rescaling.
 */
export async function allocateTargets(
  ctx: ServiceContext, ref: UnitRef, actor: Actor | null, input: AllocationInput,
): Promise<AllocationView> {
  const { campaign: campaignCode, unit: unitCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const children = await unitsRepository.listByParent(ctx.db, unit.id, { from: campaign.startDate, to: campaign.endDate });
  const childByCode = new Map(children.map((c) => [c.code, c]));
  const indicatorByCode = new Map(campaign.indicators.map((i) => [i.code, i]));
  const errors = new FieldProblems();
  const rows: { unitId: number; indicatorId: number; target: number | null }[] = [];
  for (const [childCode, perIndicator] of Object.entries(input.targets)) {
    const child = childByCode.get(childCode);
    if (!child) {
      errors.add(`targets.${childCode}`, `Đơn vị "${childCode}" không phải đơn vị trực thuộc của ${unit.name}.`, `Unit "${childCode}" is not a child of ${unit.name}.`);
      continue;
    }
    for (const [code, raw] of Object.entries(perIndicator)) {
      const field = `targets.${childCode}.${code}`;
      const indicator = indicatorByCode.get(code);
      if (!indicator) {
        errors.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
        continue;
      }
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
        rows.push({ unitId: child.id, indicatorId: indicator.id, target: null });
        continue;
      }
      const value = errors.capture(field, () => readIndicatorFigure(indicator, raw, field));
      if (value !== undefined) rows.push({ unitId: child.id, indicatorId: indicator.id, target: value });
    }
  }
  errors.throwIfAny();
  const now = ctx.now();
  await ctx.transaction(async (tx) => {
    const before = await targetsRepository.listForUnits(tx, campaign.id, [...new Set(rows.map((r) => r.unitId))]);
    const old = new Map(before.map((t) => [`${t.unitId}:${t.indicatorId}`, t.target]));
    await targetsRepository.upsertMany(tx, campaign.id, rows, actor?.userId ?? null);
    await auditRepository.append(tx, rows.flatMap((r) => {
      const was = old.get(`${r.unitId}:${r.indicatorId}`) ?? null;
      if (was === r.target) return [];
      return [{
        at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'target.value' as const, campaignId: campaign.id,
        unitId: r.unitId, indicatorId: r.indicatorId, oldValue: was, newValue: r.target,
      }];
    }));
    // Each child whose target moved, and everything above it, shows a new achievement.
    const changed = new Set(rows.filter((r) => (old.get(`${r.unitId}:${r.indicatorId}`) ?? null) !== r.target).map((r) => r.unitId));
    const above = changed.size === 0 ? [] : [unit.id, ...await unitsRepository.listAncestorIds(tx, unit.id)];
    for (const unitId of changed) await notifyChange(tx, { campaignId: campaign.id, unitId, period: null, ancestors: above, at: now });
  });
  return getAllocation(ctx, { campaign: campaignCode, unit: unitCode });
}
