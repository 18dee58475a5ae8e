/**
 * Where each province sits on the tile-grid map of Vietnam: one equal square per province,
 * laid out like the country's S-shape (north-west mountains on the left of the north,
 * Quảng Ninh far right, the narrow central coast, the Central Highlands inland, the
 * south-east and the Mekong delta with Cà Mau at the southern tip), and the two
 * archipelagos of the East Sea (Biển Đông): Hoàng Sa, part of Thành phố Đà Nẵng, and
 * Trường Sa, part of Tỉnh Khánh Hòa. The islands are drawn, never reported on.
 *
 * Two layouts: the 63 provinces of 2023 and the 34 provinces formed on 1 July 2025. All
 * positions are in grid units: a tile covers [col, col + 1] × [row, row + 1].
 */

export interface ProvinceTile {
  /** The province's code (the unit code: '01' Hà Nội, '79' Thành phố Hồ Chí Minh…). */
  readonly code: string;
  readonly col: number;
  readonly row: number;
  /** The abbreviation written on the tile. */
  readonly short: string;
  /** The official name, for a province that has no figures to show. */
  readonly name: string;
}

/** One island mark: a small circle, centre and radius in grid units. */
export interface IslandMark {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

export type ArchipelagoId = 'hoangSa' | 'truongSa';

export interface Archipelago {
  readonly id: ArchipelagoId;
  /** The province it belongs to: Hoàng Sa → Đà Nẵng (48), Trường Sa → Khánh Hòa (56). */
  readonly provinceCode: string;
  readonly islands: readonly IslandMark[];
  /** Where its name is written: the centre of the last line's baseline (lines stack upwards). */
  readonly label: { readonly x: number; readonly y: number };
}

export interface TileLayout {
  readonly id: '2023' | '2025';
  /** The grid's extent: every tile, island and label lies within [0, cols] × [0, rows]. */
  readonly cols: number;
  readonly rows: number;
  readonly tiles: readonly ProvinceTile[];
  readonly archipelagos: readonly Archipelago[];
  /** Where "Biển Đông" is written. */
  readonly sea: { readonly x: number; readonly y: number };
}

type Row = readonly [code: string, col: number, row: number, short: string, name: string];

function tiles(rows: readonly Row[]): readonly ProvinceTile[] {
  return rows.map(([code, col, row, short, name]) => ({ code, col, row, short, name }));
}

/** A group of island marks around (x, y), from offsets in grid units. */
function islands(x: number, y: number, marks: readonly (readonly [dx: number, dy: number, r: number])[]): readonly IslandMark[] {
  return marks.map(([dx, dy, r]) => ({ x: x + dx, y: y + dy, r }));
}

// Hoàng Sa: two clusters (Nhóm Lưỡi Liềm to the west, Nhóm An Vĩnh to the north-east).
const HOANG_SA_MARKS = [
  [-0.5, 0.2, 0.11], [-0.22, 0.42, 0.1], [0.05, 0.28, 0.09], [-0.3, -0.06, 0.09], [0.0, 0.02, 0.08],
  [0.35, -0.3, 0.12], [0.58, -0.08, 0.09], [0.72, -0.4, 0.09], [0.5, 0.3, 0.09],
] as const;

// Trường Sa: many small marks scattered over a wide area to the south-east.
const TRUONG_SA_MARKS = [
  [-0.7, -0.72, 0.1], [-0.38, -0.52, 0.09], [-0.05, -0.7, 0.11], [0.32, -0.45, 0.09],
  [-0.62, -0.18, 0.09], [-0.22, -0.1, 0.12], [0.15, 0.06, 0.09], [0.58, -0.15, 0.1],
  [-0.45, 0.36, 0.09], [0.0, 0.46, 0.1], [0.42, 0.36, 0.09], [0.76, 0.6, 0.09], [0.22, 0.8, 0.1],
] as const;

/** The 63 provinces of 2023 (before the 2025 mergers). */
export const LAYOUT_2023: TileLayout = {
  id: '2023',
  cols: 10,
  rows: 19,
  tiles: tiles([
    // The north: mountains to the west, the Red River delta, Quảng Ninh to the east.
    ['12', 1, 0, 'LCh', 'Tỉnh Lai Châu'],
    ['10', 2, 0, 'LCa', 'Tỉnh Lào Cai'],
    ['02', 3, 0, 'HG', 'Tỉnh Hà Giang'],
    ['04', 4, 0, 'CB', 'Tỉnh Cao Bằng'],
    ['11', 0, 1, 'ĐB', 'Tỉnh Điện Biên'],
    ['14', 1, 1, 'SL', 'Tỉnh Sơn La'],
    ['15', 2, 1, 'YB', 'Tỉnh Yên Bái'],
    ['08', 3, 1, 'TQ', 'Tỉnh Tuyên Quang'],
    ['06', 4, 1, 'BK', 'Tỉnh Bắc Kạn'],
    ['20', 5, 1, 'LS', 'Tỉnh Lạng Sơn'],
    ['25', 2, 2, 'PT', 'Tỉnh Phú Thọ'],
    ['26', 3, 2, 'VP', 'Tỉnh Vĩnh Phúc'],
    ['19', 4, 2, 'TN', 'Tỉnh Thái Nguyên'],
    ['24', 5, 2, 'BG', 'Tỉnh Bắc Giang'],
    ['22', 6, 2, 'QNi', 'Tỉnh Quảng Ninh'],
    ['17', 2, 3, 'HB', 'Tỉnh Hòa Bình'],
    ['01', 3, 3, 'HN', 'Thành phố Hà Nội'],
    ['27', 4, 3, 'BN', 'Tỉnh Bắc Ninh'],
    ['30', 5, 3, 'HD', 'Tỉnh Hải Dương'],
    ['31', 6, 3, 'HP', 'Thành phố Hải Phòng'],
    ['35', 3, 4, 'HNa', 'Tỉnh Hà Nam'],
    ['33', 4, 4, 'HY', 'Tỉnh Hưng Yên'],
    ['34', 5, 4, 'TB', 'Tỉnh Thái Bình'],
    ['38', 2, 5, 'TH', 'Tỉnh Thanh Hóa'],
    ['37', 3, 5, 'NB', 'Tỉnh Ninh Bình'],
    ['36', 4, 5, 'NĐ', 'Tỉnh Nam Định'],
    // The north-central coast, a narrow strip going down to the south-east.
    ['40', 2, 6, 'NA', 'Tỉnh Nghệ An'],
    ['42', 3, 6, 'HT', 'Tỉnh Hà Tĩnh'],
    ['44', 3, 7, 'QB', 'Tỉnh Quảng Bình'],
    ['45', 4, 7, 'QT', 'Tỉnh Quảng Trị'],
    ['46', 4, 8, 'Huế', 'Tỉnh Thừa Thiên Huế'],
    ['48', 5, 8, 'ĐN', 'Thành phố Đà Nẵng'],
    ['49', 5, 9, 'QNa', 'Tỉnh Quảng Nam'],
    // The south-central coast (column 6) and the Central Highlands inland (column 5).
    ['62', 5, 10, 'KT', 'Tỉnh Kon Tum'],
    ['51', 6, 10, 'QNg', 'Tỉnh Quảng Ngãi'],
    ['64', 5, 11, 'GL', 'Tỉnh Gia Lai'],
    ['52', 6, 11, 'BĐ', 'Tỉnh Bình Định'],
    ['66', 5, 12, 'ĐL', 'Tỉnh Đắk Lắk'],
    ['54', 6, 12, 'PY', 'Tỉnh Phú Yên'],
    ['70', 3, 13, 'BP', 'Tỉnh Bình Phước'],
    ['67', 4, 13, 'ĐNô', 'Tỉnh Đắk Nông'],
    ['68', 5, 13, 'LĐ', 'Tỉnh Lâm Đồng'],
    ['56', 6, 13, 'KH', 'Tỉnh Khánh Hòa'],
    // The south-east.
    ['72', 2, 14, 'TNi', 'Tỉnh Tây Ninh'],
    ['74', 3, 14, 'BD', 'Tỉnh Bình Dương'],
    ['75', 4, 14, 'ĐNai', 'Tỉnh Đồng Nai'],
    ['60', 5, 14, 'BTh', 'Tỉnh Bình Thuận'],
    ['58', 6, 14, 'NT', 'Tỉnh Ninh Thuận'],
    ['87', 1, 15, 'ĐT', 'Tỉnh Đồng Tháp'],
    ['80', 2, 15, 'LA', 'Tỉnh Long An'],
    ['79', 3, 15, 'HCM', 'Thành phố Hồ Chí Minh'],
    ['77', 4, 15, 'BRVT', 'Tỉnh Bà Rịa - Vũng Tàu'],
    // The Mekong delta, Cà Mau at the tip.
    ['89', 0, 16, 'AG', 'Tỉnh An Giang'],
    ['92', 1, 16, 'CT', 'Thành phố Cần Thơ'],
    ['86', 2, 16, 'VL', 'Tỉnh Vĩnh Long'],
    ['82', 3, 16, 'TG', 'Tỉnh Tiền Giang'],
    ['83', 4, 16, 'BTr', 'Tỉnh Bến Tre'],
    ['91', 0, 17, 'KG', 'Tỉnh Kiên Giang'],
    ['93', 1, 17, 'HGi', 'Tỉnh Hậu Giang'],
    ['94', 2, 17, 'ST', 'Tỉnh Sóc Trăng'],
    ['84', 3, 17, 'TV', 'Tỉnh Trà Vinh'],
    ['96', 0, 18, 'CM', 'Tỉnh Cà Mau'],
    ['95', 1, 18, 'BL', 'Tỉnh Bạc Liêu'],
  ]),
  archipelagos: [
    { id: 'hoangSa', provinceCode: '48', islands: islands(8.3, 9.4, HOANG_SA_MARKS), label: { x: 8.4, y: 8.75 } },
    { id: 'truongSa', provinceCode: '56', islands: islands(8.6, 14.95, TRUONG_SA_MARKS), label: { x: 8.6, y: 13.95 } },
  ],
  sea: { x: 8.5, y: 11.9 },
};

/** The 34 provinces formed on 1 July 2025 (each keeps the code of one of its parts). */
export const LAYOUT_2025: TileLayout = {
  id: '2025',
  cols: 9,
  rows: 13,
  tiles: tiles([
    ['12', 1, 0, 'LCh', 'Tỉnh Lai Châu'],
    ['15', 2, 0, 'LCa', 'Tỉnh Lào Cai'],
    ['08', 3, 0, 'TQ', 'Tỉnh Tuyên Quang'],
    ['04', 4, 0, 'CB', 'Tỉnh Cao Bằng'],
    ['11', 0, 1, 'ĐB', 'Tỉnh Điện Biên'],
    ['14', 1, 1, 'SL', 'Tỉnh Sơn La'],
    ['25', 2, 1, 'PT', 'Tỉnh Phú Thọ'],
    ['19', 3, 1, 'TN', 'Tỉnh Thái Nguyên'],
    ['20', 4, 1, 'LS', 'Tỉnh Lạng Sơn'],
    ['01', 3, 2, 'HN', 'Thành phố Hà Nội'],
    ['24', 4, 2, 'BN', 'Tỉnh Bắc Ninh'],
    ['22', 5, 2, 'QNi', 'Tỉnh Quảng Ninh'],
    ['38', 2, 3, 'TH', 'Tỉnh Thanh Hóa'],
    ['37', 3, 3, 'NB', 'Tỉnh Ninh Bình'],
    ['33', 4, 3, 'HY', 'Tỉnh Hưng Yên'],
    ['31', 5, 3, 'HP', 'Thành phố Hải Phòng'],
    ['40', 2, 4, 'NA', 'Tỉnh Nghệ An'],
    ['42', 3, 4, 'HT', 'Tỉnh Hà Tĩnh'],
    ['44', 3, 5, 'QT', 'Tỉnh Quảng Trị'],
    ['46', 4, 5, 'Huế', 'Thành phố Huế'],
    ['48', 4, 6, 'ĐN', 'Thành phố Đà Nẵng'],
    ['51', 5, 6, 'QNg', 'Tỉnh Quảng Ngãi'],
    ['52', 5, 7, 'GL', 'Tỉnh Gia Lai'],
    ['66', 5, 8, 'ĐL', 'Tỉnh Đắk Lắk'],
    ['75', 3, 9, 'ĐNai', 'Tỉnh Đồng Nai'],
    ['68', 4, 9, 'LĐ', 'Tỉnh Lâm Đồng'],
    ['56', 5, 9, 'KH', 'Tỉnh Khánh Hòa'],
    ['80', 2, 10, 'TNi', 'Tỉnh Tây Ninh'],
    ['79', 3, 10, 'HCM', 'Thành phố Hồ Chí Minh'],
    ['91', 1, 11, 'AG', 'Tỉnh An Giang'],
    ['82', 2, 11, 'ĐT', 'Tỉnh Đồng Tháp'],
    ['86', 3, 11, 'VL', 'Tỉnh Vĩnh Long'],
    ['96', 1, 12, 'CM', 'Tỉnh Cà Mau'],
    ['92', 2, 12, 'CT', 'Thành phố Cần Thơ'],
  ]),
  archipelagos: [
    { id: 'hoangSa', provinceCode: '48', islands: islands(7.4, 6.6, HOANG_SA_MARKS), label: { x: 7.5, y: 5.95 } },
    { id: 'truongSa', provinceCode: '56', islands: islands(7.6, 10.8, TRUONG_SA_MARKS), label: { x: 7.6, y: 9.8 } },
  ],
  sea: { x: 7.5, y: 8.2 },
};

export const LAYOUTS: readonly TileLayout[] = [LAYOUT_2023, LAYOUT_2025];

/**
 * The layout that places the most of `codes`; on a tie (the 2025 codes are all 2023 codes
 * too), the one whose tiles are most fully covered, so the 34 provinces of 2025 get theirs.
 */
export function layoutFor(codes: readonly string[]): TileLayout {
  const wanted = new Set(codes);
  let best = LAYOUT_2023;
  let bestCovered = -1;
  let bestShare = -1;
  for (const layout of LAYOUTS) {
    const covered = layout.tiles.filter((tile) => wanted.has(tile.code)).length;
    const share = covered / layout.tiles.length;
    if (covered > bestCovered || (covered === bestCovered && share > bestShare)) {
      best = layout;
      bestCovered = covered;
      bestShare = share;
    }
  }
  return best;
}

/** The tile of `code` in `layout`, if the province is on it. */
export function tileOf(layout: TileLayout, code: string): ProvinceTile | undefined {
  return layout.tiles.find((tile) => tile.code === code);
}

/** The colour classes of the map, from no target to the target reached. */
export type AchievementBin = 'none' | 'low' | 'mid' | 'high' | 'top';
export const ACHIEVEMENT_BINS: readonly AchievementBin[] = ['none', 'low', 'mid', 'high', 'top'];

/** No target / below 50% / 50% to under 80% / 80% to under 100% / 100% and above. */
export function achievementBin(achievement: number | null): AchievementBin {
  if (achievement === null || !Number.isFinite(achievement)) return 'none';
  if (achievement < 0.5) return 'low';
  if (achievement < 0.8) return 'mid';
  if (achievement < 1) return 'high';
  return 'top';
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
export function wrapLabel(text: string, width: number): readonly string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
