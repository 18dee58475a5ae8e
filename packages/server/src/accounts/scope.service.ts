import { unitsRepository, type UnitRow } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';

/** A unit by code, and whether it is `rootId` or below it (one query: every scoped request asks). */
export async function findUnitUnder(ctx: ServiceContext, code: string, rootId: number): Promise<{ unit: UnitRow; inSubtree: boolean } | undefined> {
  return unitsRepository.getByCodeUnder(ctx.db, code, rootId);
}

/** A unit by id (the signed-in user's own, for a refusal's wording). */
export async function findUnitById(ctx: ServiceContext, id: number): Promise<UnitRow | undefined> {
  return unitsRepository.getById(ctx.db, id);
}
