import { describe, expect, it } from 'vitest';
import { formatTimestamp } from './time.ts';

describe('formatTimestamp', () => {
  it.each([
    ['ISO with Z', '2023-07-03T03:00:00.000Z', '03/07/2023 10:00'],
    ["PostgreSQL's text form", '2023-07-03 23:53:00+00', '04/07/2023 06:53'],
    ["PostgreSQL's text form with fractions", '2023-07-03 03:00:00.248+00', '03/07/2023 10:00'],
    ['an offset with minutes', '2023-07-02T22:30:00+07:00', '02/07/2023 22:30'],
  ])('shows %s in Hà Nội time, date first', (_, input, expected) => {
    expect(formatTimestamp(input)).toBe(expected);
  });

  it('takes a Date', () => {
    expect(formatTimestamp(new Date('2023-12-31T17:05:00Z'))).toBe('01/01/2024 00:05');
  });

  it('gives back what it cannot read rather than "Invalid Date"', () => {
    expect(formatTimestamp('không phải thời điểm')).toBe('không phải thời điểm');
  });
});
