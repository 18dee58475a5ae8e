import { describe, expect, it } from 'vitest';
import { FieldProblemsError } from './errors.ts';
import { describePlan, inheritedTargets, reorganisationFromProvinces, unionNameOf, planReorganisation, regroupAsOf, regroupFigures, retiredCode, type OrgUnit, type Reorganisation } from './reorganisation.ts';

// TW ─┬─ 02 Hà Giang ── 02-A (district) ── 02-A1 (grassroots)
//     ├─ 08 Tuyên Quang ─┬─ 08-A (district) ─┬─ 08-A1, 08-A2 (grassroots)
//     │                  └─ 08-B (district)
//     ├─ 01 Hà Nội ── 01-A (district) ── 01-A1 (grassroots)
//     └─ 99 (closed on 31/12/2024)
const u = (code: string, level: OrgUnit['level'], parentCode: string | null, validTo: string | null = null): OrgUnit =>
  ({ code, name: `Đơn vị ${code}`, level, parentCode, validFrom: null, validTo });
const TREE: OrgUnit[] = [
  u('TW', 'central', null),
  u('02', 'province', 'TW'), u('02-A', 'district', '02'), u('02-A1', 'grassroots', '02-A'),
  u('08', 'province', 'TW'), u('08-A', 'district', '08'), u('08-A1', 'grassroots', '08-A'), u('08-A2', 'grassroots', '08-A'), u('08-B', 'district', '08'),
  u('01', 'province', 'TW'), u('01-A', 'district', '01'), u('01-A1', 'grassroots', '01-A'),
  u('99', 'province', 'TW', '2024-12-31'),
];
const plan = (steps: Reorganisation['steps'], date = '2025-07-01') => planReorganisation(TREE, { date, name: 'Sắp xếp 2025', steps });
const problemsOf = (steps: Reorganisation['steps']) => {
  try {
    plan(steps);
  } catch (error) {
    if (error instanceof FieldProblemsError) return error.fields.map((f) => [f.field, f.message]);
    throw error;
  }
  return [];
};

describe('retiredCode', () => {
  it.each([
    ['24', '2025-06-30', [], '24.2025'],
    ['01-A', '2024-12-31', [], '01-A.2024'],
    ['24', '2025-06-30', ['24.2025'], '24.2025-2'],
    ['24', '2025-06-30', ['24.2025', '24.2025-2'], '24.2025-3'],
  ])('%s closed on %s with %j taken → %s', (code, closeOn, taken, expected) => expect(retiredCode(code, closeOn, (c) => taken.includes(c))).toBe(expected));

  it('re-keys a second time in one year with a suffix, and refuses to move or close a unit from the day it opened', () => {
    const later: OrgUnit[] = [...TREE.filter((x) => x.code !== '01-A1'), { ...u('01-A1', 'grassroots', '01-A'), validFrom: '2025-07-01' }, u('01-A1.2025', 'grassroots', '01-A', '2025-06-30')];
    const p = planReorganisation(later, { date: '2025-09-01', name: 'Lần hai', steps: [{ kind: 'move', unit: '01-A1', to: '01' }] });
    expect(p.versions).toEqual([{ code: '01-A1', retiredAs: '01-A1.2025-2', parentCode: '01', depth: 2 }]);
    expect(() => planReorganisation(later, { date: '2025-07-01', name: 'Cùng ngày', steps: [{ kind: 'move', unit: '01-A1', to: '01' }] }))
      .toThrow(FieldProblemsError);
  });
});

