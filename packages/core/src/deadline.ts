import { DomainError, ValidationError } from './errors.ts';
import { formatPercent } from './format.ts';
import { UNIT_LEVELS, type Unit, type UnitLevel } from './hierarchy.ts';
import { addDays, isValidDate, weekEnd, weekStart, type IsoDate, type Week } from './period.ts';

// Deadlines and timeliness of weekly reports (issue 4). Every wall-clock time here is in
// Asia/Ho_Chi_Minh, computed with the fixed offset UTC+7 and no time-zone library: the zone
// has had neither daylight saving time nor an offset change since 1975, so the fixed offset
// is exact for every campaign the system holds.

const LOCAL_OFFSET = '+07:00';
const LOCAL_OFFSET_MS = 7 * 3_600_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
// An instant must name its offset: without one, JavaScript reads it in the machine's zone.
// The space separator and the '+00' offset are PostgreSQL's text form of a timestamptz.
const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * The latest week offset a deadline may have: a weekly report due more than four weeks
 * after its week no longer serves the weekly briefing it is read at.
 *
 * @example
 * validateDeadlineRule({ weekday: 1, time: '10:00', weekOffset: MAX_DEADLINE_WEEK_OFFSET + 1 }); // throws
 */
export const MAX_DEADLINE_WEEK_OFFSET = 4;

/**
 * When a week's report is due, relative to the reported ISO week: `weekday` 1 (Monday) … 7
 * (Sunday), `time` "HH:MM" local time in Asia/Ho_Chi_Minh, `weekOffset` 0 for the reported
 * week itself and 1 for the following week.
 *
 * @example
 * const province: DeadlineRule = { weekday: 1, time: '10:00', weekOffset: 1 }; // Monday 10:00 next week
 */
export interface DeadlineRule {
  readonly weekday: number;
  readonly time: string;
  readonly weekOffset: number;
  /**
   * Unit groups (codes of unit tags): when present, only the units of the level that carry
   * at least one of them report; the others of the level are not asked ("only
   * public-administration grassroots units report this"). Absent or empty: every unit of
   * the level reports.
   */
  readonly groups?: readonly string[];
}

/**
 * A campaign's deadlines by unit level. A level without a rule does not report on the
 * campaign, so its units are never expected, late or missing.
 *
 * @example
 * const rules: DeadlineRules = { province: { weekday: 1, time: '10:00', weekOffset: 1 } };
 */
export type DeadlineRules = Readonly<Partial<Record<UnitLevel, DeadlineRule>>>;

/**
 * The deadlines the issue proposes: grassroots units and branches Friday 17:00 of the
 * reported week, districts Saturday 12:00 of the reported week, provinces and affiliated
 * units Monday 10:00 of the next week; the central unit does not report.
 *
 * @example
 * DEFAULT_DEADLINES.district; // { weekday: 6, time: '12:00', weekOffset: 0 }
 */
export const DEFAULT_DEADLINES: DeadlineRules = Object.freeze({
  branch: Object.freeze({ weekday: 5, time: '17:00', weekOffset: 0 }),
  grassroots: Object.freeze({ weekday: 5, time: '17:00', weekOffset: 0 }),
  district: Object.freeze({ weekday: 6, time: '12:00', weekOffset: 0 }),
  province: Object.freeze({ weekday: 1, time: '10:00', weekOffset: 1 }),
  affiliated: Object.freeze({ weekday: 1, time: '10:00', weekOffset: 1 }),
});

const WEEKDAY_NAMES = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'] as const;

/**
 * A deadline rule in words, as a form or a notice shows it; null (a level without a rule)
 * reads "Không báo cáo".
 *
 * @example
 * describeDeadline({ weekday: 1, time: '10:00', weekOffset: 1 }); // 'Thứ Hai 10:00, tuần sau'
 * describeDeadline({ weekday: 5, time: '17:00', weekOffset: 0, groups: ['school'] }, () => 'Khối trường học');
 * // 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối trường học'
 */
