import { describe, expect, it } from 'vitest';
import { readFigure, tidyFigure } from './figures.ts';

const HUGE = '123456789012345678901234567890';

describe('readFigure', () => {
  // Worked by hand: '.' groups thousands, ',' marks the decimals.
  it.each([
    ['1,5', 1.5],
    ['1.500', 1500],
    ['1.500.000', 1_500_000],
    ['2\u00a0926\u00a0049', 2_926_049],
    ['', null],
    ['   ', null],
  ])('reads %j as %s', (text, value) => {
    expect(readFigure(text, 'vi')).toEqual({ value, error: null });
  });

  it.each([
    ['1.5', 'vi', 'Giá trị "1.5" không đọc được: số thập phân viết với dấu phẩy, hãy viết 1,5 (dấu chấm chỉ để tách hàng nghìn, như 1.500).'],
    ['1.5', 'en', 'Value "1.5" cannot be read: decimals follow a comma, write 1,5 (a dot only separates thousands, as in 1.500).'],
    ['mười', 'vi', 'Giá trị "mười" không phải là số.'],
    ['abc', 'en', 'Value "abc" is not a number.'],
  ] as const)('refuses %j in %s with its message', (text, language, error) => {
    expect(readFigure(text, language)).toEqual({ value: null, error });
  });
});

describe('tidyFigure', () => {
  it.each([
    ['1500', '1.500'],
    ['1.500', '1.500'],
    ['1,5', '1,5'],
    ['1,50', '1,5'],
    [' 2 926 049 ', '2.926.049'],
    ['-3', '-3'],
    // Left as typed: not a figure, more decimals than shown (1,2346 would be another figure), too large to hold.
    ['1.5', null],
    ['', null],
    ['1,23456', null],
    [HUGE, null],
  ])('%j becomes %j', (text, tidy) => {
    expect(tidyFigure(text)).toBe(tidy);
  });
});
