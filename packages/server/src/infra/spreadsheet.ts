// What every spreadsheet of the server shares (ExcelJS): formula-safe text, number formats,
// the header style, local date-times and the report states in words. Text that a spreadsheet
// could read as a formula (=, +, -, @ at the start) is neutralised with a leading apostrophe,
// so an exported unit name can never run as one.
import type ExcelJS from 'exceljs';
import { formatPercent, type ReportState } from '@giaoban/core';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A new workbook. ExcelJS is loaded on the first download, not when the server starts: it is
 * the heaviest module the server imports (0,8 s of a start's 4 s of CPU, BENCHMARKS.md), and
 * most starts serve no spreadsheet.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  return new ExcelJS.Workbook();
}

/** A text cell's value, neutralised when it could be read as a formula. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A report's state in words, or "chưa gửi" for a unit that has none yet. */
export const REPORT_STATE_WORDS: Readonly<Record<ReportState | 'missing', string>> = {
  draft: 'đang soạn', submitted: 'đã gửi', approved: 'đã duyệt', returned: 'bị trả lại', missing: 'chưa gửi',
};

export const numberFormat = (valueKind: string) => (valueKind === 'decimal' ? '#,##0.0###' : '#,##0');

/**
 * An achievement cell written as the documents' text writes it (`formatPercent`: at most
 * `precision` decimals, no trailing zeros, so 139,6% and not 139,60%): the ratio rounded to
 * those decimals, and a format showing as many decimals as are left.
 */
export function percentCell(ratio: number | null, precision: number): { value: number | null; numFmt: string } {
  if (ratio === null) return { value: null, numFmt: '0%' };
  const text = formatPercent(ratio, precision).slice(0, -1);
  const decimals = text.split(',')[1]?.length ?? 0;
  // Read back from the text: the cell holds exactly the figure the document shows.
  const percent = Number(text.replace(/\./g, '').replace(',', '.'));
  return { value: percent / 100, numFmt: `#,##0${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}%` };
}
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => { cell.fill = HEADER_FILL; });
}

/** Hà Nội is UTC+7 all year (no daylight saving). */
const LOCAL_OFFSET_MS = 7 * 3_600_000;

/**
 * An instant as a spreadsheet date-time showing the wall-clock time in Asia/Ho_Chi_Minh:
 * a spreadsheet has no time zones, so the cell holds the local time itself.
 */
export function localDateTime(instant: string | Date): Date {
  return new Date(new Date(instant).getTime() + LOCAL_OFFSET_MS);
}

export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
