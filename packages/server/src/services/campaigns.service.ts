import { DomainError, NotFoundError, parseNumber, validateCampaign, validateIndicatorValue, type CampaignDraft, type Phase } from '@giaoban/core';
import { campaignsRepository, indicatorsRepository, targetsRepository, unitsRepository, type CampaignDetail, type CampaignRow } from '@giaoban/db';
import type { Actor, ServiceContext } from './context.ts';
import { requireCampaign, requireUnit } from './lookup.ts';
import { FieldErrors } from './validation.ts';

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
}

export async function createCampaign(ctx: ServiceContext, actor: Actor | null, input: CampaignInput): Promise<CampaignDetail> {
  const errors = new FieldErrors();
  const targets = input.targets.map((t, index) => ({
    indicatorCode: t.indicatorCode,
    target: (typeof t.target === 'number' ? t.target : errors.capture(`targets.${index}.target`, () => parseNumber(String(t.target)))) ?? -1,
  }));
  errors.throwIfAny();
  const draft: CampaignDraft = validateCampaign({ ...input, targets });
  const root = await requireUnit(ctx.db, input.rootUnitCode);
  const indicators = await indicatorsRepository.listByCodes(ctx.db, draft.targets.map((t) => t.indicatorCode));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  draft.targets.forEach((t, index) => {
    const indicator = byCode.get(t.indicatorCode);
    if (!indicator) {
      errors.add(`targets.${index}.indicatorCode`, `Chỉ tiêu "${t.indicatorCode}" chưa có trong danh mục.`, `Indicator "${t.indicatorCode}" is not in the catalogue.`);
      return;
    }
    errors.capture(`targets.${index}.target`, () => validateIndicatorValue(indicator, t.target, `targets.${index}.target`));
  });
  errors.throwIfAny();
  if (await campaignsRepository.getByCode(ctx.db, draft.code)) {
    throw new DomainError('conflict', `Mã chiến dịch "${draft.code}" đã được dùng.`, { field: 'code', messageEn: `Campaign code "${draft.code}" is already in use.` });
  }
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
