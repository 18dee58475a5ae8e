import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINES,
  describeDeadline,
  dueAt,
  expectedUnits,
  isUnitValidDuring,
  lateUnitsSentence,
  localDateTimeOf,
  shortUnitName,
  timeliness,
  timelinessSummary,
  validateDeadlineRule,
  validateDeadlineRules,
  weekTimeliness,
  type DeadlineRule,
  type Timeliness,
} from './deadline.ts';
import type { Unit, UnitLevel } from './hierarchy.ts';
import { campaignWeeks } from './period.ts';

const FRIDAY_17: DeadlineRule = { weekday: 5, time: '17:00', weekOffset: 0 };
const SATURDAY_12: DeadlineRule = { weekday: 6, time: '12:00', weekOffset: 0 };
const MONDAY_10_NEXT: DeadlineRule = { weekday: 1, time: '10:00', weekOffset: 1 };

let nextId = 1;
function unit(fields: Partial<Unit> & Pick<Unit, 'code' | 'name'>): Unit {
  return { id: nextId++, level: 'province', parentId: null, tags: [], validFrom: null, validTo: null, successorId: null, ...fields };
}

const invalidPeriod = expect.objectContaining({ code: 'invalid_period' });
const validationOn = (field: string) =>
  expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field, messageEn: expect.any(String) }) });

describe('validateDeadlineRule', () => {
  it.each([
    [{ weekday: 1, time: '00:00', weekOffset: 0 }],
    [{ weekday: 7, time: '23:59', weekOffset: 4 }],
    [FRIDAY_17],
  ])('accepts %j and returns a frozen copy', (rule) => {
    const checked = validateDeadlineRule(rule);
    expect(checked).toEqual(rule);
    expect(Object.isFrozen(checked)).toBe(true);
  });

  it.each([
    [{ weekday: 0, time: '17:00', weekOffset: 0 }, 'deadline.weekday'],
    [{ weekday: 8, time: '17:00', weekOffset: 0 }, 'deadline.weekday'],
    [{ weekday: 5.5, time: '17:00', weekOffset: 0 }, 'deadline.weekday'],
    [{ weekday: Number.NaN, time: '17:00', weekOffset: 0 }, 'deadline.weekday'],
    [{ weekday: 5, time: '24:00', weekOffset: 0 }, 'deadline.time'],
    [{ weekday: 5, time: '17:60', weekOffset: 0 }, 'deadline.time'],
    [{ weekday: 5, time: '7:00', weekOffset: 0 }, 'deadline.time'],
    [{ weekday: 5, time: '17:00:00', weekOffset: 0 }, 'deadline.time'],
    [{ weekday: 5, time: '', weekOffset: 0 }, 'deadline.time'],
    [{ weekday: 5, time: '17:00', weekOffset: -1 }, 'deadline.weekOffset'],
    [{ weekday: 5, time: '17:00', weekOffset: 5 }, 'deadline.weekOffset'],
    [{ weekday: 5, time: '17:00', weekOffset: 0.5 }, 'deadline.weekOffset'],
  ])('refuses %j on %s', (rule, field) => {
    expect(() => validateDeadlineRule(rule)).toThrow(validationOn(field));
  });

  it('says what is wrong in Vietnamese and English', () => {
    expect(() => validateDeadlineRule({ weekday: 8, time: '17:00', weekOffset: 0 })).toThrow(
      expect.objectContaining({
        message: 'Thứ của hạn báo cáo phải là số nguyên từ 1 (thứ Hai) đến 7 (Chủ nhật), nhận được "8".',
        details: expect.objectContaining({ messageEn: 'The deadline weekday must be a whole number from 1 (Monday) to 7 (Sunday), got "8".' }),
      }),
    );
    expect(() => validateDeadlineRule({ weekday: 5, time: '25:00', weekOffset: 0 })).toThrow(
      'Giờ của hạn báo cáo "25:00" không hợp lệ, cần dạng HH:MM từ 00:00 đến 23:59.',
    );
  });

  it('checks a set of rules level by level', () => {
    expect(validateDeadlineRules(DEFAULT_DEADLINES)).toEqual(DEFAULT_DEADLINES);
    expect(() => validateDeadlineRules({ district: { weekday: 6, time: '12:5', weekOffset: 0 } })).toThrow(
      validationOn('deadlines.district.time'),
    );
    expect(() => validateDeadlineRules({ commune: FRIDAY_17 } as never)).toThrow(validationOn('deadlines.commune'));
  });

  it('has the default deadlines of the issue, and none for the central unit', () => {
    expect(DEFAULT_DEADLINES).toEqual({
      branch: FRIDAY_17,
      grassroots: FRIDAY_17,
      district: SATURDAY_12,
      province: MONDAY_10_NEXT,
      affiliated: MONDAY_10_NEXT,
    });
    expect(DEFAULT_DEADLINES.central).toBeUndefined();
    expect(Object.isFrozen(DEFAULT_DEADLINES)).toBe(true);
  });
});

