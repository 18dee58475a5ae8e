// Reads the cells of an .xlsx as a stream, never holding a whole part in memory: the zip's
// entries are inflated chunk by chunk (zip-guard.ts) into the XML scanner, and a sheet's cells
// are handed to the caller as they come, which keeps what it needs and can stop at any row.
// What has to be held is bounded: the shared-strings table (a count and a total of
// characters), any one text (Excel's own limit of 32.767 characters), the styles (only
// whether each cell format shows a date). The event loop gets a turn between chunks, so the
// server keeps answering while a large sheet is read.
import { StringDecoder } from 'node:string_decoder';
import { entryChunks, listZip, type ZipEntry } from './zip-guard.ts';
import { XmlRefused, XmlScanner, attribute, type XmlHandler } from './xml-scanner.ts';

export interface XlsxLimits {
  /** Entries the archive may hold. */
  readonly maxEntries: number;
  /** Strings the shared-strings table may hold. */
  readonly maxSharedStrings: number;
  /** Characters all shared strings may hold together. */
  readonly maxSharedStringChars: number;
  /** Characters of any one text (a cell, a shared string); Excel's own limit is 32.767. */
  readonly maxTextChars: number;
}

export type XlsxProblem =
  | { readonly kind: 'malformed'; readonly part: string }
  | { readonly kind: 'too_many_shared_strings'; readonly limit: number }
  | { readonly kind: 'shared_strings_too_long'; readonly limit: number }
  | { readonly kind: 'text_too_long'; readonly part: string; readonly limit: number };

export class XlsxRefused extends Error {
  constructor(readonly problem: XlsxProblem) {
    super(`xlsx refused: ${problem.kind}`);
  }
}

/** A cell's content: text, a number, or what cannot be a typed figure. */
export type XlsxCell =
  | { readonly text: string }
  | { readonly number: number }
  | { readonly problem: 'formula' | 'date' | 'boolean' | 'error' };

export interface XlsxSheet {
  readonly name: string;
  /** The part holding its cells; null when the workbook names a sheet it does not hold. */
  readonly part: string | null;
}

export interface SheetVisitor {
  /** A cell of `row` at 1-based `column`, in the order of the file. Empty cells are not visited. */
  cell(row: number, column: number, value: XlsxCell): void;
  /** The end of a row that had a cell; false stops reading the sheet. */
  rowEnd(row: number): boolean;
}

const FORMULA: XlsxCell = Object.freeze({ problem: 'formula' });
const DATE: XlsxCell = Object.freeze({ problem: 'date' });
const BOOLEAN: XlsxCell = Object.freeze({ problem: 'boolean' });
const ERROR: XlsxCell = Object.freeze({ problem: 'error' });
const MAX_COLUMN = 16_384; // XFD
const MAX_ROW = 1_048_576;
const MAX_STYLES = 65_536;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether a number format shows a date or a time (as ExcelJS decides: date letters outside quotes and brackets). */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ''));
}
/** The built-in number formats that are dates or times. */
const isBuiltInDate = (id: number) => (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);

/** "B12" → [12, 2]; null when it is not a cell reference. */
function parseReference(ref: string): [row: number, column: number] | null {
  let column = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
  }
  if (k === 0 || k === ref.length || column > MAX_COLUMN) return null;
  const row = Number(ref.slice(k));
  return Number.isInteger(row) && row >= 1 && row <= MAX_ROW ? [row, column] : null;
}

