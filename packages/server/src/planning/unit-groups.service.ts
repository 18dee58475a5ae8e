/**
 * Unit groups (nhóm đơn vị, the codes of unit_tags) as the other modules use them: named in a
 * campaign's deadline rule, and as the filter of the progress rows and the timeliness lists.
 * The list itself is kept by the units module (unitTagsRepository).
 */
import { ValidationError } from '@giaoban/core';
import { unitTagsRepository, type Executor, type UnitTagRow } from '@giaoban/db';

/** A unit group: a row of unit_tags (code, name, English name). */
export type UnitGroup = UnitTagRow;

/** Every unit group, by code. */
export async function listUnitGroups(ex: Executor): Promise<readonly UnitGroup[]> {
  return unitTagsRepository.listAll(ex);
}

/** A group's name from its code, in the language asked (the code itself for a group no longer listed). */
export function unitGroupNamer(groups: readonly UnitGroup[], language: 'vi' | 'en' = 'vi'): (code: string) => string {
  const byCode = new Map(groups.map((g) => [g.code, g]));
  return (code) => {
    const group = byCode.get(code);
    return group === undefined ? code : language === 'en' ? group.nameEn ?? group.name : group.name;
  };
}

/**
 * The unit group a filter names (`?group=urban`), or null when none is named; an unknown
 * group is a 400 on `field`, with the groups there are.
 */
export async function requireUnitGroup(
  ex: Executor, code: string | null | undefined, field = 'group', listed?: readonly UnitGroup[],
): Promise<UnitGroup | null> {
  if (code === undefined || code === null || code === '') return null;
  const groups = listed ?? await listUnitGroups(ex);
  const group = groups.find((g) => g.code === code);
  if (!group) {
    const known = groups.map((g) => g.code).join(', ');
    throw new ValidationError(field, `Không có nhóm đơn vị "${code}". Các nhóm: ${known}.`, `There is no unit group "${code}". The groups: ${known}.`, { value: code });
  }
  return group;
}
