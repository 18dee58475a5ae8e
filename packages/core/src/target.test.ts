import { describe, expect, it } from 'vitest';
import {
  achievement,
  allocationGap,
  progressFigures,
  scheduleStatus,
  campaignEnded,
  SCHEDULE_STATUS_LABELS,
  splitProportionally,
} from './target.ts';
import { elapsedShare } from './period.ts';

describe('achievement', () => {
  it.each([
    [698, 500, 1.396],
    [2926049, 3000000, 2926049 / 3000000],
    [0, 100, 0],
    [5, 0, null],
    [5, null, null],
    [5, -10, null],
    [5, NaN, null],
  ])('achievement(%s, %s) = %s', (actual, target, expected) => {
    expect(achievement(actual, target)).toBe(expected);
  });
});

describe('scheduleStatus', () => {
  it.each([
    // The digital-skills line of the phase-1 notice: 97,53% after 37 of 97 days.
    [2926049, 3000000, 37 / 97, 'ahead'],
    [698, 500, 37 / 97, 'achieved'],
    [500, 500, 0.1, 'achieved'],
    [500, 500, 1, 'achieved'],
    // The whole campaign elapsed: below target is not met, never behind.
    [499, 500, 1, 'not_met'],
    [0, 100, 1, 'not_met'],
    [10, 100, 0.5, 'behind'],
    [0, 100, 0, 'ahead'],
    [0, 100, 0.01, 'behind'],
    // Exactly on schedule counts as ahead, despite the rounding of the elapsed share.
    [37, 97, 37 / 97, 'ahead'],
    [37_000, 97_000, 37 / 97, 'ahead'],
    [1, 3, 1 / 3, 'ahead'],
    [2, 3, 2 / 3, 'ahead'],
    [7, 10, 0.7, 'ahead'],
    [70_000_000_000, 100_000_000_000, 0.7, 'ahead'],
    [36.999, 97, 37 / 97, 'behind'],
    [69_999_999_999, 100_000_000_000, 0.7, 'behind'],
    [5, 0, 0.5, null],
    [5, null, 0.5, null],
  ] as const)('scheduleStatus(%s, %s, %s) = %s', (actual, target, elapsed, expected) => {
    expect(scheduleStatus(actual, target, elapsed)).toBe(expected);
  });

  it.each([
    // ended overrides the pace: below target is not met whatever the share.
    [551, 1000, 0.4, true, 'not_met'],
    [1000, 1000, 0.4, true, 'achieved'],
    [1396, 1000, 1, true, 'achieved'],
    // not ended yet (a caller that knows better than the share): the pace decides.
    [999, 1000, 1, false, 'behind'],
    [551, 1000, 0.4, false, 'ahead'],
    [5, null, 1, true, null],
  ] as const)('scheduleStatus(%s, %s, %s, ended %s) = %s', (actual, target, elapsed, ended, expected) => {
    expect(scheduleStatus(actual, target, elapsed, ended)).toBe(expected);
  });
});

describe('scheduleStatus as of a date (the elapsed share and campaignEnded from the campaign\'s dates)', () => {
  // The 2023 summer campaign: 27/05 – 31/08/2023, 97 days.
  const campaign = { startDate: '2023-05-27', endDate: '2023-08-31' };
  it.each([
    // Phase 1's end, 02/07: 37 of 97 days = 38,14%; houses 551/1.000 = 55,1% is ahead, trees 2.000/6.000 = 33,3% behind.
    [551, 1000, '2023-07-02', 'ahead'],
    [2000, 6000, '2023-07-02', 'behind'],
    [698, 500, '2023-07-02', 'achieved'],
    // 30/08: 96 of 97 days, the campaign still runs: 98,9% of target is behind.
    [989, 1000, '2023-08-30', 'behind'],
    [990, 1000, '2023-08-30', 'ahead'],
    // From the last day on, below target is not met, however close.
    [999, 1000, '2023-08-31', 'not_met'],
    [551, 1000, '2023-12-03', 'not_met'],
    [1000, 1000, '2023-08-31', 'achieved'],
    [1396, 1000, '2026-12-03', 'achieved'],
    // Before the campaign: nothing has elapsed, nothing is behind yet.
    [0, 1000, '2023-05-01', 'ahead'],
    [10, null, '2023-08-31', null],
  ] as const)('%s of %s as of %s is %s', (actual, target, asOf, expected) => {
    expect(scheduleStatus(actual, target, elapsedShare(campaign.startDate, campaign.endDate, asOf), campaignEnded(campaign, asOf))).toBe(expected);
  });

  it.each([
    ['2023-08-30', false],
    ['2023-08-31', true],
    ['2023-09-01', true],
  ] as const)('campaignEnded as of %s is %s', (asOf, expected) => {
    expect(campaignEnded(campaign, asOf)).toBe(expected);
  });
});

