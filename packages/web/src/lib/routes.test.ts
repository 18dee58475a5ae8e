import { describe, expect, it } from 'vitest';
import { paths } from './routes.ts';

describe('paths.quality', () => {
  it('names the week and the order only when chosen (by code is the default)', () => {
    expect(paths.quality('tntn-he-2023', 'TW')).toBe('/quality/tntn-he-2023/TW');
    expect(paths.quality('tntn-he-2023', 'TW', { period: '2023-W26' })).toBe('/quality/tntn-he-2023/TW?period=2023-W26');
    expect(paths.quality('tntn-he-2023', 'TW', { period: '2023-W26', order: 'name' })).toBe('/quality/tntn-he-2023/TW?period=2023-W26&order=name');
    expect(paths.quality('tntn-he-2023', 'TW', { order: 'code' })).toBe('/quality/tntn-he-2023/TW');
  });

  it('escapes codes', () => {
    expect(paths.quality('a b', 'Đ/1')).toBe('/quality/a%20b/%C4%90%2F1');
  });
});

describe('paths.rules', () => {
  it('names the campaign, escaped', () => {
    expect(paths.rules('tntn-he-2023')).toBe('/rules/tntn-he-2023');
    expect(paths.rules('hè 2023')).toBe('/rules/h%C3%A8%202023');
  });
});
