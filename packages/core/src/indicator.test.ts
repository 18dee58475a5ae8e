import { describe, expect, it } from 'vitest';
import { toFixedDecimal } from './format.ts';
import {
  displayFromIncrement,
  incrementFromInput,
  isOnValueScale,
  readIndicatorFigure,
  subtractValues,
  sumValues,
  toCumulatives,
  toIncrements,
  validateIndicatorValue,
  type ValueKind,
} from './indicator.ts';
import { seededRandom } from './random.ts';

const indicator = (valueKind: ValueKind) => ({ code: 'tuyen-pho', name: 'Tuyến phố văn minh', valueKind });

describe('sumValues and subtractValues', () => {
  it.each([
    [[], 0],
    [[1, 2, 3], 6],
    [[0.1, 0.2], 0.3],
    [[0.1, 0.2, -0.3], 0],
    [[1.2345, 2.0001], 3.2346],
    [[Number.MAX_SAFE_INTEGER, 1], 9007199254740992],
    [[1e15, 0.5], 1e15 + 0.5],
  ])('sumValues(%j) = %s', (values, expected) => {
    expect(sumValues(values)).toBe(expected);
  });

  it.each([
    [0.3, 0.1, 0.2],
    [40, 25, 15],
    [1, 1.0001, -0.0001],
    [0, 0, 0],
  ])('subtractValues(%s, %s) = %s', (a, b, expected) => {
    expect(subtractValues(a, b)).toBe(expected);
  });

  // The sums of decimals are done in doubles where that is exact (scaled to whole
  // numbers); this is the slow way they must always agree with: each value written with
  // 4 decimals, summed as a big integer, written back.
  const written = (v: number): bigint => BigInt(toFixedDecimal(v, 4).replace('.', ''));
  const slowSum = (values: number[]): number => {
    const x = values.reduce((acc, v) => acc + written(v), 0n);
    const abs = x < 0n ? -x : x;
    return Number(`${x < 0n ? '-' : ''}${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, '0')}`);
  };

  it.each([
    ['small decimals', 1e3],
    ['large decimals', 1e9],
    ['around the limit of the fast way', 2.2e11],
    ['past it', 1e15],
  ])('sums %s exactly, as the slow way does', (_, scale) => {
    const random = seededRandom(Math.round(scale) % 1000 + 7);
    for (let round = 0; round < 2_000; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const v = Math.round(random() * scale * 10_000) / 10_000;
        return random() < 0.3 ? -v : v;
      });
      expect(sumValues(values)).toBe(slowSum(values));
      expect(subtractValues(values[0]!, values.at(-1)!)).toBe(slowSum([values[0]!, -values.at(-1)!]));
    }
  });

  it.each([
    [0.1 + 0.2, 0.3],
    [1 / 3, 0.3333],
    [2.00005, 2.0001],
    [-2.00005, -2.0001],
    [123_456_789.123_45, 123_456_789.1235],
  ])('rounds %s, which is no indicator value, to %s before summing', (v, rounded) => {
    expect(isOnValueScale(v)).toBe(false);
    expect(sumValues([v, 1.5])).toBe(slowSum([rounded, 1.5]));
  });

  it.each([0, 0.1, 12.3456, -0.0001, 2.2e11 + 0.5, 1e15, 1e15 + 0.125])('%s is an indicator value', (v) => {
    expect(isOnValueScale(v)).toBe(true);
  });
});

describe('validateIndicatorValue', () => {
  it.each([
    ['integer', 0],
    ['integer', 1791],
    ['vnd', 17_500_000_000],
    ['decimal', 12.5],
    ['decimal', 12.3456],
    ['decimal', 1e15],
  ] as const)('%s accepts %s', (kind, value) => {
    expect(validateIndicatorValue(indicator(kind), value)).toBe(value);
  });

  it.each([
    ['integer', 12.5, 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận số nguyên, không nhận 12,5.'],
    ['vnd', 1000.5, 'Chỉ tiêu "Tuyến phố văn minh" tính bằng đồng, chỉ nhận số đồng nguyên, không nhận 1.000,5.'],
    ['decimal', 1.23456, 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận tối đa 4 chữ số thập phân, không nhận 1,23456.'],
    ['decimal', 0.1 + 0.2, 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận tối đa 4 chữ số thập phân, không nhận 0,30000000000000004.'],
    ['integer', -3, 'Chỉ tiêu "Tuyến phố văn minh" không nhận số âm (-3).'],
    ['decimal', 2e15, 'Chỉ tiêu "Tuyến phố văn minh" không nhận số lớn hơn 1.000.000.000.000.000 (2.000.000.000.000.000).'],
    ['integer', NaN, 'Chỉ tiêu "Tuyến phố văn minh" cần một số hợp lệ.'],
    ['decimal', Infinity, 'Chỉ tiêu "Tuyến phố văn minh" cần một số hợp lệ.'],
  ] as const)('%s refuses %s', (kind, value, message) => {
    expect(() => validateIndicatorValue(indicator(kind), value)).toThrow(
      expect.objectContaining({
        code: 'validation',
        message,
        details: expect.objectContaining({ field: 'values.tuyen-pho', messageEn: expect.any(String), value }),
      }),
    );
  });

  it('reports the field it is given', () => {
    expect(() => validateIndicatorValue(indicator('integer'), 1.5, 'rows.3.value')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'rows.3.value' }) }),
    );
  });
});

