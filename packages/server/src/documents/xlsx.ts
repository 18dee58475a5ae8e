// Spreadsheets of dashboard tables (ExcelJS): Vietnamese headers, number formats, the header
// rows frozen. Text that a spreadsheet could read as a formula (=, +, -, @ at the start) is
// neutralised with a leading apostrophe, so an exported unit name can never run as one.
import ExcelJS from 'exceljs';
import { SCHEDULE_STATUS_LABELS, TIMELINESS_LABELS, formatDate } from '@giaoban/core';
import type { ProgressView, UnitProgress } from '../services/progress.service.ts';
import type { TimelinessView } from '../services/timeliness.service.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell's value, neutralised when it could be read as a formula. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const REPORT_STATES: Readonly<Record<UnitProgress['reportStatus'], string>> = {
  draft: 'đang soạn', submitted: 'đã gửi', approved: 'đã duyệt', returned: 'bị trả lại', missing: 'chưa gửi',
};

const numberFormat = (valueKind: string) => (valueKind === 'decimal' ? '#,##0.0###' : '#,##0');
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => { cell.fill = HEADER_FILL; });
}

/**
 * The progress of a unit as a workbook: "Tổng hợp" (the unit's figures per indicator) and,
 * when it has any, "Đơn vị trực thuộc" (each child, per indicator: target, to date and
 * achievement), each with its header frozen.
 */
