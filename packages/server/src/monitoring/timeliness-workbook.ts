// The timeliness of a unit's subtree as a spreadsheet (ExcelJS).
import { TIMELINESS_LABELS, formatDate } from '@giaoban/core';
import { DATE_TIME_FORMAT, REPORT_STATE_WORDS, localDateTime, newWorkbook, safeText, styleHeader } from '../infra/index.ts';
import type { TimelinessView } from './timeliness.service.ts';


/**
 * The timeliness of a unit's subtree as a workbook: "Tuần …" (every expected unit of the
 * chosen week: deadline, when it was sent (or, entered on its behalf, when it reached the level
 * above), on time or late, the report's state) and
 * "Tổng hợp theo tuần" (each week begun: counts and rates), each with its header frozen.
 * Moments are date-time cells showing dd/mm/yyyy HH:mm in Hà Nội time.
 */
export async function timelinessWorkbook(view: TimelinessView): Promise<Buffer> {
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const selected = view.selected;
  const weekName = selected ? `Tuần ${selected.week.week.slice(6)}` : 'Tuần';
  const period = selected ? ` — tuần ${selected.week.week.slice(6)} (${formatDate(selected.week.start)} – ${formatDate(selected.week.end)})` : '';
  const only = view.group === null ? '' : ` — chỉ các đơn vị thuộc nhóm ${view.group.name}`;

  const units = book.addWorksheet(weekName, { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  units.addRow([safeText(`Tính kịp thời của báo cáo — ${view.campaign.name} — ${view.unit.name}${period}${only}`)]).font = { bold: true };
  styleHeader(units.addRow(['Mã đơn vị', 'Đơn vị', 'Hạn nộp', 'Gửi lúc', 'Tình trạng', 'Báo cáo', 'Số liệu bất thường', 'Lý do trả lại', 'Nhập thay']));
  for (const r of selected?.rows ?? []) {
    const row = units.addRow([
      r.unit.code, safeText(r.unit.name), localDateTime(r.dueAt), r.submittedAt === null ? null : localDateTime(r.submittedAt),
      TIMELINESS_LABELS[r.status].vi, REPORT_STATE_WORDS[r.reportStatus ?? 'missing'], r.flagCount,
      r.returnReason === null ? null : safeText(r.returnReason),
      // Entered by the level above: "Gửi lúc" is then the time the report really reached it.
      r.onBehalf ? 'nhập thay' : null,
    ]);
    row.getCell(3).numFmt = DATE_TIME_FORMAT;
    row.getCell(4).numFmt = DATE_TIME_FORMAT;
    row.getCell(7).numFmt = '#,##0';
  }
  units.columns.forEach((col, k) => { col.width = [12, 40, 18, 18, 16, 14, 12, 40, 12][k] ?? 14; });

  const weeks = book.addWorksheet('Tổng hợp theo tuần', { views: [{ state: 'frozen', ySplit: 2 }] });
  weeks.addRow([safeText(`Tổng hợp tính kịp thời theo tuần — ${view.unit.name}${only}`)]).font = { bold: true };
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