/** Resolves a relationship's target against the folder of the part that names it. */
function resolvePart(from: string, target: string): string {
  const segments = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const s of target.replace(/^\/+/, '').split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** An opened workbook: its sheets, shared strings and date styles read; the sheets' cells read on demand. */
export class XlsxReader {
  /** Part name (lower case: OPC names are case-insensitive) → entry. */
  readonly #entries: Map<string, ZipEntry>;
  #sharedStrings: string[] = [];
  #dateStyles: boolean[] = [];
  #sheets: XlsxSheet[] = [];

  private constructor(private readonly buffer: Buffer, entries: readonly ZipEntry[], private readonly limits: XlsxLimits) {
    this.#entries = new Map(entries.map((e) => [e.name.replace(/^\/+/, '').toLowerCase(), e]));
  }

  /**
   * Opens the workbook: the list of its sheets, its shared strings and styles. Throws
   * ZipRefused or XlsxRefused for what is not a workbook or passes a limit.
   */
  static async open(buffer: Buffer, limits: XlsxLimits): Promise<XlsxReader> {
    const reader = new XlsxReader(buffer, listZip(buffer, limits), limits);
    await reader.#readStructure();
    return reader;
  }

  get sheets(): readonly XlsxSheet[] {
    return this.#sheets;
  }

  /** Streams a part's XML through `handler`; false when the workbook has no such part. */
  async #scan(part: string, handler: (capture: () => void) => XmlHandler & { stopped?: () => boolean }): Promise<boolean> {
    const entry = this.#entries.get(part.toLowerCase());
    if (!entry) return false;
    let scanner: XmlScanner;
    const h = handler(() => scanner.capture());
    scanner = new XmlScanner(h, this.limits.maxTextChars);
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of entryChunks(this.buffer, entry)) {
        scanner.write(decoder.write(chunk));
        if (h.stopped?.()) return true;
        await yieldToEventLoop();
      }
      scanner.write(decoder.end());
      scanner.end();
    } catch (error) {
      if (error instanceof XmlRefused) {
        if (error.problem === 'text_too_long') throw new XlsxRefused({ kind: 'text_too_long', part, limit: error.limit });
        throw new XlsxRefused({ kind: 'malformed', part });
      }
      throw error;
    }
    return true;
  }

  /** Relationship id → [type, target part] of a part's relationships. */
  async #relationships(part: string): Promise<Map<string, { type: string; target: string }>> {
    const rels = new Map<string, { type: string; target: string }>();
    await this.#scan(relsOf(part), () => ({
      open: (name, attributes) => {
        if (name !== 'Relationship' || rels.size > this.limits.maxEntries * 4) return;
        const id = attribute(attributes, 'Id');
        const target = attribute(attributes, 'Target');
        if (!id || !target || attribute(attributes, 'TargetMode') === 'External') return;
        rels.set(id, { type: attribute(attributes, 'Type') ?? '', target: resolvePart(part, target) });
      },
      close: () => {},
      text: () => {},
    }));
    return rels;
  }

  async #readStructure(): Promise<void> {
    const root = await this.#relationships('');
    const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const named: { name: string; rid: string }[] = [];
    const found = await this.#scan(workbookPart, () => ({
      open: (name, attributes) => {
        if (name !== 'sheet' || named.length >= this.limits.maxEntries) return;
        named.push({ name: attribute(attributes, 'name') ?? '', rid: attribute(attributes, 'id') ?? '' });
      },
      close: () => {},
      text: () => {},
    }));
    if (!found) return;
    const rels = await this.#relationships(workbookPart);
    this.#sheets = named.map((s) => ({ name: s.name, part: rels.get(s.rid)?.target ?? null }));
    const relOfType = (suffix: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;
    await this.#readStyles(relOfType('/styles', 'xl/styles.xml'));
    await this.#readSharedStrings(relOfType('/sharedStrings', 'xl/sharedStrings.xml'));
  }

  /** Which cell formats (the `s` of a cell) show dates: such a number is a date, not a figure. */
  async #readStyles(part: string): Promise<void> {
    const custom = new Map<number, boolean>();
    const xfs: number[] = [];
    let inCellXfs = false;
    await this.#scan(part, () => ({
      open: (name, attributes, selfClosing) => {
        if (name === 'numFmt') {
          const id = Number(attribute(attributes, 'numFmtId'));
          if (Number.isInteger(id) && custom.size < MAX_STYLES) custom.set(id, isDateFormat(attribute(attributes, 'formatCode') ?? ''));
        } else if (name === 'cellXfs') {
          inCellXfs = !selfClosing;
        } else if (name === 'xf' && inCellXfs) {
          if (xfs.length >= MAX_STYLES) throw new XmlRefused('malformed');
          xfs.push(Number(attribute(attributes, 'numFmtId') ?? 0));
        }
      },
      close: (name) => { if (name === 'cellXfs') inCellXfs = false; },
      text: () => {},
    }));
    this.#dateStyles = xfs.map((id) => custom.get(id) ?? isBuiltInDate(id));
  }

  async #readSharedStrings(part: string): Promise<void> {
    const strings: string[] = [];
    let chars = 0;
    let current: string | null = null;
    let phonetic = 0;
    const pushString = (text: string) => {
      if (strings.length >= this.limits.maxSharedStrings) throw new XlsxRefused({ kind: 'too_many_shared_strings', limit: this.limits.maxSharedStrings });
      strings.push(text);
    };
    await this.#scan(part, (capture) => ({
      open: (name, _attributes, selfClosing) => {
        if (name === 'si') {
          current = '';
          if (selfClosing) { pushString(''); current = null; }
        } else if (name === 'rPh') {
          if (!selfClosing) phonetic++;
        } else if (name === 't' && current !== null && phonetic === 0 && !selfClosing) {
          capture();
        }
      },
      close: (name) => {
        if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
        if (name !== 'si' || current === null) return;
        pushString(current);
        current = null;
      },
      text: (text) => {
        if (current === null) return;
        current += text;
        chars += text.length;
        if (current.length > this.limits.maxTextChars) throw new XmlRefused('text_too_long', this.limits.maxTextChars);
        if (chars > this.limits.maxSharedStringChars) throw new XlsxRefused({ kind: 'shared_strings_too_long', limit: this.limits.maxSharedStringChars });
      },
    }));
    this.#sharedStrings = strings;
  }

  /**
   * Hands every non-empty cell of the sheet to `visitor`, row by row, until the sheet ends or
   * `rowEnd` returns false.
   */
  async readSheet(sheet: XlsxSheet, visitor: SheetVisitor): Promise<void> {
    if (!sheet.part) return;
    const shared = this.#sharedStrings;
    const dateStyles = this.#dateStyles;
    let stop = false;
    let row = 0;
    let rowHasCells = false;
    let column = 0;
    // The cell being read.
    let type = '';
    let style = 0;
    let formula = false;
    let value: string | null = null;
    let inline: string | null = null;
    let inCell = false;
    let inInline = false;
    let phonetic = 0;
    let capturing: 'v' | 't' | null = null;

    const endCell = (): void => {
      inCell = false;
      let cell: XlsxCell | null;
      if (formula) cell = FORMULA;
      else if (type === 's') {
        const index = value === null ? NaN : Number(value);
        const text = Number.isInteger(index) && index >= 0 && index < shared.length ? shared[index]! : null;
        cell = text === null || text === '' ? null : { text };
      } else if (type === 'inlineStr') cell = inline ? { text: inline } : null;
      else if (type === 'str') cell = value ? { text: value } : null;
      else if (type === 'b') cell = value === null ? null : BOOLEAN;
      else if (type === 'e') cell = value === null ? null : ERROR;
      else if (type === 'd') cell = value === null || value === '' ? null : DATE;
      else if (value === null || value.trim() === '') cell = null;
      else {
        const number = Number(value);
        cell = !Number.isFinite(number) ? ERROR : dateStyles[style] ? DATE : { number };
      }
      if (cell) {
        rowHasCells = true;
        visitor.cell(row, column, cell);
      }
    };

    await this.#scan(sheet.part, (capture) => ({
      stopped: () => stop,
      open: (name, attributes, selfClosing) => {
        if (stop) return;
        switch (name) {
          case 'row': {
            const r = attribute(attributes, 'r');
            const next = r === undefined ? row + 1 : Number(r);
            if (!Number.isInteger(next) || next < 1 || next > MAX_ROW) throw new XmlRefused('malformed');
            row = next;
            column = 0;
            rowHasCells = false;
            return;
          }
          case 'c': {
            const ref = attribute(attributes, 'r');
            if (ref === undefined) {
              column++;
              if (column > MAX_COLUMN) throw new XmlRefused('malformed');
            } else {
              const at = parseReference(ref);
              if (!at) throw new XmlRefused('malformed');
              // A cell outside a row element (or a row without its number) takes its row from its reference.
              row = at[0];
              column = at[1];
            }
            type = attribute(attributes, 't') ?? 'n';
            style = Number(attribute(attributes, 's') ?? 0) | 0;
            formula = false;
            value = null;
            inline = null;
            inCell = true;
            phonetic = 0;
            if (selfClosing) endCell();
            return;
          }
          case 'f':
            if (inCell) formula = true;
            return;
          case 'v':
            if (inCell && !selfClosing) { capturing = 'v'; capture(); }
            return;
          case 'is':
            if (inCell) { inInline = !selfClosing; inline = ''; }
            return;
          case 'rPh':
            if (inInline && !selfClosing) phonetic++;
            return;
          case 't':
            if (inInline && phonetic === 0 && !selfClosing) { capturing = 't'; capture(); }
            return;
          default:
        }
      },
      close: (name) => {
        if (stop) return;
        switch (name) {
          case 'c':
            if (inCell) endCell();
            return;
          case 'is':
            inInline = false;
            return;
          case 'rPh':
            phonetic = Math.max(0, phonetic - 1);
            return;
          case 'row':
            if (rowHasCells && !visitor.rowEnd(row)) stop = true;
            rowHasCells = false;
            return;
          case 'sheetData':
            // Nothing after the cells matters here.
            stop = true;
            return;
          default:
        }
      },
      text: (text) => {
        if (capturing === 'v') value = (value ?? '') + text;
        else if (capturing === 't') {
          inline = (inline ?? '') + text;
          if (inline.length > this.limits.maxTextChars) throw new XmlRefused('text_too_long', this.limits.maxTextChars);
        }
        capturing = null;
      },
    }));
  }
}