export function describeDeadline(rule: DeadlineRule | null | undefined, groupName: (code: string) => string = (code) => code): string {
  if (!rule) return 'Không báo cáo';
  const week = rule.weekOffset === 0 ? 'trong tuần' : rule.weekOffset === 1 ? 'tuần sau' : `sau ${rule.weekOffset} tuần`;
  const when = `${WEEKDAY_NAMES[rule.weekday - 1] ?? `ngày ${rule.weekday}`} ${rule.time}, ${week}`;
  const only = describeRuleGroups(rule.groups, groupName);
  return only === null ? when : `${when}. ${only}`;
}

function listWithOr(names: readonly string[], or: string): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${or} ${names.at(-1) ?? ''}`;
}

/**
 * The unit-group restriction of a rule in words, or null when every unit of the level
 * reports. `groupName` gives a group's name from its code (the code itself by default).
 *
 * @example
 * describeRuleGroups(['public-administration'], () => 'Khối hành chính sự nghiệp');
 * // 'Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp'
 * describeRuleGroups(['urban', 'school'], (c) => c, 'en'); // 'Only units in the groups urban or school'
 */
export function describeRuleGroups(
  groups: readonly string[] | null | undefined, groupName: (code: string) => string = (code) => code, language: 'vi' | 'en' = 'vi',
): string | null {
  if (!groups || groups.length === 0) return null;
  const names = groups.map(groupName);
  return language === 'en'
    ? `Only units in the group${names.length > 1 ? 's' : ''} ${listWithOr(names, 'or')}`
    : `Chỉ các đơn vị thuộc nhóm ${listWithOr(names, 'hoặc')}`;
}

/** The form of a unit group's code (as the unit_tags table checks it). */
const GROUP_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MAX_RULE_GROUPS = 20;

/**
 * Checks a deadline rule and returns a frozen copy; throws ValidationError on
 * `<field>.weekday`, `<field>.time` or `<field>.weekOffset`.
 *
 * @example
 * validateDeadlineRule({ weekday: 5, time: '17:00', weekOffset: 0 }); // ok
 * validateDeadlineRule({ weekday: 8, time: '17:00', weekOffset: 0 }); // throws
 */
export function validateDeadlineRule(rule: DeadlineRule, field = 'deadline', knownGroups?: ReadonlySet<string>): DeadlineRule {
  const { weekday, time, weekOffset } = rule;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    throw new ValidationError(
      `${field}.weekday`,
      `Thứ của hạn báo cáo phải là số nguyên từ 1 (thứ Hai) đến 7 (Chủ nhật), nhận được "${String(weekday)}".`,
      `The deadline weekday must be a whole number from 1 (Monday) to 7 (Sunday), got "${String(weekday)}".`,
      { value: weekday },
    );
  }
  if (typeof time !== 'string' || !TIME_PATTERN.test(time)) {
    throw new ValidationError(
      `${field}.time`,
      `Giờ của hạn báo cáo "${String(time)}" không hợp lệ, cần dạng HH:MM từ 00:00 đến 23:59.`,
      `Invalid deadline time "${String(time)}", expected HH:MM from 00:00 to 23:59.`,
      { value: time },
    );
  }
  if (!Number.isInteger(weekOffset) || weekOffset < 0 || weekOffset > MAX_DEADLINE_WEEK_OFFSET) {
    throw new ValidationError(
      `${field}.weekOffset`,
      `Hạn báo cáo phải rơi vào chính tuần báo cáo (0) hoặc tối đa ${MAX_DEADLINE_WEEK_OFFSET} tuần sau đó, nhận được "${String(weekOffset)}".`,
      `The deadline must fall in the reported week (0) or at most ${MAX_DEADLINE_WEEK_OFFSET} weeks after it, got "${String(weekOffset)}".`,
      { value: weekOffset },
    );
  }
  const groups = validateRuleGroups(rule.groups, `${field}.groups`, knownGroups);
  return Object.freeze(groups.length === 0 ? { weekday, time, weekOffset } : { weekday, time, weekOffset, groups });
}

/**
 * A rule's unit groups checked: a list of at most 20 group codes, each known when
 * `knownGroups` is given; duplicates dropped, order kept; absent or null reads as none.
 */
function validateRuleGroups(groups: unknown, field: string, knownGroups?: ReadonlySet<string>): readonly string[] {
  if (groups === undefined || groups === null) return Object.freeze([]);
  if (!Array.isArray(groups) || groups.length > MAX_RULE_GROUPS) {
    throw new ValidationError(
      field,
      `Nhóm đơn vị của hạn báo cáo phải là một danh sách tối đa ${MAX_RULE_GROUPS} mã nhóm.`,
      `The unit groups of a deadline must be a list of at most ${MAX_RULE_GROUPS} group codes.`,
      { value: groups },
    );
  }
  const out: string[] = [];
  for (const [index, code] of (groups as unknown[]).entries()) {
    if (typeof code !== 'string' || !GROUP_PATTERN.test(code)) {
      throw new ValidationError(
        `${field}.${index}`,
        `Mã nhóm đơn vị "${String(code)}" không hợp lệ (chữ thường không dấu, số và dấu gạch ngang).`,
        `Invalid unit group code "${String(code)}" (lower-case letters, digits and hyphens).`,
        { value: code },
      );
    }
    if (knownGroups !== undefined && !knownGroups.has(code)) {
      throw new ValidationError(
        `${field}.${index}`,
        `Không có nhóm đơn vị "${code}".`,
        `There is no unit group "${code}".`,
        { value: code },
      );
    }
    if (!out.includes(code)) out.push(code);
  }
  return Object.freeze(out);
}

/**
 * Whether a unit is asked to report under a rule: a rule without groups asks every unit of
 * its level; one with groups only the units carrying at least one of them.
 *
 * @example
 * reportsUnder({ weekday: 5, time: '17:00', weekOffset: 0, groups: ['school'] }, { tags: ['urban'] }); // false
 */
export function reportsUnder(rule: DeadlineRule, unit: { readonly tags?: readonly string[] | undefined }): boolean {
  if (!rule.groups || rule.groups.length === 0) return true;
  const tags = unit.tags ?? [];
  return rule.groups.some((g) => tags.includes(g));
}

/**
 * The units of a list that carry the unit group `group`, in the order given (all of them
 * when `group` is null or undefined): the filter of a dashboard's or a timeliness list's rows.
 *
 * @example
 * unitsInGroup(children, 'urban'); // the children tagged urban
 */
export function unitsInGroup<U extends { readonly tags?: readonly string[] | undefined }>(
  units: readonly U[], group: string | null | undefined,
): readonly U[] {
  if (group === null || group === undefined) return units;
  return Object.freeze(units.filter((u) => (u.tags ?? []).includes(group)));
}

/**
 * The rule a unit reports under, or null when it is not asked: its level has no rule, or
 * the level's rule names unit groups the unit carries none of.
 *
 * @example
 * ruleForUnit(DEFAULT_DEADLINES, { level: 'central', tags: [] }); // null
 */
export function ruleForUnit(
  rules: DeadlineRules, unit: { readonly level: UnitLevel; readonly tags?: readonly string[] | undefined },
): DeadlineRule | null {
  const rule = rules[unit.level];
  return rule !== undefined && reportsUnder(rule, unit) ? rule : null;
}

/**
 * Checks a campaign's deadlines level by level and returns a frozen copy; throws
 * ValidationError on `deadlines.<level>…` for a bad rule or an unknown level.
 *
 * @example
 * validateDeadlineRules({ province: { weekday: 1, time: '10:00', weekOffset: 1 } }); // ok
 */
export function validateDeadlineRules(rules: DeadlineRules, field = 'deadlines', knownGroups?: ReadonlySet<string>): DeadlineRules {
  const out: Partial<Record<UnitLevel, DeadlineRule>> = {};
  for (const [level, rule] of Object.entries(rules)) {
    if (!(UNIT_LEVELS as readonly string[]).includes(level)) {
      throw new ValidationError(
        `${field}.${level}`,
        `Cấp "${level}" không tồn tại trong hệ thống tổ chức.`,
        `Unknown unit level "${level}".`,
        { value: level },
      );
    }
    if (rule !== undefined) out[level as UnitLevel] = validateDeadlineRule(rule, `${field}.${level}`, knownGroups);
  }
  return Object.freeze(out);
}

/**
 * A reported week: an ISO week, possibly clipped to the campaign's dates. `CampaignWeek`
 * from `campaignWeeks` is one.
 *
 * @example
 * const first: ReportingWeek = { week: '2023-W21', start: '2023-05-27', end: '2023-05-28' };
 */
export interface ReportingWeek {
  readonly week: Week;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** Local date and minute in Asia/Ho_Chi_Minh → epoch milliseconds. */
function localToMs(date: IsoDate, time: string): number {
  return Date.parse(`${date}T${time}:00.000${LOCAL_OFFSET}`);
}

function toInstant(ms: number): string {
  return new Date(ms).toISOString();
}

function reportingWeekOf(week: Week | ReportingWeek): ReportingWeek & { partial: boolean } {
  const iso = typeof week === 'string' ? week : week.week;
  const monday = weekStart(iso); // throws invalid_period on a bad week
  const sunday = weekEnd(iso);
  if (typeof week === 'string') return { week: iso, start: monday, end: sunday, partial: false };
  const { start, end } = week;
  // ISO dates order as strings.
  if (!isValidDate(start) || !isValidDate(end) || start < monday || end > sunday || end < start) {
    throw new DomainError('invalid_period', `Khoảng ngày ${start} – ${end} không nằm trong tuần ${iso}.`, {
      field: 'period',
      messageEn: `The dates ${start} – ${end} do not lie within week ${iso}.`,
      week: iso,
      start,
      end,
    });
  }
  return { week: iso, start, end, partial: start !== monday || end !== sunday };
}

/**
 * The moment a week's report is due, as a UTC ISO instant.
 *
 * The deadline is the rule's moment counted from the ISO week, whether or not the campaign
 * covers the whole week. A full week keeps it as the campaign set it, even when it falls
 * before Sunday (a Friday 17:00 deadline is the campaign's choice). A week clipped by the
 * campaign's start or end (pass the `CampaignWeek`) never has its deadline before 23:59
 * local time of its last day: the first week of a campaign starting on a Saturday would
 * otherwise be due the Friday before it began, and the last day of a campaign ending on a
 * Saturday could never be reported, since no later week will carry it.
 *
 * @example
 * dueAt({ weekday: 1, time: '10:00', weekOffset: 1 }, '2023-W26'); // '2023-07-03T03:00:00.000Z'
 * dueAt({ weekday: 5, time: '17:00', weekOffset: 0 }, { week: '2023-W21', start: '2023-05-27', end: '2023-05-28' });
 * // '2023-05-28T16:59:00.000Z': Sunday 23:59, not Friday 26/5, before the campaign began
 */
export function dueAt(rule: DeadlineRule, week: Week | ReportingWeek): string {
  const { weekday, time, weekOffset } = validateDeadlineRule(rule);
  const reported = reportingWeekOf(week);
  const nominal = localToMs(addDays(weekStart(reported.week), weekOffset * 7 + weekday - 1), time);
  if (!reported.partial) return toInstant(nominal);
  return toInstant(Math.max(nominal, localToMs(reported.end, '23:59')));
}

/**
 * Where a report stands against its deadline: `on_time`, `late` (submitted after the
 * deadline), `missing` (not submitted and the deadline has passed) or `pending` (not
 * submitted, the deadline not yet passed).
 *
 * @example
 * const status: Timeliness = 'late';
 */
export type Timeliness = 'on_time' | 'late' | 'missing' | 'pending';

/**
 * The labels of each timeliness status.
 *
 * @example
 * TIMELINESS_LABELS.missing.vi; // 'Chưa báo cáo'
 */
export const TIMELINESS_LABELS: Readonly<Record<Timeliness, { vi: string; en: string }>> = Object.freeze({
  on_time: Object.freeze({ vi: 'Đúng hạn', en: 'On time' }),
  late: Object.freeze({ vi: 'Chậm', en: 'Late' }),
  missing: Object.freeze({ vi: 'Chưa báo cáo', en: 'Missing' }),
  pending: Object.freeze({ vi: 'Chưa đến hạn', en: 'Not yet due' }),
});

/**
 * Epoch milliseconds of an ISO instant that names its offset, keeping the sub-millisecond
 * digits PostgreSQL gives (a report stamped 0,5 ms after the deadline is late).
 */
function instantMs(value: string, field: string): number {
  const m = typeof value === 'string' ? INSTANT_PATTERN.exec(value.trim()) : null;
  const [, date = '', hh = '', mm = '', ss = '00', fraction = '', zone = ''] = m ?? [];
  const offset = /^([+-]\d{2}):?(\d{2})?$/.exec(zone);
  const whole = Date.parse(`${date}T${hh}:${mm}:${ss}${offset ? `${offset[1]}:${offset[2] ?? '00'}` : 'Z'}`);
  if (!m || !isValidDate(date) || !Number.isFinite(whole)) {
    throw new ValidationError(
      field,
      `Thời điểm "${String(value)}" không hợp lệ, cần dạng ISO có múi giờ, ví dụ 2023-07-03T03:00:00Z.`,
      `Invalid instant "${String(value)}", expected ISO 8601 with an offset, e.g. 2023-07-03T03:00:00Z.`,
      { value },
    );
  }
  return whole + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
}

/**
 * The timeliness of one report. Submitted exactly at the deadline is on time: the deadline
 * is the last moment allowed. Not submitted at `now` exactly at the deadline is still
 * pending. `now` is the moment the question is asked (core never reads the clock); a
 * submission after `now` is treated as not yet made, so a past briefing can be reproduced.
 *
 * @example
 * timeliness({ dueAt: '2023-07-03T03:00:00.000Z', submittedAt: '2023-07-02T23:30:00Z', now: '2023-07-10T00:00:00Z' }); // 'on_time'
 */
export function timeliness(args: { dueAt: string; submittedAt: string | null; now: string }): Timeliness {
  const due = instantMs(args.dueAt, 'dueAt');
  const now = instantMs(args.now, 'now');
  const submitted = args.submittedAt === null ? null : instantMs(args.submittedAt, 'submittedAt');
  if (submitted !== null && submitted <= now) return submitted <= due ? 'on_time' : 'late';
  return now <= due ? 'pending' : 'missing';
}

/**
 * The local date and time "HH:MM" in Asia/Ho_Chi_Minh of an instant.
 *
 * @example
 * localDateTimeOf('2023-07-02T23:30:00Z'); // { date: '2023-07-03', time: '06:30' }
 */
export function localDateTimeOf(instant: string): { readonly date: IsoDate; readonly time: string } {
  const local = new Date(Math.floor(instantMs(instant, 'instant')) + LOCAL_OFFSET_MS).toISOString();
  return Object.freeze({ date: local.slice(0, 10), time: local.slice(11, 16) });
}

/**
 * Whether a unit exists on at least one day from `start` to `end` (both inclusive): the
 * days on which `isUnitValidOn` holds overlap the period.
 *
 * @example
 * isUnitValidDuring({ validFrom: '2023-06-28', validTo: null }, '2023-06-26', '2023-07-02'); // true
 */
export function isUnitValidDuring(u: Pick<Unit, 'validFrom' | 'validTo'>, start: IsoDate, end: IsoDate): boolean {
  // ISO dates order as strings.
  return (u.validFrom === null || u.validFrom <= end) && (u.validTo === null || start <= u.validTo);
}

/** The fields of a unit the timeliness functions read (no tags: the unit carries no group). */
type ExpectableUnit = Pick<Unit, 'id' | 'level' | 'validFrom' | 'validTo'> & { readonly tags?: readonly string[] | undefined };

/**
 * The units expected to report for a week, in the order given: those that exist on at
 * least one day of the (possibly clipped) week, whose level is required (all levels when
 * `requiredLevels` is absent) and that are not excluded by id (units not asked to report on
 * the campaign). A unit created or dissolved mid-week is expected for that week; a unit
 * that does not exist in it is never expected, hence never missing. With `rules`, a unit
 * whose level's rule names unit groups is expected only when it carries one of them.
 *
 * @example
 * expectedUnits(UnitTree.descendants(tree, provinceId), { weekStart: '2023-06-26', weekEnd: '2023-07-02' });
 */
export function expectedUnits<U extends ExpectableUnit>(
  units: readonly U[],
  options: {
    weekStart: IsoDate; weekEnd: IsoDate; requiredLevels?: readonly UnitLevel[]; excluded?: Iterable<number>; rules?: DeadlineRules;
  },
): readonly U[] {
  const { weekStart: start, weekEnd: end } = options;
  if (!isValidDate(start) || !isValidDate(end) || end < start) {
    throw new DomainError('invalid_period', `Khoảng ngày ${start} – ${end} không hợp lệ.`, {
      field: 'period',
      messageEn: `Invalid dates ${start} – ${end}.`,
      start,
      end,
    });
  }
  const levels = options.requiredLevels === undefined ? null : new Set<UnitLevel>(options.requiredLevels);
  const excluded = new Set(options.excluded ?? []);
  return Object.freeze(
    units.filter(
      (u) => (levels === null || levels.has(u.level)) && !excluded.has(u.id) && isUnitValidDuring(u, start, end)
        && (options.rules === undefined || options.rules[u.level] === undefined || reportsUnder(options.rules[u.level] as DeadlineRule, u)),
    ),
  );
}

/**
 * One expected unit's report for a week against its deadline.
 *
 * @example
 * const row: TimelinessRow<Unit> = { unit, dueAt: '2023-07-03T03:00:00.000Z', submittedAt: null, status: 'missing' };
 */
export interface TimelinessRow<U> {
  readonly unit: U;
  readonly dueAt: string;
  readonly submittedAt: string | null;
  readonly status: Timeliness;
}

/**
 * The timeliness of every expected unit for one week: the units of `expectedUnits` whose
 * level has a rule and that the rule asks (its unit groups, if any), each with its deadline (`dueAt`) and status at `now`. `submittedAt`
 * maps a unit id to the moment its report counts as delivered (absent or null: not sent);
 * a row shows it only when it is not after `now`.
 * Naming in `requiredLevels` a level that has no deadline is refused.
 *
 * @example
 * weekTimeliness({ units, week: campaignWeeks(start, end)[5], rules: DEFAULT_DEADLINES, submittedAt, now });
 */
export function weekTimeliness<U extends ExpectableUnit>(args: {
  units: readonly U[];
  week: ReportingWeek;
  rules: DeadlineRules;
  submittedAt: ReadonlyMap<number, string | null>;
  now: string;
  requiredLevels?: readonly UnitLevel[];
  excluded?: Iterable<number>;
}): readonly TimelinessRow<U>[] {
  const withRule = UNIT_LEVELS.filter((level) => args.rules[level] !== undefined);
  const unruled = (args.requiredLevels ?? []).filter((level) => args.rules[level] === undefined);
  if (unruled.length > 0) {
    throw new ValidationError(
      'requiredLevels',
      `Chưa đặt hạn báo cáo cho cấp: ${unruled.join(', ')}.`,
      `No deadline is set for the level(s): ${unruled.join(', ')}.`,
      { value: unruled },
    );
  }
  const now = instantMs(args.now, 'now');
  const due = new Map<UnitLevel, string>();
  for (const level of withRule) due.set(level, dueAt(args.rules[level] as DeadlineRule, args.week));
  const expected = expectedUnits(args.units, {
    weekStart: args.week.start,
    weekEnd: args.week.end,
    requiredLevels: args.requiredLevels ?? withRule,
    excluded: args.excluded ?? [],
    rules: args.rules,
  });
  return Object.freeze(
    expected.map((unit) => {
      const deadline = due.get(unit.level) as string;
      const sent = args.submittedAt.get(unit.id) ?? null;
      const status = timeliness({ dueAt: deadline, submittedAt: sent, now: args.now });
      // As of `now`, a report sent later has not been sent yet.
      const submittedAt = sent !== null && instantMs(sent, 'submittedAt') <= now ? sent : null;
      return Object.freeze({ unit, dueAt: deadline, submittedAt, status });
    }),
  );
}

/**
 * Counts and rates of a set of expected units (a subtree, a week). `completeness` =
 * submitted ÷ expected and `timeliness` = on time ÷ expected, unrounded; both null when
 * nothing is expected. The texts are the rates written with `formatPercent`.
 *
 * @example
 * timelinessSummary([{ status: 'on_time' }, { status: 'late' }, { status: 'missing' }]).completenessText; // '66,67%'
 */
export interface TimelinessSummary {
  readonly expected: number;
  readonly submitted: number;
  readonly onTime: number;
  readonly late: number;
  readonly missing: number;
  readonly pending: number;
  readonly completeness: number | null;
  readonly timeliness: number | null;
  readonly completenessText: string | null;
  readonly timelinessText: string | null;
}

/**
 * Sums up the rows of one subtree and week (every row is an expected unit); `precision`
 * is the number of decimals of the percentages.
 *
 * @example
 * timelinessSummary(rows, 1).timelinessText; // '75%'
 */
export function timelinessSummary(rows: readonly { readonly status: Timeliness }[], precision = 2): TimelinessSummary {
  const count = (s: Timeliness): number => rows.filter((r) => r.status === s).length;
  const onTime = count('on_time');
  const late = count('late');
  const expected = rows.length;
  const submitted = onTime + late;
  const completeness = expected === 0 ? null : submitted / expected;
  const rate = expected === 0 ? null : onTime / expected;
  return Object.freeze({
    expected,
    submitted,
    onTime,
    late,
    missing: count('missing'),
    pending: count('pending'),
    completeness,
    timeliness: rate,
    completenessText: completeness === null ? null : formatPercent(completeness, precision),
    timelinessText: rate === null ? null : formatPercent(rate, precision),
  });
}

// The notices name provinces without the words the union's or the province's own name
// starts with ("Lào Cai", not "Tỉnh Đoàn Lào Cai"). Ho Chi Minh City keeps "TP." so that it
// is not read as the person's name.
const NAME_PREFIX = /^(?:tỉnh đoàn|thành đoàn|tỉnh|thành phố)\s+/iu;

/**
 * A unit's name as the notices list it: without a leading "Tỉnh Đoàn", "Thành Đoàn",
 * "Tỉnh" or "Thành phố"; other names (affiliated units, districts) are kept whole.
 *
 * @example
 * shortUnitName('Tỉnh Đoàn Lào Cai'); // 'Lào Cai'
 * shortUnitName('Thành phố Hồ Chí Minh'); // 'TP. Hồ Chí Minh'
 */
export function shortUnitName(name: string): string {
  const whole = name.normalize('NFC').trim();
  const short = whole.replace(NAME_PREFIX, '');
  return short === 'Hồ Chí Minh' ? 'TP. Hồ Chí Minh' : short;
}

/**
 * How `lateUnitsSentence` orders units: by code, by short name in Vietnamese dictionary
 * order, or as given.
 *
 * @example
 * const order: LateUnitsOrder = 'name';
 */
export type LateUnitsOrder = 'code' | 'name' | 'given';

/**
 * Which units `lateUnitsSentence` lists.
 *
 * @example
 * const kind: LateUnitsKind = 'late_or_missing';
 */
export type LateUnitsKind = 'late' | 'missing' | 'late_or_missing';

/**
 * The units a notice names, in order, with their short names and the sentence.
 *
 * @example
 * const list: LateUnitsList<Unit> = { units, names: ['Lào Cai', 'Bắc Kạn'], sentence: '…' };
 */
export interface LateUnitsList<U> {
  readonly units: readonly U[];
  readonly names: readonly string[];
  readonly sentence: string;
}

const VIETNAMESE = new Intl.Collator('vi');

const KINDS: Readonly<Record<LateUnitsKind, ReadonlySet<Timeliness>>> = Object.freeze({
  late: new Set<Timeliness>(['late']),
  missing: new Set<Timeliness>(['missing']),
  late_or_missing: new Set<Timeliness>(['late', 'missing']),
});

// The sentence of the issue: "Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm
// bảo tiến độ …, cụ thể: Lào Cai, Bắc Kạn, …". The notices use "không đảm bảo tiến độ" for
// reports sent late and reports not sent alike; units that sent nothing are named apart
// when only they are asked for.
const LEADS: Readonly<Record<LateUnitsKind, (subject: string) => string>> = Object.freeze({
  late: (subject: string) => `Công tác thông tin, báo cáo của một số ${subject} không đảm bảo tiến độ`,
  late_or_missing: (subject: string) => `Công tác thông tin, báo cáo của một số ${subject} không đảm bảo tiến độ`,
  missing: (subject: string) => `Một số ${subject} chưa gửi báo cáo`,
});

/**
 * The late and/or missing units named the way the notices write them, e.g. "Công tác
 * thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Lào Cai."
 * `subject` names the units: a text, or one made from the units named (default "đơn vị"). A unit listed in several rows (several
 * weeks) is named once. With `limit`, the sentence names the first `limit` units and ends
 * ", …" like the notices' open lists; `units` and `names` always hold every unit. Null when
 * no unit qualifies: there is nothing to say.
 *
 * @example
 * lateUnitsSentence(rows, { order: 'name', kind: 'late', subject: 'tỉnh Đoàn' })?.sentence;
 */
export function lateUnitsSentence<U extends Pick<Unit, 'code' | 'name'>>(
  rows: readonly { readonly unit: U; readonly status: Timeliness }[],
  options: { order: LateUnitsOrder; kind: LateUnitsKind; subject?: string | ((units: readonly U[]) => string); limit?: number },
): LateUnitsList<U> | null {
  const { order, kind, subject = 'đơn vị', limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`The limit must be a whole number of at least 1, got ${limit}`);
  }
  const wanted = KINDS[kind];
  const byCode = new Map<string, U>();
  for (const row of rows) {
    if (wanted.has(row.status) && !byCode.has(row.unit.code)) byCode.set(row.unit.code, row.unit);
  }
  if (byCode.size === 0) return null;
  const byOrdinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const entries = [...byCode.values()].map((unit) => ({ unit, name: shortUnitName(unit.name) }));
  if (order === 'code') entries.sort((a, b) => byOrdinal(a.unit.code, b.unit.code));
  if (order === 'name') entries.sort((a, b) => VIETNAMESE.compare(a.name, b.name) || byOrdinal(a.unit.code, b.unit.code));
  const names = entries.map((e) => e.name);
  const shown = limit === undefined ? names : names.slice(0, limit);
  const ending = shown.length < names.length ? ', …' : '.';
  return Object.freeze({
    units: Object.freeze(entries.map((e) => e.unit)),
    names: Object.freeze(names),
    sentence: `${LEADS[kind](typeof subject === 'string' ? subject : subject(entries.map((e) => e.unit)))}, cụ thể: ${shown.join(', ')}${ending}`,
  });
}
