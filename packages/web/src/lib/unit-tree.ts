/**
 * The units page's list: a subtree (as GET /units/:code/tree sends it, each unit with its
 * parent's code) laid out depth first, children in code order, each with its depth; and the
 * search over it, as the server's unit search reads a query: every word of it (any case,
 * diacritics or not) in the name, short name or code, or the code starting with it.
 */
import { UNIT_LEVELS, foldForSearch, matchesSearch, type UnitLevel } from '@giaoban/core';

export interface TreeUnit {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly level: UnitLevel;
  readonly shortName?: string | null | undefined;
}

export interface TreeRow<U extends TreeUnit> {
  readonly unit: U;
  /** 0 for the root of the page, 1 for its children, … */
  readonly depth: number;
}

/**
 * The units depth first from `root` (a unit whose parent is not in the list counts as a root
 * too, so nothing sent is lost), children ordered by code.
 *
 * @example
 * layOutTree([{ code: '01', parentCode: 'TW', … }, { code: '01.A', parentCode: '01', … }], '01');
 * // [{ unit: 01, depth: 0 }, { unit: 01.A, depth: 1 }]
 */
export function layOutTree<U extends TreeUnit>(units: readonly U[], root: string): TreeRow<U>[] {
  const codes = new Set(units.map((u) => u.code));
  const children = new Map<string | null, U[]>();
  for (const unit of units) {
    const parent = unit.code === root || unit.parentCode === null || !codes.has(unit.parentCode) ? null : unit.parentCode;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  const byCode = (a: U, b: U) => (a.code === root ? -1 : b.code === root ? 1 : a.code.localeCompare(b.code, 'en', { numeric: true }));
  const rows: TreeRow<U>[] = [];
  const seen = new Set<string>();
  const walk = (unit: U, depth: number) => {
    if (seen.has(unit.code)) return;
    seen.add(unit.code);
    rows.push({ unit, depth });
    for (const child of [...(children.get(unit.code) ?? [])].sort(byCode)) walk(child, depth + 1);
  };
  for (const top of [...(children.get(null) ?? [])].sort(byCode)) walk(top, 0);
  return rows;
}

/**
 * Whether a unit answers the query: every word in its name, short name or code (folded), or
 * its code starting with the query. An empty query takes every unit.
 *
 * @example
 * unitMatches({ code: '10', name: 'Tỉnh Đoàn Lào Cai', … }, 'lao cai'); // true
 */
export function unitMatches(unit: TreeUnit, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (foldForSearch(unit.code).startsWith(foldForSearch(q))) return true;
  return matchesSearch(`${unit.name} ${unit.shortName ?? ''} ${unit.code}`, q);
}

/**
 * The levels a child of a unit at `parent` may have: those below it (UNIT_LEVELS order);
 * every level but the central one when the parent is not known.
 *
 * @example
 * levelsBelow('province'); // ['affiliated', 'district', 'grassroots', 'branch']
 */
export function levelsBelow(parent: UnitLevel | null): UnitLevel[] {
  if (parent === null) return UNIT_LEVELS.filter((l) => l !== 'central');
  return UNIT_LEVELS.slice(UNIT_LEVELS.indexOf(parent) + 1);
}