describe('dueAt on whole ISO weeks (Asia/Ho_Chi_Minh is UTC+7)', () => {
  it.each([
    // 2023-W26 runs Monday 26/6 to Sunday 2/7.
    [MONDAY_10_NEXT, '2023-W26', '2023-07-03T03:00:00.000Z'],
    [FRIDAY_17, '2023-W26', '2023-06-30T10:00:00.000Z'],
    [SATURDAY_12, '2023-W26', '2023-07-01T05:00:00.000Z'],
    // Across New Year: 2020-W53 runs 28/12/2020 – 3/1/2021; 2024-W01 starts Monday 1/1/2024.
    [FRIDAY_17, '2020-W53', '2021-01-01T10:00:00.000Z'],
    [MONDAY_10_NEXT, '2020-W53', '2021-01-04T03:00:00.000Z'],
    [{ weekday: 7, time: '23:30', weekOffset: 0 }, '2020-W53', '2021-01-03T16:30:00.000Z'],
    [FRIDAY_17, '2024-W01', '2024-01-05T10:00:00.000Z'],
    [MONDAY_10_NEXT, '2023-W52', '2024-01-01T03:00:00.000Z'],
    // Before 07:00 local the UTC date is the day before, here in the year before.
    [{ weekday: 1, time: '05:00', weekOffset: 1 }, '2023-W52', '2023-12-31T22:00:00.000Z'],
    [{ weekday: 1, time: '00:00', weekOffset: 0 }, '2024-W01', '2023-12-31T17:00:00.000Z'],
    [{ weekday: 3, time: '09:15', weekOffset: 2 }, '2023-W26', '2023-07-12T02:15:00.000Z'],
  ])('%j for %s is %s', (rule, week, expected) => {
    expect(dueAt(rule, week)).toBe(expected);
  });

  it('refuses a bad week or a bad rule', () => {
    expect(() => dueAt(FRIDAY_17, '2023-W53')).toThrow(invalidPeriod);
    expect(() => dueAt({ weekday: 9, time: '17:00', weekOffset: 0 }, '2023-W26')).toThrow(validationOn('deadline.weekday'));
  });
});

