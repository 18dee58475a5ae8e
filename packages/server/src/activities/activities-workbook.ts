// A subtree's activity records as a spreadsheet (ExcelJS): one sheet per kind, a column per field.
import {
  ACTIVITY_ENUMS, ACTIVITY_FIELDS, ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, ACTIVITY_SHEET_COLUMNS, activitySheetHeader, formatDate, formatNumber,
  type ActivityFieldSpec, type ActivityKind,
} from '@giaoban/core';
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
    styleHeader(sheet.addRow([ACTIVITY_SHEET_COLUMNS.unit.vi, 'Đơn vị', ...specs.map((s) => s.labelVi), ACTIVITY_SHEET_COLUMNS.programme.vi, 'Nhập thay', 'Cập nhật lúc', ACTIVITY_SHEET_COLUMNS.record.vi]));
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

/** The choices of a field, as a sheet writes them (labels), or null for a field without a list. */
function choicesOf(spec: ActivityFieldSpec, setup: ActivitySetup): string[] | null {
  if (spec.type === 'enum') {
    if (spec.options === 'workKind' || spec.options === undefined) return setup.workKinds.map((k) => k.name);
    return Object.values(ACTIVITY_ENUMS[spec.options] as Readonly<Record<string, { readonly vi: string }>>).map((l) => l.vi);
  }
  if (spec.type === 'focusArea' || spec.type === 'focusAreas') return setup.focusAreas.map((f) => f.code);
  return null;
}

/** What a column takes, in words, for the template's guide. */
function guideOf(spec: ActivityFieldSpec, setup: ActivitySetup): string {
  const choices = choicesOf(spec, setup);
  switch (spec.type) {
    case 'date': return 'Ngày dd/mm/yyyy, trong thời gian chiến dịch.';
    case 'money': return 'Số đồng, viết kiểu Việt Nam (1.250.000.000) hoặc số của Excel.';
    case 'int': return `Số nguyên${spec.min ? ` từ ${formatNumber(spec.min)}` : ' không âm'}.`;
    case 'url': return 'Địa chỉ web bắt đầu bằng http:// hoặc https://.';
    case 'units': return 'Mã các đơn vị, cách nhau bằng dấu chấm phẩy (01; 10).';
    case 'focusAreas': return `Mã các địa bàn, cách nhau bằng dấu chấm phẩy: ${choices?.join('; ') || '(chưa có)'}.`;
    case 'focusArea': return `Mã một địa bàn: ${choices?.join('; ') || '(chưa có)'}.`;
    case 'enum': return `Một trong: ${choices?.join('; ') || '(chưa có)'}.`;
    default: return `Văn bản, tối đa ${formatNumber(spec.max ?? 300)} ký tự.`;
  }
}

/**
 * The template of a kind for bulk entry: a sheet laid out as the import reads it (a title, the
 * header, room for the rows; a list to choose from in the columns with short lists), and a
 * guide of every column (required or not, what it takes). An export of the kind, its record
 * numbers cleared, is read the same way.
 */
export async function activitiesTemplate(view: { setup: ActivitySetup; unit: UnitRow; kind: ActivityKind }): Promise<Buffer> {
  const { setup, unit, kind } = view;
  const specs = ACTIVITY_FIELDS[kind];
  const book = await newWorkbook();
  book.creator = 'Giao Ban';
  const sheet = book.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([safeText(`Mẫu nhập ${ACTIVITY_KIND_LABELS[kind].vi} — ${setup.campaign.name} — ${unit.name}`)]).font = { bold: true };
  styleHeader(sheet.addRow(activitySheetHeader(kind)));
  specs.forEach((spec, i) => {
    const choices = choicesOf(spec, setup);
    const list = choices?.join(',') ?? '';
    // Excel keeps a list of at most 255 characters in the cell's rule itself.
    if (spec.type === 'enum' && choices && choices.length > 0 && list.length <= 250 && !list.includes('"')) {
      for (let r = 3; r <= 502; r++) sheet.getCell(r, 2 + i).dataValidation = { type: 'list', allowBlank: !spec.required, formulae: [`"${list}"`] };
    }
  });
  sheet.columns.forEach((col, k) => { col.width = k === 0 ? 14 : Math.min(40, Math.max(14, (specs[k - 1]?.labelVi.length ?? 12) + 4)); });

  const guide = book.addWorksheet('Hướng dẫn');
  guide.addRow([safeText(`Cách điền mẫu ${ACTIVITY_KIND_LABELS[kind].vi}: mỗi dòng một bản ghi; để trống cột không bắt buộc. Cả tệp được kiểm tra trước, có lỗi thì không ghi gì.`)]).font = { bold: true };
  styleHeader(guide.addRow(['Cột', 'Bắt buộc', 'Cách điền']));
  guide.addRow([ACTIVITY_SHEET_COLUMNS.unit.vi, 'không', safeText(`Mã đơn vị của bản ghi: ${unit.code} (${unit.name}) hoặc một đơn vị trực thuộc (nhập thay); để trống là ${unit.code}.`)]);
  for (const spec of specs) {
    const when = spec.requiredWhen ? `khi ${spec.requiredWhen.whenVi}` : 'không';
    guide.addRow([spec.labelVi, spec.required ? 'có' : when, safeText(guideOf(spec, setup))]);
  }
  guide.addRow([ACTIVITY_SHEET_COLUMNS.programme.vi, 'không', safeText(setup.programmes.length > 0 ? `Mã hoặc tên chương trình: ${setup.programmes.map((p) => `${p.code} (${p.name})`).join('; ')}.` : 'Chiến dịch chưa có chương trình.')]);
  guide.columns.forEach((col, k) => { col.width = [28, 14, 90][k] ?? 14; });
  return Buffer.from(await book.xlsx.writeBuffer());
}
