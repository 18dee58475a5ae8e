// The entry workbook: a spreadsheet a cadre takes away to fill in a week's figures for a unit
// (and optionally its children) and brings back. Writing it (indicators pre-filled, the
// structure locked, only the input column open, validated as numbers ≥ 0, instructions in
// Vietnamese) and reading it back (our own files and files re-saved by LibreOffice or Excel:
// everything is found by its label, not by position).
import type ExcelJS from 'exceljs';
import { DomainError, formatDate, formatNumber, parseNumber, type CampaignWeek, type Indicator } from '@giaoban/core';
import { XlsxReader, XlsxRefused, type SheetVisitor, type XlsxCell, type XlsxLimits } from './xlsx-reader.ts';
import { newWorkbook, safeText } from '../infra/index.ts';
import { ZipRefused } from './zip-guard.ts';

export const ENTRY_SHEET = 'Nhập số liệu';
export const GUIDE_SHEET = 'Hướng dẫn';
const LABEL_CAMPAIGN = 'Mã chiến dịch:';
const LABEL_WEEK = 'Tuần:';
const HEADERS = {
  unit: 'Mã đơn vị',
  unitName: 'Tên đơn vị',
  indicator: 'Mã chỉ tiêu',
  indicatorName: 'Chỉ tiêu',
  unitOfMeasure: 'Đơn vị tính',
  mode: 'Cách nhập',
  target: 'Chỉ tiêu giao',
  toDateBefore: 'Lũy kế đến hết tuần trước',
  value: 'Số liệu tuần này',
} as const;
const COLUMN_ORDER = ['unit', 'unitName', 'indicator', 'indicatorName', 'unitOfMeasure', 'mode', 'target', 'toDateBefore', 'value'] as const;
const HEADER_ROW = 7;

export interface EntryTemplateRow {
  readonly unit: { readonly code: string; readonly name: string };
  readonly indicator: Indicator;
  readonly target: number | null;
  /** The unit's own figures before this week. */
  readonly toDateBefore: number;
  /** The figure already submitted for the week, as entered (in the indicator's mode). */
  readonly current: number | null;
}

export interface EntryTemplateModel {
  readonly campaign: { readonly code: string; readonly name: string };
  readonly week: CampaignWeek;
  readonly rows: readonly EntryTemplateRow[];
}

const MODE_TEXT = { increment: 'Số tăng thêm trong tuần', cumulative: 'Lũy kế đến hết tuần' } as const;
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const numberFormat = (valueKind: string) => (valueKind === 'decimal' ? '#,##0.####' : '#,##0');

function guideLines(model: EntryTemplateModel): string[] {
  return [
    'HƯỚNG DẪN NHẬP SỐ LIỆU',
    '',
    `Chiến dịch: ${model.campaign.name} (mã ${model.campaign.code}).`,
    `Tuần báo cáo: ${formatDate(model.week.start)} – ${formatDate(model.week.end)} (${model.week.week}).`,
    '',
    `1. Chỉ nhập vào cột «${HEADERS.value}» (ô nền vàng) của trang «${ENTRY_SHEET}»; các cột khác đã khóa.`,
    '2. Chỉ nhập số không âm, không nhập chữ, công thức hay ngày tháng. Chỉ tiêu tính bằng người, lượt, công trình… là số nguyên.',
    '3. Chỉ tiêu có cách nhập «Lũy kế đến hết tuần»: ghi tổng từ đầu chiến dịch đến hết tuần này (không được nhỏ hơn lũy kế tuần trước).',
    '   Chỉ tiêu có cách nhập «Số tăng thêm trong tuần»: ghi số phát sinh riêng trong tuần.',
    '4. Để trống ô nếu đơn vị chưa có số liệu: ô trống không xóa số đã gửi trước đó.',
    '5. Số đã gửi trước đó được điền sẵn; muốn sửa thì ghi đè số mới. Báo cáo đã được duyệt chỉ sửa được bằng đính chính trên trang báo cáo.',
    '6. Không thêm, xóa, đổi tên trang tính hoặc cột; không sửa mã đơn vị, mã chỉ tiêu, mã chiến dịch và tuần.',
    '7. Lưu tệp dạng .xlsx (Excel hoặc LibreOffice đều được) rồi tải lên ở trang «Nhập số liệu từ Excel» hoặc dùng lệnh `giaoban import`.',
    '8. Mọi dòng được kiểm tra trước khi ghi. Nếu có lỗi, hệ thống liệt kê từng lỗi theo trang tính, dòng và cột; khi chọn',
    '   «Tất cả hoặc không có gì» thì chưa có số liệu nào được ghi; khi chọn «Từng đơn vị riêng» thì các đơn vị không có lỗi vẫn được ghi.',
    '9. Tải lên cùng một tệp hai lần không làm thay đổi gì ở lần thứ hai.',
  ];
}