describe('dueAt on weeks clipped by the campaign', () => {
  // Summer 2023: Saturday 27/5 – Thursday 31/8; first week Sat–Sun, last week Mon–Thu.
  const summer = campaignWeeks('2023-05-27', '2023-08-31');
  const first = summer[0]!;
  const full = summer[5]!;
  const last = summer[14]!;

  it.each([
    // First week: Friday 26/5 and Saturday 27/5 12:00 come before the end of the period, so
    // the deadline becomes Sunday 28/5 23:59 local; Monday 29/5 10:00 is already later.
    ['grassroots', first, FRIDAY_17, '2023-05-28T16:59:00.000Z'],
    ['district', first, SATURDAY_12, '2023-05-28T16:59:00.000Z'],
    ['province', first, MONDAY_10_NEXT, '2023-05-29T03:00:00.000Z'],
    // A whole week inside the campaign keeps the rule even though Friday precedes Sunday.
    ['grassroots', full, FRIDAY_17, '2023-06-30T10:00:00.000Z'],
    ['district', full, SATURDAY_12, '2023-07-01T05:00:00.000Z'],
    // Last week ends Thursday 31/8: every rule already falls after it and stays.
    ['grassroots', last, FRIDAY_17, '2023-09-01T10:00:00.000Z'],
    ['district', last, SATURDAY_12, '2023-09-02T05:00:00.000Z'],
    ['province', last, MONDAY_10_NEXT, '2023-09-04T03:00:00.000Z'],
  ])('%s, week %j', (_level, week, rule, expected) => {
    expect(dueAt(rule, week)).toBe(expected);
  });

  it.each([
    // A campaign ending Wednesday 28/6: Friday 30/6 17:00 is after it and stays.
    ['2023-06-01', '2023-06-28', FRIDAY_17, '2023-06-30T10:00:00.000Z'],
    // Ending Saturday 1/7: the last day must be reportable, so Saturday 23:59 local.
    ['2023-06-01', '2023-07-01', FRIDAY_17, '2023-07-01T16:59:00.000Z'],
    ['2023-06-01', '2023-07-01', SATURDAY_12, '2023-07-01T16:59:00.000Z'],
    ['2023-06-01', '2023-07-01', MONDAY_10_NEXT, '2023-07-03T03:00:00.000Z'],
    // Across New Year: a campaign ending Friday 1/1/2021, in 2020-W53.
    ['2020-12-01', '2021-01-01', FRIDAY_17, '2021-01-01T16:59:00.000Z'],
    ['2020-12-01', '2021-01-01', { weekday: 7, time: '20:00', weekOffset: 0 }, '2021-01-03T13:00:00.000Z'],
  ])('campaign %s – %s, last week, rule %j: %s', (start, end, rule, expected) => {
    const week = campaignWeeks(start, end).at(-1)!;
    expect(week.partial).toBe(true);
    expect(dueAt(rule, week)).toBe(expected);
  });

  it('gives the same deadline for a whole week passed as a string or as a CampaignWeek', () => {
    expect(dueAt(FRIDAY_17, full)).toBe(dueAt(FRIDAY_17, full.week));
  });

  it.each([
    [{ week: '2023-W26', start: '2023-06-25', end: '2023-06-30' }],
    [{ week: '2023-W26', start: '2023-06-27', end: '2023-07-03' }],
    [{ week: '2023-W26', start: '2023-06-29', end: '2023-06-28' }],
    [{ week: '2023-W26', start: '2023-06-31', end: '2023-07-01' }],
  ])('refuses dates outside the week: %j', (week) => {
    expect(() => dueAt(FRIDAY_17, week)).toThrow(invalidPeriod);
  });
});

describe('timeliness', () => {
  const due = '2023-07-03T03:00:00.000Z'; // Monday 3/7 10:00 local
  const later = '2023-07-10T00:00:00.000Z';

  it.each<[string, string | null, string, Timeliness]>([
    ['one millisecond before the deadline', '2023-07-03T02:59:59.999Z', later, 'on_time'],
    ['exactly at the deadline', '2023-07-03T03:00:00.000Z', later, 'on_time'],
    ['one millisecond after the deadline', '2023-07-03T03:00:00.001Z', later, 'late'],
    ['one microsecond after, as PostgreSQL writes it', '2023-07-03 03:00:00.000001+00', later, 'late'],
    ['at the deadline, written in local time', '2023-07-03T10:00:00+07:00', later, 'on_time'],
    ['a minute after, written in local time', '2023-07-03T10:01+0700', later, 'late'],
    // Sunday 23:30Z is already Monday 06:30 local, before 10:00.
    ['Sunday 23:30Z', '2023-07-02T23:30:00Z', later, 'on_time'],
    ['Monday 10:00Z, i.e. 17:00 local', '2023-07-03T10:00:00Z', later, 'late'],
    ['not sent, one millisecond before the deadline', null, '2023-07-03T02:59:59.999Z', 'pending'],
    ['not sent, exactly at the deadline', null, due, 'pending'],
    ['not sent, one millisecond after the deadline', null, '2023-07-03T03:00:00.001Z', 'missing'],
    ['sent on time but after now, now before the deadline', '2023-07-03T02:00:00Z', '2023-07-03T01:00:00Z', 'pending'],
    ['sent late, after now, now after the deadline', '2023-07-04T00:00:00Z', '2023-07-03T12:00:00Z', 'missing'],
    ['sent on time, asked at the moment of sending', '2023-07-03T02:00:00Z', '2023-07-03T02:00:00Z', 'on_time'],
  ])('%s', (_case, submittedAt, now, expected) => {
    expect(timeliness({ dueAt: due, submittedAt, now })).toBe(expected);
  });

  it.each([
    ['submittedAt', { dueAt: due, submittedAt: '2023-07-03T03:00:00', now: later }],
    ['submittedAt', { dueAt: due, submittedAt: '2023-02-30T03:00:00Z', now: later }],
    ['submittedAt', { dueAt: due, submittedAt: '03/07/2023 10:00', now: later }],
    ['now', { dueAt: due, submittedAt: null, now: '' }],
    ['dueAt', { dueAt: '2023-07-03', submittedAt: null, now: later }],
  ])('refuses an instant without an offset or not a date: %s', (field, args) => {
    expect(() => timeliness(args)).toThrow(validationOn(field));
  });
});