describe('planReorganisation', () => {
  it.each([
    // predecessors' groups and regions → the new unit's, unless the step names them
    [[['urban', 'school'], 'Bắc'], [['urban'], 'Nam'], undefined, ['urban'], 'Bắc'],
    [[['urban'], 'Bắc'], [[], 'Bắc'], undefined, [], 'Bắc'],
    [[[], null], [['rural'], 'Nam'], undefined, [], null],
    [[['urban'], 'Bắc'], [['urban'], 'Bắc'], { tags: ['rural'], region: null }, ['rural'], null],
  ] as const)('a merge of %j and %j (told %j) opens a unit with groups %j and region %j', (first, second, told, tags, region) => {
    const tree = TREE.map((x) => (x.code === '08' ? { ...x, tags: first[0], region: first[1] } : x.code === '02' ? { ...x, tags: second[0], region: second[1] } : x));
    const p = planReorganisation(tree, { date: '2025-07-01', name: 'Sắp xếp 2025', steps: [{ kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang', ...told } }] });
    expect(p.open[0]).toMatchObject({ tags, region });
  });

  it('merges two provinces into a new one that keeps one code: both close the day before, the kept code is re-keyed, children and accounts move', () => {
    const p = plan([{ kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } }]);
    expect(p.closeOn).toBe('2025-06-30');
    expect(p.rekeys).toEqual([{ from: '08', to: '08.2025' }]);
    expect(p.open).toEqual([{ code: '08', name: 'Tỉnh Đoàn Tuyên Quang', level: 'province', parentCode: 'TW', shortName: null, tags: [], region: null }]);
    expect(p.close).toEqual(['08.2025', '02']);
    // The districts of both move to the new unit; their grassroots units stay under them.
    expect(p.moves).toEqual([
      { code: '08-A', from: '08.2025', to: '08' },
      { code: '08-B', from: '08.2025', to: '08' },
      { code: '02-A', from: '02', to: '08' },
    ]);
    // Every unit below them now has another line of ancestors: each is continued by a new
    // version under the new line (parents first), its old one keeps the past.
    const v = (code: string, parentCode: string, depth: number) => ({ code, retiredAs: `${code}.2025`, parentCode, depth });
    expect(p.versions).toEqual([v('02-A', '08', 2), v('08-A', '08', 2), v('08-B', '08', 2), v('02-A1', '02-A', 3), v('08-A1', '08-A', 3), v('08-A2', '08-A', 3)]);
    expect(p.successions).toEqual([
      { predecessor: '08.2025', successor: '08', primary: true },
      { predecessor: '02', successor: '08', primary: true },
      ...['02-A', '08-A', '08-B', '02-A1', '08-A1', '08-A2'].map((c) => ({ predecessor: `${c}.2025`, successor: c, primary: true })),
    ]);
    expect(p.accounts).toEqual([
      { unit: '08.2025', action: 'move', to: '08' },
      { unit: '02', action: 'move', to: '08' },
      ...['02-A', '08-A', '08-B', '02-A1', '08-A1', '08-A2'].map((c) => ({ unit: `${c}.2025`, action: 'move', to: c })),
    ]);
  });

  it('leaves the units whose line of ancestors does not change as they are (Hà Nội and its subtree)', () => {
    const p = plan([{ kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } }]);
    expect(p.versions.map((x) => x.code).filter((c) => c.startsWith('01'))).toEqual([]);
  });

  it('merges into a new code without re-keying, and closes the accounts when told', () => {
    const p = plan([{ kind: 'merge', from: ['02', '08'], into: { code: 'TQ', name: 'Tỉnh Đoàn Tuyên Quang' }, accounts: 'close' }]);
    expect(p.rekeys).toEqual([]);
    expect(p.close).toEqual(['02', '08']);
    expect(p.accounts.slice(0, 2)).toEqual([{ unit: '02', action: 'close' }, { unit: '08', action: 'close' }]);
    // The units below them keep their accounts: they move to their new versions.
    expect(p.accounts.slice(2).every((a) => a.action === 'move')).toBe(true);
  });

  it('abolishes the district level: districts close, their children move to the province, each district regroups into its province', () => {
    const p = plan([{ kind: 'abolish-level', level: 'district' }]);
    expect(p.open).toEqual([]);
    expect(p.close).toEqual(['02-A', '08-A', '08-B', '01-A']);
    expect(p.moves).toEqual([
      { code: '02-A1', from: '02-A', to: '02' },
      { code: '08-A1', from: '08-A', to: '08' },
      { code: '08-A2', from: '08-A', to: '08' },
      { code: '01-A1', from: '01-A', to: '01' },
    ]);
    expect(p.versions.map((x) => [x.code, x.parentCode])).toEqual([['02-A1', '02'], ['08-A1', '08'], ['08-A2', '08'], ['01-A1', '01']]);
    expect(p.successions.map((s) => `${s.predecessor}→${s.successor}`)).toEqual([
      '02-A→02', '08-A→08', '08-B→08', '01-A→01', '02-A1.2025→02-A1', '08-A1.2025→08-A1', '08-A2.2025→08-A2', '01-A1.2025→01-A1',
    ]);
    expect(p.accounts).toEqual([
      { unit: '02-A', action: 'close' }, { unit: '08-A', action: 'close' }, { unit: '08-B', action: 'close' }, { unit: '01-A', action: 'close' },
      { unit: '02-A1.2025', action: 'move', to: '02-A1' }, { unit: '08-A1.2025', action: 'move', to: '08-A1' },
      { unit: '08-A2.2025', action: 'move', to: '08-A2' }, { unit: '01-A1.2025', action: 'move', to: '01-A1' },
    ]);
  });

  it('applies steps in order: the merge, then the abolition sees the merged province (the 2025 shape)', () => {
    const p = plan([
      { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } },
      { kind: 'abolish-level', level: 'district' },
    ]);
    // 08-A moved to the new 08 in step 1; step 2 closes it and moves its grassroots units to the new 08.
    expect(p.moves).toEqual([
      { code: '08-A', from: '08.2025', to: '08' },
      { code: '08-B', from: '08.2025', to: '08' },
      { code: '02-A', from: '02', to: '08' },
      { code: '02-A1', from: '02-A', to: '08' },
      { code: '08-A1', from: '08-A', to: '08' },
      { code: '08-A2', from: '08-A', to: '08' },
      { code: '01-A1', from: '01-A', to: '01' },
    ]);
    expect(p.close).toEqual(['08.2025', '02', '02-A', '08-A', '08-B', '01-A']);
  });

  it('abolishes a level under one unit only', () => {
    const p = plan([{ kind: 'abolish-level', level: 'district', under: '01' }]);
    expect(p.close).toEqual(['01-A']);
    expect(p.moves).toEqual([{ code: '01-A1', from: '01-A', to: '01' }]);
  });

  it('splits a district: children go where told, the rest to the first new unit, which is the primary successor', () => {
    const p = plan([{
      kind: 'split', from: '08-A', into: [{ code: '08-A', name: 'Huyện Đoàn A mới' }, { code: '08-C', name: 'Huyện Đoàn C' }], children: { '08-A2': '08-C' },
    }]);
    expect(p.rekeys).toEqual([{ from: '08-A', to: '08-A.2025' }]);
    expect(p.open.map((o) => [o.code, o.parentCode, o.level])).toEqual([['08-A', '08', 'district'], ['08-C', '08', 'district']]);
    expect(p.moves).toEqual([
      { code: '08-A1', from: '08-A.2025', to: '08-A' },
      { code: '08-A2', from: '08-A.2025', to: '08-C' },
    ]);
    expect(p.versions.map((x) => [x.code, x.parentCode])).toEqual([['08-A1', '08-A'], ['08-A2', '08-C']]);
    expect(p.successions.slice(0, 2)).toEqual([
      { predecessor: '08-A.2025', successor: '08-A', primary: true },
      { predecessor: '08-A.2025', successor: '08-C', primary: false },
    ]);
  });

  it('renames and moves a unit that stays itself; an earlier rename follows the unit when a later merge re-keys it', () => {
    const p = plan([
      { kind: 'rename', unit: '08', name: 'Tỉnh Đoàn Tuyên Quang (mới)' },
      { kind: 'move', unit: '01-A1', to: '01' },
      { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } },
    ]);
    expect(p.renames).toEqual([{ code: '08.2025', from: 'Đơn vị 08', to: 'Tỉnh Đoàn Tuyên Quang (mới)' }]);
    expect(p.moves[0]).toEqual({ code: '01-A1', from: '01-A', to: '01' });
  });

  it.each<[string, Reorganisation['steps'], [string, string][]]>([
    ['an unknown unit', [{ kind: 'merge', from: ['02', '77'], into: { code: 'X', name: 'X' } }],
      [['steps.0.from.1', 'Không có đơn vị mã "77".']]],
    ['a unit already closed', [{ kind: 'merge', from: ['02', '99'], into: { code: 'X', name: 'X' } }],
      [['steps.0.from.1', 'Đơn vị Đơn vị 99 (99) không còn hoạt động vào ngày hiệu lực.']]],
    ['one unit', [{ kind: 'merge', from: ['02'], into: { code: 'X', name: 'X' } }],
      [['steps.0.from', 'Hợp nhất cần ít nhất hai đơn vị.']]],
    ['units of two levels', [{ kind: 'merge', from: ['02', '08-A'], into: { code: 'X', name: 'X' } }],
      [['steps.0.from', 'Các đơn vị hợp nhất phải cùng cấp.']]],
    ['a code another unit holds', [{ kind: 'merge', from: ['02', '08'], into: { code: '01', name: 'X' } }],
      [['steps.0.into.code', 'Mã đơn vị "01" đã được dùng.']]],
    ['a new unit without a name', [{ kind: 'merge', from: ['02', '08'], into: { code: 'X', name: ' ' } }],
      [['steps.0.into.name', 'Tên đơn vị mới không được để trống.']]],
    ['a unit reorganised twice', [
      { kind: 'merge', from: ['02', '08'], into: { code: 'X', name: 'X' } },
      { kind: 'merge', from: ['X', '01'], into: { code: 'Y', name: 'Y' } },
    ], [['steps.1.from.0', 'Đơn vị X (X) đã được sắp xếp ở bước 1.']]],
    ['a move under its own subtree', [{ kind: 'move', unit: '08', to: '08-A' }],
      [['steps.0.to', 'Không thể chuyển Đơn vị 08 vào chính nó hoặc một đơn vị cấp dưới của nó.']]],
    ['a move under a lower level', [{ kind: 'move', unit: '01-A', to: '08-A' }],
      [['steps.0.to', 'Đơn vị 08-A phải ở cấp cao hơn Đơn vị 01-A.']]],
    ['a split child that is not below it', [{ kind: 'split', from: '08-A', into: [{ code: 'P', name: 'P' }, { code: 'Q', name: 'Q' }], children: { '01-A1': 'Q' } }],
      [['steps.0.children.01-A1', 'Đơn vị "01-A1" không trực thuộc Đơn vị 08-A.']]],
    ['the central level', [{ kind: 'abolish-level', level: 'central' }], [['steps.0.level', 'Không thể bỏ cấp này.']]],
    ['a level with no open unit', [{ kind: 'abolish-level', level: 'branch' }], [['steps.0.level', 'Không có đơn vị nào ở cấp này để bỏ.']]],
    ['every bad step at once', [
      { kind: 'rename', unit: '77', name: 'X' },
      { kind: 'move', unit: '01-A1', to: '77' },
    ], [['steps.0.unit', 'Không có đơn vị mã "77".'], ['steps.1.to', 'Không có đơn vị mã "77".']]],
  ])('refuses %s, naming the field', (_what, steps, expected) => {
    expect(problemsOf(steps)).toEqual(expected);
  });

  it('refuses a bad date before anything else', () => {
    expect(() => plan([{ kind: 'abolish-level', level: 'district' }], '2025-02-30')).toThrow('Ngày hiệu lực "2025-02-30" không hợp lệ.');
  });
});