/** The entry workbook for a week: one row per unit and indicator, the input column open and validated. */
export async function entryTemplateWorkbook(model: EntryTemplateModel): Promise<Buffer> {
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const sheet = book.addWorksheet(ENTRY_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 2 }] });
  sheet.getCell('A1').value = 'PHIẾU NHẬP SỐ LIỆU BÁO CÁO TUẦN';
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = 'Chiến dịch:';
  sheet.getCell('B2').value = safeText(model.campaign.name);
  sheet.getCell('A3').value = LABEL_CAMPAIGN;
  sheet.getCell('B3').value = safeText(model.campaign.code);
  sheet.getCell('A4').value = LABEL_WEEK;
  sheet.getCell('B4').value = model.week.week;
  sheet.getCell('C4').value = `${formatDate(model.week.start)} – ${formatDate(model.week.end)}`;
  sheet.getCell('A5').value = `Chỉ nhập vào cột «${HEADERS.value}» (ô nền vàng). Xem trang «${GUIDE_SHEET}».`;
  sheet.getCell('A5').font = { italic: true };
  for (const cell of ['A2', 'A3', 'A4']) sheet.getCell(cell).font = { bold: true };

  const header = sheet.getRow(HEADER_ROW);
  COLUMN_ORDER.forEach((key, k) => { header.getCell(k + 1).value = HEADERS[key]; });
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => { cell.fill = HEADER_FILL; });

  model.rows.forEach((r, k) => {
    const row = sheet.getRow(HEADER_ROW + 1 + k);
    row.values = [
      safeText(r.unit.code), safeText(r.unit.name), safeText(r.indicator.code), safeText(r.indicator.name),
      safeText(r.indicator.unitOfMeasure), MODE_TEXT[r.indicator.reportingMode], r.target, r.toDateBefore, r.current,
    ];
    for (const c of [7, 8]) row.getCell(c).numFmt = numberFormat(r.indicator.valueKind);
    const input = row.getCell(9);
    input.numFmt = numberFormat(r.indicator.valueKind);
    input.fill = INPUT_FILL;
    input.protection = { locked: false };
    const whole = r.indicator.valueKind !== 'decimal';
    const floor = r.indicator.reportingMode === 'cumulative' ? r.toDateBefore : 0;
    input.dataValidation = {
      type: whole ? 'whole' : 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [floor],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Số liệu không hợp lệ',
      error: `${whole ? 'Chỉ nhập số nguyên' : 'Chỉ nhập số'} không nhỏ hơn ${formatNumber(floor)}.`,
      showInputMessage: true,
      promptTitle: r.indicator.code,
      prompt: MODE_TEXT[r.indicator.reportingMode],
    };
  });
  [12, 34, 12, 56, 12, 22, 14, 16, 16].forEach((width, k) => { sheet.getColumn(k + 1).width = width; });
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: COLUMN_ORDER.length } };
  await sheet.protect('', {
    selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: false,
    insertRows: false, deleteRows: false, insertColumns: false, deleteColumns: false,
  });

  const guide = book.addWorksheet(GUIDE_SHEET);
  guideLines(model).forEach((line, k) => { guide.getCell(k + 1, 1).value = line; });
  guide.getCell('A1').font = { bold: true, size: 14 };
  guide.getColumn(1).width = 130;
  await guide.protect('', { selectLockedCells: true, selectUnlockedCells: true });
  return Buffer.from(await book.xlsx.writeBuffer());
}
// ---------------------------------------------------------------------------------------------
// Reading

