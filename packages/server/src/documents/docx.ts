// Renders an OfficialDocument (core's format-independent content) as a Word .docx laid out
// as Decree 30/2020/NĐ-CP and the Union's Hướng dẫn 29-HD/TWĐTN-VP prescribe: A4, Times New
// Roman, margins 20/20/30/15 mm, the two-column header (issuing body and number on the left,
// the Union's name and the date line on the right), kind and title, the body with real
// footnotes, then "Nơi nhận:" beside the signer block; page numbers from page 2 on.
import {
  AlignmentType, BorderStyle, Document, FootnoteReferenceRun, Header, Packer, PageNumber, PageOrientation, Paragraph,
  Table, TableBorders, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
  type ISectionOptions, type IParagraphOptions, type IRunOptions, type ParagraphChild,
} from 'docx';
import type { DocumentBlock, DocumentRun, DocumentTable, OfficialDocument } from '@giaoban/core';

const FONT = 'Times New Roman';
const mm = (n: number): number => Math.round(n * 56.7);
const pt = (n: number): number => n * 2; // run sizes are in half-points
const PAGE = { width: 11906, height: 16838 } as const;
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } as const;
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
// An annex of wide tables is printed landscape (Decree 30 allows it for tables); docx swaps
// the page's sides itself when told the orientation.
const LANDSCAPE_MARGIN = { top: mm(20), bottom: mm(15), left: mm(20), right: mm(15) } as const;
const LANDSCAPE_TEXT_WIDTH = PAGE.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;
// Tables of figures in 11 pt, or 10 pt when they have many columns, so that 3.000.000 fits.
const tableSize = (columns: number): number => (columns > 8 ? 10 : 11);
// The left column holds the longer capitalised lines of the issuing body; the right one
// the date line, which must fit on one line at 14 pt italic.
const LEFT_COLUMN = Math.round(TEXT_WIDTH * 0.47);
// A longer place name ("TP. Hồ Chí Minh, ngày 01 tháng 12 năm 2026") would wrap: its date
// line is set at 13 pt (Decree 30 allows 13–14) in a wider right column.
const LONG_DATE_LINE = 34;
const LONG_DATE_LEFT_COLUMN = Math.round(TEXT_WIDTH * 0.38);
const BODY_SIZE = 14;
// The capitalised names of the issuing bodies at 13 pt so that they seldom wrap.
const HEADER_SIZE = 13;
const FIRST_LINE_INDENT = 720; // 1.27 cm
const LINE_SPACING = 300; // 1.25 lines
const SIGNATURE_LINES = 4;

type RunStyle = Omit<IRunOptions, 'text' | 'font'>;

function text(value: string, style: RunStyle = {}): TextRun {
  return new TextRun({ text: value, font: FONT, size: pt(BODY_SIZE), ...style });
}

function line(value: string, style: RunStyle = {}, options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, ...options, children: value ? [text(value, style)] : [] });
}

/** A borderless table of one row and two columns, as the header and the signature part use. */
function twoColumns(left: readonly Paragraph[], right: readonly Paragraph[], leftWidth = LEFT_COLUMN): Table {
  const cell = (children: readonly Paragraph[], width: number): TableCell =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA } });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, TEXT_WIDTH - leftWidth],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, leftWidth), cell(right, TEXT_WIDTH - leftWidth)] })],
  });
}

/** Word numbers footnotes by the order of their ids; ids are handed out as the body is read. */
class Footnotes {
  readonly notes: Record<string, { children: Paragraph[] }> = {};
  private next = 1;

  add(note: string): FootnoteReferenceRun {
    const id = this.next++;
    this.notes[String(id)] = {
      children: [new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [text(note, { size: pt(12) })] })],
    };
    return new FootnoteReferenceRun(id);
  }
}

function runs(items: readonly DocumentRun[], footnotes: Footnotes): ParagraphChild[] {
  return items.flatMap((r) => {
    const out: ParagraphChild[] = [text(r.text, { ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italics: true } : {}) })];
    if (r.footnote) out.push(footnotes.add(r.footnote));
    return out;
  });
}

const bodyParagraph = {
  alignment: AlignmentType.JUSTIFIED,
  indent: { firstLine: FIRST_LINE_INDENT },
  spacing: { after: 120, line: LINE_SPACING },
} as const;

function header(doc: OfficialDocument): Table {
  const long = doc.dateLine.length > LONG_DATE_LINE;
  return twoColumns(
    [
      // A province writes its own committee only, with no superior body above it.
      ...(doc.superiorBody.trim() ? [line(doc.superiorBody, { size: pt(HEADER_SIZE) })] : []),
      line(doc.issuer, { bold: true, size: pt(HEADER_SIZE) }),
      line('***'),
      line(doc.number),
    ],
    [
      line('ĐOÀN TNCS HỒ CHÍ MINH', { bold: true, underline: {} }, { spacing: { after: 240 } }),
      line(doc.dateLine, { italics: true, ...(long ? { size: pt(13) } : {}) }),
    ],
    long ? LONG_DATE_LEFT_COLUMN : LEFT_COLUMN,
  );
}

