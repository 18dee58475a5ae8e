import { describe, expect, it } from 'vitest';
import type { UnitLevel } from './hierarchy.ts';
import {
  changedUnitFields, closeProblem, isLevelBelow, isUnitLevel, levelProblem, mayCreateUnder, mayManageUnit, moveProblems, validToOfCloseFrom,
  type UnitManager,
} from './unit-admin.ts';

//   1 TW (central)
//   ├── 2 Hà Nội (province)
//   │    └── 4 Ba Đình (district)
//   │         └── 7 Đoàn cơ sở (grassroots)
//   └── 3 Lào Cai (province)
const ancestors: Record<number, number[]> = { 1: [], 2: [1], 3: [1], 4: [2, 1], 7: [4, 2, 1] };
const place = (id: number) => ({ id, ancestorIds: ancestors[id]! });

describe('isLevelBelow', () => {
  it.each([
    // child, parent, below?
    ['province', 'central', true],
    ['affiliated', 'central', true],
    ['district', 'province', true],
    ['grassroots', 'province', true], // a level skipped
    ['branch', 'grassroots', true],
    ['branch', 'central', true],
    ['province', 'province', false],
    ['affiliated', 'province', false], // both the provincial level
    ['province', 'affiliated', false],
    ['district', 'affiliated', true],
    ['central', 'province', false],
    ['district', 'grassroots', false],
  ] as const)('%s under %s → %s', (child, parent, expected) => {
    expect(isLevelBelow(child, parent)).toBe(expected);
  });

  it('knows the level codes only', () => {
    expect(['district', 'grassroots', 'Đoàn cơ sở', 'commune', ''].map(isUnitLevel)).toEqual([true, true, false, false, false]);
  });
});

describe('mayManageUnit / mayCreateUnder', () => {
  const hanoiManager: UnitManager = { role: 'manager', unitId: 2, unitIsRoot: false };
  const centralAdmin: UnitManager = { role: 'admin', unitId: 1, unitIsRoot: true };
  const centralSteering: UnitManager = { role: 'steering', unitId: 1, unitIsRoot: true };
  const hanoiReporter: UnitManager = { role: 'reporter', unitId: 2, unitIsRoot: false };
  const hanoiAdmin: UnitManager = { role: 'admin', unitId: 2, unitIsRoot: false };
  it.each([
    // who, unit, manage?, create under?
    ['Hà Nội manager', hanoiManager, 4, true, true],
    ['Hà Nội manager', hanoiManager, 7, true, true],
    ['Hà Nội manager', hanoiManager, 2, false, true], // own unit: only creates under it
    ['Hà Nội manager', hanoiManager, 3, false, false], // another province
    ['Hà Nội manager', hanoiManager, 1, false, false], // above
    ['central admin', centralAdmin, 1, true, true], // the central unit's admin also its own
    ['central admin', centralAdmin, 7, true, true],
    ['central steering', centralSteering, 1, false, true],
    ['central steering', centralSteering, 3, true, true],
    ['Hà Nội admin', hanoiAdmin, 2, false, true], // not a root: own unit stays out
    ['Hà Nội reporter', hanoiReporter, 4, false, false],
  ] as const)('%s, unit %i → manage %s, create under %s', (_who, actor, unitId, manage, createUnder) => {
    expect(mayManageUnit(actor, place(unitId))).toBe(manage);
    expect(mayCreateUnder(actor, place(unitId))).toBe(createUnder);
  });
});

