import { describe, expect, it } from 'vitest';
import { layOutTree, levelsBelow, unitMatches, type TreeUnit } from './unit-tree.ts';

const unit = (code: string, parentCode: string | null, name = code, level: TreeUnit['level'] = 'grassroots'): TreeUnit =>
  ({ code, parentCode, name, level });

describe('layOutTree', () => {
  it.each([
    {
      what: 'the root first, then depth first, children in code order (numbers as numbers)',
      units: [unit('01.10', '01'), unit('01.2', '01'), unit('01', 'TW', 'Hà Nội', 'province'), unit('01.2.1', '01.2')],
      root: '01',
      rows: [['01', 0], ['01.2', 1], ['01.2.1', 2], ['01.10', 1]],
    },
    {
      what: 'a unit whose parent is not listed stands at the top (nothing is lost)',
      units: [unit('01', 'TW'), unit('X', 'ZZ'), unit('01.1', '01')],
      root: '01',
      rows: [['01', 0], ['01.1', 1], ['X', 0]],
    },
    { what: 'an empty subtree', units: [], root: '01', rows: [] },
  ])('$what', ({ units, root, rows }) => {
    expect(layOutTree(units, root).map((r) => [r.unit.code, r.depth])).toEqual(rows);
  });
});

describe('unitMatches', () => {
  const laoCai = { code: '10', name: 'Tỉnh Đoàn Lào Cai', parentCode: 'TW', level: 'province' as const, shortName: 'Lào Cai' };
  it.each([
    ['', true],
    ['lao cai', true],
    ['LÀO CAI', true],
    ['cai lao', true],
    ['10', true],
    ['1', true],
    ['lao ha', false],
    ['02', false],
  ])('"%s" → %s', (query, expected) => {
    expect(unitMatches(laoCai, query)).toBe(expected);
  });
});

describe('levelsBelow', () => {
  it.each([
    ['central', ['province', 'affiliated', 'district', 'grassroots', 'branch']],
    ['province', ['affiliated', 'district', 'grassroots', 'branch']],
    ['grassroots', ['branch']],
    ['branch', []],
    [null, ['province', 'affiliated', 'district', 'grassroots', 'branch']],
  ] as const)('%s → %j', (parent, levels) => {
    expect(levelsBelow(parent)).toEqual(levels);
  });
});
