import { describe, expect, it } from 'vitest';
import { parseUnitLevel, parseUnitUpload, planUnitUpload, type ExistingUploadUnit, type UnitUploadContext, type UnitUploadRow } from './unit-upload.ts';

describe('parseUnitLevel', () => {
  it.each([
    ['grassroots', 'grassroots'],
    ['Đoàn cơ sở', 'grassroots'],
    ['doan co so', 'grassroots'],
    ['CƠ SỞ', 'grassroots'],
    ['Tỉnh, thành Đoàn', 'province'],
    ['Thành Đoàn', 'province'],
    ['Huyện, quận Đoàn', 'district'],
    ['huyện', 'district'],
    ['Đoàn trực thuộc', 'affiliated'],
    ['Chi đoàn', 'branch'],
    ['Trung ương Đoàn', 'central'],
    ['xã', null],
    ['', null],
  ])('%s → %s', (text, level) => {
    expect(parseUnitLevel(text)).toBe(level);
  });
});

describe('parseUnitUpload', () => {
  it('reads Vietnamese headers in any order, with the row numbers of the file', () => {
    const { rows, problems } = parseUnitUpload([
      { line: 1, fields: ['Tên', 'Mã', 'Cấp', 'Mã đơn vị cấp trên', 'Nhóm', 'Tên viết tắt'] },
      { line: 2, fields: [' Đoàn cơ sở A ', '01-A', 'Đoàn cơ sở', '01', 'urban; school', ''] },
      { line: 4, fields: ['Đoàn cơ sở B', '01-B', 'grassroots', '01', 'rural,school', 'ĐCS B'] },
    ]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: 2, code: '01-A', name: 'Đoàn cơ sở A', parentCode: '01', level: 'Đoàn cơ sở', tags: ['urban', 'school'], shortName: null, region: undefined },
      { row: 4, code: '01-B', name: 'Đoàn cơ sở B', parentCode: '01', level: 'grassroots', tags: ['rural', 'school'], shortName: 'ĐCS B', region: undefined },
    ]);
  });

  it.each([
    // header, recognised?
    [['code', 'name', 'parent code', 'level'], true],
    [['Code', 'Name', 'Parent_Code', 'Level', 'Tags', 'Short name', 'Region'], true],
    [['MA', 'TEN', 'ma don vi cap tren', 'cap'], true],
    [['Mã', 'Tên', 'Cấp trên', 'Cấp'], true],
  ])('header %j → read: %s', (header, ok) => {
    const { problems } = parseUnitUpload([{ line: 1, fields: header }, { line: 2, fields: ['X', 'Y', 'Z', 'district'] }]);
    expect(problems.length === 0).toBe(ok);
  });

  it('names the missing columns on the header row', () => {
    const { rows, problems } = parseUnitUpload([{ line: 1, fields: ['Mã', 'Tên', 'Nhóm'] }, { line: 2, fields: ['A', 'B', ''] }]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{
      row: 1, field: 'header',
      message: 'Dòng tiêu đề thiếu cột "Mã đơn vị cấp trên", "Cấp" (cần: Mã, Tên, Mã đơn vị cấp trên, Cấp; có thể thêm Nhóm, Tên viết tắt, Vùng).',
      messageEn: 'The header lacks the column(s) "parent code", "level" (needed: code, name, parent code, level; optional: tags, short name, region).',
    }]);
    expect(parseUnitUpload([]).problems.map((p) => p.field)).toEqual(['header']);
  });
});

// The subtree of P (a province under TW): P-D1 (district, urban) and P-D1-G1 (grassroots).
// Q and Q-D1 lie outside it.
const existing = (u: Omit<ExistingUploadUnit, 'id' | 'shortName' | 'tags' | 'region'> & Partial<ExistingUploadUnit>): ExistingUploadUnit => ({
  id: 0, shortName: null, tags: [], region: null, ...u,
});
const UNITS: ExistingUploadUnit[] = [
  existing({ id: 1, code: 'P', name: 'Tỉnh Đoàn P', level: 'province', parentCode: 'TW', inSubtree: true }),
  existing({ id: 2, code: 'P-D1', name: 'Huyện Đoàn D1', level: 'district', parentCode: 'P', tags: ['urban'], inSubtree: true }),
  existing({ id: 3, code: 'P-D1-G1', name: 'Đoàn cơ sở G1', level: 'grassroots', parentCode: 'P-D1', inSubtree: true }),
  existing({ id: 4, code: 'Q', name: 'Tỉnh Đoàn Q', level: 'province', parentCode: 'TW', inSubtree: false }),
  existing({ id: 5, code: 'Q-D1', name: 'Huyện Đoàn Q1', level: 'district', parentCode: 'Q', inSubtree: false }),
];
const CONTEXT: UnitUploadContext = {
  root: { code: 'P', name: 'Tỉnh Đoàn P' },
  existing: new Map(UNITS.map((u) => [u.code, u])),
  tags: [{ code: 'urban', name: 'Khu vực đô thị' }, { code: 'rural', name: 'Khu vực nông thôn' }, { code: 'school', name: 'Trường học', nameEn: 'Schools' }],
  mayChangeRoot: false,
};

