import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import {
  formatCompact,
  formatCount,
  formatDate,
  formatNumber,
  formatPercent,
  moneyInWords,
  formatVnd,
  parseDate,
  parseNumber,
  toFixedDecimal,
} from './format.ts';

describe('formatNumber', () => {
  it.each([
    [1791, undefined, '1.791'],
    [2926049, undefined, '2.926.049'],
    [12.5, undefined, '12,5'],
    [-1234.5, undefined, '-1.234,5'],
    [0, undefined, '0'],
    [-0, undefined, '0'],
    [999, undefined, '999'],
    [1000, undefined, '1.000'],
    [1.005, undefined, '1,01'],
    [12.3456, undefined, '12,35'],
    [12.3456, 4, '12,3456'],
    [12.5, 0, '13'],
    [-0.001, 2, '0'],
    [0.1 + 0.2, undefined, '0,3'],
    [1e21, undefined, '1.000.000.000.000.000.000.000'],
    [1e-7, 10, '0,0000001'],
    [9.995, 2, '10'],
    [999.999, 2, '1.000'],
  ])('formatNumber(%s, %s) = %s', (n, maxDecimals, expected) => {
    expect(formatNumber(n, maxDecimals)).toBe(expected);
  });

  it.each([[NaN], [Infinity], [-Infinity]])('refuses %s', (n) => {
    expect(() => formatNumber(n)).toThrow(RangeError);
  });

  it.each([[-1], [1.5], [21]])('refuses %s decimals', (d) => {
    expect(() => formatNumber(1, d)).toThrow(RangeError);
  });
});

describe('toFixedDecimal', () => {
  it.each([
    [1.005, 2, '1.01'],
    [1.2345, 4, '1.2345'],
    [0.1 + 0.2, 4, '0.3000'],
    [-2.5, 0, '-3'],
    [-0.00001, 4, '0.0000'],
    [123, 2, '123.00'],
    [1e-7, 4, '0.0000'],
  ])('toFixedDecimal(%s, %s) = %s', (n, d, expected) => {
    expect(toFixedDecimal(n, d)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [2926049 / 3000000, undefined, '97,53%'],
    [820 / 700, undefined, '117,14%'],
    [698 / 500, undefined, '139,6%'],
    [1.396, undefined, '139,6%'],
    [2611 / 700, 1, '373%'],
    [3160115 / 6000000, undefined, '52,67%'],
    [551 / 1000, undefined, '55,1%'],
    [251532 / 400000, undefined, '62,88%'],
    [244756 / 350000, undefined, '69,93%'],
    [1, undefined, '100%'],
    [0, undefined, '0%'],
    [12.345, 1, '1.234,5%'],
    [25, 0, '2.500%'],
    [0.01005, 2, '1,01%'], // 1,005% rounded half up, not 1,00 from the binary value
    [1.005, 0, '101%'], // 100,5%: 1.005 × 100 is 100.49999999999999 in binary
    [0.123456, 3, '12,346%'],
    [0.9999, 1, '100%'],
  ])('formatPercent(%s, %s) = %s', (ratio, precision, expected) => {
    expect(formatPercent(ratio, precision)).toBe(expected);
  });
});

describe('formatCompact and formatVnd', () => {
  it.each([
    [6_500_000, undefined, '6,5 triệu'],
    [17_500_000_000, undefined, '17,5 tỉ'],
    [2_500, undefined, '2.500'],
    [999_999, undefined, '999.999'],
    [1_000_000, undefined, '1 triệu'],
    [1_200_000_000_000, undefined, '1.200 tỉ'],
    [999_960_000, undefined, '1 tỉ'],
    [999_999.96, undefined, '1 triệu'],
    [6_543_210, 2, '6,54 triệu'],
    [-6_500_000, undefined, '-6,5 triệu'],
    [0, undefined, '0'],
  ])('formatCompact(%s, %s) = %s', (n, d, expected) => {
    expect(formatCompact(n, d)).toBe(expected);
  });

  it.each([
    [17_500_000_000, '17,5 tỉ đồng'],
    [6_500_000, '6,5 triệu đồng'],
    [250_000, '250.000 đồng'],
  ])('formatVnd(%s) = %s', (n, expected) => {
    expect(formatVnd(n)).toBe(expected);
  });
});

describe('formatDate and parseDate', () => {
  it.each([
    ['2023-07-02', '02/07/2023'],
    ['2024-02-29', '29/02/2024'],
  ])('formatDate(%s) = %s', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  it.each([['2023-02-29'], ['02/07/2023'], ['']])('formatDate refuses %j', (text) => {
    expect(() => formatDate(text)).toThrow(ValidationError);
  });

  it.each([
    ['02/07/2023', '2023-07-02'],
    ['2/7/2023', '2023-07-02'],
    [' 29/02/2024 ', '2024-02-29'],
    ['2023-07-02', '2023-07-02'],
    ['31/12/2023', '2023-12-31'],
  ])('parseDate(%j) = %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each([['31/02/2023'], ['29/02/2023'], ['2023-13-01'], ['1/1/23'], ['2023/07/02'], ['hôm nay'], ['']])(
    'parseDate refuses %j with field "date"',
    (text) => {
      expect(() => parseDate(text)).toThrow(
        expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'date' }) }),
      );
    },
  );

  it.each([
    ['01/01/2000', '2000-01-01'],
    ['31/12/2100', '2100-12-31'],
    ['2000-01-01', '2000-01-01'],
  ])('parseDate accepts the edge of the range %j = %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each([
    ['9999-12-31', 'Ngày 31/12/9999 nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['31/12/9999', 'Ngày 31/12/9999 nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['0001-01-01', 'Ngày 01/01/0001 nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['31/12/1999', 'Ngày 31/12/1999 nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['1/1/2101', 'Ngày 01/01/2101 nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
  ])('parseDate refuses %j, outside the domain\'s dates', (text, message) => {
    expect(() => parseDate(text)).toThrow(
      expect.objectContaining({ code: 'validation', message, details: expect.objectContaining({ field: 'date', messageEn: expect.any(String) }) }),
    );
  });

  it.each([['9999-12-31'], ['hôm nay']])('parseDate names the field it is given when refusing %j', (text) => {
    expect(() => parseDate(text, 'asOf')).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'asOf' }) }));
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.791', 1791],
    ['1.791,5', 1791.5],
    ['12,5', 12.5],
    [' 2 926 049 ', 2926049],
    ['2\u00a0926\u00a0049', 2926049],
    ['0', 0],
    ['-0', 0],
    ['-3', -3],
    ['1791', 1791],
    ['2.926.049', 2926049],
    ['0,1', 0.1],
    ['-1.234,56', -1234.56],
    ['007', 7],
  ])('parseNumber(%j) = %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each([
    ['abc'],
    [''],
    ['   '],
    ['1.79'],
    ['1.7910'],
    ['1,2,3'],
    ['12,'],
    [',5'],
    ['1,791.5'],
    ['Infinity'],
    ['NaN'],
    ['1e5'],
    ['0x10'],
    ['+3'],
    ['--3'],
    ['1 23'],
    ['1.234 567'],
    ['1'.repeat(400)],
  ])('refuses %j', (text) => {
    expect(() => parseNumber(text)).toThrow(ValidationError);
  });

  // The hint writes what was typed with the marks swapped where the writer plainly meant a decimal.
  it.each([
    ['1.5', '1,5'],
    ['1.50', '1,50'],
    ['0.25', '0,25'],
    ['-1.5', '-1,5'],
    ['1.791.5', '1.791,5'],
    ['1,791.5', '1.791,5'],
  ])('refuses %j with a message that says to write %s', (text, written) => {
    expect(() => parseNumber(text)).toThrow(
      `Giá trị "${text}" không đọc được: số thập phân viết với dấu phẩy, hãy viết ${written} (dấu chấm chỉ để tách hàng nghìn, như 1.500).`,
    );
    expect(() => parseNumber(text)).toThrow(expect.objectContaining({
      details: expect.objectContaining({ messageEn: `Value "${text}" cannot be read: decimals follow a comma, write ${written} (a dot only separates thousands, as in 1.500).` }),
    }));
  });

  it.each([['abc'], ['1.2.3'], ['1e5'], ['12,']])('gives no hint for %j, which is no decimal with a dot', (text) => {
    expect(() => parseNumber(text)).toThrow(`Giá trị "${text}" không phải là số.`);
  });

  it('quotes a number too large to hold exactly as typed', () => {
    const text = '1'.repeat(400);
    expect(() => parseNumber(text)).toThrow(`Giá trị "${text}" quá lớn.`);
  });

  it('says which value is not a number', () => {
    expect(() => parseNumber('abc')).toThrow('Giá trị "abc" không phải là số.');
  });
});