/** One problem in an uploaded workbook, where a person finds it. */
export interface WorkbookProblem {
  readonly sheet: string;
  /** 1-based row; 0 for the whole file. */
  readonly row: number;
  /** Column letter; '' for a whole row or the file. */
  readonly column: string;
  readonly message: string;
  readonly messageEn: string;
  /** The unit the row is for, when the row names one (a refusal per unit refuses it). */
  readonly unitCode?: string | undefined;
}

/** Problems listed at most (a file can hold a hundred thousand bad rows: they are counted, the first are listed). */
export const MAX_LISTED_PROBLEMS = 1_000;

/**
 * The problems of an import: every one counted, the first MAX_LISTED_PROBLEMS kept, and what
 * the decisions need remembered whatever was dropped (the units named, whether one named none,
 * whether one was about a whole sheet or the file).
 */
export class ProblemList {
  readonly listed: WorkbookProblem[] = [];
  count = 0;
  /** Units named by a problem. */
  readonly units = new Set<string>();
  /** Whether a problem named no unit. */
  unattributed = false;
  /** Whether a problem is about a whole sheet or the file (row 0). */
  whole = false;

  add(problem: WorkbookProblem): void {
    this.count++;
    if (problem.unitCode) this.units.add(problem.unitCode);
    else this.unattributed = true;
    if (problem.row === 0) this.whole = true;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(problem);
  }

  /** Adds another list's problems after these (those it dropped still count and still name their units). */
  merge(other: ProblemList): void {
    for (const p of other.listed) this.add(p);
    this.count += other.count - other.listed.length;
    for (const u of other.units) this.units.add(u);
    if (other.unattributed) this.unattributed = true;
    if (other.whole) this.whole = true;
  }
}

/** A figure row read from an entry sheet (the value checked as a number, not yet against the campaign). */
export interface EntryCellRow {
  readonly sheet: string;
  readonly row: number;
  readonly unitCode: string;
  readonly indicatorCode: string;
  /** null: the input cell is empty (nothing reported). */
  readonly value: number | null;
  /** The cell's text when the figure was typed as text, so that a refusal quotes it as typed. */
  readonly typed?: string | undefined;
  /** Column letters of the unit code, indicator code and input cells, for error messages. */
  readonly columns: { readonly unit: string; readonly indicator: string; readonly value: string };
}

export interface EntrySheet {
  readonly sheet: string;
  readonly campaignCode: string;
  readonly period: string;
  /** The rows read well (a row with a bad cell is among the problems instead). */
  readonly rows: readonly EntryCellRow[];
  /** Every figure row of the sheet, good or bad. */
  readonly rowCount: number;
}

export interface EntryWorkbookReading {
  readonly sheets: readonly EntrySheet[];
  readonly problems: ProblemList;
}

export interface EntryReadLimits {
  /** Most figure rows one sheet may hold. */
  readonly maxRows: number;
}

/** Excel's own limit on the text of a cell. */
const MAX_TEXT_CHARS = 32_767;
/** Codes are short (a unit's at most 32 characters): a longer one is shown cut, and never kept whole. */
const MAX_CODE_CHARS = 100;

/**
 * What the reader may hold for a workbook of `maxRows` rows: the shared strings of an entry
 * sheet are its codes, names and labels, at most a few per row.
 */