/** A row as the file has it: row number, code, name, parent, level, then tags (undefined: no column). */
const row = (n: number, code: string, name: string, parentCode: string, level: string, tags?: string[], shortName?: string | null): UnitUploadRow => ({
  row: n, code, name, parentCode, level, tags, shortName, region: undefined,
});

describe('planUnitUpload: every kind of bad row', () => {
  it.each([
    ['a code with a space', [row(2, 'P D2', 'Huyện Đoàn D2', 'P', 'district')], [[2, 'code']]],
    ['no code', [row(2, '', 'Huyện Đoàn D2', 'P', 'district')], [[2, 'code']]],
    ['no name', [row(2, 'P-D2', '', 'P', 'district')], [[2, 'name']]],
    ['an unknown level', [row(2, 'P-D2', 'Xã Đoàn', 'P', 'xã')], [[2, 'level']]],
    ['an unknown tag', [row(2, 'P-D2', 'Huyện Đoàn D2', 'P', 'district', ['urban', 'city'])], [[2, 'tags']]],
    ['a code twice in the file', [row(2, 'P-D2', 'Huyện Đoàn D2', 'P', 'district'), row(3, 'P-D2', 'Huyện Đoàn D2 bis', 'P', 'district')], [[3, 'code']]],
    ['a code used outside the subtree', [row(2, 'Q-D1', 'Huyện Đoàn Q1', 'P', 'district')], [[2, 'code']]],
    ['an unknown parent', [row(2, 'P-D2', 'Huyện Đoàn D2', 'X', 'district')], [[2, 'parentCode']]],
    ['a parent outside the subtree', [row(2, 'P-D2', 'Huyện Đoàn D2', 'Q', 'district')], [[2, 'parentCode']]],
    ['no parent', [row(2, 'P-D2', 'Huyện Đoàn D2', '', 'district')], [[2, 'parentCode']]],
    ['its own parent', [row(2, 'A', 'Đoàn cơ sở A', 'A', 'grassroots')], [[2, 'parentCode']]],
    ['a cycle of two rows (levels break it too)', [row(2, 'A', 'Đoàn cơ sở A', 'B', 'grassroots'), row(3, 'B', 'Đoàn cơ sở B', 'A', 'grassroots')],
      [[2, 'level'], [2, 'parentCode'], [3, 'level'], [3, 'parentCode']]],
    ['a level not below the existing parent\'s', [row(2, 'P-D2', 'Tỉnh Đoàn mới', 'P', 'province')], [[2, 'level']]],
    ['a level not below a parent in the file', [row(2, 'P-D2', 'Huyện Đoàn D2', 'P', 'district'), row(3, 'P-D2-X', 'Huyện Đoàn X', 'P-D2', 'district')], [[3, 'level']]],
    ['an existing unit given another parent', [row(2, 'P-D1-G1', 'Đoàn cơ sở G1', 'P', 'grassroots')], [[2, 'parentCode']]],
    ['an existing unit given another level', [row(2, 'P-D1-G1', 'Đoàn cơ sở G1', 'P-D1', 'branch')], [[2, 'level']]],
    ['one\'s own unit renamed', [row(2, 'P', 'Tỉnh Đoàn P mới', 'TW', 'province')], [[2, 'code']]],
    ['several rows, each with its own problem', [row(2, 'P-D2', 'Huyện Đoàn D2', 'P', 'district'), row(3, 'P-D3', '', 'P', 'district'), row(5, 'P-D4', 'Huyện Đoàn D4', 'ZZ', 'district')],
      [[3, 'name'], [5, 'parentCode']]],
  ] as const)('%s', (_case, rows, expected) => {
    const { plan, problems } = planUnitUpload(rows, CONTEXT);
    expect(problems.map((p) => [p.row, p.field])).toEqual(expected);
    expect(plan).toEqual({ create: [], update: [], unchanged: [] });
  });

  it('says what is wrong in words', () => {
    const said = (rows: UnitUploadRow[]) => planUnitUpload(rows, CONTEXT).problems.map((p) => p.message);
    expect(said([row(2, 'P-D2', 'A', 'P', 'district'), row(3, 'P-D2', 'B', 'P', 'district')])).toEqual(['Mã "P-D2" trùng với dòng 2.']);
    expect(said([row(2, 'Q-D1', 'A', 'P', 'district')])).toEqual(['Mã "Q-D1" đã được dùng cho Huyện Đoàn Q1, không thuộc Tỉnh Đoàn P.']);
    expect(said([row(2, 'P-D2', 'A', 'X', 'district')])).toEqual(['Không tìm thấy đơn vị cấp trên "X" (không có trong tệp, cũng không thuộc Tỉnh Đoàn P).']);
    expect(said([row(2, 'A', 'A', 'B', 'district'), row(3, 'B', 'B', 'C', 'grassroots'), row(4, 'C', 'C', 'A', 'branch')]).filter((m) => m.includes('vòng')))
      .toEqual(Array(3).fill('Các dòng 2, 3, 4 tạo thành vòng cấp trên: A → B → C → A.'));
    expect(said([row(2, 'P-D2', 'A', 'P', 'district', ['city'])])).toEqual(['Nhóm đơn vị không có trong danh sách: city (có: urban, rural, school).']);
  });
});

