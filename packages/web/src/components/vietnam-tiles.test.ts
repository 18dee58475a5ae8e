import { describe, expect, it } from 'vitest';
import {
  achievementBin, LAYOUT_2023, LAYOUT_2025, layoutFor, tileOf, wrapLabel,
  type Archipelago, type TileLayout,
} from './vietnam-tiles.ts';

// Copied from /work/shared/data/units-vn-2023.csv (level province) and provinces-vn-2025.csv:
// the tests must not read files outside the repository.
const PROVINCES_2023 = [
  '01', '02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '19', '20', '22', '24', '25',
  '26', '27', '30', '31', '33', '34', '35', '36', '37', '38', '40', '42', '44', '45', '46', '48',
  '49', '51', '52', '54', '56', '58', '60', '62', '64', '66', '67', '68', '70', '72', '74', '75',
  '77', '79', '80', '82', '83', '84', '86', '87', '89', '91', '92', '93', '94', '95', '96',
] as const;
const PROVINCES_2025 = [
  '01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38',
  '40', '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91',
  '92', '96',
] as const;
const AFFILIATED = ['KCQ', 'KDN', 'QD', 'CA'] as const;

function tileAt(layout: TileLayout, code: string) {
  const tile = tileOf(layout, code);
  if (!tile) throw new Error(`no tile for ${code} in ${layout.id}`);
  return tile;
}

/** Does the square [x0, x1] × [y0, y1] overlap the tile at (col, row)? */
function overlapsCell(x0: number, y0: number, x1: number, y1: number, col: number, row: number): boolean {
  return x0 < col + 1 && x1 > col && y0 < row + 1 && y1 > row;
}

function archipelago(layout: TileLayout, id: Archipelago['id']): Archipelago {
  const found = layout.archipelagos.find((a) => a.id === id);
  if (!found) throw new Error(`${layout.id} has no ${id}`);
  return found;
}

describe.each([
  { layout: LAYOUT_2023, codes: PROVINCES_2023 },
  { layout: LAYOUT_2025, codes: PROVINCES_2025 },
])('the $layout.id layout', ({ layout, codes }) => {
  it('has exactly one tile per province and nothing else', () => {
    expect(layout.tiles).toHaveLength(codes.length);
    expect([...layout.tiles.map((t) => t.code)].sort()).toEqual([...codes].sort());
    for (const code of AFFILIATED) expect(tileOf(layout, code)).toBeUndefined();
    expect(tileOf(layout, 'TW')).toBeUndefined();
  });

  it('puts no two tiles in the same cell, all inside the grid', () => {
    const cells = new Set(layout.tiles.map((t) => `${t.col},${t.row}`));
    expect(cells.size).toBe(layout.tiles.length);
    for (const tile of layout.tiles) {
      expect(Number.isInteger(tile.col) && Number.isInteger(tile.row)).toBe(true);
      expect(tile.col).toBeGreaterThanOrEqual(0);
      expect(tile.row).toBeGreaterThanOrEqual(0);
      expect(tile.col + 1).toBeLessThanOrEqual(layout.cols);
      expect(tile.row + 1).toBeLessThanOrEqual(layout.rows);
    }
  });

  it('gives every tile a unique abbreviation of 2 to 4 letters', () => {
    const shorts = layout.tiles.map((t) => t.short);
    expect(new Set(shorts.map((s) => s.toLocaleLowerCase('vi'))).size).toBe(shorts.length);
    for (const short of shorts) expect(short).toMatch(/^\p{L}{2,4}$/u);
  });

  it('reads like the country: Hà Nội north of Đà Nẵng north of Hồ Chí Minh, Cà Mau at the bottom', () => {
    const hanoi = tileAt(layout, '01');
    const danang = tileAt(layout, '48');
    const hcm = tileAt(layout, '79');
    const camau = tileAt(layout, '96');
    expect(hanoi.row).toBeLessThan(danang.row);
    expect(danang.row).toBeLessThan(hcm.row);
    expect(camau.row).toBe(Math.max(...layout.tiles.map((t) => t.row)));
    // The north-west mountains are on the left, Quảng Ninh on the right of the north.
    expect(tileAt(layout, '11').col).toBeLessThan(hanoi.col);
    expect(tileAt(layout, '22').col).toBeGreaterThan(hanoi.col);
    // The Central Highlands lie inland, west of the coast at Khánh Hòa.
    expect(tileAt(layout, '66').col).toBeLessThanOrEqual(tileAt(layout, '56').col);
  });

  it('draws Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) in the East Sea, off the tiles', () => {
    expect(layout.archipelagos.map((a) => [a.id, a.provinceCode])).toEqual([['hoangSa', '48'], ['truongSa', '56']]);
    const eastmost = Math.max(...layout.tiles.map((t) => t.col + 1));
    for (const group of layout.archipelagos) {
      expect(group.islands.length).toBeGreaterThanOrEqual(5);
      const coast = tileAt(layout, group.provinceCode);
      for (const island of group.islands) {
        expect(island.r).toBeGreaterThan(0);
        // East of the province it belongs to, and of every tile.
        expect(island.x - island.r).toBeGreaterThan(coast.col + 1);
        expect(island.x - island.r).toBeGreaterThan(eastmost);
        expect(island.x + island.r).toBeLessThanOrEqual(layout.cols);
        expect(island.y - island.r).toBeGreaterThanOrEqual(0);
        expect(island.y + island.r).toBeLessThanOrEqual(layout.rows);
        for (const tile of layout.tiles) {
          expect(overlapsCell(island.x - island.r, island.y - island.r, island.x + island.r, island.y + island.r, tile.col, tile.row)).toBe(false);
        }
      }
      // The name is written above the islands, also on the sea.
      // (a label line is about 1.5 tiles wide, centred on label.x)
      expect(group.label.x - 0.75).toBeGreaterThan(eastmost);
      expect(group.label.y).toBeLessThan(Math.min(...group.islands.map((i) => i.y - i.r)));
    }
    expect(layout.sea.x).toBeGreaterThan(eastmost);
  });

  it('puts Hoàng Sa at the latitude of Đà Nẵng – Quảng Ngãi, Trường Sa further south-east, off Khánh Hòa – Ninh Thuận', () => {
    const hoangSa = archipelago(layout, 'hoangSa');
    const truongSa = archipelago(layout, 'truongSa');
    const middle = (group: Archipelago) => ({
      x: group.islands.reduce((sum, i) => sum + i.x, 0) / group.islands.length,
      y: group.islands.reduce((sum, i) => sum + i.y, 0) / group.islands.length,
    });
    const hs = middle(hoangSa);
    const ts = middle(truongSa);
    expect(hs.y).toBeGreaterThanOrEqual(tileAt(layout, '48').row);
    expect(hs.y).toBeLessThanOrEqual(tileAt(layout, '51').row + 1);
    expect(ts.y).toBeGreaterThan(hs.y + 2);
    expect(ts.x).toBeGreaterThanOrEqual(hs.x);
    expect(ts.y).toBeGreaterThanOrEqual(tileAt(layout, '56').row);
    // Khánh Hòa's tile or, before 2025, Ninh Thuận's just below it.
    expect(ts.y).toBeLessThanOrEqual(tileAt(layout, '56').row + 3);
    // The sea's name sits between the two.
    expect(layout.sea.y).toBeGreaterThan(hs.y);
    expect(layout.sea.y).toBeLessThan(ts.y);
  });
});