describe('regroupAsOf', () => {
  // After the 2025 plan above: 02 and 08.2025 closed on 30/06/2025, the new 08 opened on 01/07/2025.
  const units = [
    { code: '02', validFrom: null, validTo: '2025-06-30' },
    { code: '08.2025', validFrom: null, validTo: '2025-06-30' },
    { code: '08', validFrom: '2025-07-01', validTo: null },
    { code: '01', validFrom: null, validTo: null },
    { code: '99', validFrom: null, validTo: '2024-12-31' },
    { code: '08-A', validFrom: null, validTo: '2025-06-30' },
  ];
  const successions = [
    { predecessor: '02', successor: '08', primary: true },
    { predecessor: '08.2025', successor: '08', primary: true },
    { predecessor: '08-A', successor: '08', primary: true },
  ];
  it.each([
    ['2025-07-01', { '02': '08', '08.2025': '08', '08': '08', '01': '01', '99': null, '08-A': '08' }],
    // Before the date every unit of 2023 stands for itself; the new 08 is not open yet.
    ['2023-08-31', { '02': '02', '08.2025': '08.2025', '08': null, '01': '01', '99': '99', '08-A': '08-A' }],
  ])('as of %s', (asOf, expected) => {
    expect(Object.fromEntries(regroupAsOf(units, successions, asOf))).toEqual(expected);
  });

  it('follows a chain of successions and ignores a non-primary one', () => {
    const chain = [
      { code: 'A', validFrom: null, validTo: '2024-12-31' },
      { code: 'B', validFrom: '2025-01-01', validTo: '2025-06-30' },
      { code: 'C', validFrom: '2025-07-01', validTo: null },
      { code: 'D', validFrom: '2025-07-01', validTo: null },
    ];
    const s = [
      { predecessor: 'A', successor: 'B', primary: true },
      { predecessor: 'B', successor: 'C', primary: true },
      { predecessor: 'B', successor: 'D', primary: false },
    ];
    expect(regroupAsOf(chain, s, '2026-01-01').get('A')).toBe('C');
  });
});

