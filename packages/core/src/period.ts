import { DomainError, ValidationError } from './errors.ts';

/**
 * A calendar date in Asia/Ho_Chi_Minh, written `YYYY-MM-DD`.
 *
 * @example
 * const d: IsoDate = '2023-07-02';
 */
export type IsoDate = string;

/**
 * An ISO 8601 week (Monday to Sunday), written `YYYY-Www`.
 *
 * @example
 * const w: Week = '2023-W21';
 */
export type Week = string;

/**
 * The time zone every calendar date of the system is read in. It is UTC+7 and has no
 * daylight saving time, so a fixed offset is exact.
 *
 * @example
 * new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE });
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The dates the domain allows, inclusive: every campaign, report week and date typed into
 * a query lies between them. Far wider than any campaign of the Union (the sources are of
 * 2023), narrow enough to catch a mistyped year (0001, 9999, 2203) before it reaches a
 * loop or a date computation.
 *
 * @example
 * DATE_RANGE.min; // '2000-01-01'
 */
export const DATE_RANGE = Object.freeze({ min: '2000-01-01', max: '2100-12-31' });

/**
 * The longest campaign in days, both ends counted: a Union campaign lasts at most a year,
 * a leap year included. It spans at most 54 ISO weeks, which bounds every loop over a
 * campaign's weeks.
 *
 * @example
 * MAX_CAMPAIGN_DAYS; // 366
 */
export const MAX_CAMPAIGN_DAYS = 366;

const MS_PER_DAY = 86_400_000;
const UTC_OFFSET_MS = 7 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

