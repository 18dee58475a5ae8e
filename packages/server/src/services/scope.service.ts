import { unitsRepository, type UnitRow } from '@giaoban/db';
import type { ServiceContext } from './context.ts';

export async function findUnit(ctx: ServiceContext, code: string): Promise<UnitRow | undefined> {
  return unitsRepository.getByCode(ctx.db, code);
}

export async function isUnitInSubtree(ctx: ServiceContext, rootId: number, unitId: number): Promise<boolean> {
  return unitsRepository.isInSubtree(ctx.db, rootId, unitId);
}
