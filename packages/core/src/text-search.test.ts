import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesSearch } from './text-search.ts';

describe('foldForSearch', () => {
  it.each([
    ['Lào Cai', 'lao cai'],
    ['Thành Đoàn Hà Nội', 'thanh doan ha noi'],
    ['  Tỉnh   Đoàn\tĐắk Lắk ', 'tinh doan dak lak'],
    ['Bà Rịa – Vũng Tàu', 'ba ria – vung tau'],
    ['HN-CS01', 'hn-cs01'],
    ['Thừa Thiên Huế', 'thua thien hue'],
    ['Quảng Ngãi', 'quang ngai'],
    ['', ''],
  ])('%s → %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it('folds a decomposed (NFD) input like a composed one', () => {
    expect(foldForSearch('Lào Cai'.normalize('NFD'))).toBe('lao cai');
  });
});

describe('matchesSearch', () => {
  it.each([
    ['Tỉnh Đoàn Lào Cai', 'lao cai', true],
    ['Tỉnh Đoàn Lào Cai', 'LÀO CAI', true],
    ['Tỉnh Đoàn Lào Cai', 'cai lao', true],
    ['Tỉnh Đoàn Lào Cai', 'lao cay', false],
    ['Thành Đoàn Hà Nội', 'ha noi', true],
    ['Thành Đoàn Hà Nội', 'ha nam', false],
    ['Thành Đoàn Hà Nội', '', true],
  ])('%s with "%s" → %s', (text, query, expected) => {
    expect(matchesSearch(text, query)).toBe(expected);
  });
});
