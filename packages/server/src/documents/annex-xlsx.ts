// The annex of a report (Phụ lục) as a spreadsheet: the same rows as the annex of the .docx
// (one per child unit, then the unit's total) with, per indicator, target, to date and
// achievement as numbers that a spreadsheet can sum, the header rows frozen, printed
// landscape on A4. The percentages are written as the report writes them (its precision, no
// trailing zeros), the week by its dates, the units by their names.
import type ExcelJS from 'exceljs';
import { formatDate } from '@giaoban/core';
import type { ProgressView, UnitProgress } from '../dashboards/index.ts';
import { newWorkbook, percentCell, safeText } from '../infra/index.ts';
import { shortRange } from './notice.service.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' },
};
const numberFormat = (valueKind: string) => (valueKind === 'decimal' ? '#,##0.0###' : '#,##0');
const FIRST_FIGURE_COLUMN = 4;

/**
 * The annex of a unit's report as a workbook of one sheet "Phụ lục": a title row, two header
 * rows (the indicator over its three figures), the children numbered, then the total row.
 * The percentages at `view.precision`.
 */
export async function annexWorkbook(view: ProgressView): Promise<Buffer> {
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const sheet = book.addWorksheet('Phụ lục', {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:3' },
  });
  const indicators = view.unit.indicators.map((i) => i.indicator);
  const title = `Phụ lục: kết quả thực hiện các chỉ tiêu — ${view.campaign.name} — ${view.unit.unit.name}`
    + `${view.week ? ` — tuần từ ${shortRange(view.week.start, view.week.end)}` : ''} — tính đến hết ngày ${formatDate(view.asOf)}`;
  sheet.addRow([safeText(title)]).font = { bold: true, size: 13 };

  const top = sheet.addRow(['TT', 'Mã đơn vị', 'Đơn vị', ...indicators.flatMap((i) => [safeText(`${i.name} (${i.unitOfMeasure})`), '', ''])]);
  const sub = sheet.addRow(['', '', '', ...indicators.flatMap(() => ['Chỉ tiêu giao', 'Lũy kế', 'Tỷ lệ đạt'])]);
  indicators.forEach((_, k) => sheet.mergeCells(2, FIRST_FIGURE_COLUMN + 3 * k, 2, FIRST_FIGURE_COLUMN + 2 + 3 * k));
  for (const c of [1, 2, 3]) sheet.mergeCells(2, c, 3, c);
  for (const row of [top, sub]) {
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    row.eachCell({ includeEmpty: true }, (cell) => { cell.fill = HEADER_FILL; cell.border = THIN; });
  }
  top.height = 60;

  const add = (number: number | null, unit: UnitProgress, total: boolean) => {
    const row = sheet.addRow([
      number, unit.unit.code, safeText(total ? `Tổng cộng (${unit.unit.name})` : unit.unit.name),
      ...unit.indicators.flatMap((i) => [i.target, i.toDate, percentCell(i.achievement, view.precision).value]),
    ]);
    unit.indicators.forEach((i, k) => {
      const at = FIRST_FIGURE_COLUMN + 3 * k;
      row.getCell(at).numFmt = numberFormat(i.indicator.valueKind);
      row.getCell(at + 1).numFmt = numberFormat(i.indicator.valueKind);
      row.getCell(at + 2).numFmt = percentCell(i.achievement, view.precision).numFmt;
    });
    row.eachCell({ includeEmpty: true }, (cell) => { cell.border = THIN; });
    if (total) row.font = { bold: true };
  };
  view.children.forEach((child, k) => add(k + 1, child, false));
  add(null, view.unit, true);

  sheet.getColumn(1).width = 5;
  sheet.getColumn(2).width = 10;
  sheet.getColumn(3).width = 34;
  for (let c = FIRST_FIGURE_COLUMN; c < FIRST_FIGURE_COLUMN + 3 * indicators.length; c++) sheet.getColumn(c).width = 13;
  return Buffer.from(await book.xlsx.writeBuffer());
}