describe('allocationGap', () => {
  it.each([
    [100, [30, 30, 30], 90, 10, 'under'],
    [100, [30, 30, 40], 100, 0, 'exact'],
    [100, [30, 40, 40], 110, -10, 'over'],
    [0.3, [0.1, 0.2], 0.3, 0, 'exact'],
    [0.3, [0.1, 0.1], 0.2, 0.1, 'under'],
    [0.3, [0.1, 0.2, 0.0001], 0.3001, -0.0001, 'over'],
    [1.1, [0.7, 0.4], 1.1, 0, 'exact'],
    [3_000_000, [], 0, 3_000_000, 'under'],
    [0, [], 0, 0, 'exact'],
  ])('target %s against %j', (target, children, allocated, gap, state) => {
    expect(allocationGap(target, children)).toEqual({ target, allocated, gap, state });
  });

  it('returns a frozen value', () => {
    expect(Object.isFrozen(allocationGap(1, [1]))).toBe(true);
  });
});

describe('splitProportionally', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [100, [1, 2, 3], [17, 33, 50]],
    [7, [0, 1, 1], [0, 4, 3]],
    [0, [1, 2], [0, 0]],
    [5, [0.5, 0.25, 0.25], [3, 1, 1]],
    [3_000_000, [97, 3], [2_910_000, 90_000]],
    [1, [1, 1, 1, 1], [1, 0, 0, 0]],
    [2, [1, 3, 3, 1], [0, 1, 1, 0]],
    [11, [5], [11]],
  ])('splitProportionally(%s, %j) = %j', (total, weights, expected) => {
    const parts = splitProportionally(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it.each([
    [-1, [1]],
    [1.5, [1]],
    [NaN, [1]],
    [10, []],
    [10, [0, 0]],
    [10, [-1, 2]],
    [10, [NaN, 1]],
    [10, [0.00001]],
  ])('refuses total %s with weights %j', (total, weights) => {
    expect(() => splitProportionally(total, weights)).toThrow(expect.objectContaining({ code: 'invalid_allocation' }));
  });

  it('sums exactly to the total on awkward weights', () => {
    const weights = [1791, 2611, 698, 820, 551, 13, 7, 1];
    for (const total of [0, 1, 97, 1000, 2_926_049, 3_000_000]) {
      expect(splitProportionally(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
});

describe('progressFigures', () => {
  it('writes the digital-skills line of the phase-1 notice', () => {
    const figures = progressFigures({ target: 3_000_000, thisWeek: 412_350, toDate: 2_926_049, elapsedShare: 37 / 97 });
    expect(figures).toEqual({
      target: 3_000_000,
      thisWeek: 412_350,
      toDate: 2_926_049,
      achievement: 2_926_049 / 3_000_000,
      status: 'ahead',
      text: { target: '3.000.000', thisWeek: '412.350', toDate: '2.926.049', achievement: '97,53%', status: 'vượt tiến độ' },
    });
    expect(Object.isFrozen(figures.text)).toBe(true);
  });

  it.each([
    [{ target: 500, thisWeek: 120, toDate: 698, elapsedShare: 0.4 }, '139,6%', 'đã đạt'],
    [{ target: 500, thisWeek: 120, toDate: 698, elapsedShare: 0.4, language: 'en' as const }, '139,6%', 'achieved'],
    [{ target: 700, thisWeek: 0, toDate: 2611, elapsedShare: 0.4, precision: 1 }, '373%', 'đã đạt'],
    [{ target: 1000, thisWeek: 1, toDate: 100, elapsedShare: 0.5, language: 'en' as const }, '10%', 'behind schedule'],
    [{ target: 1000, thisWeek: 1, toDate: 100, elapsedShare: 0.5, ended: true }, '10%', 'chưa đạt'],
    [{ target: 1000, thisWeek: 1, toDate: 100, elapsedShare: 1, language: 'en' as const }, '10%', 'not met'],
    [{ target: null, thisWeek: 1, toDate: 100, elapsedShare: 0.5 }, null, null],
    [{ target: 0, thisWeek: 1, toDate: 100, elapsedShare: 0.5 }, null, null],
  ])('%j gives %s, %s', (args, achievementText, statusText) => {
    const { text } = progressFigures(args);
    expect(text.achievement).toBe(achievementText);
    expect(text.status).toBe(statusText);
  });

  it('writes decimal figures in full', () => {
    const { text } = progressFigures({ target: 12.5, thisWeek: 0.1234, toDate: 1234.5, elapsedShare: 0.5 });
    expect(text).toMatchObject({ target: '12,5', thisWeek: '0,1234', toDate: '1.234,5' });
  });
});

describe('SCHEDULE_STATUS_LABELS', () => {
  it.each([
    ['achieved', 'đã đạt', 'achieved'],
    ['ahead', 'vượt tiến độ', 'ahead of schedule'],
    ['behind', 'chậm tiến độ', 'behind schedule'],
    ['not_met', 'chưa đạt', 'not met'],
  ] as const)('%s is %s / %s', (status, vi, en) => {
    expect(SCHEDULE_STATUS_LABELS[status]).toEqual({ vi, en });
  });
});