// Proleptic Gregorian calendar <-> days since 1970-01-01 (H. Hinnant's algorithms):
// exact for every year 0000–9999, unlike Date.UTC which maps years 0–99 to 1900–1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Monday = 1 … Sunday = 7; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** Only for messages; format.ts owns date formatting but imports this module. */
function ddmmyyyy(d: IsoDate): string {
  return d.split('-').reverse().join('/');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function dateOfDays(days: number): IsoDate {
  const { year, month, day } = civilFromDays(days);
  if (year < 0 || year > 9999) throw new RangeError(`Date out of range: day ${days}`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function daysOf(d: IsoDate): number {
  const m = DATE_PATTERN.exec(d);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValidationError(
      'date',
      `Ngày "${d}" không hợp lệ, cần dạng yyyy-mm-dd.`,
      `Invalid date "${d}", expected yyyy-mm-dd.`,
      { value: d },
    );
  }
  return daysFromCivil(year, month, day);
}

/** Monday of ISO week 1: the week that holds January 4th. */
function firstMondayOfIsoYear(year: number): number {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

function weeksInIsoYear(year: number): number {
  // December 28th always lies in the last ISO week of its year.
  return (daysFromCivil(year, 12, 28) - firstMondayOfIsoYear(year)) / 7 + 1;
}

function weekOfDays(days: number): { year: number; week: number } {
  // An ISO week belongs to the year that holds its Thursday.
  const thursday = days - isoWeekday(days) + 4;
  const { year } = civilFromDays(thursday);
  return { year, week: Math.floor((thursday - firstMondayOfIsoYear(year)) / 7) + 1 };
}

function formatWeek(year: number, week: number): Week {
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

function mondayOf(w: Week): number {
  const { year, week } = parseWeek(w);
  return firstMondayOfIsoYear(year) + (week - 1) * 7;
}

/**
 * Whether `d` is a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * isValidDate('2024-02-29'); // true
 * isValidDate('2023-02-29'); // false
 */
export function isValidDate(d: string): boolean {
  try {
    daysOf(d);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `d` is a real calendar date within `DATE_RANGE`.
 *
 * @example
 * isDateInRange('2023-07-02'); // true
 * isDateInRange('9999-12-31'); // false
 */
export function isDateInRange(d: string): boolean {
  return isValidDate(d) && d >= DATE_RANGE.min && d <= DATE_RANGE.max;
}

/**
 * Whether `w` is an existing ISO week written `YYYY-Www` that holds at least one day of
 * `DATE_RANGE` (so 1999-W52, which holds 1 and 2 January 2000, is one).
 *
 * @example
 * isValidWeek('2020-W53'); // true
 * isValidWeek('2023-W53'); // false: 2023 has 52 weeks
 * isValidWeek('9999-W52'); // false: outside DATE_RANGE
 */
export function isValidWeek(w: string): boolean {
  return matchWeek(w) !== null;
}

const RANGE_DAYS = { min: daysOf(DATE_RANGE.min), max: daysOf(DATE_RANGE.max) };

function matchWeek(w: string): { year: number; week: number } | null {
  const m = typeof w === 'string' ? WEEK_PATTERN.exec(w) : null;
  const year = Number(m?.[1]);
  const week = Number(m?.[2]);
  if (!m || week < 1 || week > weeksInIsoYear(year)) return null;
  const monday = firstMondayOfIsoYear(year) + (week - 1) * 7;
  return monday + 6 >= RANGE_DAYS.min && monday <= RANGE_DAYS.max ? { year, week } : null;
}

/**
 * Splits a week into its ISO year and number; throws `invalid_period` when it is not a
 * valid week or lies outside `DATE_RANGE`.
 *
 * @example
 * parseWeek('2023-W21'); // { year: 2023, week: 21 }
 */
export function parseWeek(w: string): { year: number; week: number } {
  const parsed = matchWeek(w);
  if (!parsed) {
    const m = typeof w === 'string' ? WEEK_PATTERN.exec(w) : null;
    const existing = m !== null && Number(m[2]) >= 1 && Number(m[2]) <= weeksInIsoYear(Number(m[1]));
    throw new DomainError(
      'invalid_period',
      existing
        ? `Tuần "${w}" nằm ngoài khoảng thời gian cho phép (từ ${ddmmyyyy(DATE_RANGE.min)} đến ${ddmmyyyy(DATE_RANGE.max)}).`
        : `Tuần "${w}" không hợp lệ, cần dạng 2023-W21.`,
      {
        field: 'period',
        messageEn: existing
          ? `Week "${w}" is outside the allowed dates (${DATE_RANGE.min} to ${DATE_RANGE.max}).`
          : `Invalid week "${w}", expected the form 2023-W21.`,
        value: w,
      },
    );
  }
  return Object.freeze(parsed);
}

/**
 * The ISO week a date falls in; near New Year it may belong to the neighbouring year.
 *
 * @example
 * weekOf('2023-01-01'); // '2022-W52'
 * weekOf('2024-12-30'); // '2025-W01'
 */
export function weekOf(date: IsoDate): Week {
  const { year, week } = weekOfDays(daysOf(date));
  return formatWeek(year, week);
}

/**
 * The Monday of a week.
 *
 * @example
 * weekStart('2023-W21'); // '2023-05-22'
 */
export function weekStart(w: Week): IsoDate {
  return dateOfDays(mondayOf(w));
}

/**
 * The Sunday of a week.
 *
 * @example
 * weekEnd('2023-W26'); // '2023-07-02'
 */
export function weekEnd(w: Week): IsoDate {
  return dateOfDays(mondayOf(w) + 6);
}

/**
 * The week after `w`.
 *
 * @example
 * nextWeek('2020-W53'); // '2021-W01'
 */
export function nextWeek(w: Week): Week {
  const { year, week } = weekOfDays(mondayOf(w) + 7);
  return formatWeek(year, week);
}

/**
 * The week before `w`.
 *
 * @example
 * previousWeek('2021-W01'); // '2020-W53'
 */
export function previousWeek(w: Week): Week {
  const { year, week } = weekOfDays(mondayOf(w) - 7);
  return formatWeek(year, week);
}

/**
 * Orders two weeks chronologically: negative, zero or positive, like a sort comparator.
 *
 * @example
 * ['2023-W21', '2022-W52'].sort(compareWeeks); // ['2022-W52', '2023-W21']
 */
export function compareWeeks(a: Week, b: Week): number {
  return Math.sign(mondayOf(a) - mondayOf(b));
}

/**
 * The date `n` days after `d` (before it when `n` is negative).
 *
 * @example
 * addDays('2024-02-28', 1); // '2024-02-29'
 */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return dateOfDays(daysOf(d) + n);
}

/**
 * The number of days from `from` to `to`, both counted; 0 or less when `to` is before `from`.
 *
 * @example
 * daysBetweenInclusive('2023-05-27', '2023-08-31'); // 97
 */
export function daysBetweenInclusive(from: IsoDate, to: IsoDate): number {
  return daysOf(to) - daysOf(from) + 1;
}

/**
 * The calendar date in Asia/Ho_Chi_Minh of an instant.
 *
 * @example
 * localDateOf(new Date('2023-07-01T18:30:00Z')); // '2023-07-02'
 */
export function localDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('localDateOf needs a valid Date');
  return dateOfDays(Math.floor((ms + UTC_OFFSET_MS) / MS_PER_DAY));
}

/**
 * One ISO week of a campaign, with its dates clipped to the campaign; `partial` when the
 * campaign covers only part of the week.
 *
 * @example
 * const w: CampaignWeek = { week: '2023-W21', start: '2023-05-27', end: '2023-05-28', partial: true };
 */
export interface CampaignWeek {
  readonly week: Week;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly partial: boolean;
}

function checkRange(start: IsoDate, end: IsoDate): { from: number; to: number } {
  const from = daysOf(start);
  const to = daysOf(end);
  if (to < from) {
    throw new DomainError('invalid_period', `Ngày kết thúc ${ddmmyyyy(end)} sớm hơn ngày bắt đầu ${ddmmyyyy(start)}.`, {
      field: 'endDate',
      messageEn: `The end date ${end} is before the start date ${start}.`,
      start,
      end,
    });
  }
  return { from, to };
}

/**
 * Throws `invalid_campaign` unless a campaign's dates lie within `DATE_RANGE` and span at
 * most `MAX_CAMPAIGN_DAYS`. New campaigns are refused such dates when they are created;
 * this catches one stored before (old data), before any loop over its weeks.
 *
 * @example
 * checkCampaignSpan('2023-05-27', '2023-08-31', 'mhx-2023'); // passes
 * checkCampaignSpan('0001-01-01', '9999-12-31', 'cu'); // throws invalid_campaign
 */
export function checkCampaignSpan(start: IsoDate, end: IsoDate, campaignCode?: string): void {
  checkSpan(start, end, campaignCode);
}

function checkSpan(start: IsoDate, end: IsoDate, campaignCode: string | undefined): { from: number; to: number } {
  const { from, to } = checkRange(start, end);
  if (from >= RANGE_DAYS.min && to <= RANGE_DAYS.max && to - from + 1 <= MAX_CAMPAIGN_DAYS) return { from, to };
  const named = campaignCode === undefined ? { vi: 'Chiến dịch', en: 'The campaign' } : { vi: `Chiến dịch "${campaignCode}"`, en: `Campaign "${campaignCode}"` };
  throw new DomainError(
    'invalid_campaign',
    `${named.vi} có thời gian từ ${ddmmyyyy(start)} đến ${ddmmyyyy(end)}, ngoài giới hạn cho phép `
      + `(từ ${ddmmyyyy(DATE_RANGE.min)} đến ${ddmmyyyy(DATE_RANGE.max)}, dài nhiều nhất ${MAX_CAMPAIGN_DAYS} ngày); cần sửa lại ngày của chiến dịch.`,
    {
      messageEn: `${named.en} runs from ${start} to ${end}, outside what is allowed `
        + `(${DATE_RANGE.min} to ${DATE_RANGE.max}, at most ${MAX_CAMPAIGN_DAYS} days); its dates need correcting.`,
      ...(campaignCode === undefined ? {} : { campaign: campaignCode }),
      start,
      end,
    },
  );
}

/**
 * The weeks a campaign spans, in order, each clipped to the campaign's dates: at most 54,
 * since a campaign that breaks `checkCampaignSpan` is refused (`invalid_campaign`).
 *
 * @example
 * campaignWeeks('2023-05-27', '2023-08-31')[0];
 * // { week: '2023-W21', start: '2023-05-27', end: '2023-05-28', partial: true }
 */
export function campaignWeeks(start: IsoDate, end: IsoDate, campaignCode?: string): readonly CampaignWeek[] {
  const { from, to } = checkSpan(start, end, campaignCode);
  const weeks: CampaignWeek[] = [];
  for (let monday = from - isoWeekday(from) + 1; monday <= to; monday += 7) {
    const first = Math.max(monday, from);
    const last = Math.min(monday + 6, to);
    const { year, week } = weekOfDays(monday);
    weeks.push(
      Object.freeze({
        week: formatWeek(year, week),
        start: dateOfDays(first),
        end: dateOfDays(last),
        partial: last - first < 6,
      }),
    );
  }
  return Object.freeze(weeks);
}

/**
 * The share of a campaign's days that have passed by the end of `asOf`, in [0, 1].
 *
 * @example
 * elapsedShare('2023-05-27', '2023-08-31', '2023-07-02'); // 37 / 97
 */
export function elapsedShare(start: IsoDate, end: IsoDate, asOf: IsoDate): number {
  const { from, to } = checkRange(start, end);
  const total = to - from + 1;
  const elapsed = Math.min(Math.max(daysOf(asOf) - from + 1, 0), total);
  return elapsed / total;
}