describe('readIndicatorFigure', () => {
  // Worked by hand: '.' groups thousands, ',' marks decimals; the indicator then decides.
  it.each([
    ['integer', '1.500', 1500],
    ['integer', '1.500.000', 1_500_000],
    ['integer', '2\u00a0926\u00a0049', 2_926_049],
    ['decimal', '1,5', 1.5],
    ['decimal', ' 12,25 ', 12.25],
    ['integer', 7, 7],
  ] as const)('%s reads %j as %s', (kind, raw, expected) => {
    expect(readIndicatorFigure(indicator(kind), raw, 'values.tuyen-pho')).toBe(expected);
  });

  it.each([
    ['integer', 'abc', 'Giá trị "abc" không phải là số.'],
    ['decimal', '1.5', 'Giá trị "1.5" không đọc được: số thập phân viết với dấu phẩy, hãy viết 1,5 (dấu chấm chỉ để tách hàng nghìn, như 1.500).'],
    ['integer', '1,5', 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận số nguyên, không nhận 1,5.'],
    ['integer', '-3', 'Chỉ tiêu "Tuyến phố văn minh" không nhận số âm (-3).'],
    // 27 digits: as a double it would print 123.456.789.012.345.680.000.000.000; the message quotes the typing.
    ['integer', '123456789012345678901234567', 'Chỉ tiêu "Tuyến phố văn minh" không nhận số lớn hơn 1.000.000.000.000.000 (123456789012345678901234567).'],
    ['decimal', '1,23456', 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận tối đa 4 chữ số thập phân, không nhận 1,23456.'],
  ] as const)('%s refuses %j on its field, quoting the typing', (kind, raw, message) => {
    expect(() => readIndicatorFigure(indicator(kind), raw, 'values.tuyen-pho')).toThrow(
      expect.objectContaining({ message, details: expect.objectContaining({ field: 'values.tuyen-pho' }) }),
    );
  });

  it('quotes the typing in English too, never in scientific notation', () => {
    expect(() => readIndicatorFigure(indicator('integer'), '123456789012345678901234567', 'v')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ messageEn: 'Indicator "Tuyến phố văn minh" does not take numbers above 1000000000000000 (123456789012345678901234567).' }) }),
    );
  });
});

describe('increments and cumulatives', () => {
  it.each([
    [[10, 25, 25, 40], 0, [10, 15, 0, 15]],
    [[], 5, []],
    [[100], 90, [10]],
    [[0.3, 0.6], 0.1, [0.2, 0.3]],
    [[20, 15], 0, [20, -5]], // a downward correction
  ])('toIncrements(%j, %s) = %j', (cumulatives, previous, increments) => {
    expect(toIncrements(cumulatives, previous)).toEqual(increments);
    expect(toCumulatives(increments, previous)).toEqual(cumulatives);
  });

  it('starts the cumulatives from 0 by default', () => {
    expect(toCumulatives([10, 15, 0, 15])).toEqual([10, 25, 25, 40]);
  });

  it.each([
    ['increment', 15, 25, 15],
    ['cumulative', 40, 25, 15],
    ['cumulative', 25, 25, 0],
    ['cumulative', 20, 25, -5],
    ['cumulative', 0.3, 0.1, 0.2],
  ] as const)('%s mode: entering %s after %s to date stores %s', (mode, entered, before, stored) => {
    expect(incrementFromInput(mode, entered, before)).toBe(stored);
    expect(displayFromIncrement(mode, stored, before)).toBe(entered);
  });

  it('shifts every later to-date when a past week is corrected', () => {
    const stored = [10, 15, 0, 15];
    const corrected = [10, incrementFromInput('cumulative', 30, 10), 0, 15];
    expect(toCumulatives(stored)).toEqual([10, 25, 25, 40]);
    expect(toCumulatives(corrected)).toEqual([10, 30, 30, 45]);
  });
});