function signature(doc: OfficialDocument): Table {
  const upper = (s: string): string => s.toLocaleUpperCase('vi');
  return twoColumns(
    [
      new Paragraph({ children: [text('Nơi nhận:', { bold: true, italics: true, size: pt(12) })] }),
      ...doc.recipients.map((r) => new Paragraph({ children: [text(`- ${r}`, { size: pt(11) })] })),
    ],
    [
      line(upper(doc.signer.authority), { bold: true }),
      line(upper(doc.signer.title), { bold: true }),
      ...Array.from({ length: SIGNATURE_LINES }, () => line('')),
      line(doc.signer.name, { bold: true }),
    ],
  );
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

/** A real Word table: thin borders, the header rows repeated on every page, rows never split. */
function table(block: DocumentTable, width: number): (Paragraph | Table)[] {
  const columns = block.widths.length;
  const size = pt(tableSize(columns));
  const sum = block.widths.reduce((a, b) => a + b, 0);
  const widths = block.widths.map((w) => Math.floor((width * w) / sum));
  const cellText = (value: string, align: 'left' | 'center' | 'right', bold: boolean): Paragraph =>
    new Paragraph({ alignment: ALIGN[align], children: [text(value, { size, ...(bold ? { bold: true } : {}) })] });
  const margins = { top: 30, bottom: 30, left: 60, right: 60 };
  const header = block.header.map((row) => new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: row.map((c) => new TableCell({
      children: [cellText(c.text, 'center', true)],
      verticalAlign: VerticalAlign.CENTER,
      margins,
      ...(c.colSpan && c.colSpan > 1 ? { columnSpan: c.colSpan } : {}),
      ...(c.rowSpan && c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}),
    })),
  }));
  const rows = block.rows.map((row) => new TableRow({
    cantSplit: true,
    children: row.cells.map((value, k) => new TableCell({
      children: [cellText(value, block.align[k] ?? 'left', row.bold === true)],
      verticalAlign: VerticalAlign.CENTER,
      margins,
    })),
  }));
  return [
    ...(block.caption ? [new Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [text(block.caption, { bold: true, size })] })] : []),
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE },
      rows: [...header, ...rows],
    }),
  ];
}

function blocks(items: readonly DocumentBlock[], footnotes: Footnotes, width: number): (Paragraph | Table)[] {
  return items.flatMap((block) => {
    switch (block.kind) {
      case 'heading':
        return [new Paragraph({ ...bodyParagraph, keepNext: true, children: [text(block.text, { bold: true })] })];
      case 'paragraph':
        return [new Paragraph({ ...bodyParagraph, children: runs(block.runs, footnotes) })];
      case 'bullet':
        return [new Paragraph({ ...bodyParagraph, children: [text('- '), ...runs(block.runs, footnotes)] })];
      case 'table':
        return table(block, width);
    }
  });
}

const pageNumberHeader = (): Header =>
  new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(BODY_SIZE) })] })] });

/**
 * The document as a .docx file; each annex in a section of its own, from a new page
 * (landscape when it asks), still numbered at the top.
 *
 * @example
 * await writeFile('notice.docx', await renderDocx(doc));
 */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const footnotes = new Footnotes();
  const body = blocks(doc.body, footnotes, TEXT_WIDTH);
  const annexes = (doc.annexes ?? []).map((annex): ISectionOptions => ({
    properties: {
      page: annex.landscape
        ? { size: { ...PAGE, orientation: PageOrientation.LANDSCAPE }, margin: { ...LANDSCAPE_MARGIN, header: mm(8), footer: mm(8) } }
        : { size: PAGE, margin: { ...MARGIN, header: mm(10), footer: mm(10) } },
    },
    headers: { default: pageNumberHeader() },
    children: [
      line(annex.title, { bold: true }),
      ...(annex.subtitle ? annex.subtitle.split('\n').map((t) => line(t.trim(), { italics: true })) : []),
      line('', {}, { spacing: { after: 120 } }),
      ...blocks(annex.body, footnotes, annex.landscape ? LANDSCAPE_TEXT_WIDTH : TEXT_WIDTH),
    ],
  }));

  const document = new Document({
    title: doc.title.replace(/\s*\n\s*/g, ' '),
    subject: doc.kind,
    creator: 'Giao Ban',
    lastModifiedBy: 'Giao Ban',
    styles: { default: { document: { run: { font: FONT, size: pt(BODY_SIZE) } } } },
    footnotes: footnotes.notes,
    sections: [{
      properties: {
        titlePage: true,
        page: { size: PAGE, margin: { ...MARGIN, header: mm(10), footer: mm(10) } },
      },
      headers: {
        // Decree 30: the page number is centred at the top, from the second page on.
        default: pageNumberHeader(),
        first: new Header({ children: [new Paragraph({})] }),
      },
      children: [
        header(doc),
        line(doc.kind, { bold: true }, { spacing: { before: 360 } }),
        ...doc.title.split('\n').map((t) => line(t.trim(), { bold: true })),
        line('-----', {}, { spacing: { after: 240 } }),
        ...body,
        new Paragraph({}),
        signature(doc),
      ],
    }, ...annexes],
  });
  return Packer.toBuffer(document);
}