export function xlsxLimitsFor(limits: EntryReadLimits): XlsxLimits {
  return {
    maxEntries: 1_000,
    maxSharedStrings: 2 * limits.maxRows + 10_000,
    maxSharedStringChars: 80 * limits.maxRows + 1_000_000,
    maxTextChars: MAX_TEXT_CHARS,
  };
}

const EMPTY: XlsxCell = Object.freeze({ text: '' });

/** A label or code cell as plain text ('' when empty or not text). */
function plain(cell: XlsxCell): string {
  if ('number' in cell) return String(cell.number);
  return 'text' in cell ? cell.text.trim() : '';
}

const shorten = (text: string, max = MAX_CODE_CHARS) => (text.length > max ? `${text.slice(0, max)}…` : text);

const CELL_PROBLEMS = {
  formula: ['Ô chứa công thức; chỉ được nhập số.', 'The cell holds a formula; type a number.'],
  date: ['Ô chứa ngày tháng; chỉ được nhập số.', 'The cell holds a date; type a number.'],
  boolean: ['Ô chứa giá trị đúng/sai; chỉ được nhập số.', 'The cell holds TRUE/FALSE; type a number.'],
  error: ['Ô chứa giá trị lỗi; chỉ được nhập số.', 'The cell holds an error value; type a number.'],
} as const;

/** The rows searched for the header (and, above it, the labels). */
const HEADER_SEARCH_ROWS = 30;

