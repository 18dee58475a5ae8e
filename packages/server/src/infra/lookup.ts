/** Loading the things a request names by code, with a Vietnamese "not found" when missing. */
import { NotFoundError, ValidationError } from '@giaoban/core';
import { campaignsRepository, unitsRepository, type CampaignDetail, type Executor, type UnitRow } from '@giaoban/db';

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
