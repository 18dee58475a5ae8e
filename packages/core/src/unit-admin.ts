/**
 * The rules of managing the hierarchy (issue 19, "Units"): who may manage which unit, which
 * level may sit under which, what a move may not do, what closing from a date writes, and
 * which fields a change touched (for the audit). Pure: the services read the rows and hand
 * them in.
 */
import { UNIT_LEVELS, type UnitLevel } from './hierarchy.ts';
import { addDays, type IsoDate } from './period.ts';

/**
 * The roles that manage units and accounts of their subtree.
 *
 * @example
 * UNIT_MANAGER_ROLES.includes('manager'); // true
 */
export const UNIT_MANAGER_ROLES = ['admin', 'steering', 'manager'] as const;

/**
 * How deep a level sits: province and affiliated unit are both the provincial level (the
 * centre's children), so neither may sit under the other.
 */
const RANK: Readonly<Record<UnitLevel, number>> = Object.freeze({
  central: 0, province: 1, affiliated: 1, district: 2, grassroots: 3, branch: 4,
});

/**
 * Whether a unit of level `child` may sit directly under one of level `parent`: strictly
 * deeper (levels may be skipped: a grassroots unit directly under a province).
 *
 * @example
 * isLevelBelow('grassroots', 'province'); // true
 * isLevelBelow('affiliated', 'province'); // false
 */
export function isLevelBelow(child: UnitLevel, parent: UnitLevel): boolean {
  return RANK[child] > RANK[parent];
}

/**
 * Whether `value` names a level (its code).
 *
 * @example
 * isUnitLevel('district'); // true
 */
export function isUnitLevel(value: string): value is UnitLevel {
  return (UNIT_LEVELS as readonly string[]).includes(value);
}

/** Who acts: their role, their unit, and whether that unit is a root (the central unit). */
export interface UnitManager {
  readonly role: string;
  readonly unitId: number;
  readonly unitIsRoot: boolean;
}

/** A unit as the rules see it: itself and its strict ancestors (any order). */
export interface UnitPlace {
  readonly id: number;
  readonly ancestorIds: readonly number[];
}

const managesAtAll = (actor: UnitManager) => (UNIT_MANAGER_ROLES as readonly string[]).includes(actor.role);

/**
 * Whether `actor` may change `unit` (rename, re-tag, move, close): a unit strictly below the
 * actor's own; the central unit's administrator also manages the central unit itself.
 *
 * @example
 * mayManageUnit({ role: 'manager', unitId: 2, unitIsRoot: false }, { id: 5, ancestorIds: [2, 1] }); // true
 * mayManageUnit({ role: 'manager', unitId: 2, unitIsRoot: false }, { id: 2, ancestorIds: [1] }); // false
 */
export function mayManageUnit(actor: UnitManager, unit: UnitPlace): boolean {
  if (!managesAtAll(actor)) return false;
  if (unit.id === actor.unitId) return actor.unitIsRoot && actor.role === 'admin';
  return unit.ancestorIds.includes(actor.unitId);
}

/**
 * Whether `actor` may create a unit under `parent`: the parent is the actor's own unit or
 * lies below it.
 *
 * @example
 * mayCreateUnder({ role: 'manager', unitId: 2, unitIsRoot: false }, { id: 2, ancestorIds: [1] }); // true
 */
export function mayCreateUnder(actor: UnitManager, parent: UnitPlace): boolean {
  return managesAtAll(actor) && (parent.id === actor.unitId || parent.ancestorIds.includes(actor.unitId));
}

/** What is wrong with a move, in words; none when it may go ahead. */
export interface UnitRuleProblem {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
}

/** A unit by code, name and level, as the messages name it. */
export interface NamedLevelUnit {
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
}

/**
 * The problem of placing a unit of level `level` under `parent`, or null.
 *
 * @example
 * levelProblem('province', { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province' })?.field; // 'level'
 */
export function levelProblem(level: UnitLevel, parent: NamedLevelUnit): UnitRuleProblem | null {
  if (isLevelBelow(level, parent.level)) return null;
  return {
    field: 'level',
    message: `Cấp "${levelLabel(level, 'vi')}" phải thấp hơn cấp của đơn vị cấp trên ${parent.name} (${levelLabel(parent.level, 'vi')}).`,
    messageEn: `Level "${levelLabel(level, 'en')}" must be below the level of the parent ${parent.name} (${levelLabel(parent.level, 'en')}).`,
  };
}