export async function progressWorkbook(view: ProgressView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Giao Ban';
  const title = `${view.campaign.name} — ${view.unit.unit.name} — tính đến ngày ${formatDate(view.asOf)}`;

  const own = book.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 2 }] });
  own.addRow([safeText(title)]).font = { bold: true };
  styleHeader(own.addRow(['Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Chỉ tiêu giao', 'Tuần này', 'Lũy kế', 'Tỷ lệ đạt', 'Tình trạng']));
  for (const i of view.unit.indicators) {
    const row = own.addRow([
      i.indicator.code, safeText(i.indicator.name), safeText(i.indicator.unitOfMeasure), i.target, i.thisWeek, i.toDate, i.achievement,
      i.status === null ? null : SCHEDULE_STATUS_LABELS[i.status].vi,
    ]);
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = numberFormat(i.indicator.valueKind);
    row.getCell(7).numFmt = '0.00%';
  }
  own.columns.forEach((col, k) => { col.width = [14, 60, 12, 16, 14, 16, 12, 16][k] ?? 14; });

  if (view.children.length > 0) {
    const sheet = book.addWorksheet('Đơn vị trực thuộc', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
    const indicators = view.unit.indicators.map((i) => i.indicator);
    const top = sheet.addRow(['Mã đơn vị', 'Đơn vị', 'Báo cáo tuần', ...indicators.flatMap((i) => [safeText(`${i.name} (${i.unitOfMeasure})`), '', ''])]);
    const sub = sheet.addRow(['', '', '', ...indicators.flatMap(() => ['Chỉ tiêu giao', 'Lũy kế', 'Tỷ lệ đạt'])]);
    indicators.forEach((_, k) => sheet.mergeCells(1, 4 + 3 * k, 1, 6 + 3 * k));
    for (const c of [1, 2, 3]) sheet.mergeCells(1, c, 2, c);
    styleHeader(top);
    styleHeader(sub);
    top.height = 60;
    for (const child of view.children) {
      const row = sheet.addRow([
        child.unit.code, safeText(child.unit.name), REPORT_STATES[child.reportStatus],
        ...child.indicators.flatMap((i) => [i.target, i.toDate, i.achievement]),
      ]);
      child.indicators.forEach((i, k) => {
        row.getCell(4 + 3 * k).numFmt = numberFormat(i.indicator.valueKind);
        row.getCell(5 + 3 * k).numFmt = numberFormat(i.indicator.valueKind);
        row.getCell(6 + 3 * k).numFmt = '0.00%';
      });
    }
    sheet.getColumn(1).width = 12;
    sheet.getColumn(2).width = 36;
    sheet.getColumn(3).width = 14;
    for (let c = 4; c < 4 + 3 * indicators.length; c++) sheet.getColumn(c).width = 14;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Hà Nội is UTC+7 all year (no daylight saving). */
const LOCAL_OFFSET_MS = 7 * 3_600_000;

/**
 * An instant as a spreadsheet date-time showing the wall-clock time in Asia/Ho_Chi_Minh:
 * a spreadsheet has no time zones, so the cell holds the local time itself.
 */
function localDateTime(instant: string | Date): Date {
  return new Date(new Date(instant).getTime() + LOCAL_OFFSET_MS);
}

const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';

/**
 * The timeliness of a unit's subtree as a workbook: "Tuần …" (every expected unit of the
 * chosen week: deadline, when it was sent, on time or late, the report's state) and
 * "Tổng hợp theo tuần" (each week begun: counts and rates), each with its header frozen.
 * Moments are date-time cells showing dd/mm/yyyy HH:mm in Hà Nội time.
 */
export async function timelinessWorkbook(view: TimelinessView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Giao Ban';
  const selected = view.selected;
  const weekName = selected ? `Tuần ${selected.week.week.slice(6)}` : 'Tuần';
  const period = selected ? ` — tuần ${selected.week.week.slice(6)} (${formatDate(selected.week.start)} – ${formatDate(selected.week.end)})` : '';

  const units = book.addWorksheet(weekName, { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  units.addRow([safeText(`Tính kịp thời của báo cáo — ${view.campaign.name} — ${view.unit.name}${period}`)]).font = { bold: true };
  styleHeader(units.addRow(['Mã đơn vị', 'Đơn vị', 'Hạn nộp', 'Gửi lúc', 'Tình trạng', 'Báo cáo', 'Số liệu bất thường', 'Lý do trả lại']));
  for (const r of selected?.rows ?? []) {
    const row = units.addRow([
      r.unit.code, safeText(r.unit.name), localDateTime(r.dueAt), r.submittedAt === null ? null : localDateTime(r.submittedAt),
      TIMELINESS_LABELS[r.status].vi, REPORT_STATES[r.reportStatus ?? 'missing'], r.flagCount,
      r.returnReason === null ? null : safeText(r.returnReason),
    ]);
    row.getCell(3).numFmt = DATE_TIME_FORMAT;
    row.getCell(4).numFmt = DATE_TIME_FORMAT;
    row.getCell(7).numFmt = '#,##0';
  }
  units.columns.forEach((col, k) => { col.width = [12, 40, 18, 18, 16, 14, 12, 40][k] ?? 14; });

  const weeks = book.addWorksheet('Tổng hợp theo tuần', { views: [{ state: 'frozen', ySplit: 2 }] });
  weeks.addRow([safeText(`Tổng hợp tính kịp thời theo tuần — ${view.unit.name}`)]).font = { bold: true };
  styleHeader(weeks.addRow([
    'Tuần', 'Từ ngày', 'Đến ngày', 'Phải báo cáo', 'Đã báo cáo', 'Đúng hạn', 'Chậm', 'Chưa báo cáo', 'Chưa đến hạn', 'Tỷ lệ đầy đủ', 'Tỷ lệ đúng hạn',
  ]));
  for (const { week, summary: s } of view.weeks) {
    const row = weeks.addRow([
      week.week, formatDate(week.start), formatDate(week.end), s.expected, s.submitted, s.onTime, s.late, s.missing, s.pending, s.completeness, s.timeliness,
    ]);
    for (let c = 4; c <= 9; c++) row.getCell(c).numFmt = '#,##0';
    row.getCell(10).numFmt = '0.0%';
    row.getCell(11).numFmt = '0.0%';
  }
  weeks.columns.forEach((col, k) => { col.width = [10, 12, 12][k] ?? 13; });
  return Buffer.from(await book.xlsx.writeBuffer());
}
