// The progress of a unit as a spreadsheet (ExcelJS): Vietnamese headers, number formats, the
// header rows frozen.
import { SCHEDULE_STATUS_LABELS, formatDate } from '@giaoban/core';
import { REPORT_STATE_WORDS, newWorkbook, numberFormat, percentCell, safeText, styleHeader } from '../infra/index.ts';
import type { ProgressView } from './progress.service.ts';

/**
 * The progress of a unit as a workbook: "Tổng hợp" (the unit's figures per indicator) and,
 * when it has any, "Đơn vị trực thuộc" (each child, per indicator: target, to date and
 * achievement), each with its header frozen.
 */
/**
 * `regrouped`: the rows are another date's units (regroup.service.ts); the third column then
 * names the units of the campaign's structure each row adds up, in place of the week's report.
 */
export async function progressWorkbook(view: ProgressView, regrouped?: { readonly asOf: string; readonly membersOf: ReadonlyMap<string, readonly string[]> }): Promise<Buffer> {
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const title = `${view.campaign.name} — ${view.unit.unit.name} — tính đến ngày ${formatDate(view.asOf)}`;
  const filtered = view.group === null ? null : `Đơn vị trực thuộc: chỉ liệt kê các đơn vị thuộc nhóm ${view.group.name}; số liệu tổng hợp là của cả ${view.unit.unit.name}.`;
  const regroupNote = regrouped
    ? `Đơn vị trực thuộc theo cơ cấu tổ chức ngày ${formatDate(regrouped.asOf)}: mỗi dòng là tổng của các đơn vị trước đây hợp thành đơn vị đó; số liệu tổng hợp không đổi.`
    : null;

  const own = book.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 2 }] });
  own.addRow([safeText(title)]).font = { bold: true };
  styleHeader(own.addRow(['Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Chỉ tiêu giao', 'Tuần này', 'Lũy kế', 'Tỷ lệ đạt', 'Tình trạng']));
  for (const i of view.unit.indicators) {
    const row = own.addRow([
      i.indicator.code, safeText(i.indicator.name), safeText(i.indicator.unitOfMeasure), i.target, i.thisWeek, i.toDate,
      percentCell(i.achievement, view.precision).value,
      i.status === null ? null : SCHEDULE_STATUS_LABELS[i.status].vi,
    ]);
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = numberFormat(i.indicator.valueKind);
    // At the campaign's precision, as the dashboard writes it.
    row.getCell(7).numFmt = percentCell(i.achievement, view.precision).numFmt;
  }
  // Below the table, so that the header rows stay where a reader (and a formula) expects them.
  for (const note of [filtered, regroupNote]) if (note) { own.addRow([]); own.addRow([safeText(note)]).font = { italic: true }; }
  own.columns.forEach((col, k) => { col.width = [14, 60, 12, 16, 14, 16, 12, 16][k] ?? 14; });

  if (view.children.length > 0) {
    const sheet = book.addWorksheet('Đơn vị trực thuộc', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
    const indicators = view.unit.indicators.map((i) => i.indicator);
    const top = sheet.addRow(['Mã đơn vị', 'Đơn vị', regrouped ? 'Gồm các đơn vị' : 'Báo cáo tuần', ...indicators.flatMap((i) => [safeText(`${i.name} (${i.unitOfMeasure})`), '', ''])]);
    const sub = sheet.addRow(['', '', '', ...indicators.flatMap(() => ['Chỉ tiêu giao', 'Lũy kế', 'Tỷ lệ đạt'])]);
    indicators.forEach((_, k) => sheet.mergeCells(1, 4 + 3 * k, 1, 6 + 3 * k));
    for (const c of [1, 2, 3]) sheet.mergeCells(1, c, 2, c);
    styleHeader(top);
    styleHeader(sub);
    top.height = 60;
    for (const child of view.children) {
      const row = sheet.addRow([
        child.unit.code, safeText(child.unit.name),
        regrouped ? safeText((regrouped.membersOf.get(child.unit.code) ?? []).join('; ')) : REPORT_STATE_WORDS[child.reportStatus],
        ...child.indicators.flatMap((i) => [i.target, i.toDate, percentCell(i.achievement, view.precision).value]),
      ]);
      child.indicators.forEach((i, k) => {
        row.getCell(4 + 3 * k).numFmt = numberFormat(i.indicator.valueKind);
        row.getCell(5 + 3 * k).numFmt = numberFormat(i.indicator.valueKind);
        row.getCell(6 + 3 * k).numFmt = percentCell(i.achievement, view.precision).numFmt;
      });
    }
    if (filtered) { sheet.addRow([]); sheet.addRow([safeText(filtered)]).font = { italic: true }; }
    sheet.getColumn(1).width = 12;
    sheet.getColumn(2).width = 36;
    sheet.getColumn(3).width = 14;
    for (let c = 4; c < 4 + 3 * indicators.length; c++) sheet.getColumn(c).width = 14;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

