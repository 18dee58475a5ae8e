/**
 * Unit groups (nhóm đơn vị): adding to the central list of tags units carry, which the central
 * unit keeps. Reading the list is planning's listUnitGroups (every module filters by it).
 */
import { DomainError, FieldProblems } from '@giaoban/core';
import { auditRepository, unitTagsRepository, unitsRepository, type UnitTagRow } from '@giaoban/db';
import type { Actor, ServiceContext } from '../infra/index.ts';

export type UnitTag = UnitTagRow;

const TAG_CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * Adds a unit group to the list. Only the users of a root unit (the central unit) keep it
 * (the route has checked the role: administrators and steering staff); `actor` null: the
 * system (the CLI).
 */
export async function createUnitTag(ctx: ServiceContext, actor: Actor | null, input: { code: string; name: string; nameEn?: string | null | undefined }): Promise<UnitTag> {
  const own = actor ? await unitsRepository.getById(ctx.db, actor.unitId) : null;
  if (actor && own?.parentId !== null) {
    throw new DomainError('forbidden', 'Chỉ cán bộ Trung ương Đoàn mới thêm được nhóm đơn vị.', { messageEn: 'Only the central unit adds unit groups.' });
  }
  const problems = new FieldProblems();
  const code = input.code.trim();
  if (!TAG_CODE.test(code)) {
    problems.add('code', 'Mã nhóm chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 32 ký tự), ví dụ "urban".',
      'A group code uses lowercase letters, digits and hyphens (at most 32 characters), e.g. "urban".');
  } else {
    const taken = await unitTagsRepository.getByCode(ctx.db, code);
    if (taken) problems.add('code', `Mã nhóm "${code}" đã có (${taken.name}).`, `The group code "${code}" is already listed (${taken.nameEn ?? taken.name}).`);
  }
  const name = input.name.trim();
  if (name === '') problems.add('name', 'Tên nhóm không được để trống.', 'The group name is required.');
  problems.throwIfAny();
  const nameEn = input.nameEn?.trim() || null;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const tag = await unitTagsRepository.insert(tx, { code, name, nameEn });
    await auditRepository.append(tx, [{ at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'tag.create', newValue: { code, name, nameEn } }]);
    return tag;
  });
}
