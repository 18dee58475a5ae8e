/** Loading the things a request names by code, with a Vietnamese "not found" when missing. */
import { NotFoundError, ValidationError } from '@giaoban/core';
import { campaignsRepository, reorganisationsRepository, unitsRepository, type CampaignDetail, type Executor, type UnitRow } from '@giaoban/db';

export async function requireCampaign(ex: Executor, code: string): Promise<CampaignDetail> {
  const campaign = await campaignsRepository.getByCode(ex, code);
  if (!campaign) throw new NotFoundError('chiến dịch', code);
  return campaign;
}

export async function requireUnit(ex: Executor, code: string): Promise<UnitRow> {
  const unit = await unitsRepository.getByCode(ex, code);
  if (!unit) throw new NotFoundError('đơn vị', code);
  return unit;
}

/** Strict ancestors of a unit that lie below the campaign's root, nearest first. */
export async function ancestorsBelowRoot(ex: Executor, unitId: number, rootUnitId: number): Promise<number[]> {
  if (unitId === rootUnitId) return [];
  return ancestorsBelowRootOf(unitId, await unitsRepository.listAncestorIds(ex, unitId), rootUnitId);
}

/** ancestorsBelowRoot from the unit's strict ancestors (nearest first), already read. */
export function ancestorsBelowRootOf(unitId: number, ancestors: readonly number[], rootUnitId: number): number[] {
  if (unitId === rootUnitId) return [];
  const rootIndex = ancestors.indexOf(rootUnitId);
  if (rootIndex === -1) {
    throw new ValidationError('unit', 'Đơn vị không thuộc phạm vi của chiến dịch này.', 'The unit is outside this campaign.', { unitId });
  }
  return ancestors.slice(0, rootIndex);
}

/**
 * The units as they were named on `date`: one renamed by a reorganisation after that day
 * keeps its old name there, so a past week's dashboard or document reads as it did (nothing
 * of the past is rewritten). One query, and only when the structure changed after `date`.
 */
export async function namedOn<U extends UnitRow>(ex: Executor, units: readonly U[], date: string): Promise<U[]> {
  if (units.length === 0 || (await reorganisationsRepository.latestEffectiveAfter(ex, date)) === null) return [...units];
  const names = await reorganisationsRepository.namesOn(ex, units.map((u) => u.id), date);
  return units.map((u) => {
    const old = names.get(u.id);
    return old ? { ...u, name: old.name, shortName: old.shortName } : u;
  });
}
