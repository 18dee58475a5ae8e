// A subtree's activity records as a spreadsheet (ExcelJS): one sheet per kind, a column per field.
import { ACTIVITY_ENUMS, ACTIVITY_FIELDS, ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, formatDate, type ActivityFieldSpec, type ActivityKind } from '@giaoban/core';
import type { ActivityRecordRow, UnitRow } from '@giaoban/db';
import { DATE_TIME_FORMAT, localDateTime, newWorkbook, safeText, styleHeader } from '../infra/index.ts';
import type { ActivitySetup } from './activities.service.ts';

/** The sheets' names (Excel allows 31 characters). */
const SHEET_NAMES: Readonly<Record<ActivityKind, string>> = {
  work: 'Công trình, phần việc', team: 'Đội hình tình nguyện', model: 'Mô hình, gương điển hình', press: 'Tin, bài tuyên truyền', inspection: 'Kiểm tra', linkage: 'Liên kết',
};

/** A field's value as a cell: a number stays a number, a choice its label, a list joined, a date dd/mm/yyyy. */
function cellOf(spec: ActivityFieldSpec, value: unknown, setup: ActivitySetup): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return safeText(value.join('; '));
  const text = String(value);
  if (spec.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
  if (spec.type === 'enum') {
    if (spec.options === 'workKind' || spec.options === undefined) return safeText(setup.workKinds.find((k) => k.code === text)?.name ?? text);
    return (ACTIVITY_ENUMS[spec.options] as Readonly<Record<string, { readonly vi: string }>>)[text]?.vi ?? text;
  }
  if (spec.type === 'focusArea') return safeText(setup.focusAreas.find((f) => f.code === text)?.name ?? text);
  return safeText(text);
}

/**
 * The records as a workbook: a sheet per kind that has records (or the one kind asked for),
 * each with the unit, the kind's fields in the form's order, the programme, whether it was
 * entered on the unit's behalf, and when it was last changed; the header frozen.
 */
export async function activitiesWorkbook(view: { setup: ActivitySetup; unit: UnitRow; rows: readonly ActivityRecordRow[]; kind?: ActivityKind | undefined }): Promise<Buffer> {
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const kinds = view.kind ? [view.kind] : ACTIVITY_KINDS.filter((k) => view.rows.some((r) => r.kind === k));
  for (const kind of kinds.length > 0 ? kinds : ACTIVITY_KINDS.slice(0, 1)) {
    const specs = ACTIVITY_FIELDS[kind];
    const sheet = book.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
    sheet.addRow([safeText(`${ACTIVITY_KIND_LABELS[kind].vi} — ${view.setup.campaign.name} — ${view.unit.name} và các đơn vị trực thuộc`)]).font = { bold: true };
    styleHeader(sheet.addRow(['Mã đơn vị', 'Đơn vị', ...specs.map((s) => s.labelVi), 'Chương trình', 'Nhập thay', 'Cập nhật lúc', 'Số bản ghi']));
    for (const r of view.rows.filter((x) => x.kind === kind)) {
      const fields = r.fields as Readonly<Record<string, unknown>>;
      const row = sheet.addRow([
        r.unitCode, safeText(r.unitName), ...specs.map((s) => cellOf(s, fields[s.name], view.setup)),
        r.programmeCode === null ? null : safeText(view.setup.programmes.find((p) => p.code === r.programmeCode)?.name ?? r.programmeCode),
        r.onBehalfBy === null ? null : 'nhập thay', localDateTime(r.updatedAt), r.id,
      ]);
      specs.forEach((s, i) => { if (s.type === 'money' || s.type === 'int') row.getCell(3 + i).numFmt = '#,##0'; });
      row.getCell(3 + specs.length + 2).numFmt = DATE_TIME_FORMAT;
    }
    sheet.columns.forEach((col, k) => { col.width = k === 1 ? 34 : k >= 2 && k < 2 + specs.length ? Math.min(40, Math.max(14, (specs[k - 2]?.labelVi.length ?? 10) + 4)) : 14; });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
