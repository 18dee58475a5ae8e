import { formatCount, formatNumber, formatPercent } from './format.ts';
import { isValidDate, type IsoDate } from './period.ts';
import type { ScheduleStatus } from './target.ts';
import { ValidationError } from './errors.ts';

// The content of an official document (Decree 30/2020/NĐ-CP and Hướng dẫn 29-HD/TWĐTN-VP),
// independent of any file format: the server renders it as .docx, the web page as a
// preview. Figures and lists come from the data; the free text comes from the form.

/**
 * A piece of text with its emphasis, and optionally a footnote attached after it.
 *
 * @example
 * const run: DocumentRun = { text: 'đạt 139,6%', italic: true };
 */
export interface DocumentRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** A real footnote (numbered by the renderer) placed after this run. */
  readonly footnote?: string;
}

/**
 * A block of the body: a numbered section heading, a paragraph (justified, first-line
 * indent), or a bullet ("- …") line.
 *
 * @example
 * const b: DocumentBlock = { kind: 'heading', text: '1. Đánh giá chung' };
 */
export type DocumentBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly runs: readonly DocumentRun[] }
  | { readonly kind: 'bullet'; readonly runs: readonly DocumentRun[] }
  | DocumentTable;

/**
 * A header cell of a table, spanning columns (an indicator over its three figures) or rows.
 *
 * @example
 * const c: DocumentTableCell = { text: 'Trồng mới cây xanh (cây)', colSpan: 3 };
 */
export interface DocumentTableCell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

/**
 * A table of the body or of an annex: header rows (repeated on every page), rows of plain
 * cells (a total row in bold), relative column widths and each column's alignment
 * (figures to the right).
 *
 * @example
 * const t: DocumentTable = { kind: 'table', header: [[{ text: 'Đơn vị' }, { text: 'Lũy kế' }]], rows: [{ cells: ['Hà Nội', '1.791'] }], widths: [3, 1], align: ['left', 'right'] };
 */
export interface DocumentTable {
  readonly kind: 'table';
  /** A line above the table ("Bảng 1. …"), bold. */
  readonly caption?: string;
  readonly header: readonly (readonly DocumentTableCell[])[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly bold?: boolean }[];
  /** Relative widths, one per column. */
  readonly widths: readonly number[];
  readonly align: readonly ('left' | 'center' | 'right')[];
}

/**
 * An appendix printed after the signer, on its own page ("PHỤ LỤC" and its title), in
 * landscape when its tables are wide (Decree 30 allows it for tables).
 *
 * @example
 * const a: DocumentAnnex = { title: 'PHỤ LỤC', subtitle: 'Kết quả thực hiện chỉ tiêu của các đơn vị', landscape: true, body: [table] };
 */
export interface DocumentAnnex {
  readonly title: string;
  readonly subtitle?: string;
  readonly landscape?: boolean;
  readonly body: readonly DocumentBlock[];
}

/**
 * An official document: header (superior body, issuing body, number; motto of the Union and
 * the place and date line), kind and title, body, recipients and signer.
 *
 * @example
 * const doc: OfficialDocument = { superiorBody: 'BAN CHẤP HÀNH TRUNG ƯƠNG', issuer: 'ĐOÀN TNCS HỒ CHÍ MINH', … };
 */
export interface OfficialDocument {
  /** Left header, first line (not bold), e.g. "BCH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH". */
  readonly superiorBody: string;
  /** Left header, second line, bold, e.g. "BAN CHỈ ĐẠO CHIẾN DỊCH TNTN HÈ 2023". */
  readonly issuer: string;
  /** "Số: 12-TB/TWĐTN-CNĐT" (see `documentNumber`). */
  readonly number: string;
  /** Right header, italic: "Hà Nội, ngày 06 tháng 7 năm 2023" (see `officialDateLine`). */
  readonly dateLine: string;
  /** "THÔNG BÁO", "BÁO CÁO". */
  readonly kind: string;
  /** The title below the kind, bold (may hold line breaks as "\n"). */
  readonly title: string;
  readonly body: readonly DocumentBlock[];
  /** "Nơi nhận:" entries, each ending ";" except the last "Lưu …" entry. */
  readonly recipients: readonly string[];
  readonly signer: {
    /** "TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN" */
    readonly authority: string;
    /** "CHÁNH VĂN PHÒNG" */
    readonly title: string;
    readonly name: string;
  };
  /** Appendices after the signer, each from a new page. */
  readonly annexes?: readonly DocumentAnnex[];
}

