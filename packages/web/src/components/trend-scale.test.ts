import { describe, expect, it } from 'vitest';
import { labelEvery, trendScale } from './trend-scale.ts';

describe('trendScale', () => {
  // Worked by hand: rough step = (high − low) / 4, rounded up to 1, 2, 2,5 or 5 × 10^k.
  it.each([
    { values: [0, 10, 698], min: 0, max: 800, ticks: [0, 200, 400, 600, 800] }, // 174,5 → 200
    { values: [3_418_530], min: 0, max: 4_000_000, ticks: [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000] }, // 854.632,5 → 1.000.000
    { values: [0.3, 1.2], min: 0, max: 1.5, ticks: [0, 0.5, 1, 1.5] }, // 0,3 → 0,5
    { values: [0.1, 0.75], min: 0, max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] }, // 0,1875 → 0,2; 3 × 0,2 shown as 0,6
    { values: [5, 5], min: 0, max: 6, ticks: [0, 2, 4, 6] }, // 1,25 → 2
    { values: [-30, 70], min: -50, max: 75, ticks: [-50, -25, 0, 25, 50, 75] }, // 25 → 2,5 × 10
    { values: [], min: 0, max: 1, ticks: [0, 1] },
    { values: [0, 0, 0], min: 0, max: 1, ticks: [0, 1] },
  ])('$values → $min…$max', ({ values, min, max, ticks }) => {
    expect(trendScale(values)).toEqual({ min, max, ticks });
  });
});

describe('labelEvery', () => {
  it.each([
    { count: 14, labelWidth: 50, width: 300, every: 3 }, // 700 px of labels in 300 px
    { count: 5, labelWidth: 50, width: 400, every: 1 },
    { count: 1, labelWidth: 500, width: 100, every: 1 },
    { count: 10, labelWidth: 50, width: 0, every: 1 },
  ])('$count labels of $labelWidth px in $width px: every $every', ({ count, labelWidth, width, every }) => {
    expect(labelEvery(count, labelWidth, width)).toBe(every);
  });
});