describe('formatCount', () => {
  it.each([
    [0, '00'],
    [2, '02'],
    [5, '05'],
    [9, '09'],
    [10, '10'],
    [67, '67'],
    [1791, '1.791'],
  ])('formatCount(%s) = %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('round trip', () => {
  it.each([[0], [1791], [2926049], [12.5], [-1234.5], [0.05]])('parseNumber(formatNumber(%s)) is the same number', (n) => {
    expect(parseNumber(formatNumber(n))).toBe(n);
  });
});

describe('moneyInWords', () => {
  // Worked out by hand: cut to one decimal of the scale, "hơn" when a non-zero digit was cut.
  it.each([
    [0, '0 đồng'],
    [850_000, '850.000 đồng'],
    [999_999.6, '999.999 đồng'],
    [1_000_000, '01 triệu đồng'],
    [6_500_000, '6,5 triệu đồng'],
    [6_540_000, 'hơn 6,5 triệu đồng'],
    [200_000_000, '200 triệu đồng'],
    [200_000_001, 'hơn 200 triệu đồng'],
    [999_950_000, 'hơn 999,9 triệu đồng'],
    [1_000_000_000, '01 tỉ đồng'],
    [2_500_000_000, '2,5 tỉ đồng'],
    [2_590_000_000, 'hơn 2,5 tỉ đồng'],
    [5_000_000_000, '05 tỉ đồng'],
    [17_500_000_000, '17,5 tỉ đồng'],
    [35_000_000_000, '35 tỉ đồng'],
    [35_412_000_000, 'hơn 35,4 tỉ đồng'],
    [35_050_000_000, 'hơn 35 tỉ đồng'],
    [1_200_000_000_000, '1.200 tỉ đồng'],
  ])('%d đồng is "%s"', (dong, words) => {
    expect(moneyInWords(dong)).toBe(words);
  });

  it('refuses a negative or non-finite amount', () => {
    expect(() => moneyInWords(-1)).toThrow(RangeError);
    expect(() => moneyInWords(Number.NaN)).toThrow(RangeError);
  });
});
