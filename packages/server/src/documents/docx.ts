// Renders an OfficialDocument (core's format-independent content) as a Word .docx laid out
// as Decree 30/2020/NĐ-CP and the Union's Hướng dẫn 29-HD/TWĐTN-VP prescribe: A4, Times New
// Roman, margins 20/20/30/15 mm, the two-column header (issuing body and number on the left,
// the Union's name and the date line on the right), kind and title, the body with real
// footnotes, then "Nơi nhận:" beside the signer block; page numbers from page 2 on.
import {
  AlignmentType, Document, FootnoteReferenceRun, Header, Packer, PageNumber, Paragraph, Table,
  TableBorders, TableCell, TableLayoutType, TableRow, TextRun, WidthType,
  type IParagraphOptions, type IRunOptions, type ParagraphChild,
} from 'docx';
import type { DocumentRun, OfficialDocument } from '@giaoban/core';

const FONT = 'Times New Roman';
const mm = (n: number): number => Math.round(n * 56.7);
const pt = (n: number): number => n * 2; // run sizes are in half-points
const PAGE = { width: 11906, height: 16838 } as const;
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } as const;
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
// The left column holds the longer capitalised lines of the issuing body; the right one
// the date line, which must fit on one line at 14 pt italic.
const LEFT_COLUMN = Math.round(TEXT_WIDTH * 0.47);
const RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN;
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
function twoColumns(left: readonly Paragraph[], right: readonly Paragraph[]): Table {
  const cell = (children: readonly Paragraph[], width: number): TableCell =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA } });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COLUMN, RIGHT_COLUMN],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, LEFT_COLUMN), cell(right, RIGHT_COLUMN)] })],
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
  return twoColumns(
    [
      line(doc.superiorBody, { size: pt(HEADER_SIZE) }),
      line(doc.issuer, { bold: true, size: pt(HEADER_SIZE) }),
      line('***'),
      line(doc.number),
    ],
    [
      line('ĐOÀN TNCS HỒ CHÍ MINH', { bold: true, underline: {} }, { spacing: { after: 240 } }),
      line(doc.dateLine, { italics: true }),
    ],
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

/**
 * The document as a .docx file.
 *
 * @example
 * await writeFile('notice.docx', await renderDocx(doc));
 */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const footnotes = new Footnotes();
  const body = doc.body.map((block) => {
    switch (block.kind) {
      case 'heading':
        return new Paragraph({ ...bodyParagraph, keepNext: true, children: [text(block.text, { bold: true })] });
      case 'paragraph':
        return new Paragraph({ ...bodyParagraph, children: runs(block.runs, footnotes) });
      case 'bullet':
        return new Paragraph({ ...bodyParagraph, children: [text('- '), ...runs(block.runs, footnotes)] });
    }
  });

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
        default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(BODY_SIZE) })] })] }),
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
    }],
  });
  return Packer.toBuffer(document);
}
