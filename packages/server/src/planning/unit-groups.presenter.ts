import { unitGroupNamer, type UnitGroup } from './unit-groups.service.ts';

/** A unit group as the API lists it. */
export function presentUnitGroup(g: UnitGroup) {
  return { code: g.code, name: g.name, nameEn: g.nameEn };
}

/** The filter of a list's rows by unit group, named and said in words, or null (no filter). */
export function presentGroupFilter(group: UnitGroup | null, language: 'vi' | 'en' = 'vi') {
  if (group === null) return null;
  const name = unitGroupNamer([group], language)(group.code);
  return {
    code: group.code,
    name,
    text: language === 'en' ? `Only the units in the group ${name} are listed.` : `Chỉ liệt kê các đơn vị thuộc nhóm ${name}.`,
  };
}