describe('localDateTimeOf', () => {
  it.each([
    ['2023-07-02T23:30:00Z', { date: '2023-07-03', time: '06:30' }],
    ['2023-07-03T03:00:00.000Z', { date: '2023-07-03', time: '10:00' }],
    ['2023-12-31T16:59:59.999Z', { date: '2023-12-31', time: '23:59' }],
    ['2023-12-31T17:00:00Z', { date: '2024-01-01', time: '00:00' }],
    ['2023-07-03T10:00:00+07:00', { date: '2023-07-03', time: '10:00' }],
  ])('%s is %j in Asia/Ho_Chi_Minh', (instant, expected) => {
    expect(localDateTimeOf(instant)).toEqual(expected);
  });

  it('agrees with the time zone database', () => {
    const instant = '2023-07-02T23:30:00Z';
    const viaIntl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
    expect(localDateTimeOf(instant).time).toBe(viaIntl.format(new Date(instant)));
  });
});

describe('expectedUnits', () => {
  // 2023-W26: Monday 26/6 – Sunday 2/7.
  const week = { weekStart: '2023-06-26', weekEnd: '2023-07-02' };
  const cases: [string, Partial<Unit>, boolean][] = [
    ['always valid', {}, true],
    ['created Wednesday of the week', { validFrom: '2023-06-28' }, true],
    ['dissolved Wednesday of the week', { validTo: '2023-06-28' }, true],
    ['created on the last day', { validFrom: '2023-07-02' }, true],
    ['dissolved on the first day', { validTo: '2023-06-26' }, true],
    ['alive Tuesday to Thursday only', { validFrom: '2023-06-27', validTo: '2023-06-29' }, true],
    ['dissolved the Sunday before', { validTo: '2023-06-25' }, false],
    ['created the Monday after', { validFrom: '2023-07-03' }, false],
    ['dissolved in 2025', { validFrom: '2020-01-01', validTo: '2025-06-30' }, true],
  ];

  it.each(cases)('a unit %s: %s', (_case, validity, expected) => {
    const u = unit({ code: 'x', name: 'x', ...validity });
    expect(expectedUnits([u], week)).toEqual(expected ? [u] : []);
    expect(isUnitValidDuring(u, week.weekStart, week.weekEnd)).toBe(expected);
  });

  it('reads validity against the clipped week of the campaign', () => {
    // The first summer week is Saturday 27/5 – Sunday 28/5: a unit dissolved Friday 26/5 is not expected.
    const first = campaignWeeks('2023-05-27', '2023-08-31')[0]!;
    const gone = unit({ code: 'gone', name: 'gone', validTo: '2023-05-26' });
    const stays = unit({ code: 'stays', name: 'stays', validTo: '2023-05-27' });
    expect(expectedUnits([gone, stays], { weekStart: first.start, weekEnd: first.end })).toEqual([stays]);
  });

  it('keeps only the required levels and drops the excluded units, in the given order', () => {
    const a = unit({ code: 'a', name: 'a', level: 'district' });
    const b = unit({ code: 'b', name: 'b', level: 'grassroots' });
    const c = unit({ code: 'c', name: 'c', level: 'grassroots' });
    const d = unit({ code: 'd', name: 'd', level: 'central' });
    const all = [d, c, b, a];
    expect(expectedUnits(all, week)).toEqual(all);
    expect(expectedUnits(all, { ...week, requiredLevels: ['grassroots', 'district'] })).toEqual([c, b, a]);
    expect(expectedUnits(all, { ...week, requiredLevels: ['grassroots'], excluded: [b.id] })).toEqual([c]);
    expect(expectedUnits(all, { ...week, requiredLevels: [] })).toEqual([]);
    expect(Object.isFrozen(expectedUnits(all, week))).toBe(true);
  });

  it('refuses a week that ends before it starts', () => {
    expect(() => expectedUnits([], { weekStart: '2023-07-02', weekEnd: '2023-06-26' })).toThrow(invalidPeriod);
    expect(() => expectedUnits([], { weekStart: '2023-02-30', weekEnd: '2023-03-05' })).toThrow(invalidPeriod);
  });
});

