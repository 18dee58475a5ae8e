/**
 * A spreadsheet of activity records of one kind (issue 20), as the template and the export
 * lay it out: a title row, then a header row (the unit's code, the kind's fields by their
 * labels, the programme), then a record per row. `readActivitySheet` finds the header, maps each
 * column to its field (a label in Vietnamese or English, in any case, with or without
 * diacritics, or the field's own name) and hands back every row's cells by field, each row with
 * its line; the values themselves are checked by checkActivity, as a form's are. Columns the
 * export adds (the unit's name, nhập thay, when changed) are passed over; a row that carries a
 * record's number is one already kept, and is refused rather than kept twice.
 */
import { ACTIVITY_FIELDS, ACTIVITY_KIND_LABELS, type ActivityKind } from './activities.ts';
import type { CsvRow } from './csv.ts';
import type { RowProblem } from './errors.ts';
import { foldForSearch } from './text-search.ts';

/** The template's columns besides the kind's fields, in Vietnamese and English. */
export const ACTIVITY_SHEET_COLUMNS = Object.freeze({
  unit: { vi: 'Mã đơn vị', en: 'Unit code' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  record: { vi: 'Số bản ghi', en: 'Record number' },
});
/** What the export writes that an import does not read. */
const PASSED_OVER = ['Đơn vị', 'Unit', 'Nhập thay', 'On behalf', 'Cập nhật lúc', 'Updated at'];

/** One row of the sheet: its line, the unit it names (empty: the importing unit), its programme, its cells by field. */
export interface ActivitySheetRow {
  readonly line: number;
  readonly unitCode: string | null;
  readonly programme: string | null;
  readonly fields: Readonly<Record<string, string>>;
}

const fold = (text: string) => foldForSearch(text.replace(/[,;()]/g, ' ')).replace(/\s+/g, ' ').trim();

/** The columns of the template of a kind, in order: the unit's code, the fields' labels, the programme. @example activitySheetHeader('press')[1]; // 'Kênh đăng tải' */
export function activitySheetHeader(kind: ActivityKind, lang: 'vi' | 'en' = 'vi'): string[] {
  return [ACTIVITY_SHEET_COLUMNS.unit[lang], ...ACTIVITY_FIELDS[kind].map((s) => (lang === 'vi' ? s.labelVi : s.labelEn)), ACTIVITY_SHEET_COLUMNS.programme[lang]];
}

/** Column letters as a spreadsheet shows them (1 → A, 27 → AA). */
function letterOf(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Reads the rows of a sheet of records of `kind`, every problem of its layout at once: no
 * header row, a column the kind has not, a required field's column missing, a column twice, a
 * row of a record already kept, no row at all. @example
 * readActivitySheet('team', [{ line: 1, fields: ['Mã đơn vị', 'Tên đội hình', 'Lĩnh vực', 'Số thành viên', 'Ngày bắt đầu'] },
 *   { line: 2, fields: ['10', 'Đội hình tiếp sức', 'Hỗ trợ thí sinh', '25', '25/06/2023'] }]).rows[0].fields.members; // '25'
 */
export function readActivitySheet(kind: ActivityKind, table: readonly CsvRow[]): { rows: ActivitySheetRow[]; problems: RowProblem[] } {
  const specs = ACTIVITY_FIELDS[kind];
  const known = new Map<string, string>();
  for (const s of specs) for (const word of [s.labelVi, s.labelEn, s.name]) known.set(fold(word), s.name);
  for (const [key, label] of Object.entries(ACTIVITY_SHEET_COLUMNS)) for (const word of [label.vi, label.en, key]) known.set(fold(word), `:${key}`);
  for (const word of PASSED_OVER) known.set(fold(word), ':passed');
  const problems: RowProblem[] = [];
  const say = (line: number, column: string, message: string, messageEn: string) => problems.push({ line, column, message, messageEn });

  // The header: the first of the first rows in which most cells name a column.
  const headerIndex = table.slice(0, 10).findIndex((row) => {
    const cells = row.fields.filter((f) => f.trim() !== '');
    return cells.length >= 2 && cells.filter((f) => known.has(fold(f))).length * 2 > cells.length;
  });
  const kindLabel = ACTIVITY_KIND_LABELS[kind];
  if (headerIndex < 0) {
    say(table[0]?.line ?? 1, 'header', `Không thấy dòng tiêu đề của mẫu ${kindLabel.vi} (cột "${ACTIVITY_SHEET_COLUMNS.unit.vi}", "${specs[0]!.labelVi}", …). Hãy dùng mẫu tải về từ trang Hoạt động.`,
      `No header row of the ${kindLabel.en} template was found ("${ACTIVITY_SHEET_COLUMNS.unit.en}", "${specs[0]!.labelEn}", …). Use the template from the Activities page.`);
    return { rows: [], problems };
  }
  const header = table[headerIndex]!;
  const columnOf = new Map<number, string>();
  const seen = new Set<string>();
  header.fields.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const key = known.get(fold(cell));
    if (key === undefined) {
      say(header.line, letterOf(index), `Cột "${cell.trim()}" không có trong mẫu ${kindLabel.vi}.`, `The column "${cell.trim()}" is not in the ${kindLabel.en} template.`);
      return;
    }
    if (key === ':passed') return;
    if (seen.has(key)) say(header.line, letterOf(index), `Cột "${cell.trim()}" có hai lần.`, `The column "${cell.trim()}" appears twice.`);
    seen.add(key);
    columnOf.set(index, key);
  });
  for (const s of specs) {
    if (s.required && !seen.has(s.name)) say(header.line, 'header', `Thiếu cột "${s.labelVi}" (bắt buộc).`, `The required column "${s.labelEn}" is missing.`);
  }

  const rows: ActivitySheetRow[] = [];
  for (const row of table.slice(headerIndex + 1)) {
    let unitCode: string | null = null;
    let programme: string | null = null;
    const fields: Record<string, string> = {};
    for (const [index, key] of columnOf) {
      const text = (row.fields[index] ?? '').trim();
      if (text === '') continue;
      if (key === ':unit') unitCode = text;
      else if (key === ':programme') programme = text;
      else if (key === ':record') {
        say(row.line, letterOf(index), `Dòng này là bản ghi số ${text} đã có; sửa nó trên trang Hoạt động, hoặc xóa số bản ghi để ghi thành bản ghi mới.`,
          `This row is record ${text}, already kept: correct it on the Activities page, or clear its number to keep it as a new record.`);
      } else fields[key] = text;
    }
    if (unitCode === null && programme === null && Object.keys(fields).length === 0) continue;
    rows.push({ line: row.line, unitCode, programme, fields });
  }
  if (rows.length === 0 && problems.length === 0) say(header.line, 'file', 'Tệp không có dòng nào để nhập dưới dòng tiêu đề.', 'The file has no row to import below its header.');
  return { rows, problems };
}
