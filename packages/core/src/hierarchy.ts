import { ValidationError } from './errors.ts';
import type { IsoDate } from './period.ts';

/**
 * The levels of the hierarchy, from the root down (DESIGN.md glossary).
 *
 * @example
 * UNIT_LEVELS.indexOf('district'); // 3
 */
export const UNIT_LEVELS = ['central', 'province', 'affiliated', 'district', 'grassroots', 'branch'] as const;

/**
 * One level of the hierarchy.
 *
 * @example
 * const level: UnitLevel = 'province';
 */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * The Vietnamese name of each level.
 *
 * @example
 * UNIT_LEVEL_LABELS.grassroots; // 'Đoàn cơ sở'
 */
export const UNIT_LEVEL_LABELS: Readonly<Record<UnitLevel, string>> = Object.freeze({
  central: 'Trung ương Đoàn',
  province: 'Tỉnh, thành Đoàn',
  affiliated: 'Đoàn trực thuộc',
  district: 'Huyện, quận Đoàn',
  grassroots: 'Đoàn cơ sở',
  branch: 'Chi đoàn',
});

// How the notices name the units of a level inside a sentence ("một số huyện Đoàn …").
const SUBJECTS: Readonly<Record<UnitLevel, { readonly vi: string; readonly en: string }>> = Object.freeze({
  central: { vi: 'đơn vị', en: 'units' },
  province: { vi: 'tỉnh, thành Đoàn', en: 'provincial unions' },
  affiliated: { vi: 'Đoàn trực thuộc', en: 'affiliated unions' },
  district: { vi: 'huyện Đoàn', en: 'district unions' },
  grassroots: { vi: 'cơ sở Đoàn', en: 'grassroots unions' },
  branch: { vi: 'chi Đoàn', en: 'branches' },
});

/**
 * How a sentence names a set of units by their levels, as the notices do: one level by its
 * name ("tỉnh, thành Đoàn"); provinces with affiliated unions, the centre's children, as
 * "tỉnh, thành Đoàn và Đoàn trực thuộc"; any other mix (or none) plainly "đơn vị".
 *
 * @example
 * unitsSubject(['province', 'affiliated', 'province']); // 'tỉnh, thành Đoàn và Đoàn trực thuộc'
 */
export function unitsSubject(levels: readonly UnitLevel[], lang: 'vi' | 'en' = 'vi'): string {
  const distinct = [...new Set(levels)];
  if (distinct.length === 1) return SUBJECTS[distinct[0]!][lang];
  if (distinct.length === 2 && distinct.includes('province') && distinct.includes('affiliated')) {
    return lang === 'vi' ? 'tỉnh, thành Đoàn và Đoàn trực thuộc' : 'provincial and affiliated unions';
  }
  return SUBJECTS.central[lang];
}

/**
 * A node of the hierarchy (cấp bộ Đoàn). Units change over time: `validFrom`/`validTo`
 * bound its life and `successorId` names the unit it was merged into.
 *
 * @example
 * const hanoi: Unit = { id: 2, code: '01', name: 'Thành Đoàn Hà Nội', level: 'province', parentId: 1,
 *   tags: ['urban'], validFrom: null, validTo: null, successorId: null };
 */
export interface Unit {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly parentId: number | null;
  readonly tags: readonly string[];
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  readonly successorId: number | null;
}

/**
 * Whether a unit exists on `date`; both bounds are inclusive and null means open.
 *
 * @example
 * isUnitValidOn({ validFrom: null, validTo: '2025-06-30' }, '2025-07-01'); // false
 */
export function isUnitValidOn(u: Pick<Unit, 'validFrom' | 'validTo'>, date: IsoDate): boolean {
  // ISO dates order as strings.
  return (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo);
}

/**
 * An indexed, acyclic set of units. Children keep the order the units were given in.
 *
 * @example
 * const tree: UnitTree = UnitTree.build(units);
 */
export interface UnitTree {
  readonly byId: ReadonlyMap<number, Unit>;
  /** Children by parent id; the roots are under `null`. */
  readonly childrenByParent: ReadonlyMap<number | null, readonly Unit[]>;
}

const NONE: readonly Unit[] = Object.freeze([]);