const LEVEL_WORDS: Readonly<Record<UnitLevel, { vi: string; en: string }>> = Object.freeze({
  central: { vi: 'Trung ương Đoàn', en: 'central' },
  province: { vi: 'Tỉnh, thành Đoàn', en: 'province' },
  affiliated: { vi: 'Đoàn trực thuộc', en: 'affiliated' },
  district: { vi: 'Huyện, quận Đoàn', en: 'district' },
  grassroots: { vi: 'Đoàn cơ sở', en: 'grassroots' },
  branch: { vi: 'Chi đoàn', en: 'branch' },
});
function levelLabel(level: UnitLevel, lang: 'vi' | 'en'): string {
  return LEVEL_WORDS[level][lang];
}

/**
 * The problems of moving `unit` under `parent` (a unit with its strict ancestors): not under
 * itself or one of its own descendants (a cycle), and still below the parent's level. The
 * unit's own level is `level` (the new one when the same change re-levels it).
 *
 * @example
 * moveProblems({ id: 3, code: 'D1', name: 'Huyện Đoàn 1', level: 'district' },
 *   { id: 7, code: 'G1', name: 'Đoàn cơ sở 1', level: 'grassroots', ancestorIds: [3, 2, 1] }).map((p) => p.field); // ['parentCode', 'level']
 */
export function moveProblems(
  unit: NamedLevelUnit & { readonly id: number },
  parent: NamedLevelUnit & UnitPlace,
): UnitRuleProblem[] {
  const problems: UnitRuleProblem[] = [];
  if (parent.id === unit.id || parent.ancestorIds.includes(unit.id)) {
    problems.push({
      field: 'parentCode',
      message: `Không thể chuyển ${unit.name} vào ${parent.id === unit.id ? 'chính nó' : `${parent.name}, một đơn vị trực thuộc của nó`}.`,
      messageEn: `${unit.name} cannot be moved under ${parent.id === unit.id ? 'itself' : `${parent.name}, one of its own subordinate units`}.`,
    });
  }
  const level = levelProblem(unit.level, parent);
  if (level) problems.push(level);
  return problems;
}

/**
 * The last day of a unit closed from `closeFrom` (the first day it no longer exists): the
 * day before, so that `validTo` stays inclusive (isUnitValidOn).
 *
 * @example
 * validToOfCloseFrom('2025-07-01'); // '2025-06-30'
 */
export function validToOfCloseFrom(closeFrom: IsoDate): IsoDate {
  return addDays(closeFrom, -1);
}

/**
 * The problem of closing a unit that opened on `validFrom` from `closeFrom`, or null: it must
 * close after the day it opened (otherwise it would never have existed).
 *
 * @example
 * closeProblem('2023-07-01', '2023-07-01')?.field; // 'closeFrom'
 * closeProblem(null, '2023-07-01'); // null
 */
export function closeProblem(validFrom: IsoDate | null, closeFrom: IsoDate): UnitRuleProblem | null {
  if (validFrom === null || closeFrom > validFrom) return null;
  return {
    field: 'closeFrom',
    message: 'Ngày thôi hoạt động phải sau ngày đơn vị bắt đầu hoạt động.',
    messageEn: 'The closing date must be after the day the unit opened.',
  };
}

/** The fields of a unit a change may touch, as the audit records them. */
export interface UnitFields {
  readonly code: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: UnitLevel;
  readonly tags: readonly string[];
  readonly region: string | null;
  readonly parentCode: string | null;
  readonly validTo: IsoDate | null;
}

const same = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  return a === b;
};

/**
 * The fields that differ between `before` and `after`, old → new (tags compared as sets), in
 * the order of UnitFields; `null` when nothing changed.
 *
 * @example
 * changedUnitFields({ name: 'A', tags: ['x'] }, { name: 'B', tags: ['x'] }); // { old: { name: 'A' }, new: { name: 'B' } }
 */
export function changedUnitFields(
  before: Partial<UnitFields>, after: Partial<UnitFields>,
): { old: Record<string, unknown>; new: Record<string, unknown> } | null {
  const order: (keyof UnitFields)[] = ['code', 'name', 'shortName', 'level', 'tags', 'region', 'parentCode', 'validTo'];
  const old: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of order) {
    if (!(key in after) || after[key] === undefined) continue;
    const was = before[key] ?? null;
    const is = after[key] ?? null;
    if (same(was, is)) continue;
    old[key] = Array.isArray(was) ? [...was] : was;
    now[key] = Array.isArray(is) ? [...is] : is;
  }
  return Object.keys(now).length === 0 ? null : { old, new: now };
}
