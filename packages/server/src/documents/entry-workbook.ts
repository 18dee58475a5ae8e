// The entry workbook: a spreadsheet a cadre takes away to fill in a week's figures for a unit
// (and optionally its children) and brings back. Writing it (indicators pre-filled, the
// structure locked, only the input column open, validated as numbers ≥ 0, instructions in
// Vietnamese) and reading it back (our own files and files re-saved by LibreOffice or Excel:
// everything is found by its label, not by position).
import ExcelJS from 'exceljs';
import { DomainError, formatDate, formatNumber, parseNumber, type CampaignWeek, type Indicator } from '@giaoban/core';
import { safeText } from './xlsx.ts';

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
  const book = new ExcelJS.Workbook();
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

/** A figure row read from an entry sheet (the value checked as a number, not yet against the campaign). */
export interface EntryCellRow {
  readonly sheet: string;
  readonly row: number;
  readonly unitCode: string;
  readonly indicatorCode: string;
  /** null: the input cell is empty (nothing reported). */
  readonly value: number | null;
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
  readonly problems: readonly WorkbookProblem[];
}

type CellText = { readonly text: string } | { readonly problem: 'formula' | 'date' | 'boolean' | 'error' };

/** A cell's content as text, refusing what cannot be a typed figure. */
function cellText(cell: ExcelJS.Cell): CellText | { readonly number: number } {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'number') return { number: v };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { problem: 'boolean' };
  if (v instanceof Date) return { problem: 'date' };
  if ('formula' in v || 'sharedFormula' in v) return { problem: 'formula' };
  if ('error' in v) return { problem: 'error' };
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join('') };
  if ('text' in v && typeof v.text === 'string') return { text: v.text };
  return { problem: 'error' };
}

/** A label or code cell as plain text ('' when empty or not text). */
function plain(cell: ExcelJS.Cell): string {
  const t = cellText(cell);
  if ('number' in t) return String(t.number);
  return 'text' in t ? t.text.trim() : '';
}

const CELL_PROBLEMS = {
  formula: ['Ô chứa công thức; chỉ được nhập số.', 'The cell holds a formula; type a number.'],
  date: ['Ô chứa ngày tháng; chỉ được nhập số.', 'The cell holds a date; type a number.'],
  boolean: ['Ô chứa giá trị đúng/sai; chỉ được nhập số.', 'The cell holds TRUE/FALSE; type a number.'],
  error: ['Ô chứa giá trị lỗi; chỉ được nhập số.', 'The cell holds an error value; type a number.'],
} as const;

/** Finds the label's row in column A within the first rows and returns the text beside it. */
function labelled(sheet: ExcelJS.Worksheet, label: string, before: number): string | null {
  for (let r = 1; r < before; r++) {
    if (plain(sheet.getCell(r, 1)) === label) return plain(sheet.getCell(r, 2));
  }
  return null;
}

function findHeader(sheet: ExcelJS.Worksheet): { row: number; columns: Record<'unit' | 'indicator' | 'value', number> } | null {
  for (let r = 1; r <= Math.min(30, sheet.rowCount); r++) {
    const found: Partial<Record<'unit' | 'indicator' | 'value', number>> = {};
    sheet.getRow(r).eachCell((cell, col) => {
      const text = plain(cell);
      if (text === HEADERS.unit) found.unit = col;
      else if (text === HEADERS.indicator) found.indicator = col;
      else if (text === HEADERS.value) found.value = col;
    });
    if (found.unit && found.indicator && found.value) return { row: r, columns: found as Record<'unit' | 'indicator' | 'value', number> };
  }
  return null;
}

