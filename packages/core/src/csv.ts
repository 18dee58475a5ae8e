import { ValidationError } from './errors.ts';

export interface CsvRow {
  /** 1-based line of the file on which the row starts (so errors can point at it). */
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a leading BOM);
 * blank lines are skipped. The separator is ',' unless the first line uses ';' and no ','
 * (spreadsheets set to Vietnamese locale write ';', since ',' is the decimal mark).
 * @example parseCsv('unit,value\n01,"1.791"') // [['unit','value'],['01','1.791']]
 */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).map((r) => [...r.fields]);
}

/**
 * parseCsv with the line each row starts on.
 * @example parseCsvRows('a\n\nb') // [{ line: 1, fields: ['a'] }, { line: 3, fields: ['b'] }]
 */
export function parseCsvRows(text: string): CsvRow[] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (quoted) {
      if (c === '\n') line++;
      if (c !== '"') field += c;
      else if (src.charAt(i + 1) === '"') { field += '"'; i++; }
      else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src.charAt(i + 1) === '\n') i++;
      row.push(field); rows.push({ line: rowLine, fields: row }); row = []; field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) throw new ValidationError('file', 'Tệp CSV có một trường trong ngoặc kép chưa được đóng.', 'The CSV file has an unterminated quoted field.');
  if (field !== '' || row.length > 0) { row.push(field); rows.push({ line: rowLine, fields: row }); }
  return rows.filter((r) => r.fields.some((f) => f.trim() !== ''));
}