/**
 * The place and date line of the header: the day zero-padded, the month zero-padded only
 * for January and February ("tháng 01", "tháng 02"), as Decree 30 writes it.
 *
 * @example
 * officialDateLine('Hà Nội', '2023-07-06'); // 'Hà Nội, ngày 06 tháng 7 năm 2023'
 */
export function officialDateLine(place: string, date: IsoDate): string {
  if (!isValidDate(date)) throw new ValidationError('date', `Ngày "${date}" không hợp lệ.`, `Invalid date "${date}".`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${place.trim()}, ngày ${String(day).padStart(2, '0')} tháng ${mm} năm ${year}`;
}

/**
 * The number and symbol of a document: "Số: {n}-{type}/{issuer}-{department}".
 *
 * @example
 * documentNumber({ number: 46, type: 'TB', issuer: 'TWĐTN', department: 'CNĐT' }); // 'Số: 46-TB/TWĐTN-CNĐT'
 * documentNumber({ number: '', type: 'TB', issuer: 'TWĐTN' }); // 'Số:       -TB/TWĐTN' (blank until issued)
 */
export function documentNumber(n: { number: number | string; type: string; issuer: string; department?: string | undefined }): string {
  const dept = n.department?.trim() ? `-${n.department.trim()}` : '';
  // A draft leaves the number blank, to be written in when the document is issued.
  const num = String(n.number).trim() || '\u00a0'.repeat(6);
  return `Số: ${num}-${n.type.trim()}/${n.issuer.trim()}${dept}`;
}

/**
 * How one indicator is named in a notice's sentences. `target` reads the target with
 * `{target}` standing for the figure ("xây dựng mới {target} tuyến phố (đường, hẻm) văn
 * minh"); `done` reads what was done with `{value}` ("đã xây dựng {value} tuyến phố").
 *
 * @example
 * const p: IndicatorPhrasing = { target: 'hỗ trợ {target} dự án khởi nghiệp sáng tạo của thanh niên', done: 'đã hỗ trợ {value} dự án' };
 */
export interface IndicatorPhrasing {
  readonly target: string;
  readonly done: string;
}

/**
 * The generic phrasing when a campaign gave none: the indicator's name, the target and the
 * unit of measure ("Trồng mới cây xanh: 6.000.000 cây" / "đã thực hiện 3.160.115 cây").
 *
 * @example
 * defaultPhrasing({ name: 'Trồng mới cây xanh', unitOfMeasure: 'cây' }).done; // 'đã thực hiện {value} cây'
 */
export function defaultPhrasing(ind: { name: string; unitOfMeasure: string }): IndicatorPhrasing {
  const name = ind.name.charAt(0).toLocaleLowerCase('vi') + ind.name.slice(1);
  return { target: `${name}: {target} ${ind.unitOfMeasure}`, done: `đã thực hiện {value} ${ind.unitOfMeasure}` };
}

/**
 * One indicator's result as the notice states it.
 *
 * @example
 * const r: IndicatorResult = { phrasing, target: 500, toDate: 698, status: 'achieved' };
 */
export interface IndicatorResult {
  readonly phrasing: IndicatorPhrasing;
  readonly target: number;
  readonly toDate: number;
  readonly status: ScheduleStatus;
}

const GROUPS: readonly { status: ScheduleStatus; lead: (count: string, many: boolean) => string }[] = [
  { status: 'achieved', lead: (count) => `Có ${count} chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: ` },
  { status: 'ahead', lead: (count, many) => `Có ${many ? 'nhiều' : count} chỉ tiêu vượt tiến độ đề ra, cụ thể: ` },
  { status: 'behind', lead: (count) => `Có ${count} chỉ tiêu chậm tiến độ đề ra, cụ thể: ` },
  { status: 'not_met', lead: (count) => `Có ${count} chỉ tiêu chưa đạt so với kế hoạch đề ra, cụ thể: ` },
];

/**
 * The sentences of a conclusion notice on the indicators, built from the data: those
 * already met ("Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu … – đã …,
 * đạt 139,6%; …"), those ahead of schedule ("Có nhiều chỉ tiêu vượt tiến độ đề ra" when
 * there are more than `manyFrom`, the count otherwise), those behind and those not met
 * (status 'not_met', once the campaign is over). Each item is a run
 * "Chỉ tiêu {target phrase} – " followed by the italic "{done phrase}, đạt {percent}".
 * Percentages with `precision` decimals (trailing zeros dropped, as the notices write
 * 139,6%). Groups with no indicator are left out. With `ended` (a final report), those
 * behind are written as not met ("chỉ tiêu chưa đạt").
 *
 * @example
 * indicatorSentences([{ phrasing, target: 500, toDate: 698, status: 'achieved' }], { precision: 2 })[0];
 */
export function indicatorSentences(
  results: readonly IndicatorResult[],
  options: { precision?: number; manyFrom?: number; ended?: boolean } = {},
): readonly (readonly DocumentRun[])[] {
  const { precision = 2, manyFrom = 3, ended = false } = options;
  // Once the campaign is over, an indicator not met is no longer "behind": it was not met.
  const statusOf = (r: IndicatorResult): ScheduleStatus => (ended && r.status === 'behind' ? 'not_met' : r.status);
  return GROUPS.flatMap(({ status, lead }) => {
    const group = results.filter((r) => statusOf(r) === status);
    if (group.length === 0) return [];
    const runs: DocumentRun[] = [{ text: lead(formatCount(group.length), group.length >= manyFrom) }];
    group.forEach((r, i) => {
      const target = r.phrasing.target.replace('{target}', formatNumber(r.target, 4));
      const done = r.phrasing.done.replace('{value}', formatNumber(r.toDate, 4));
      const percent = formatPercent(r.target === 0 ? 0 : r.toDate / r.target, precision);
      runs.push({ text: `Chỉ tiêu ${target} – ` });
      runs.push({ text: `${done}, đạt ${percent}`, italic: true });
      runs.push({ text: i === group.length - 1 ? '.' : '; ' });
    });
    return [Object.freeze(runs)];
  });
}

/**
 * A document as plain text, for previews and checks: the header lines, kind and title,
 * blocks (italic runs between asterisks when `marks`; a table as one line per row, cells
 * between " | "), footnotes numbered "[1]" at the place they refer to and listed at the
 * end, recipients and signer, then the annexes.
 *
 * @example
 * documentText(doc).includes('Nơi nhận:'); // true
 */
export function documentText(doc: OfficialDocument, options: { marks?: boolean } = {}): string {
  const notes: string[] = [];
  const runs = (rs: readonly DocumentRun[]) => rs.map((r) => {
    const t = options.marks && r.italic ? `*${r.text}*` : r.text;
    if (r.footnote === undefined) return t;
    notes.push(r.footnote);
    return `${t}[${notes.length}]`;
  }).join('');
  const blocks = (bs: readonly DocumentBlock[]): string[] => bs.map((b) => {
    switch (b.kind) {
      case 'heading': return b.text;
      case 'bullet': return `- ${runs(b.runs)}`;
      case 'paragraph': return runs(b.runs);
      case 'table': return [
        ...(b.caption ? [b.caption] : []),
        ...b.header.map((row) => row.map((c) => c.text).join(' | ')),
        ...b.rows.map((row) => row.cells.join(' | ')),
      ].join('\n');
    }
  });
  const annexes = (doc.annexes ?? []).flatMap((a) => ['', a.title, ...(a.subtitle ? [a.subtitle] : []), '', ...blocks(a.body)]);
  return [
    doc.superiorBody, doc.issuer, '***', doc.number, 'ĐOÀN TNCS HỒ CHÍ MINH', doc.dateLine, '',
    doc.kind, doc.title, '', ...blocks(doc.body), '',
    'Nơi nhận:', ...doc.recipients.map((r) => `- ${r}`), '',
    doc.signer.authority, doc.signer.title, doc.signer.name,
    ...annexes,
    ...(notes.length > 0 ? ['', ...notes.map((n, i) => `[${i + 1}] ${n}`)] : []),
  ].join('\n');
}

/**
 * One line of an achievement annex: a unit's name and, per indicator in the annex's order,
 * its target (null: none given) and value to date. `total` marks the unit's own total row.
 *
 * @example
 * const row: AchievementRow = { label: 'Hà Nội', figures: [{ target: 500, toDate: 698 }] };
 */
export interface AchievementRow {
  readonly label: string;
  readonly figures: readonly { readonly target: number | null; readonly toDate: number }[];
  readonly total?: boolean;
}

/**
 * The annex tables of a report: one row per unit (numbered), then the total row; per
 * indicator three columns "Chỉ tiêu giao", "Lũy kế", "Tỷ lệ đạt" (the percentages at
 * `precision` decimals without trailing zeros, as the body writes them: 139,6%). A page holds only a few
 * indicators legibly, so they are split into tables of `perTable` indicators, each with
 * its caption ("Bảng 1. Chỉ tiêu 1 – 3"). Figures Vietnamese-formatted; "–" where there is
 * no target.
 *
 * @example
 * achievementTables([{ name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến' }], [{ label: 'Hà Nội', figures: [{ target: 500, toDate: 698 }] }])[0]?.rows[0]?.cells;
 * // ['1', 'Hà Nội', '500', '698', '139,6%'] (precision 1)
 */
export function achievementTables(
  indicators: readonly { readonly name: string; readonly unitOfMeasure: string }[],
  rows: readonly AchievementRow[],
  options: { precision?: number; perTable?: number; unitHeader?: string } = {},
): readonly DocumentTable[] {
  const { precision = 1, unitHeader = 'Đơn vị' } = options;
  const perTable = Math.max(1, options.perTable ?? 3);
  const tables: DocumentTable[] = [];
  for (let from = 0; from < indicators.length; from += perTable) {
    const group = indicators.slice(from, from + perTable);
    const to = from + group.length;
    let n = 0;
    const body = rows.map((row) => {
      const figures = row.figures.slice(from, to).flatMap((f) => [
        f.target === null ? '–' : formatNumber(f.target, 4),
        formatNumber(f.toDate, 4),
        // Written as the body writes it (139,6%, not 139,60%): the annex and the body agree.
        f.target === null || f.target === 0 ? '–' : formatPercent(f.toDate / f.target, precision),
      ]);
      return Object.freeze({ cells: Object.freeze([row.total ? '' : String(++n), row.label, ...figures]), ...(row.total ? { bold: true } : {}) });
    });
    tables.push(Object.freeze({
      kind: 'table' as const,
      ...(indicators.length > perTable
        ? { caption: `Bảng ${tables.length + 1}. Chỉ tiêu ${from + 1}${group.length > 1 ? ` – ${to}` : ''}` }
        : {}),
      header: Object.freeze([
        Object.freeze([
          { text: 'TT', rowSpan: 2 }, { text: unitHeader, rowSpan: 2 },
          ...group.map((i, k) => ({ text: `${from + k + 1}. ${i.name} (${i.unitOfMeasure})`, colSpan: 3 })),
        ]),
        Object.freeze(group.flatMap(() => [{ text: 'Chỉ tiêu giao' }, { text: 'Lũy kế' }, { text: 'Tỷ lệ đạt' }])),
      ]),
      rows: Object.freeze(body),
      widths: Object.freeze([2, 9, ...group.flatMap(() => [4, 4, 3])]),
      align: Object.freeze(['center', 'left', ...group.flatMap(() => ['right', 'right', 'right'] as const)] as const),
    }));
  }
  return Object.freeze(tables);
}