describe('weekTimeliness', () => {
  const week = campaignWeeks('2023-05-27', '2023-08-31')[5]!; // 2023-W26, whole
  const tw = unit({ code: 'TW', name: 'Trung ương Đoàn', level: 'central' });
  const laoCai = unit({ code: '10', name: 'Tỉnh Đoàn Lào Cai', parentId: tw.id });
  const bacKan = unit({ code: '06', name: 'Tỉnh Đoàn Bắc Kạn', parentId: tw.id });
  const hanoi = unit({ code: '01', name: 'Thành Đoàn Hà Nội', parentId: tw.id });
  const army = unit({ code: 'QD', name: 'Đoàn Thanh niên Quân đội nhân dân Việt Nam', level: 'affiliated', parentId: tw.id });
  const merged = unit({ code: '67', name: 'Tỉnh Đoàn Đắk Nông', parentId: tw.id, validTo: '2023-06-25' });
  const district = unit({ code: 'cto', name: 'Huyện Đoàn Cô Tô', level: 'district', parentId: hanoi.id });
  const units = [tw, laoCai, bacKan, hanoi, army, merged, district];
  const submittedAt = new Map<number, string | null>([
    [laoCai.id, '2023-07-03T03:00:00.001Z'],
    [hanoi.id, '2023-07-02T23:30:00Z'],
    [district.id, '2023-07-01T04:00:00Z'],
    [army.id, null],
  ]);

  it('judges every expected unit against the deadline of its level', () => {
    const rows = weekTimeliness({ units, week, rules: DEFAULT_DEADLINES, submittedAt, now: '2023-07-03T05:00:00Z' });
    expect(rows.map((r) => [r.unit.code, r.dueAt, r.status])).toEqual([
      ['10', '2023-07-03T03:00:00.000Z', 'late'],
      ['06', '2023-07-03T03:00:00.000Z', 'missing'],
      ['01', '2023-07-03T03:00:00.000Z', 'on_time'],
      ['QD', '2023-07-03T03:00:00.000Z', 'missing'],
      ['cto', '2023-07-01T05:00:00.000Z', 'on_time'],
    ]);
    expect(Object.isFrozen(rows)).toBe(true);
  });

  it('is pending before the deadline, and hides a submission made after now', () => {
    const rows = weekTimeliness({ units, week, rules: DEFAULT_DEADLINES, submittedAt, now: '2023-07-02T00:00:00Z' });
    expect(rows.map((r) => [r.unit.code, r.status, r.submittedAt])).toEqual([
      ['10', 'pending', null],
      ['06', 'pending', null],
      ['01', 'pending', null],
      ['QD', 'pending', null],
      ['cto', 'on_time', '2023-07-01T04:00:00Z'],
    ]);
  });

  it('leaves out levels without a rule, units not required and excluded units', () => {
    const rows = weekTimeliness({
      units, week, rules: { district: SATURDAY_12 }, submittedAt, now: '2023-07-10T00:00:00Z',
    });
    expect(rows.map((r) => r.unit.code)).toEqual(['cto']);
    const provinces = weekTimeliness({
      units, week, rules: DEFAULT_DEADLINES, submittedAt, now: '2023-07-10T00:00:00Z',
      requiredLevels: ['province'], excluded: [bacKan.id],
    });
    expect(provinces.map((r) => r.unit.code)).toEqual(['10', '01']);
  });

  it('refuses to require a level that has no deadline', () => {
    expect(() =>
      weekTimeliness({ units, week, rules: DEFAULT_DEADLINES, submittedAt, now: '2023-07-10T00:00:00Z', requiredLevels: ['central'] }),
    ).toThrow(validationOn('requiredLevels'));
  });
});

