// A small streaming scanner for the XML of spreadsheet parts: tags and the text inside the
// elements the caller asks for, fed chunk by chunk, holding no more than an unfinished tag or
// an asked-for text, each bounded. No DTD (a DOCTYPE is refused, so no entity can expand),
// only the five predefined entities and character references. Namespace prefixes are dropped
// from element names (OOXML writers differ in the prefixes they use, not in the names).

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
const OPEN_TAG = /<([A-Za-z_][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([A-Za-z_][^\s/>]*)\s*>/y;
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

const attributePatterns = new Map<string, RegExp>();

/** The decoded value of an attribute (any namespace prefix), or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[^\\s=:]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const m = pattern.exec(attributes);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? '');
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

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
        CLOSE_TAG.lastIndex = i;
        const m = CLOSE_TAG.exec(s);
        if (!m) { wait(); break; }
        this.#flushText();
        this.handler.close(localName(m[1]!));
        i = CLOSE_TAG.lastIndex;
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
        OPEN_TAG.lastIndex = i;
        const m = OPEN_TAG.exec(s);
        if (!m) { wait(); break; }
        this.#flushText();
        i = OPEN_TAG.lastIndex;
        this.handler.open(localName(m[1]!), m[2]!, m[3] === '/');
      }
    }
    this.#pending = i < n ? s.slice(i) : '';
  }
}