describe('planUnitUpload: the plan', () => {
  it('creates new units parents first, with tags given by code or name', () => {
    const { plan, problems } = planUnitUpload([
      row(2, 'P-D2-G1', 'Đoàn cơ sở D2.1', 'P-D2', 'Đoàn cơ sở', []),
      row(3, 'P-D2', 'Huyện Đoàn D2', 'P', 'Huyện, quận Đoàn', ['urban', 'Trường học', 'URBAN']),
      row(4, 'P-D1-G2', 'Đoàn cơ sở G2', 'P-D1', 'grassroots', ['schools']),
    ], CONTEXT);
    expect(problems).toEqual([]);
    expect(plan.create).toEqual([
      { row: 3, code: 'P-D2', name: 'Huyện Đoàn D2', shortName: null, level: 'district', parentCode: 'P', tags: ['urban', 'school'], region: null },
      { row: 4, code: 'P-D1-G2', name: 'Đoàn cơ sở G2', shortName: null, level: 'grassroots', parentCode: 'P-D1', tags: ['school'], region: null },
      { row: 2, code: 'P-D2-G1', name: 'Đoàn cơ sở D2.1', shortName: null, level: 'grassroots', parentCode: 'P-D2', tags: [], region: null },
    ]);
    expect(plan.update).toEqual([]);
    expect(plan.unchanged).toEqual([]);
  });

  it('leaves existing units with the same fields unchanged (the root row too), updates a changed name, short name or tags', () => {
    const { plan, problems } = planUnitUpload([
      row(2, 'P', 'Tỉnh Đoàn P', 'TW', 'province', [], null),
      row(3, 'P-D1', 'Huyện Đoàn D1', 'P', 'district', ['urban'], null),
      row(4, 'P-D1-G1', 'Đoàn cơ sở G1 (mới)', 'P-D1', 'grassroots', ['rural'], 'G1'),
    ], CONTEXT);
    expect(problems).toEqual([]);
    expect(plan.create).toEqual([]);
    expect(plan.unchanged).toEqual([{ row: 2, code: 'P' }, { row: 3, code: 'P-D1' }]);
    expect(plan.update).toEqual([{ row: 4, id: 3, code: 'P-D1-G1', changes: { name: 'Đoàn cơ sở G1 (mới)', shortName: 'G1', tags: ['rural'] } }]);
  });

  it('keeps the tags and short name of existing units when the file has no such column', () => {
    const { plan } = planUnitUpload([row(2, 'P-D1', 'Huyện Đoàn D1', 'P', 'district')], CONTEXT);
    expect(plan.unchanged).toEqual([{ row: 2, code: 'P-D1' }]);
  });

  it('lets the central unit\'s administrator change the unit the file is uploaded to', () => {
    const { plan, problems } = planUnitUpload([row(2, 'P', 'Tỉnh Đoàn P mới', 'TW', 'province')], { ...CONTEXT, mayChangeRoot: true });
    expect(problems).toEqual([]);
    expect(plan.update).toEqual([{ row: 2, id: 1, code: 'P', changes: { name: 'Tỉnh Đoàn P mới' } }]);
  });

  it('plans nothing for a second upload of what the first created', () => {
    const rows = [row(2, 'P-D2', 'Huyện Đoàn D2', 'P', 'district', ['urban']), row(3, 'P-D2-G1', 'Đoàn cơ sở D2.1', 'P-D2', 'grassroots', [])];
    const first = planUnitUpload(rows, CONTEXT).plan;
    const after = new Map(CONTEXT.existing);
    first.create.forEach((u, i) => after.set(u.code, { id: 10 + i, ...u, inSubtree: true }));
    const second = planUnitUpload(rows, { ...CONTEXT, existing: after });
    expect(second).toEqual({ plan: { create: [], update: [], unchanged: [{ row: 2, code: 'P-D2' }, { row: 3, code: 'P-D2-G1' }] }, problems: [] });
  });
});
