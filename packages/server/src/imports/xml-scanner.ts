// A small streaming scanner for the XML of spreadsheet parts: tags and the text inside the
// elements the caller asks for, fed chunk by chunk, holding no more than an unfinished tag or
// an asked-for text, each bounded. No DTD (a DOCTYPE is refused, so no entity can expand),
// only the five predefined entities and character references. Namespace prefixes are dropped
// from element names (OOXML writers differ in the prefixes they use, not in the names).
// Why not saxes (installed with ExcelJS, whose streaming reader uses it): it gathers a text node
// across chunks until the next tag and hands it over whole, with no bound, so one huge text or
// shared string would be held at once; bounding every piece that is held is this file's point.

export type XmlProblem = 'malformed' | 'doctype' | 'text_too_long';

export class XmlRefused extends Error {
  constructor(readonly problem: XmlProblem, readonly limit = 0) {
    super(`xml refused: ${problem}`);
  }
}

export interface XmlHandler {
  /** An element starts; `attributes` is the raw text between its name and `>` (read it with `attribute`). */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** The text of an element the handler asked for with `capture()`, whole, entities decoded. */
  text(text: string): void;
}

/** The longest tag accepted (OOXML tags are short; a data validation's prompt is at most 255 characters). */
const MAX_TAG = 64 * 1024;
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));|&/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with its entities and character references decoded; throws on a bare `&` or an unknown entity. */
export function decodeXml(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    if (!hex && !decimal) throw new XmlRefused('malformed');
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    if (code > 0x10ffff || code === 0) throw new XmlRefused('malformed');
    return String.fromCodePoint(code);
  });
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The decoded value of an attribute (whatever its namespace prefix), or undefined. Read by
 * hand rather than by a regular expression: it runs three times for each of millions of cells.
 */
export function attribute(attributes: string, name: string): string | undefined {
  const n = attributes.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(attributes.charCodeAt(i))) i++;
    const start = i;
    while (i < n && attributes.charCodeAt(i) !== 61 /* = */ && !isSpace(attributes.charCodeAt(i))) i++;
    const end = i;
    while (i < n && isSpace(attributes.charCodeAt(i))) i++;
    if (i >= n || attributes.charCodeAt(i) !== 61) return undefined;
    i++;
    while (i < n && isSpace(attributes.charCodeAt(i))) i++;
    const quote = attributes.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return undefined;
    const close = attributes.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0) return undefined;
    const colon = attributes.lastIndexOf(':', end - 1);
    const nameStart = colon >= start ? colon + 1 : start;
    if (end - nameStart === name.length && attributes.startsWith(name, nameStart)) return decodeXml(attributes.slice(i + 1, close));
    i = close + 1;
  }
  return undefined;
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

export class XmlScanner {
  #pending = '';
  #capturing = false;
  #text = '';
  #ended = false;

  constructor(private readonly handler: XmlHandler, private readonly maxText: number) {}

  /** Called from `open`: the element's text (up to its next tag) goes to `text`. */
  capture(): void {
    this.#capturing = true;
    this.#text = '';
  }

  write(chunk: string): void {
    this.#scan(this.#pending + chunk, false);
  }

  end(): void {
    this.#scan(this.#pending, true);
    if (this.#pending !== '') throw new XmlRefused('malformed');
    this.#ended = true;
  }

  get ended(): boolean {
    return this.#ended;
  }

  #addText(raw: string): void {
    if (raw === '') return;
    this.#text += decodeXml(raw);
    if (this.#text.length > this.maxText) throw new XmlRefused('text_too_long', this.maxText);
  }

  #flushText(): void {
    if (!this.#capturing) return;
    this.#capturing = false;
    const text = this.#text;
    this.#text = '';
    this.handler.text(text);
  }

  #scan(s: string, final: boolean): void {
    let i = 0;
    const n = s.length;
    // Leaves the unread rest for the next chunk, refusing a rest that can only be garbage.
    const wait = (): void => {
      if (final || n - i > MAX_TAG) throw new XmlRefused('malformed');
    };
    while (i < n) {
      if (s.charCodeAt(i) !== 60 /* < */) {
        const lt = s.indexOf('<', i);
        if (lt < 0) {
          // A text still going on: decoded once it is whole (an entity may straddle chunks).
          if (!this.#capturing) { i = n; break; }
          if (final) { this.#addText(s.slice(i)); i = n; break; }
          if (n - i > this.maxText * 10 + 16) throw new XmlRefused('text_too_long', this.maxText);
          break;
        }
        if (this.#capturing) this.#addText(s.slice(i, lt));
        i = lt;
        continue;
      }
      if (i + 1 >= n) { wait(); break; }
      const next = s.charCodeAt(i + 1);
      if (next === 47 /* / */) {
        // </name>, the name's prefix dropped.
        let k = i + 2;
        let local = k;
        for (; k < n; k++) {
          const c = s.charCodeAt(k);
          if (c === 62 /* > */ || isSpace(c)) break;
          if (c === 58 /* : */) local = k + 1;
        }
        const gt = k < n && s.charCodeAt(k) === 62 ? k : s.indexOf('>', k);
        if (gt < 0) { wait(); break; }
        if (k === i + 2 || !isNameStart(s.charCodeAt(i + 2))) throw new XmlRefused('malformed');
        if (this.#capturing) this.#flushText();
        this.handler.close(s.slice(local, k));
        i = gt + 1;
      } else if (next === 63 /* ? */) {
        const end = s.indexOf('?>', i + 2);
        if (end < 0) { wait(); break; }
        i = end + 2;
      } else if (next === 33 /* ! */) {
        if (s.startsWith('<!--', i)) {
          const end = s.indexOf('-->', i + 4);
          if (end < 0) { wait(); break; }
          i = end + 3;
        } else if (s.startsWith('<![CDATA[', i)) {
          const end = s.indexOf(']]>', i + 9);
          if (end < 0) { wait(); break; }
          if (this.#capturing) {
            this.#text += s.slice(i + 9, end);
            if (this.#text.length > this.maxText) throw new XmlRefused('text_too_long', this.maxText);
          }
          i = end + 3;
        } else if (n - i < 9 && !final) {
          break;
        } else {
          // <!DOCTYPE … (entity definitions: the billion laughs) or anything else: refused.
          throw new XmlRefused(s.startsWith('<!DOCTYPE', i) ? 'doctype' : 'malformed');
        }
      } else {
        if (!isNameStart(next)) throw new XmlRefused('malformed');
        // <name attributes…> or <name …/>: the name (its prefix dropped), then the end, which
        // is the first '>' outside a quoted value.
        let k = i + 1;
        let local = k;
        for (; k < n; k++) {
          const c = s.charCodeAt(k);
          if (c === 62 /* > */ || c === 47 /* / */ || isSpace(c)) break;
          if (c === 58 /* : */) local = k + 1;
        }
        const nameEnd = k;
        let quote = 0;
        for (; k < n; k++) {
          const c = s.charCodeAt(k);
          if (quote !== 0) {
            if (c === quote) quote = 0;
          } else if (c === 62 /* > */) {
            break;
          } else if (c === 34 || c === 39) {
            quote = c;
          }
        }
        if (k >= n) { wait(); break; }
        const selfClosing = s.charCodeAt(k - 1) === 47;
        const attributes = nameEnd < k - 1 ? s.slice(nameEnd, selfClosing ? k - 1 : k) : '';
        if (this.#capturing) this.#flushText();
        i = k + 1;
        this.handler.open(s.slice(local, nameEnd), attributes, selfClosing);
      }
    }
    this.#pending = i < n ? s.slice(i) : '';
  }
}
