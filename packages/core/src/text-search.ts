/**
 * Folds text for search the way people type it on a phone: no diacritics, đ as d, lower
 * case, one space between words. "Lào Cai" and "lao cai" fold alike.
 *
 * @example
 * foldForSearch('Tỉnh Đoàn  Lào Cai'); // 'tinh doan lao cai'
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether every word of `query` appears in `text`, both folded: "lao cai" finds "Tỉnh
 * Đoàn Lào Cai", "cai lao" too, "lao cay" does not. An empty query matches everything.
 *
 * @example
 * matchesSearch('Thành Đoàn Hà Nội', 'ha noi'); // true
 */
export function matchesSearch(text: string, query: string): boolean {
  const folded = foldForSearch(text);
  return foldForSearch(query).split(' ').filter(Boolean).every((word) => folded.includes(word));
}