describe('timelinessSummary', () => {
  const rows = (...statuses: Timeliness[]) => statuses.map((status) => ({ status }));

  it.each<[string, Timeliness[], Record<string, unknown>]>([
    [
      'a mixed week',
      ['on_time', 'on_time', 'late', 'missing'],
      { expected: 4, submitted: 3, onTime: 2, late: 1, missing: 1, pending: 0, completeness: 0.75, timeliness: 0.5, completenessText: '75%', timelinessText: '50%' },
    ],
    [
      'thirds, unrounded',
      ['on_time', 'late', 'pending'],
      { expected: 3, submitted: 2, onTime: 1, late: 1, missing: 0, pending: 1, completeness: 2 / 3, timeliness: 1 / 3, completenessText: '66,67%', timelinessText: '33,33%' },
    ],
    [
      'nothing expected',
      [],
      { expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0, pending: 0, completeness: null, timeliness: null, completenessText: null, timelinessText: null },
    ],
    [
      'everything on time',
      ['on_time', 'on_time'],
      { expected: 2, submitted: 2, completeness: 1, timeliness: 1, completenessText: '100%', timelinessText: '100%' },
    ],
  ])('%s', (_case, statuses, expected) => {
    expect(timelinessSummary(rows(...statuses))).toMatchObject(expected);
  });

  it('writes the rates at the chosen precision', () => {
    const summary = timelinessSummary(rows('on_time', 'late', 'missing'), 1);
    expect([summary.completenessText, summary.timelinessText]).toEqual(['66,7%', '33,3%']);
    expect(Object.isFrozen(summary)).toBe(true);
  });
});

describe('shortUnitName', () => {
  it.each([
    ['Tỉnh Đoàn Lào Cai', 'Lào Cai'],
    ['Tỉnh đoàn Quảng Ninh', 'Quảng Ninh'],
    ['Thành Đoàn Hà Nội', 'Hà Nội'],
    ['Thành Đoàn TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'],
    ['Thành phố Hồ Chí Minh', 'TP. Hồ Chí Minh'],
    ['Tỉnh Bắc Kạn', 'Bắc Kạn'],
    ['Thành phố Cần Thơ', 'Cần Thơ'],
    ['Tỉnh Đoàn Bà Rịa - Vũng Tàu', 'Bà Rịa - Vũng Tàu'],
    ['Đoàn Khối các cơ quan Trung ương', 'Đoàn Khối các cơ quan Trung ương'],
    ['Huyện Đoàn Cô Tô', 'Huyện Đoàn Cô Tô'],
    ['Tỉnh Đoàn Lào Cai'.normalize('NFD'), 'Lào Cai'],
  ])('%s → %s', (name, expected) => {
    expect(shortUnitName(name)).toBe(expected);
  });
});