function build(units: readonly Unit[]): UnitTree {
  const byId = new Map<number, Unit>();
  for (const u of units) {
    if (byId.has(u.id)) {
      throw new ValidationError('id', `Đơn vị số ${u.id} bị trùng.`, `Unit id ${u.id} appears twice.`, { id: u.id });
    }
    byId.set(u.id, Object.freeze({ ...u, tags: Object.freeze([...u.tags]) }));
  }
  const childrenByParent = new Map<number | null, Unit[]>();
  for (const u of byId.values()) {
    if (u.parentId !== null && !byId.has(u.parentId)) {
      throw new ValidationError(
        'parentId',
        `Đơn vị "${u.code}" trỏ tới đơn vị cấp trên số ${u.parentId} không tồn tại.`,
        `Unit "${u.code}" points to a parent ${u.parentId} that does not exist.`,
        { id: u.id, parentId: u.parentId },
      );
    }
    const siblings = childrenByParent.get(u.parentId) ?? [];
    siblings.push(u);
    childrenByParent.set(u.parentId, siblings);
  }
  checkAcyclic(byId);
  for (const siblings of childrenByParent.values()) Object.freeze(siblings);
  return Object.freeze({ byId, childrenByParent });
}

function checkAcyclic(byId: ReadonlyMap<number, Unit>): void {
  const settled = new Set<number>(); // units known to lead up to a root
  for (const start of byId.values()) {
    const path = new Set<number>();
    let u: Unit | undefined = start;
    while (u && !settled.has(u.id)) {
      if (path.has(u.id)) {
        throw new ValidationError(
          'parentId',
          `Đơn vị "${u.code}" nằm trong một vòng lặp cấp trên – cấp dưới.`,
          `Unit "${u.code}" is part of a parent cycle.`,
          { id: u.id, cycle: [...path] },
        );
      }
      path.add(u.id);
      u = u.parentId === null ? undefined : byId.get(u.parentId);
    }
    for (const id of path) settled.add(id);
  }
}

function children(t: UnitTree, id: number): readonly Unit[] {
  return t.childrenByParent.get(id) ?? NONE;
}

function parentOf(t: UnitTree, u: Unit | undefined): Unit | undefined {
  return u?.parentId == null ? undefined : t.byId.get(u.parentId);
}

function ancestors(t: UnitTree, id: number): readonly Unit[] {
  const out: Unit[] = [];
  for (let u = parentOf(t, t.byId.get(id)); u; u = parentOf(t, u)) out.push(u);
  return Object.freeze(out);
}

function isInSubtree(t: UnitTree, rootId: number, unitId: number): boolean {
  for (let u = t.byId.get(unitId); u; u = parentOf(t, u)) {
    if (u.id === rootId) return true;
  }
  return false;
}

function descendants(t: UnitTree, id: number): readonly Unit[] {
  const out: Unit[] = [];
  // Explicit stack: a deep hierarchy must not exhaust the call stack. Pre-order, children in order.
  const stack = [...children(t, id)].reverse();
  for (let u = stack.pop(); u; u = stack.pop()) {
    out.push(u);
    const below = children(t, u.id);
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i] as Unit);
  }
  return Object.freeze(out);
}

/**
 * Companion of `UnitTree`: builds the index and walks it. Lookups of unknown ids give
 * `undefined`, empty lists or `false`.
 *
 * @example
 * const tree = UnitTree.build(units);
 * UnitTree.ancestors(tree, branchId).map((u) => u.code); // nearest first
 */
export const UnitTree = Object.freeze({
  /** Indexes units; throws ValidationError on a duplicate id, an unknown parent or a cycle. */
  build,
  get: (t: UnitTree, id: number): Unit | undefined => t.byId.get(id),
  children,
  /** Nearest first, without the unit itself. */
  ancestors,
  /** True for `rootId` itself. */
  isInSubtree,
  /** Every unit below `id`, pre-order, without the unit itself. */
  descendants,
  roots: (t: UnitTree): readonly Unit[] => t.childrenByParent.get(null) ?? NONE,
});

/**
 * Codes are 1–32 characters of letters, digits, '_', '.' and '-': they appear in URLs,
 * file names and field paths.
 *
 * @example
 * CODE_PATTERN.test('tuyen-pho'); // true
 */
export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * Checks a unit code; throws ValidationError('code', …) when it does not match `CODE_PATTERN`.
 *
 * @example
 * validateUnitCode('01'); // ok
 */
export function validateUnitCode(code: string): void {
  if (!CODE_PATTERN.test(code)) {
    throw new ValidationError(
      'code',
      `Mã đơn vị "${code}" không hợp lệ: cần từ 1 đến 32 ký tự gồm chữ cái không dấu, chữ số, dấu gạch dưới, dấu chấm hoặc dấu gạch ngang.`,
      `Invalid unit code "${code}": use 1 to 32 letters without diacritics, digits, '_', '.' or '-'.`,
      { value: code },
    );
  }
}
