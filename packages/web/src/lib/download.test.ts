import { describe, expect, it } from 'vitest';
import { fileNameOf, formatBytes } from './download.ts';

describe('fileNameOf', () => {
  it.each([
    ['attachment; filename="tien-do-tntn-he-2023-TW-2023-07-02.xlsx"', 'tien-do-tntn-he-2023-TW-2023-07-02.xlsx'],
    ['attachment; filename=bao-cao.docx', 'bao-cao.docx'],
    ['attachment; filename="x.xlsx"; filename*=UTF-8\'\'ti%E1%BA%BFn-%C4%91%E1%BB%99.xlsx', 'tiến-độ.xlsx'],
    ['attachment; filename="a \\"b\\".xlsx"', 'a "b".xlsx'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', null],
    [null, null],
  ])('%j → %j', (header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });
});

describe('formatBytes', () => {
  it.each([[512, '512 B'], [12_800, '13 KB'], [1_572_864, '1,5 MB'], [25 * 1024 * 1024, '25 MB']])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