describe('lateUnitsSentence', () => {
  // Units as the 2023 reference data names them (shared/data/units-vn-2023.csv).
  const laoCai = unit({ code: '10', name: 'Tỉnh Đoàn Lào Cai' });
  const bacKan = unit({ code: '06', name: 'Tỉnh Đoàn Bắc Kạn' });
  const dienBien = unit({ code: '11', name: 'Tỉnh Đoàn Điện Biên' });
  const hanoi = unit({ code: '01', name: 'Thành Đoàn Hà Nội' });
  const rows = [
    { unit: laoCai, status: 'late' as const },
    { unit: bacKan, status: 'late' as const },
    { unit: dienBien, status: 'missing' as const },
    { unit: hanoi, status: 'on_time' as const },
  ];

  it('reproduces the sentence of the issue from the data', () => {
    const list = lateUnitsSentence(rows, { order: 'given', kind: 'late_or_missing', subject: 'tỉnh Đoàn', limit: 2 });
    expect(list?.sentence).toBe('Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Lào Cai, Bắc Kạn, …');
    expect(list?.names).toEqual(['Lào Cai', 'Bắc Kạn', 'Điện Biên']);
    expect(list?.units).toEqual([laoCai, bacKan, dienBien]);
  });

  it.each<[string, Parameters<typeof lateUnitsSentence>[1], string]>([
    ['late, by code', { order: 'code', kind: 'late', subject: 'tỉnh Đoàn' },
      'Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Lào Cai.'],
    ['late or missing, by code', { order: 'code', kind: 'late_or_missing', subject: 'tỉnh Đoàn' },
      'Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Lào Cai, Điện Biên.'],
    ['late or missing, by name', { order: 'name', kind: 'late_or_missing', subject: 'tỉnh Đoàn' },
      'Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Điện Biên, Lào Cai.'],
    ['missing, default subject', { order: 'name', kind: 'missing' },
      'Một số đơn vị chưa gửi báo cáo, cụ thể: Điện Biên.'],
    ['a limit the list does not reach', { order: 'code', kind: 'late', subject: 'tỉnh Đoàn', limit: 2 },
      'Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Lào Cai.'],
  ])('%s', (_case, options, expected) => {
    expect(lateUnitsSentence(rows, options)?.sentence).toBe(expected);
  });

  it('orders by name the way Vietnamese dictionaries do (Đ after D; ă before â before e)', () => {
    const names = ['Điện Biên', 'Bến Tre', 'Cà Mau', 'Đắk Lắk', 'Bắc Kạn', 'Đà Nẵng', 'An Giang', 'Đồng Tháp', 'Bạc Liêu', 'Dak To'];
    const named = names.map((n, i) => ({ unit: unit({ code: String(90 - i), name: `Tỉnh Đoàn ${n}` }), status: 'late' as const }));
    const ordered = lateUnitsSentence(named, { order: 'name', kind: 'late' })?.names ?? [];
    expect(ordered).toEqual(['An Giang', 'Bạc Liêu', 'Bắc Kạn', 'Bến Tre', 'Cà Mau', 'Dak To', 'Đà Nẵng', 'Đắk Lắk', 'Điện Biên', 'Đồng Tháp']);
    expect(ordered.indexOf('Đắk Lắk')).toBeGreaterThan(ordered.indexOf('Cà Mau'));
    expect(ordered.indexOf('Đắk Lắk')).toBeLessThan(ordered.indexOf('Điện Biên'));
    expect(ordered.indexOf('Bắc Kạn')).toBeLessThan(ordered.indexOf('Bến Tre'));
  });

  it('sorts by short name, not by "Thành Đoàn" / "Tỉnh Đoàn"', () => {
    const hcm = unit({ code: '79', name: 'Thành Đoàn TP. Hồ Chí Minh' });
    const angiang = unit({ code: '89', name: 'Tỉnh Đoàn An Giang' });
    const list = lateUnitsSentence(
      [hcm, hanoi, angiang].map((u) => ({ unit: u, status: 'missing' as const })),
      { order: 'name', kind: 'missing', subject: 'tỉnh, thành Đoàn' },
    );
    expect(list?.sentence).toBe('Một số tỉnh, thành Đoàn chưa gửi báo cáo, cụ thể: An Giang, Hà Nội, TP. Hồ Chí Minh.');
  });

  it('names the units by a subject made from the units it names, only those that qualify', () => {
    const khoi = unit({ code: 'DK', name: 'Đoàn Khối Doanh nghiệp Trung ương' });
    const angiang = unit({ code: '89', name: 'Tỉnh Đoàn An Giang' });
    const levelOf = new Map([['DK', 'affiliated'], ['89', 'province'], [hanoi.code, 'province']]);
    const seen: string[][] = [];
    const subject = (units: readonly { code: string }[]) => {
      seen.push(units.map((u) => u.code));
      const levels = new Set(units.map((u) => levelOf.get(u.code)));
      return levels.size > 1 ? 'tỉnh, thành Đoàn và Đoàn trực thuộc' : 'tỉnh, thành Đoàn';
    };
    const rows = [
      { unit: khoi, status: 'late' as const }, { unit: angiang, status: 'missing' as const }, { unit: hanoi, status: 'on_time' as const },
    ];
    expect(lateUnitsSentence(rows, { order: 'name', kind: 'late_or_missing', subject })?.sentence).toBe(
      'Công tác thông tin, báo cáo của một số tỉnh, thành Đoàn và Đoàn trực thuộc không đảm bảo tiến độ, cụ thể: An Giang, Đoàn Khối Doanh nghiệp Trung ương.');
    expect(lateUnitsSentence(rows, { order: 'name', kind: 'missing', subject })?.sentence).toBe('Một số tỉnh, thành Đoàn chưa gửi báo cáo, cụ thể: An Giang.');
    expect(seen).toEqual([['89', 'DK'], ['89']]);
  });

  it('orders by code as written and breaks name ties by code', () => {
    const twins = [
      { unit: unit({ code: 'B', name: 'Tỉnh Đoàn Hà Nam' }), status: 'late' as const },
      { unit: unit({ code: 'A', name: 'Tỉnh Hà Nam' }), status: 'late' as const },
      { unit: unit({ code: 'KCQ', name: 'Đoàn Khối các cơ quan Trung ương' }), status: 'late' as const },
      { unit: unit({ code: '96', name: 'Tỉnh Đoàn Cà Mau' }), status: 'late' as const },
    ];
    expect(lateUnitsSentence(twins, { order: 'code', kind: 'late' })?.units.map((u) => u.code)).toEqual(['96', 'A', 'B', 'KCQ']);
    expect(lateUnitsSentence(twins, { order: 'name', kind: 'late' })?.units.map((u) => u.code)).toEqual(['96', 'KCQ', 'A', 'B']);
  });

  it('names a unit late in several weeks once', () => {
    const weeks = [...rows, { unit: laoCai, status: 'missing' as const }, { unit: bacKan, status: 'late' as const }];
    expect(lateUnitsSentence(weeks, { order: 'code', kind: 'late_or_missing' })?.names).toEqual(['Bắc Kạn', 'Lào Cai', 'Điện Biên']);
  });

  it('gives null when there is nobody to name', () => {
    expect(lateUnitsSentence([], { order: 'code', kind: 'late' })).toBeNull();
    expect(lateUnitsSentence([{ unit: hanoi, status: 'on_time' }, { unit: laoCai, status: 'pending' }], { order: 'name', kind: 'late_or_missing' })).toBeNull();
    expect(lateUnitsSentence(rows.slice(0, 2), { order: 'name', kind: 'missing' })).toBeNull();
  });

  it('returns frozen lists and refuses a limit below 1', () => {
    const list = lateUnitsSentence(rows, { order: 'code', kind: 'late' });
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list?.units)).toBe(true);
    expect(() => lateUnitsSentence(rows, { order: 'code', kind: 'late', limit: 0 })).toThrow(RangeError);
  });

  it('works on the rows of weekTimeliness end to end', () => {
    const week = campaignWeeks('2023-05-27', '2023-08-31')[5]!;
    const levels: UnitLevel[] = ['province'];
    const timed = weekTimeliness({
      units: [laoCai, bacKan, dienBien, hanoi],
      week,
      rules: DEFAULT_DEADLINES,
      submittedAt: new Map([[laoCai.id, '2023-07-03T04:00:00Z'], [hanoi.id, '2023-07-03T02:00:00Z']]),
      now: '2023-07-04T00:00:00Z',
      requiredLevels: levels,
    });
    expect(lateUnitsSentence(timed, { order: 'name', kind: 'late_or_missing', subject: 'tỉnh Đoàn' })?.sentence).toBe(
      'Công tác thông tin, báo cáo của một số tỉnh Đoàn không đảm bảo tiến độ, cụ thể: Bắc Kạn, Điện Biên, Lào Cai.',
    );
    expect(timelinessSummary(timed)).toMatchObject({ expected: 4, onTime: 1, late: 1, missing: 2, completenessText: '50%', timelinessText: '25%' });
  });
});

describe('describeDeadline', () => {
  it.each([
    [{ weekday: 1, time: '10:00', weekOffset: 1 }, 'Thứ Hai 10:00, tuần sau'],
    [{ weekday: 5, time: '17:00', weekOffset: 0 }, 'Thứ Sáu 17:00, trong tuần'],
    [{ weekday: 7, time: '23:59', weekOffset: 2 }, 'Chủ nhật 23:59, sau 2 tuần'],
    [null, 'Không báo cáo'],
  ] as const)('%j → %s', (rule, text) => {
    expect(describeDeadline(rule)).toBe(text);
  });
});