describe('moveProblems', () => {
  const u = (id: number, level: UnitLevel, name: string) => ({ id, code: `u${id}`, name, level, ancestorIds: ancestors[id]! });
  const district = u(4, 'district', 'Quận Đoàn Ba Đình');
  it.each([
    // unit, new parent, fields of the problems
    ['district to another province', district, u(3, 'province', 'Tỉnh Đoàn Lào Cai'), []],
    ['district under the centre', district, u(1, 'central', 'Trung ương Đoàn'), []],
    ['district under itself', district, u(4, 'district', 'Quận Đoàn Ba Đình'), ['parentCode', 'level']],
    ['district under its own grassroots unit', district, u(7, 'grassroots', 'Đoàn cơ sở'), ['parentCode', 'level']],
    ['grassroots unit under a grassroots unit', u(7, 'grassroots', 'Đoàn cơ sở'), { id: 9, code: 'u9', name: 'Đoàn cơ sở khác', level: 'grassroots' as const, ancestorIds: [3, 1] }, ['level']],
    ['province under a province', u(3, 'province', 'Tỉnh Đoàn Lào Cai'), u(2, 'province', 'Thành Đoàn Hà Nội'), ['level']],
  ] as const)('%s → %j', (_case, unit, parent, fields) => {
    expect(moveProblems(unit, parent).map((p) => p.field)).toEqual(fields);
  });

  it('names the cycle and the levels in words', () => {
    const [cycle, level] = moveProblems(district, u(7, 'grassroots', 'Đoàn cơ sở Phúc Xá'));
    expect(cycle?.message).toBe('Không thể chuyển Quận Đoàn Ba Đình vào Đoàn cơ sở Phúc Xá, một đơn vị trực thuộc của nó.');
    expect(level?.message).toBe('Cấp "Huyện, quận Đoàn" phải thấp hơn cấp của đơn vị cấp trên Đoàn cơ sở Phúc Xá (Đoàn cơ sở).');
    expect(level?.messageEn).toBe('Level "district" must be below the level of the parent Đoàn cơ sở Phúc Xá (grassroots).');
    expect(levelProblem('grassroots', { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province' })).toBeNull();
  });
});

describe('closing from a date', () => {
  it.each([
    // close from, last day
    ['2025-07-01', '2025-06-30'],
    ['2024-03-01', '2024-02-29'], // leap year
    ['2023-03-01', '2023-02-28'],
    ['2026-01-01', '2025-12-31'],
  ])('from %s → valid to %s', (from, to) => {
    expect(validToOfCloseFrom(from)).toBe(to);
  });

  it.each([
    // opened, close from, problem?
    [null, '2023-07-01', false],
    ['2023-06-30', '2023-07-01', false], // existed one day
    ['2023-07-01', '2023-07-01', true], // would never have existed
    ['2023-07-02', '2023-07-01', true],
  ] as const)('opened %s, closed from %s → problem %s', (validFrom, closeFrom, problem) => {
    expect(closeProblem(validFrom, closeFrom) !== null).toBe(problem);
  });
});

describe('changedUnitFields', () => {
  const before = { code: '01-A', name: 'Đoàn cơ sở A', shortName: null, level: 'grassroots' as const, tags: ['urban', 'school'], region: null, parentCode: '01', validTo: null };
  it.each([
    ['nothing', {}, null],
    ['the same values', { name: 'Đoàn cơ sở A', tags: ['school', 'urban'], shortName: null }, null],
    ['a rename', { name: 'Đoàn cơ sở Á' }, { old: { name: 'Đoàn cơ sở A' }, new: { name: 'Đoàn cơ sở Á' } }],
    ['a short name set', { shortName: 'ĐCS A' }, { old: { shortName: null }, new: { shortName: 'ĐCS A' } }],
    ['tags changed', { tags: ['urban'] }, { old: { tags: ['urban', 'school'] }, new: { tags: ['urban'] } }],
    ['closed and moved', { validTo: '2025-06-30', parentCode: '02' }, { old: { parentCode: '01', validTo: null }, new: { parentCode: '02', validTo: '2025-06-30' } }],
    ['re-coded and re-levelled', { code: '01-B', level: 'branch' as const }, { old: { code: '01-A', level: 'grassroots' }, new: { code: '01-B', level: 'branch' } }],
    ['undefined is not a change', { name: undefined, region: undefined }, null],
  ] as const)('%s', (_case, after, expected) => {
    expect(changedUnitFields(before, after)).toEqual(expected);
  });
});
