/**
 * A province's units uploaded as a table (issue 19, "Bulk"): the rows read from a header in
 * Vietnamese or English, every row checked against the file and the subtree, then a plan of
 * what to create, update and leave alone. All or nothing: any problem refuses the file, and
 * an upload of the same rows again plans nothing (every row unchanged). Pure: the service
 * reads the table and the units it names, and writes the plan.
 */
import { CODE_PATTERN, UNIT_LEVELS, type UnitLevel } from './hierarchy.ts';
import { foldForSearch } from './text-search.ts';
import { isLevelBelow } from './unit-admin.ts';

/** A column of the upload: its field name (as problems name it) and the headers that mean it. */
const COLUMNS = {
  code: ['code', 'unit code', 'ma', 'ma don vi'],
  name: ['name', 'unit name', 'ten', 'ten don vi'],
  parentCode: ['parent code', 'parent', 'parentcode', 'ma don vi cap tren', 'ma cap tren', 'don vi cap tren', 'cap tren'],
  level: ['level', 'cap', 'cap don vi'],
  tags: ['tags', 'tag', 'groups', 'unit groups', 'nhom', 'nhom don vi'],
  shortName: ['short name', 'shortname', 'ten viet tat', 'ten ngan'],
  region: ['region', 'vung', 'khu vuc', 'vung mien'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['code', 'name', 'parentCode', 'level'];
const HEADER_WORDS: Readonly<Record<Column, { vi: string; en: string }>> = {
  code: { vi: 'Mã', en: 'code' },
  name: { vi: 'Tên', en: 'name' },
  parentCode: { vi: 'Mã đơn vị cấp trên', en: 'parent code' },
  level: { vi: 'Cấp', en: 'level' },
  tags: { vi: 'Nhóm', en: 'tags' },
  shortName: { vi: 'Tên viết tắt', en: 'short name' },
  region: { vi: 'Vùng', en: 'region' },
};

/** "Mã đơn vị cấp trên", "parent_code", "Parent Code" → one folded spelling. */
const foldHeader = (text: string) => foldForSearch(text.replace(/[_*:]/g, ' '));

/** How people write the levels in a sheet, folded (commas read as spaces): the codes, the labels, the short words. */
const LEVEL_WORDS: Readonly<Record<string, UnitLevel>> = Object.freeze({
  ...Object.fromEntries(UNIT_LEVELS.map((l) => [l, l])),
  'trung uong': 'central', 'trung uong doan': 'central', 't.u doan': 'central',
  tinh: 'province', 'tinh doan': 'province', 'thanh doan': 'province', 'tinh thanh doan': 'province',
  'truc thuoc': 'affiliated', 'doan truc thuoc': 'affiliated',
  huyen: 'district', quan: 'district', 'huyen doan': 'district', 'quan doan': 'district', 'huyen quan doan': 'district',
  'cap tren co so': 'district', 'doan cap tren co so': 'district',
  'co so': 'grassroots', 'doan co so': 'grassroots', 'co so doan': 'grassroots',
  'chi doan': 'branch',
});

/**
 * A level as written in a sheet: its code ("grassroots"), its label ("Đoàn cơ sở") or a
 * short word ("cơ sở", "huyện"), in any case, with or without diacritics; null otherwise.
 *
 * @example
 * parseUnitLevel('Đoàn cơ sở'); // 'grassroots'
 * parseUnitLevel('Tỉnh, thành Đoàn'); // 'province'
 */
export function parseUnitLevel(text: string): UnitLevel | null {
  return LEVEL_WORDS[foldForSearch(text.replace(/,/g, ' '))] ?? null;
}

/** One row of the file as read: `row` is the number the person sees beside it in the file. */
export interface UnitUploadRow {
  readonly row: number;
  readonly code: string;
  readonly name: string;
  readonly parentCode: string;
  /** As written (parseUnitLevel reads it). */
  readonly level: string;
  /** Tag codes or names as written; undefined when the file has no such column (the unit's tags are kept). */
  readonly tags: readonly string[] | undefined;
  /** undefined when the file has no such column (kept); null for an empty cell. */
  readonly shortName: string | null | undefined;
  readonly region: string | null | undefined;
}

/** One thing wrong, where the person finds it: the row number of the file and the field. */
export interface UnitUploadProblem {
  readonly row: number;
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
}

/** A table as read from a CSV file or a sheet: each row with its number in the file. */
export interface UploadTableRow {
  readonly line: number;
  readonly fields: readonly string[];
}

const splitTags = (cell: string) => cell.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
const optional = (cell: string | undefined) => (cell === undefined ? undefined : cell.trim() === '' ? null : cell.trim());

/**
 * Reads the rows of an upload: the first row is the header (Vietnamese or English names, in
 * any order and case: "Mã", "Tên", "Mã đơn vị cấp trên", "Cấp", "Nhóm", optional "Tên viết
 * tắt", "Vùng"); columns it does not know are ignored. A missing column is a problem of the
 * header row; tags are separated by ';' or ','.
 *
 * @example
 * parseUnitUpload([{ line: 1, fields: ['Mã', 'Tên', 'Mã đơn vị cấp trên', 'Cấp'] },
 *   { line: 2, fields: ['01-A', 'Đoàn cơ sở A', '01', 'Đoàn cơ sở'] }]).rows[0]?.code; // '01-A'
 */
export function parseUnitUpload(table: readonly UploadTableRow[]): { rows: UnitUploadRow[]; problems: UnitUploadProblem[] } {
  const [header, ...body] = table;
  if (!header) {
    return { rows: [], problems: [{ row: 1, field: 'header', message: 'Tệp không có dòng nào.', messageEn: 'The file has no rows.' }] };
  }
  const index = new Map<Column, number>();
  header.fields.forEach((cell, i) => {
    const folded = foldHeader(cell);
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(folded));
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [{
        row: header.line, field: 'header',
        message: `Dòng tiêu đề thiếu cột ${missing.map((c) => `"${HEADER_WORDS[c].vi}"`).join(', ')} (cần: Mã, Tên, Mã đơn vị cấp trên, Cấp; có thể thêm Nhóm, Tên viết tắt, Vùng).`,
        messageEn: `The header lacks the column(s) ${missing.map((c) => `"${HEADER_WORDS[c].en}"`).join(', ')} (needed: code, name, parent code, level; optional: tags, short name, region).`,
      }],
    };
  }
  const cell = (fields: readonly string[], c: Column): string | undefined => {
    const i = index.get(c);
    return i === undefined ? undefined : (fields[i] ?? '');
  };
  const rows = body.map((r): UnitUploadRow => {
    const tags = cell(r.fields, 'tags');
    return {
      row: r.line,
      code: (cell(r.fields, 'code') ?? '').trim(),
      name: (cell(r.fields, 'name') ?? '').trim(),
      parentCode: (cell(r.fields, 'parentCode') ?? '').trim(),
      level: (cell(r.fields, 'level') ?? '').trim(),
      tags: tags === undefined ? undefined : splitTags(tags),
      shortName: optional(cell(r.fields, 'shortName')),
      region: optional(cell(r.fields, 'region')),
    };
  });
  return { rows, problems: [] };
}

/** A unit that exists already, named by a code of the file: where it is and what it holds. */
export interface ExistingUploadUnit {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: UnitLevel;
  readonly parentCode: string | null;
  readonly tags: readonly string[];
  readonly region: string | null;
  /** Whether it lies in the subtree the file is uploaded to (the root itself included). */
  readonly inSubtree: boolean;
}

export interface UnitUploadContext {
  /** The unit the file is uploaded to: every unit of the file lies in its subtree. */
  readonly root: { readonly code: string; readonly name: string };
  /** Every existing unit whose code the file names (as a unit or as a parent). */
  readonly existing: ReadonlyMap<string, ExistingUploadUnit>;
  /** The unit groups one may use (unit_tags). */
  readonly tags: readonly { readonly code: string; readonly name: string; readonly nameEn?: string | null }[];
  /** Whether the uploader may change the root unit itself (only the central unit's administrator changes their own unit). */
  readonly mayChangeRoot: boolean;
}

export interface PlannedUnit {
  readonly row: number;
  readonly code: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: UnitLevel;
  readonly parentCode: string;
  readonly tags: readonly string[];
  readonly region: string | null;
}

export interface PlannedUpdate {
  readonly row: number;
  readonly id: number;
  readonly code: string;
  /** Only the fields that change. */
  readonly changes: Readonly<Partial<Pick<PlannedUnit, 'name' | 'shortName' | 'tags' | 'region'>>>;
}

/** What an upload does: units to create (parents before children), to update, and the rows already as they are. */
export interface UnitUploadPlan {
  readonly create: readonly PlannedUnit[];
  readonly update: readonly PlannedUpdate[];
  readonly unchanged: readonly { readonly row: number; readonly code: string }[];
}

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Checks every row against the file and the subtree and plans the upload. A row is refused
 * for a bad code, an empty name, an unknown level or tag, a code that appears twice in the
 * file, a code used by a unit outside the subtree, a parent that is neither in the file nor in
 * the subtree, a cycle of parents inside the file, a level not below its parent's, or a
 * changed parent or level of an existing unit (a move is its own operation). With no problem,
 * existing units whose name, short name, tags or region differ are updated, the others left
 * unchanged, and new units created parents first.
 *
 * @example
 * const { plan } = planUnitUpload([{ row: 2, code: 'A', name: 'Đoàn cơ sở A', parentCode: 'P', level: 'grassroots', tags: [], shortName: null, region: null }],
 *   { root: { code: 'P', name: 'Tỉnh Đoàn P' }, existing: new Map([['P', { id: 1, code: 'P', name: 'Tỉnh Đoàn P', shortName: null, level: 'province', parentCode: 'TW', tags: [], region: null, inSubtree: true }]]), tags: [], mayChangeRoot: false });
 * plan.create.map((u) => u.code); // ['A']
 */
export function planUnitUpload(rows: readonly UnitUploadRow[], context: UnitUploadContext): { plan: UnitUploadPlan; problems: UnitUploadProblem[] } {
  const problems: UnitUploadProblem[] = [];
  const fail = (row: number, field: string, message: string, messageEn: string) => problems.push({ row, field, message, messageEn });
  const tagByWord = new Map<string, string>();
  for (const t of context.tags) {
    tagByWord.set(t.code.toLowerCase(), t.code);
    tagByWord.set(foldForSearch(t.name), t.code);
    if (t.nameEn) tagByWord.set(foldForSearch(t.nameEn), t.code);
  }

  // The first row of each code; later ones are duplicates.
  const byCode = new Map<string, UnitUploadRow>();
  const duplicates = new Set<UnitUploadRow>();
  for (const r of rows) {
    if (r.code === '') continue;
    const first = byCode.get(r.code);
    if (first) {
      duplicates.add(r);
      fail(r.row, 'code', `Mã "${r.code}" trùng với dòng ${first.row}.`, `Code "${r.code}" is already on row ${first.row}.`);
    } else byCode.set(r.code, r);
  }
  const levelOf = new Map<string, UnitLevel>();
  for (const r of byCode.values()) {
    const level = parseUnitLevel(r.level);
    if (level) levelOf.set(r.code, level);
  }

  const create: PlannedUnit[] = [];
  const update: PlannedUpdate[] = [];
  const unchanged: { row: number; code: string }[] = [];
  const before = () => problems.length;

  for (const r of rows) {
    if (duplicates.has(r)) continue;
    const start = before();
    if (!CODE_PATTERN.test(r.code)) {
      fail(r.row, 'code', r.code === ''
        ? 'Thiếu mã đơn vị.'
        : `Mã đơn vị "${r.code}" không hợp lệ: cần từ 1 đến 32 ký tự gồm chữ cái không dấu, chữ số, dấu gạch dưới, dấu chấm hoặc dấu gạch ngang.`,
      r.code === '' ? 'The unit code is missing.' : `Invalid unit code "${r.code}": use 1 to 32 letters without diacritics, digits, '_', '.' or '-'.`);
    }
    if (r.name === '') fail(r.row, 'name', 'Thiếu tên đơn vị.', 'The unit name is missing.');
    const level = parseUnitLevel(r.level);
    if (!level) {
      fail(r.row, 'level', r.level === ''
        ? 'Thiếu cấp của đơn vị.'
        : `Cấp "${r.level}" không hợp lệ (dùng: Tỉnh, thành Đoàn; Đoàn trực thuộc; Huyện, quận Đoàn; Đoàn cơ sở; Chi đoàn).`,
      r.level === '' ? 'The level is missing.' : `Unknown level "${r.level}" (use: province, affiliated, district, grassroots, branch).`);
    }
    const tags: string[] = [];
    const unknownTags: string[] = [];
    for (const t of r.tags ?? []) {
      const code = tagByWord.get(t.toLowerCase()) ?? tagByWord.get(foldForSearch(t));
      if (code) { if (!tags.includes(code)) tags.push(code); } else unknownTags.push(t);
    }
    if (unknownTags.length > 0) {
      const known = context.tags.map((t) => t.code).join(', ');
      fail(r.row, 'tags', `Nhóm đơn vị không có trong danh sách: ${unknownTags.join(', ')} (có: ${known}).`, `Unknown unit group(s): ${unknownTags.join(', ')} (known: ${known}).`);
    }

    const existing = context.existing.get(r.code);
    if (existing && !existing.inSubtree) {
      fail(r.row, 'code', `Mã "${r.code}" đã được dùng cho ${existing.name}, không thuộc ${context.root.name}.`, `Code "${r.code}" is already used by ${existing.name}, outside ${context.root.name}.`);
    }
    const isRoot = r.code === context.root.code;

    // The parent: in the file, or an existing unit of the subtree (the root's own parent for the root's row).
    let parentLevel: UnitLevel | null = null;
    if (r.parentCode === '') {
      if (!(isRoot && existing?.parentCode === null)) fail(r.row, 'parentCode', 'Thiếu mã đơn vị cấp trên.', 'The parent code is missing.');
    } else if (r.parentCode === r.code) {
      fail(r.row, 'parentCode', `Đơn vị "${r.code}" không thể là cấp trên của chính nó.`, `Unit "${r.code}" cannot be its own parent.`);
    } else if (isRoot) {
      // The root stays where it is; its parent lies outside the subtree.
    } else if (byCode.has(r.parentCode)) {
      parentLevel = levelOf.get(r.parentCode) ?? null;
    } else {
      const parent = context.existing.get(r.parentCode);
      if (!parent) {
        fail(r.row, 'parentCode', `Không tìm thấy đơn vị cấp trên "${r.parentCode}" (không có trong tệp, cũng không thuộc ${context.root.name}).`,
          `Parent "${r.parentCode}" was not found (neither in the file nor under ${context.root.name}).`);
      } else if (!parent.inSubtree) {
        fail(r.row, 'parentCode', `Đơn vị cấp trên "${r.parentCode}" (${parent.name}) không thuộc ${context.root.name}.`, `Parent "${r.parentCode}" (${parent.name}) is outside ${context.root.name}.`);
      } else parentLevel = parent.level;
    }

    if (existing?.inSubtree) {
      if (r.parentCode !== (existing.parentCode ?? '') && r.parentCode !== r.code) {
        fail(r.row, 'parentCode', `${existing.name} đang trực thuộc "${existing.parentCode ?? ''}": tệp không chuyển đơn vị sang cấp trên khác (hãy dùng chức năng chuyển đơn vị).`,
          `${existing.name} is under "${existing.parentCode ?? ''}": an upload does not move units (move it on its own).`);
      }
      if (level && level !== existing.level) {
        fail(r.row, 'level', `${existing.name} đang là cấp "${existing.level}": tệp không đổi cấp của đơn vị đã có.`, `${existing.name} is at level "${existing.level}": an upload does not change an existing unit's level.`);
      }
    }
    if (level && parentLevel && !isLevelBelow(level, parentLevel)) {
      fail(r.row, 'level', `Cấp của "${r.code}" phải thấp hơn cấp của đơn vị cấp trên "${r.parentCode}".`, `The level of "${r.code}" must be below that of its parent "${r.parentCode}".`);
    }
    if (before() > start) continue;

    if (existing) {
      const changes: { name?: string; shortName?: string | null; tags?: readonly string[]; region?: string | null } = {};
      if (r.name !== existing.name) changes.name = r.name;
      if (r.shortName !== undefined && r.shortName !== existing.shortName) changes.shortName = r.shortName;
      if (r.tags !== undefined && !sameTags(tags, existing.tags)) changes.tags = tags;
      if (r.region !== undefined && r.region !== existing.region) changes.region = r.region;
      if (Object.keys(changes).length === 0) unchanged.push({ row: r.row, code: r.code });
      else if (isRoot && !context.mayChangeRoot) {
        fail(r.row, 'code', `Bạn không thể sửa ${existing.name}, đơn vị của chính mình; chỉ sửa được các đơn vị trực thuộc.`, `You cannot change ${existing.name}, your own unit; only the units below it.`);
      } else update.push({ row: r.row, id: existing.id, code: r.code, changes });
    } else {
      create.push({ row: r.row, code: r.code, name: r.name, shortName: r.shortName ?? null, level: level!, parentCode: r.parentCode, tags, region: r.region ?? null });
    }
  }

  // Cycles of parents among the new rows (each row of one is named; a level rule breaks every
  // such cycle too, but the cycle is what the person has to see).
  const newCodes = new Set([...byCode.keys()].filter((c) => !context.existing.has(c)));
  const inCycle = new Set<string>();
  for (const start of newCodes) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && newCodes.has(at) && !path.includes(at) && !inCycle.has(at)) {
      path.push(at);
      at = byCode.get(at)?.parentCode;
    }
    if (at === undefined || inCycle.has(at) || !path.includes(at)) continue;
    const cycle = path.slice(path.indexOf(at));
    if (cycle.length < 2) continue; // a row that is its own parent is said above
    for (const code of cycle) inCycle.add(code);
    const text = [...cycle, cycle[0]].join(' → ');
    const rowsText = cycle.map((c) => byCode.get(c)!.row).join(', ');
    for (const code of cycle) {
      fail(byCode.get(code)!.row, 'parentCode', `Các dòng ${rowsText} tạo thành vòng cấp trên: ${text}.`, `Rows ${rowsText} form a cycle of parents: ${text}.`);
    }
  }

  problems.sort((a, b) => a.row - b.row);
  if (problems.length > 0) return { plan: { create: [], update: [], unchanged: [] }, problems };

  // Parents before children: the depth of each new unit below the existing units.
  const depth = new Map<string, number>();
  const depthOf = (code: string): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const parent = byCode.get(code)!.parentCode;
    const d = newCodes.has(parent) ? depthOf(parent) + 1 : 0;
    depth.set(code, d);
    return d;
  };
  const ordered = [...create].sort((a, b) => depthOf(a.code) - depthOf(b.code) || a.row - b.row);
  return { plan: { create: ordered, update, unchanged }, problems: [] };
}
