import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from './csv.ts';
import { DomainError } from './errors.ts';

describe('parseCsv', () => {
  it.each([
    ['plain', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['CRLF and trailing newline', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['quoted separator and doubled quote', 'a,b\n"x, y","say ""hi"""', [['a', 'b'], ['x, y', 'say "hi"']]],
    ['BOM and blank lines', '\uFEFFa,b\n\n1,2\n\n', [['a', 'b'], ['1', '2']]],
    ['semicolons (Vietnamese spreadsheet locale)', 'unit;value\n01;"1.791,5"', [['unit', 'value'], ['01', '1.791,5']]],
    ['empty fields kept', 'a,,c\n,,', [['a', '', 'c']]],
    ['Vietnamese text', 'tên\nThành Đoàn Hà Nội', [['tên'], ['Thành Đoàn Hà Nội']]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parseCsv('a\n"open')).toThrow(DomainError);
  });
});

describe('parseCsvRows', () => {
  it('keeps the line each row starts on, across blank lines and quoted newlines', () => {
    expect(parseCsvRows('h\n\na\r\n"x\ny"\nb').map((r) => r.line)).toEqual([1, 3, 4, 6]);
  });
});