const letter = (column: number): string => {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * Reads every entry sheet of a workbook (a sheet is one when it carries the header row
 * "Mã đơn vị … Mã chỉ tiêu … Số liệu tuần này"). Problems of the file's shape and of single
 * cells are collected, all of them, never thrown.
 */
export async function readEntryWorkbook(buffer: Buffer, limits: { readonly maxRows: number }): Promise<EntryWorkbookReading> {
  const book = new ExcelJS.Workbook();
  const problems: WorkbookProblem[] = [];
  const fileProblem = (message: string, messageEn: string): EntryWorkbookReading => ({ sheets: [], problems: [{ sheet: '', row: 0, column: '', message, messageEn }] });
  try {
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return fileProblem('Không đọc được tệp: tệp không phải bảng tính Excel (.xlsx) hợp lệ.', 'The file could not be read: it is not a valid Excel workbook (.xlsx).');
  }
  const sheets: EntrySheet[] = [];
  for (const sheet of book.worksheets) {
    const header = findHeader(sheet);
    if (!header) continue;
    if (sheet.rowCount - header.row > limits.maxRows) {
      problems.push({
        sheet: sheet.name, row: 0, column: '',
        message: `Trang tính có ${formatNumber(sheet.rowCount - header.row)} dòng, vượt giới hạn ${formatNumber(limits.maxRows)} dòng mỗi lần nhập.`,
        messageEn: `The sheet has ${sheet.rowCount - header.row} rows, more than the ${limits.maxRows} allowed per import.`,
      });
      continue;
    }
    const campaignCode = labelled(sheet, LABEL_CAMPAIGN, header.row);
    const period = labelled(sheet, LABEL_WEEK, header.row);
    const at = (row: number, column: string, message: string, messageEn: string, unitCode?: string) => {
      problems.push({ sheet: sheet.name, row, column, message, messageEn, ...(unitCode ? { unitCode } : {}) });
    };
    if (!campaignCode) at(0, 'B', `Thiếu ô «${LABEL_CAMPAIGN}» phía trên dòng tiêu đề.`, `The "${LABEL_CAMPAIGN}" cell above the header row is missing.`);
    if (!period) at(0, 'B', `Thiếu ô «${LABEL_WEEK}» phía trên dòng tiêu đề.`, `The "${LABEL_WEEK}" cell above the header row is missing.`);
    const columns = { unit: letter(header.columns.unit), indicator: letter(header.columns.indicator), value: letter(header.columns.value) };
    const rows: EntryCellRow[] = [];
    let rowCount = 0;
    for (let r = header.row + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const unitCell = cellText(row.getCell(header.columns.unit));
      const indicatorCell = cellText(row.getCell(header.columns.indicator));
      const valueCell = cellText(row.getCell(header.columns.value));
      const unitCode = plain(row.getCell(header.columns.unit));
      const indicatorCode = plain(row.getCell(header.columns.indicator));
      if (unitCode !== '' || indicatorCode !== '' || !('text' in valueCell) || valueCell.text.trim() !== '') rowCount++;
      let broken = false;
      for (const [cell, column] of [[unitCell, columns.unit], [indicatorCell, columns.indicator], [valueCell, columns.value]] as const) {
        if (!('problem' in cell)) continue;
        at(r, column, CELL_PROBLEMS[cell.problem][0], CELL_PROBLEMS[cell.problem][1], unitCode);
        broken = true;
      }
      if (broken || 'problem' in valueCell) continue;
      let value: number | null = null;
      if ('number' in valueCell) {
        value = valueCell.number;
      } else if (valueCell.text.trim() !== '') {
        try {
          value = parseNumber(valueCell.text);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          at(r, columns.value, error.message, String(error.details.messageEn ?? error.message), unitCode);
          continue;
        }
      }
      if (unitCode === '' && indicatorCode === '') {
        if (value !== null) at(r, columns.unit, 'Dòng có số liệu nhưng thiếu mã đơn vị và mã chỉ tiêu.', 'The row has a figure but no unit or indicator code.');
        continue;
      }
      if (unitCode === '') { at(r, columns.unit, 'Thiếu mã đơn vị.', 'The unit code is missing.'); continue; }
      if (indicatorCode === '') { at(r, columns.indicator, 'Thiếu mã chỉ tiêu.', 'The indicator code is missing.', unitCode); continue; }
      rows.push({ sheet: sheet.name, row: r, unitCode, indicatorCode, value, columns });
    }
    sheets.push({ sheet: sheet.name, campaignCode: campaignCode ?? '', period: period ?? '', rows, rowCount });
  }
  if (sheets.length === 0 && problems.length === 0) {
    return fileProblem(
      `Không tìm thấy trang tính nhập liệu: cần dòng tiêu đề có các cột «${HEADERS.unit}», «${HEADERS.indicator}» và «${HEADERS.value}». Hãy dùng tệp mẫu tải từ hệ thống.`,
      `No entry sheet found: a header row with "${HEADERS.unit}", "${HEADERS.indicator}" and "${HEADERS.value}" is needed. Use the template downloaded from the system.`,
    );
  }
  return { sheets, problems };
}