describe('inheritedTargets', () => {
  const targets = new Map([
    ['02', new Map([['cay', 5], ['nha', 1]])],
    ['08.2025', new Map([['cay', 7]])],
    ['01', new Map([['cay', 100]])],
  ]);
  it('gives a new unit the sum of its predecessors\' targets per indicator', () => {
    const s = [{ predecessor: '02', successor: '08', primary: true }, { predecessor: '08.2025', successor: '08', primary: true }];
    expect(Object.fromEntries([...inheritedTargets(targets, s)].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({ '08': { cay: 12, nha: 1 } });
  });
  it('leaves a successor that has its own target as set, and gives a split\'s other units nothing', () => {
    const s = [
      { predecessor: '02', successor: '01', primary: true },
      { predecessor: '08.2025', successor: 'Q', primary: false },
    ];
    expect(inheritedTargets(targets, s).size).toBe(0);
  });
});

describe('regroupFigures', () => {
  const f = (target: number | null, thisWeek: number, toDate: number) => ({ target, thisWeek, toDate });
  const rows = [
    { code: '24.2025', figures: new Map([['cay', f(1_000, 10, 300)], ['km', f(null, 0.1, 0.7)]]) },
    { code: '27', figures: new Map([['cay', f(2_000, 5, 200)], ['km', f(1.5, 0.2, 0.6)]]) },
    { code: '01', figures: new Map([['cay', f(500, 1, 50)]]) },
    { code: '99', figures: new Map([['cay', f(null, 0, 9)]]) },
  ];
  const to = new Map<string, string | null>([['24.2025', '24'], ['27', '24'], ['01', '01'], ['99', null]]);
  const out = regroupFigures(rows, to);

  it('adds the members of each representative, targets only where set, decimals exactly', () => {
    expect(out.get('24')).toEqual({ members: ['24.2025', '27'], figures: new Map([['cay', f(3_000, 15, 500)], ['km', f(1.5, 0.3, 1.3)]]) });
    expect(out.get('01')).toEqual({ members: ['01'], figures: new Map([['cay', f(500, 1, 50)]]) });
  });

  it('keeps a row without a representative under null, so the grand total is unchanged', () => {
    expect(out.get(null)).toEqual({ members: ['99'], figures: new Map([['cay', f(null, 0, 9)]]) });
    const total = [...out.values()].reduce((a, g) => a + (g.figures.get('cay')?.toDate ?? 0), 0);
    expect(total).toBe(300 + 200 + 50 + 9);
    expect([...out.keys()]).toEqual(['24', '01', null]);
  });

  it('lets a representative\'s own target stand for its predecessors\' (a campaign that spans the date passed them on)', () => {
    const spanning = regroupFigures([
      { code: '24.2025', figures: new Map([['cay', f(1_000, 0, 300)]]) },
      { code: '27', figures: new Map([['cay', f(2_000, 0, 200)]]) },
      { code: '24', figures: new Map([['cay', f(3_000, 5, 40)]]) },
      { code: '01', figures: new Map([['cay', f(null, 0, 1)]]) },
      { code: '01.2025', figures: new Map([['cay', f(70, 0, 2)]]) },
    ], new Map([['24.2025', '24'], ['27', '24'], ['24', '24'], ['01', '01'], ['01.2025', '01']]));
    expect(spanning.get('24')!.figures.get('cay')).toEqual(f(3_000, 5, 540));
    // A representative without a target of its own: its predecessors' are added.
    expect(spanning.get('01')!.figures.get('cay')).toEqual(f(70, 0, 3));
  });
});

describe('describePlan', () => {
  it('words the 2025 shape, counts and lists', () => {
    const p = plan([
      { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } },
      { kind: 'abolish-level', level: 'district', accounts: 'close' },
      { kind: 'rename', unit: '01', name: 'Thành Đoàn Hà Nội' },
    ]);
    expect(describePlan(p)).toEqual([
      'Thành lập 1 đơn vị mới từ ngày 01/07/2025: Tỉnh Đoàn Tuyên Quang (08).',
      '6 đơn vị kết thúc hoạt động ngày 30/06/2025: 08.2025, 02, 02-A, 08-A, 08-B, …',
      '1 đơn vị cũ nhường mã cho đơn vị mới và được đổi mã: 08 → 08.2025.',
      '4 đơn vị chuyển sang đơn vị cấp trên mới từ ngày 01/07/2025 (số liệu trước đó giữ nguyên dưới đơn vị cấp trên cũ): 02-A1 → 08, 08-A1 → 08, 08-A2 → 08, 01-A1 → 01.',
      '1 đơn vị đổi tên: Đơn vị 01 → Thành Đoàn Hà Nội.',
      'Tài khoản của 6 đơn vị chuyển sang đơn vị kế tục.',
      'Tài khoản của 4 đơn vị bị khóa.',
    ]);
  });
  it('says nothing of what does not happen', () => {
    expect(describePlan(plan([{ kind: 'rename', unit: '01', name: 'Thành Đoàn Hà Nội' }]))).toEqual(['1 đơn vị đổi tên: Đơn vị 01 → Thành Đoàn Hà Nội.']);
  });
});

describe('unionNameOf', () => {
  it.each([
    ['Tỉnh Lào Cai', 'Tỉnh Đoàn Lào Cai'],
    ['Thành phố Hồ Chí Minh', 'Thành Đoàn TP. Hồ Chí Minh'],
    ['Thành phố Hà Nội', 'Thành Đoàn Hà Nội'],
    ['Thành phố Huế', 'Thành Đoàn Huế'],
    ['Tỉnh Đoàn Bắc Ninh', 'Tỉnh Đoàn Bắc Ninh'],
  ])('%s → %s', (name, expected) => expect(unionNameOf(name)).toBe(expected));
});

describe('reorganisationFromProvinces', () => {
  const rows = [
    { code: '01', name: 'Thành phố Hà Nội', formedFrom: ['01'], validFrom: '2025-07-01' },
    { code: '08', name: 'Tỉnh Tuyên Quang', formedFrom: ['08', '02'], validFrom: '2025-07-01' },
  ];
  it('merges each province formed from several, leaves one formed from itself, then abolishes the level asked', () => {
    expect(reorganisationFromProvinces(rows, { name: 'Sắp xếp 2025', abolishLevel: 'district' })).toEqual({
      date: '2025-07-01', name: 'Sắp xếp 2025',
      steps: [
        { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } },
        { kind: 'abolish-level', level: 'district' },
      ],
    });
  });
  it('refuses rows of two dates', () => {
    expect(() => reorganisationFromProvinces([...rows, { ...rows[1]!, validFrom: '2025-08-01' }], { name: 'x' })).toThrow(FieldProblemsError);
  });
});