const letter = (column: number): string => {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

const fileProblem = (message: string, messageEn: string): WorkbookProblem => ({ sheet: '', row: 0, column: '', message, messageEn });

/** The sentence for a workbook the reader refused. */
function refusal(error: XlsxRefused | ZipRefused): WorkbookProblem {
  const p = error.problem;
  switch (p.kind) {
    case 'too_many_shared_strings':
      return fileProblem(
        `Tệp chứa hơn ${formatNumber(p.limit)} chuỗi văn bản, quá nhiều cho một bảng tính nhập liệu; tệp bị từ chối.`,
        `The file holds more than ${p.limit} strings, too many for an entry workbook; it is refused.`,
      );
    case 'shared_strings_too_long':
      return fileProblem(
        `Văn bản trong tệp dài hơn ${formatNumber(p.limit)} ký tự, quá nhiều cho một bảng tính nhập liệu; tệp bị từ chối.`,
        `The file's text is longer than ${p.limit} characters, too much for an entry workbook; it is refused.`,
      );
    case 'text_too_long':
      return fileProblem(
        `Tệp có văn bản dài hơn ${formatNumber(p.limit)} ký tự trong một ô (giới hạn của Excel); tệp bị từ chối.`,
        `The file has a text longer than ${p.limit} characters in one cell (Excel's limit); it is refused.`,
      );
    default:
      return fileProblem('Không đọc được tệp: tệp không phải bảng tính Excel (.xlsx) hợp lệ.', 'The file could not be read: it is not a valid Excel workbook (.xlsx).');
  }
}

type HeaderColumns = Record<'unit' | 'indicator' | 'value', number>;

/**
 * One sheet read as a stream: the rows above the header are searched for the labels and the
 * header (only columns A and B and the header texts are kept), then each figure row is
 * checked as it ends; reading stops past the row limit or when no header came in time.
 */
class EntrySheetReader implements SheetVisitor {
  #labels = new Map<string, string>();
  #found: Partial<HeaderColumns> = {};
  #header: { row: number; columns: HeaderColumns } | null = null;
  #columns = { unit: '', indicator: '', value: '' };
  // The row being read.
  #a: XlsxCell = EMPTY;
  #b: XlsxCell = EMPTY;
  #unit: XlsxCell = EMPTY;
  #indicator: XlsxCell = EMPTY;
  #value: XlsxCell = EMPTY;
  readonly rows: EntryCellRow[] = [];
  rowCount = 0;
  /** Set when the sheet has more rows than allowed. */
  overflowAt = 0;

  constructor(readonly name: string, private readonly maxRows: number, private readonly problems: ProblemList) {}

  get header() {
    return this.#header;
  }

  label(text: string): string | null {
    return this.#labels.get(text) ?? null;
  }

  cell(_row: number, column: number, value: XlsxCell): void {
    const header = this.#header;
    if (!header) {
      if (column === 1) this.#a = value;
      else if (column === 2) this.#b = value;
      if ('text' in value) {
        const text = value.text.trim();
        if (text === HEADERS.unit) this.#found.unit = column;
        else if (text === HEADERS.indicator) this.#found.indicator = column;
        else if (text === HEADERS.value) this.#found.value = column;
      }
      return;
    }
    if (column === header.columns.unit) this.#unit = value;
    if (column === header.columns.indicator) this.#indicator = value;
    if (column === header.columns.value) this.#value = value;
  }

  rowEnd(row: number): boolean {
    if (!this.#header) {
      if (row > HEADER_SEARCH_ROWS) return false;
      const found = this.#found;
      if (found.unit && found.indicator && found.value) {
        const columns = found as HeaderColumns;
        this.#header = { row, columns };
        this.#columns = { unit: letter(columns.unit), indicator: letter(columns.indicator), value: letter(columns.value) };
      } else {
        // The first row with a label wins, as a person reads the sheet from the top.
        const label = plain(this.#a);
        if (label !== '' && label.length <= MAX_CODE_CHARS && !this.#labels.has(label)) this.#labels.set(label, shorten(plain(this.#b)));
      }
      this.#found = {};
      this.#a = EMPTY;
      this.#b = EMPTY;
      return true;
    }
    const unitCell = this.#unit;
    const indicatorCell = this.#indicator;
    const valueCell = this.#value;
    this.#unit = EMPTY;
    this.#indicator = EMPTY;
    this.#value = EMPTY;
    if (row - this.#header.row > this.maxRows) {
      this.overflowAt = row;
      return false;
    }
    this.#figureRow(row, unitCell, indicatorCell, valueCell);
    return true;
  }

  #figureRow(r: number, unitCell: XlsxCell, indicatorCell: XlsxCell, valueCell: XlsxCell): void {
    const columns = this.#columns;
    const unitCode = shorten(plain(unitCell));
    const indicatorCode = shorten(plain(indicatorCell));
    const at = (column: string, message: string, messageEn: string, unit?: string) => {
      this.problems.add({ sheet: this.name, row: r, column, message, messageEn, ...(unit ? { unitCode: unit } : {}) });
    };
    if (unitCode !== '' || indicatorCode !== '' || !('text' in valueCell) || valueCell.text.trim() !== '') this.rowCount++;
    let broken = false;
    for (const [cell, column] of [[unitCell, columns.unit], [indicatorCell, columns.indicator], [valueCell, columns.value]] as const) {
      if (!('problem' in cell)) continue;
      at(column, CELL_PROBLEMS[cell.problem][0], CELL_PROBLEMS[cell.problem][1], unitCode);
      broken = true;
    }
    if (broken || 'problem' in valueCell) return;
    let value: number | null = null;
    let typed: string | undefined;
    if ('number' in valueCell) {
      value = valueCell.number;
    } else if (valueCell.text.trim() !== '') {
      try {
        value = parseNumber(valueCell.text);
        typed = valueCell.text.trim();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The message quotes the cell: cut, so that a long text is not copied into every problem.
        const text = valueCell.text;
        const shown = (m: string) => (text.length > MAX_CODE_CHARS ? m.replace(text, shorten(text)) : m);
        at(columns.value, shown(error.message), shown(error.messageEn), unitCode);
        return;
      }
    }
    if (unitCode === '' && indicatorCode === '') {
      if (value !== null) at(columns.unit, 'Dòng có số liệu nhưng thiếu mã đơn vị và mã chỉ tiêu.', 'The row has a figure but no unit or indicator code.');
      return;
    }
    if (unitCode === '') { at(columns.unit, 'Thiếu mã đơn vị.', 'The unit code is missing.'); return; }
    if (indicatorCode === '') { at(columns.indicator, 'Thiếu mã chỉ tiêu.', 'The indicator code is missing.', unitCode); return; }
    this.rows.push({ sheet: this.name, row: r, unitCode, indicatorCode, value, ...(typed === undefined ? {} : { typed }), columns });
  }
}

/**
 * Reads every entry sheet of a workbook (a sheet is one when it carries the header row
 * "Mã đơn vị … Mã chỉ tiêu … Số liệu tuần này" within its first 30 rows) as a stream, in
 * memory bounded by the limits: rows past `maxRows` are not read, a sheet without a header
 * is left after 30 rows, and a workbook whose strings pass the reader's bounds is refused.
 * Problems of the file's shape and of single cells are collected, never thrown.
 */
export async function readEntryWorkbook(buffer: Buffer, limits: EntryReadLimits): Promise<EntryWorkbookReading> {
  const problems = new ProblemList();
  const sheets: EntrySheet[] = [];
  try {
    const book = await XlsxReader.open(buffer, xlsxLimitsFor(limits));
    for (const sheet of book.sheets) {
      // The sheet's own problems are kept apart until it is known to be an entry sheet.
      const own = new ProblemList();
      const reader = new EntrySheetReader(sheet.name, limits.maxRows, own);
      await book.readSheet(sheet, reader);
      const header = reader.header;
      if (!header) continue;
      if (reader.overflowAt > 0) {
        problems.add({
          sheet: sheet.name, row: 0, column: '',
          message: `Trang tính vượt giới hạn ${formatNumber(limits.maxRows)} dòng mỗi lần nhập (đã dừng đọc ở dòng ${formatNumber(reader.overflowAt)}); hãy chia thành nhiều tệp.`,
          messageEn: `The sheet has more than the ${limits.maxRows} rows allowed per import (reading stopped at row ${reader.overflowAt}); split it into several files.`,
        });
        continue;
      }
      const campaignCode = reader.label(LABEL_CAMPAIGN);
      const period = reader.label(LABEL_WEEK);
      if (!campaignCode) problems.add({ sheet: sheet.name, row: 0, column: 'B', message: `Thiếu ô «${LABEL_CAMPAIGN}» phía trên dòng tiêu đề.`, messageEn: `The "${LABEL_CAMPAIGN}" cell above the header row is missing.` });
      if (!period) problems.add({ sheet: sheet.name, row: 0, column: 'B', message: `Thiếu ô «${LABEL_WEEK}» phía trên dòng tiêu đề.`, messageEn: `The "${LABEL_WEEK}" cell above the header row is missing.` });
      problems.merge(own);
      sheets.push({ sheet: sheet.name, campaignCode: shorten(campaignCode ?? ''), period: shorten(period ?? ''), rows: reader.rows, rowCount: reader.rowCount });
    }
  } catch (error) {
    if (!(error instanceof XlsxRefused) && !(error instanceof ZipRefused)) throw error;
    const refused = new ProblemList();
    refused.add(refusal(error));
    return { sheets: [], problems: refused };
  }
  if (sheets.length === 0 && problems.count === 0) {
    problems.add(fileProblem(
      `Không tìm thấy trang tính nhập liệu: cần dòng tiêu đề có các cột «${HEADERS.unit}», «${HEADERS.indicator}» và «${HEADERS.value}». Hãy dùng tệp mẫu tải từ hệ thống.`,
      `No entry sheet found: a header row with "${HEADERS.unit}", "${HEADERS.indicator}" and "${HEADERS.value}" is needed. Use the template downloaded from the system.`,
    ));
  }
  return { sheets, problems };
}
