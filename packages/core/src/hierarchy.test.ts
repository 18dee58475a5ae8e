import { describe, expect, it } from 'vitest';
import {
  unitsSubject,
  isUnitValidOn,
  UNIT_LEVEL_LABELS,
  UNIT_LEVELS,
  UnitTree,
  validateUnitCode,
  type Unit,
  type UnitLevel,
} from './hierarchy.ts';

function unit(id: number, parentId: number | null, level: UnitLevel = 'grassroots', code = `u${id}`): Unit {
  return { id, code, name: `Đơn vị ${id}`, level, parentId, tags: [], validFrom: null, validTo: null, successorId: null };
}

//        1 (central)
//      /   \
//     2     3        provinces
//    / \     \
//   4   5     6      districts
//   |
//   7                grassroots
//   |
//   8                branch
// 9 is a second root.
const units = [
  unit(1, null, 'central', 'TW'),
  unit(2, 1, 'province', '01'),
  unit(3, 1, 'province', '79'),
  unit(4, 2, 'district'),
  unit(5, 2, 'district'),
  unit(6, 3, 'district'),
  unit(7, 4, 'grassroots'),
  unit(8, 7, 'branch'),
  unit(9, null, 'central'),
];
const tree = UnitTree.build(units);
const ids = (list: readonly Unit[]) => list.map((u) => u.id);

describe('levels', () => {
  it.each([
    ['central', 'Trung ương Đoàn'],
    ['province', 'Tỉnh, thành Đoàn'],
    ['affiliated', 'Đoàn trực thuộc'],
    ['district', 'Huyện, quận Đoàn'],
    ['grassroots', 'Đoàn cơ sở'],
    ['branch', 'Chi đoàn'],
  ] as const)('%s is labelled %s', (level, label) => {
    expect(UNIT_LEVELS).toContain(level);
    expect(UNIT_LEVEL_LABELS[level]).toBe(label);
  });
});

describe('unitsSubject', () => {
  it.each([
    // levels of the units named, Vietnamese, English
    [['province', 'province'], 'tỉnh, thành Đoàn', 'provincial unions'],
    [['affiliated'], 'Đoàn trực thuộc', 'affiliated unions'],
    [['province', 'affiliated', 'province'], 'tỉnh, thành Đoàn và Đoàn trực thuộc', 'provincial and affiliated unions'],
    [['affiliated', 'province'], 'tỉnh, thành Đoàn và Đoàn trực thuộc', 'provincial and affiliated unions'],
    [['district'], 'huyện Đoàn', 'district unions'],
    [['grassroots', 'branch'], 'đơn vị', 'units'],
    [['province', 'district'], 'đơn vị', 'units'],
    [[], 'đơn vị', 'units'],
  ] as const)('%j → %s', (levels, vi, en) => {
    expect(unitsSubject(levels)).toBe(vi);
    expect(unitsSubject(levels, 'en')).toBe(en);
  });
});

describe('isUnitValidOn', () => {
  it.each([
    [null, null, '2023-07-01', true],
    ['2023-01-01', null, '2022-12-31', false],
    ['2023-01-01', null, '2023-01-01', true],
    [null, '2025-06-30', '2025-06-30', true],
    [null, '2025-06-30', '2025-07-01', false],
    ['2020-01-01', '2025-06-30', '2023-07-01', true],
  ])('from %s to %s, on %s: %s', (validFrom, validTo, date, expected) => {
    expect(isUnitValidOn({ validFrom, validTo }, date)).toBe(expected);
  });
});

describe('UnitTree walks', () => {
  it.each([
    [1, [2, 3]],
    [2, [4, 5]],
    [8, []],
    [42, []],
  ])('children(%s) = %j', (id, expected) => {
    expect(ids(UnitTree.children(tree, id))).toEqual(expected);
  });

  it.each([
    [8, [7, 4, 2, 1]],
    [6, [3, 1]],
    [1, []],
    [42, []],
  ])('ancestors(%s) = %j, nearest first', (id, expected) => {
    expect(ids(UnitTree.ancestors(tree, id))).toEqual(expected);
  });

  it.each([
    [1, [2, 4, 7, 8, 5, 3, 6]],
    [2, [4, 7, 8, 5]],
    [3, [6]],
    [8, []],
    [42, []],
  ])('descendants(%s) = %j, pre-order', (id, expected) => {
    expect(ids(UnitTree.descendants(tree, id))).toEqual(expected);
  });

  it.each([
    [1, 8, true],
    [2, 8, true],
    [3, 8, false],
    [8, 8, true],
    [8, 2, false],
    [9, 2, false],
    [1, 42, false],
    [42, 1, false],
  ])('isInSubtree(root %s, unit %s) = %s', (root, id, expected) => {
    expect(UnitTree.isInSubtree(tree, root, id)).toBe(expected);
  });

  it('lists the roots and finds units by id', () => {
    expect(ids(UnitTree.roots(tree))).toEqual([1, 9]);
    expect(UnitTree.get(tree, 2)?.code).toBe('01');
    expect(UnitTree.get(tree, 42)).toBeUndefined();
  });

  it('holds frozen copies of the units', () => {
    const u = UnitTree.get(tree, 2);
    expect(Object.isFrozen(u)).toBe(true);
    expect(Object.isFrozen(u?.tags)).toBe(true);
    expect(Object.isFrozen(UnitTree.children(tree, 1))).toBe(true);
  });

  it('walks a deep chain without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => unit(i + 1, i === 0 ? null : i));
    const deep = UnitTree.build(chain);
    expect(UnitTree.descendants(deep, 1)).toHaveLength(19_999);
    expect(UnitTree.ancestors(deep, 20_000)).toHaveLength(19_999);
  });
});

describe('UnitTree.build refusals', () => {
  it.each([
    ['a unit that is its own parent', [unit(1, 1)], 'parentId'],
    ['a cycle of three', [unit(1, null), unit(2, 4), unit(3, 2), unit(4, 3)], 'parentId'],
    ['an unknown parent', [unit(1, null), unit(2, 7)], 'parentId'],
    ['a duplicate id', [unit(1, null), unit(1, null)], 'id'],
  ])('refuses %s', (_, list, field) => {
    expect(() => UnitTree.build(list)).toThrow(
      expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field }) }),
    );
  });

  it('accepts an empty list', () => {
    expect(UnitTree.roots(UnitTree.build([]))).toEqual([]);
  });
});

describe('validateUnitCode', () => {
  it.each([['01'], ['TW'], ['ha-noi'], ['doan_ct.01'], ['a'], ['x'.repeat(32)]])('accepts %j', (code) => {
    expect(() => validateUnitCode(code)).not.toThrow();
  });

  it.each([[''], ['x'.repeat(33)], ['Hà Nội'], ['01 '], ['a/b'], ['hà-nội']])('refuses %j', (code) => {
    expect(() => validateUnitCode(code)).toThrow(
      expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'code' }) }),
    );
  });
});
