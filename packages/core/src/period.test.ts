import { describe, expect, it } from 'vitest';
import {
  addDays,
  campaignWeeks,
  checkCampaignSpan,
  compareWeeks,
  DATE_RANGE,
  daysBetweenInclusive,
  elapsedShare,
  isDateInRange,
  isValidDate,
  isValidWeek,
  localDateOf,
  MAX_CAMPAIGN_DAYS,
  nextWeek,
  parseWeek,
  previousWeek,
  TIME_ZONE,
  weekEnd,
  weekOf,
  weekStart,
} from './period.ts';

const invalidDate = expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'date' }) });
const invalidPeriod = expect.objectContaining({ code: 'invalid_period' });

describe('isValidDate', () => {
  it.each([
    ['2023-07-02', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2023-02-29', false],
    ['2023-04-31', false],
    ['2023-12-31', true],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['2023-7-2', false],
    ['02/07/2023', false],
    ['2023-07-02T00:00', false],
    ['', false],
  ])('isValidDate(%j) = %s', (d, expected) => {
    expect(isValidDate(d)).toBe(expected);
  });
});

describe('the domain\'s dates', () => {
  it('run from 01/01/2000 to 31/12/2100; a campaign lasts at most 366 days', () => {
    expect(DATE_RANGE).toEqual({ min: '2000-01-01', max: '2100-12-31' });
    expect(MAX_CAMPAIGN_DAYS).toBe(366);
  });

  it.each([
    ['2000-01-01', true],
    ['1999-12-31', false],
    ['2100-12-31', true],
    ['2101-01-01', false],
    ['0001-01-01', false],
    ['9999-12-31', false],
    ['2023-07-02', true],
    ['2023-02-29', false],
  ])('isDateInRange(%j) = %s', (d, expected) => {
    expect(isDateInRange(d)).toBe(expected);
  });

  // 1 January 2000 is a Saturday: its ISO week is 1999-W52 (27/12/1999 – 2/1/2000).
  // 31 December 2100 is a Friday (2100-01-01 is 36.525 days after 2000-01-01, a multiple of
  // 7 plus 6, and 2100 is no leap year): its week is 2100-W52 (27/12/2100 – 2/1/2101).
  it.each([
    ['1999-W52', true],
    ['1999-W51', false],
    ['2100-W52', true],
    ['2101-W01', false],
    ['9999-W52', false],
    ['0001-W01', false],
    ['2023-W99', false],
  ])('isValidWeek(%j) = %s: a week is valid when it holds a day of the range', (w, expected) => {
    expect(isValidWeek(w)).toBe(expected);
  });

  it.each([
    ['1999-W52', '1999-12-27', '2000-01-02'],
    ['2100-W52', '2100-12-27', '2101-01-02'],
  ])('the edge week %s still runs from %s to %s', (w, monday, sunday) => {
    expect(weekStart(w)).toBe(monday);
    expect(weekEnd(w)).toBe(sunday);
  });

  it.each([
    ['9999-W52', 'Tuần "9999-W52" nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['0001-W01', 'Tuần "0001-W01" nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['2023-W99', 'Tuần "2023-W99" không hợp lệ, cần dạng 2023-W21.'],
  ])('parseWeek refuses %s as an invalid period on "period"', (w, message) => {
    expect(() => parseWeek(w)).toThrow(
      expect.objectContaining({ code: 'invalid_period', message, details: expect.objectContaining({ field: 'period', messageEn: expect.any(String) }) }),
    );
  });

  // Before the bound, weekEnd('9999-W52') was a RangeError (a 500), past year 9999.
  it.each([[weekStart], [weekEnd], [nextWeek], [previousWeek]])('%o refuses a week outside the range as an invalid period', (fn) => {
    expect(() => fn('9999-W52')).toThrow(invalidPeriod);
  });

  it.each([
    ['2023-05-27', '2023-08-31'],
    ['2024-01-01', '2024-12-31'], // 366 days, a leap year
    ['2023-01-01', '2024-01-01'], // 365 + 1 = 366 days
    ['2000-01-01', '2000-12-31'],
    ['2100-01-01', '2100-12-31'],
  ])('checkCampaignSpan accepts %s..%s', (start, end) => {
    expect(() => checkCampaignSpan(start, end)).not.toThrow();
  });

  it.each([
    ['2023-01-01', '2024-01-02'], // 367 days
    ['2024-01-01', '2025-01-01'], // 366 + 1 = 367 days
    ['1999-12-31', '2000-01-31'],
    ['2100-12-01', '2101-01-01'],
    ['0001-01-01', '9999-12-31'],
  ])('checkCampaignSpan and campaignWeeks refuse %s..%s as an invalid campaign', (start, end) => {
    const invalidCampaign = expect.objectContaining({ code: 'invalid_campaign', details: expect.objectContaining({ messageEn: expect.any(String) }) });
    expect(() => checkCampaignSpan(start, end)).toThrow(invalidCampaign);
    expect(() => campaignWeeks(start, end)).toThrow(invalidCampaign);
  });

  it('names the campaign and its dates when refusing it', () => {
    expect(() => campaignWeeks('0001-01-01', '9999-12-31', 'cu')).toThrow(
      'Chiến dịch "cu" có thời gian từ 01/01/0001 đến 31/12/9999, ngoài giới hạn cho phép '
        + '(từ 01/01/2000 đến 31/12/2100, dài nhiều nhất 366 ngày); cần sửa lại ngày của chiến dịch.',
    );
  });
});

describe('weeks', () => {
  it.each([
    ['2023-W21', true],
    ['2023-W52', true],
    ['2023-W53', false],
    ['2020-W53', true],
    ['2015-W53', true],
    ['2026-W53', true],
    ['2100-W53', false],
    ['2023-W00', false],
    ['2023-W1', false],
    ['2023-21', false],
    ['2023-w21', false],
    ['', false],
  ])('isValidWeek(%j) = %s', (w, expected) => {
    expect(isValidWeek(w)).toBe(expected);
  });

  it.each([
    ['2023-W21', { year: 2023, week: 21 }],
    ['2020-W53', { year: 2020, week: 53 }],
    ['2021-W01', { year: 2021, week: 1 }],
  ])('parseWeek(%s)', (w, expected) => {
    expect(parseWeek(w)).toEqual(expected);
  });

  it.each([['2023-W53'], ['2023-21'], ['W21']])('parseWeek refuses %j as an invalid period', (w) => {
    expect(() => parseWeek(w)).toThrow(
      expect.objectContaining({
        code: 'invalid_period',
        message: `Tuần "${w}" không hợp lệ, cần dạng 2023-W21.`,
        details: expect.objectContaining({ field: 'period', messageEn: expect.any(String) }),
      }),
    );
  });

  it.each([
    ['2023-05-27', '2023-W21'],
    ['2023-05-22', '2023-W21'],
    ['2023-05-28', '2023-W21'],
    ['2023-07-02', '2023-W26'],
    ['2023-01-01', '2022-W52'],
    ['2024-12-30', '2025-W01'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-02-29', '2024-W09'],
    ['2000-01-01', '1999-W52'],
    ['2008-12-29', '2009-W01'],
  ])('weekOf(%s) = %s', (d, expected) => {
    expect(weekOf(d)).toBe(expected);
  });

  it.each([
    ['2023-W21', '2023-05-22', '2023-05-28'],
    ['2023-W26', '2023-06-26', '2023-07-02'],
    ['2020-W53', '2020-12-28', '2021-01-03'],
    ['2021-W01', '2021-01-04', '2021-01-10'],
    ['2025-W01', '2024-12-30', '2025-01-05'],
    ['2004-W53', '2004-12-27', '2005-01-02'],
    ['2009-W01', '2008-12-29', '2009-01-04'],
  ])('%s runs from Monday %s to Sunday %s', (w, monday, sunday) => {
    expect(weekStart(w)).toBe(monday);
    expect(weekEnd(w)).toBe(sunday);
    expect(weekOf(monday)).toBe(w);
    expect(weekOf(sunday)).toBe(w);
  });

  it.each([
    ['2023-W21', '2023-W22'],
    ['2022-W52', '2023-W01'],
    ['2020-W52', '2020-W53'],
    ['2020-W53', '2021-W01'],
    ['2024-W52', '2025-W01'],
  ])('nextWeek(%s) = %s and back', (w, next) => {
    expect(nextWeek(w)).toBe(next);
    expect(previousWeek(next)).toBe(w);
  });

  it.each([
    ['2023-W21', '2023-W22', -1],
    ['2023-W22', '2023-W21', 1],
    ['2023-W21', '2023-W21', 0],
    ['2020-W53', '2021-W01', -1],
    ['2023-W01', '2022-W52', 1],
    ['2022-W10', '2023-W09', -1],
  ])('compareWeeks(%s, %s) = %s', (a, b, expected) => {
    expect(compareWeeks(a, b)).toBe(expected);
  });

  it.each([[weekStart], [weekEnd], [nextWeek], [previousWeek]])('%o refuses an invalid week', (fn) => {
    expect(() => fn('2023-W53')).toThrow(invalidPeriod);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2023-05-27', 0, '2023-05-27'],
    ['2023-05-27', 5, '2023-06-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2023-05-27', 96, '2023-08-31'],
    ['2023-01-01', 365, '2024-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('addDays(%s, %s) = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('refuses a fractional number of days', () => {
    expect(() => addDays('2023-01-01', 1.5)).toThrow(RangeError);
  });

  it.each([
    ['2023-05-27', '2023-08-31', 97],
    ['2023-05-27', '2023-07-02', 37],
    ['2023-05-27', '2023-05-27', 1],
    ['2024-02-01', '2024-03-01', 30],
    ['2023-02-01', '2023-03-01', 29],
    ['2023-05-28', '2023-05-27', 0],
  ])('daysBetweenInclusive(%s, %s) = %s', (from, to, expected) => {
    expect(daysBetweenInclusive(from, to)).toBe(expected);
  });

  it.each([
    [() => addDays('2023-02-29', 1)],
    [() => daysBetweenInclusive('2023-05-27', '31/08/2023')],
    [() => weekOf('2023-02-30')],
  ])('refuses invalid dates: %s', (fn) => {
    expect(fn).toThrow(invalidDate);
  });
});

describe('localDateOf', () => {
  it.each([
    ['2023-07-01T18:30:00Z', '2023-07-02'],
    ['2023-07-01T16:59:59.999Z', '2023-07-01'],
    ['2023-07-01T17:00:00Z', '2023-07-02'],
    ['2023-12-31T17:00:00Z', '2024-01-01'],
    ['2024-02-28T20:00:00Z', '2024-02-29'],
    ['1969-12-31T17:00:00Z', '1970-01-01'],
    ['1969-12-31T16:00:00Z', '1969-12-31'],
  ])('%s is %s in Asia/Ho_Chi_Minh', (instant, expected) => {
    expect(localDateOf(new Date(instant))).toBe(expected);
  });

  it('agrees with the time zone database', () => {
    const instant = new Date('2023-07-01T18:30:00Z');
    const viaIntl = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(instant);
    expect(localDateOf(instant)).toBe(viaIntl);
  });

  it('refuses an invalid Date', () => {
    expect(() => localDateOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('campaignWeeks', () => {
  const summer = campaignWeeks('2023-05-27', '2023-08-31');

  it('cuts the 2023 summer campaign into 15 weeks, partial at both ends', () => {
    expect(summer).toHaveLength(15);
    expect(summer[0]).toEqual({ week: '2023-W21', start: '2023-05-27', end: '2023-05-28', partial: true });
    expect(summer[1]).toEqual({ week: '2023-W22', start: '2023-05-29', end: '2023-06-04', partial: false });
    expect(summer[14]).toEqual({ week: '2023-W35', start: '2023-08-28', end: '2023-08-31', partial: true });
    expect(summer.slice(1, -1).every((w) => !w.partial)).toBe(true);
    expect(Object.isFrozen(summer)).toBe(true);
    expect(Object.isFrozen(summer[0])).toBe(true);
  });

  it.each([
    ['2023-05-22', '2023-05-28', ['2023-W21'], [false]],
    ['2023-05-24', '2023-05-24', ['2023-W21'], [true]],
    ['2020-12-30', '2021-01-05', ['2020-W53', '2021-W01'], [true, true]],
    ['2024-12-23', '2025-01-05', ['2024-W52', '2025-W01'], [false, false]],
  ])('%s..%s gives %j', (start, end, weeks, partial) => {
    const result = campaignWeeks(start, end);
    expect(result.map((w) => w.week)).toEqual(weeks);
    expect(result.map((w) => w.partial)).toEqual(partial);
  });

  it('refuses an end before the start', () => {
    expect(() => campaignWeeks('2023-08-31', '2023-05-27')).toThrow(invalidPeriod);
  });

  it.each([
    // 1/1/2000 is a Saturday: two days of 1999-W52, then Monday 3/1.
    ['2000-01-01', '2000-01-09', ['1999-W52', '2000-W01'], [true, false]],
    // 31/12/2100 is a Friday.
    ['2100-12-27', '2100-12-31', ['2100-W52'], [true]],
  ])('at the edges of the range, %s..%s gives %j', (start, end, weeks, partial) => {
    const result = campaignWeeks(start, end);
    expect(result.map((w) => w.week)).toEqual(weeks);
    expect(result.map((w) => w.partial)).toEqual(partial);
  });

  it('gives at most 54 weeks: 366 days from a Sunday to a Monday', () => {
    // Sunday 1/1/2023 (2022-W52), the 52 weeks of 2023, Monday 1/1/2024 (2024-W01).
    const weeks = campaignWeeks('2023-01-01', '2024-01-01');
    expect(weeks).toHaveLength(54);
    expect([weeks[0]?.week, weeks[1]?.week, weeks[52]?.week, weeks[53]?.week]).toEqual(['2022-W52', '2023-W01', '2023-W52', '2024-W01']);
  });
});

describe('elapsedShare', () => {
  it.each([
    ['2023-07-02', 37 / 97],
    ['2023-05-27', 1 / 97],
    ['2023-05-26', 0],
    ['2023-01-01', 0],
    ['2023-08-31', 1],
    ['2023-09-01', 1],
    ['2024-01-01', 1],
  ])('2023 summer campaign as of %s is %s', (asOf, expected) => {
    expect(elapsedShare('2023-05-27', '2023-08-31', asOf)).toBe(expected);
  });

  it('is 1 on the only day of a one-day campaign', () => {
    expect(elapsedShare('2023-07-27', '2023-07-27', '2023-07-27')).toBe(1);
  });

  it('refuses an end before the start', () => {
    expect(() => elapsedShare('2023-08-31', '2023-05-27', '2023-06-01')).toThrow(invalidPeriod);
  });
});
