/** Units: the hierarchy every screen names (read, create). */
import { DomainError, NotFoundError, ValidationError, validateUnitCode, type UnitLevel } from '@giaoban/core';
import { unitsRepository, type UnitRow } from '@giaoban/db';
import { type ServiceContext, requireUnit } from '../infra/index.ts';

export async function getUnit(ctx: ServiceContext, code: string): Promise<{ unit: UnitRow; ancestors: UnitRow[]; childCount: number }> {
  const unit = await requireUnit(ctx.db, code);
  const ancestors = await unitsRepository.listAncestors(ctx.db, unit.id);
  const counts = await unitsRepository.countChildren(ctx.db, [unit.id]);
  return { unit, ancestors, childCount: counts.get(unit.id) ?? 0 };
}

export async function getUnitById(ctx: ServiceContext, id: number): Promise<UnitRow> {
  const unit = await unitsRepository.getById(ctx.db, id);
  if (!unit) throw new NotFoundError('đơn vị', String(id));
  return unit;
}

/** Whether the database holds no unit yet (a fresh data directory). */
export async function isDatabaseEmpty(ctx: ServiceContext): Promise<boolean> {
  return (await unitsRepository.countAll(ctx.db)) === 0;
}

export async function listUnitChildren(ctx: ServiceContext, code: string): Promise<UnitRow[]> {
  const unit = await requireUnit(ctx.db, code);
  return unitsRepository.listByParent(ctx.db, unit.id);
}

/** The subtree of a unit, parents before children. */
export async function getUnitSubtree(ctx: ServiceContext, code: string): Promise<UnitRow[]> {
  const unit = await requireUnit(ctx.db, code);
  return unitsRepository.listSubtree(ctx.db, unit.id);
}

export async function createUnit(
  ctx: ServiceContext,
  input: { code: string; name: string; level: UnitLevel; parentCode: string | null; tags?: string[]; region?: string | null; validFrom?: string | null; validTo?: string | null },
): Promise<UnitRow> {
  validateUnitCode(input.code);
  if (!input.name.trim()) throw new ValidationError('name', 'Tên đơn vị không được để trống.', 'The unit name is required.');
  const parent = input.parentCode === null ? null : await requireUnit(ctx.db, input.parentCode);
  if (await unitsRepository.getByCode(ctx.db, input.code)) {
    throw new DomainError('conflict', `Mã đơn vị "${input.code}" đã được dùng.`, { field: 'code', messageEn: `Unit code "${input.code}" is already in use.` });
  }
  return ctx.db.transaction((tx) => unitsRepository.insert(tx, { ...input, name: input.name.trim(), parentId: parent?.id ?? null }));
}