describe('layoutFor', () => {
  it('picks 2023 for the 63 provinces, with or without the affiliated unions', () => {
    expect(layoutFor(PROVINCES_2023).id).toBe('2023');
    expect(layoutFor([...PROVINCES_2023, ...AFFILIATED]).id).toBe('2023');
  });

  it('picks 2025 for the 34 provinces, although their codes are 2023 codes too', () => {
    expect(layoutFor(PROVINCES_2025).id).toBe('2025');
    expect(layoutFor([...PROVINCES_2025, ...AFFILIATED]).id).toBe('2025');
  });

  it('picks the layout that places the most of the given codes', () => {
    // Codes only the 2023 layout has (Hà Giang, Bắc Kạn, Hòa Bình…).
    expect(layoutFor(['02', '06', '17']).id).toBe('2023');
    expect(layoutFor(['01', '02', '06', '79']).id).toBe('2023');
    // Codes both have, a few: the smaller map covers more of its tiles.
    expect(layoutFor(['01', '79']).id).toBe('2025');
  });

  it('falls back to 2023 when no code is a province', () => {
    expect(layoutFor([]).id).toBe('2023');
    expect(layoutFor(AFFILIATED).id).toBe('2023');
  });
});

describe('achievementBin', () => {
  it('sorts achievements into the five colours of the key', () => {
    expect(achievementBin(null)).toBe('none');
    expect(achievementBin(Number.NaN)).toBe('none');
    expect(achievementBin(0)).toBe('low');
    expect(achievementBin(0.4999)).toBe('low');
    expect(achievementBin(0.5)).toBe('mid');
    expect(achievementBin(0.7999)).toBe('mid');
    expect(achievementBin(0.8)).toBe('high');
    expect(achievementBin(0.9999)).toBe('high');
    expect(achievementBin(1)).toBe('top');
    expect(achievementBin(1.396)).toBe('top');
  });
});

describe('wrapLabel', () => {
  it('breaks names at spaces', () => {
    expect(wrapLabel('Quần đảo Hoàng Sa', 10)).toEqual(['Quần đảo', 'Hoàng Sa']);
    expect(wrapLabel('Hoang Sa (Paracel) Islands', 10)).toEqual(['Hoang Sa', '(Paracel)', 'Islands']);
    expect(wrapLabel('Biển Đông', 10)).toEqual(['Biển Đông']);
    expect(wrapLabel('', 10)).toEqual([]);
  });
});
