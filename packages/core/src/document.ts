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
  | { readonly kind: 'bullet'; readonly runs: readonly DocumentRun[] };

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
];

/**
 * The sentences of a conclusion notice on the indicators, built from the data: those
 * already met ("Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu … – đã …,
 * đạt 139,6%; …"), those ahead of schedule ("Có nhiều chỉ tiêu vượt tiến độ đề ra" when
 * there are more than `manyFrom`, the count otherwise) and those behind. Each item is a run
 * "Chỉ tiêu {target phrase} – " followed by the italic "{done phrase}, đạt {percent}".
 * Percentages with `precision` decimals (trailing zeros dropped, as the notices write
 * 139,6%). Groups with no indicator are left out.
 *
 * @example
 * indicatorSentences([{ phrasing, target: 500, toDate: 698, status: 'achieved' }], { precision: 2 })[0];
 */
export function indicatorSentences(
  results: readonly IndicatorResult[],
  options: { precision?: number; manyFrom?: number } = {},
): readonly (readonly DocumentRun[])[] {
  const { precision = 2, manyFrom = 3 } = options;
  return GROUPS.flatMap(({ status, lead }) => {
    const group = results.filter((r) => r.status === status);
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
 * blocks (italic runs between asterisks when `marks`), footnotes numbered "[1]" at the
 * place they refer to and listed at the end, recipients and signer.
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
  const body = doc.body.map((b) => (b.kind === 'heading' ? b.text : b.kind === 'bullet' ? `- ${runs(b.runs)}` : runs(b.runs)));
  return [
    doc.superiorBody, doc.issuer, '***', doc.number, 'ĐOÀN TNCS HỒ CHÍ MINH', doc.dateLine, '',
    doc.kind, doc.title, '', ...body, '',
    'Nơi nhận:', ...doc.recipients.map((r) => `- ${r}`), '',
    doc.signer.authority, doc.signer.title, doc.signer.name,
    ...(notes.length > 0 ? ['', ...notes.map((n, i) => `[${i + 1}] ${n}`)] : []),
  ].join('\n');
}
