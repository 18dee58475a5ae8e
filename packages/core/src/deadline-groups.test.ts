import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINES, describeDeadline, describeRuleGroups, expectedUnits, reportsUnder, ruleForUnit, unitsInGroup,
  validateDeadlineRule, validateDeadlineRules, weekTimeliness, type DeadlineRule, type DeadlineRules,
} from './deadline.ts';
import type { Unit } from './hierarchy.ts';
import { campaignWeeks } from './period.ts';

// A level's deadline rule restricted to unit groups (issue 19): "only public-administration
// grassroots units report this". Every expected answer below is worked out by hand.

const FRIDAY_17: DeadlineRule = { weekday: 5, time: '17:00', weekOffset: 0 };
const PA_ONLY: DeadlineRule = { ...FRIDAY_17, groups: ['public-administration'] };
const KNOWN = new Set(['urban', 'rural', 'public-administration', 'enterprise', 'school']);
const NAMES: Record<string, string> = {
  'public-administration': 'Khối hành chính sự nghiệp', school: 'Khối trường học', urban: 'Khu vực đô thị',
};
const nameOf = (code: string) => NAMES[code] ?? code;

let nextId = 1;
function unit(fields: Partial<Unit> & Pick<Unit, 'code'>): Unit {
  return { id: nextId++, name: fields.code, level: 'grassroots', parentId: null, tags: [], validFrom: null, validTo: null, successorId: null, ...fields };
}

const validationOn = (field: string) =>
  expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field, messageEn: expect.any(String) }) });

describe('validateDeadlineRule with unit groups', () => {
  it.each<[string, unknown, DeadlineRule]>([
    ['no groups', undefined, FRIDAY_17],
    ['null groups', null, FRIDAY_17],
    ['an empty list (every unit of the level)', [], FRIDAY_17],
    ['one known group', ['public-administration'], PA_ONLY],
    ['duplicates dropped, order kept', ['school', 'urban', 'school'], { ...FRIDAY_17, groups: ['school', 'urban'] }],
  ])('%s', (_case, groups, expected) => {
    const checked = validateDeadlineRule({ ...FRIDAY_17, groups } as DeadlineRule, 'deadline', KNOWN);
    expect(checked).toEqual(expected);
    expect(Object.isFrozen(checked)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unknown group', ['public-admin'], 'deadline.groups.0'],
    ['an unknown group after a known one', ['urban', 'villages'], 'deadline.groups.1'],
    ['a code in capitals', ['Urban'], 'deadline.groups.0'],
    ['a number', [3], 'deadline.groups.0'],
    ['not a list', 'urban', 'deadline.groups'],
    ['more than 20', Array.from({ length: 21 }, () => 'urban'), 'deadline.groups'],
  ])('refuses %s', (_case, groups, field) => {
    expect(() => validateDeadlineRule({ ...FRIDAY_17, groups } as DeadlineRule, 'deadline', KNOWN)).toThrow(validationOn(field));
  });

  it('says which group is unknown, in both languages', () => {
    expect(() => validateDeadlineRule({ ...FRIDAY_17, groups: ['xa'] }, 'deadline', KNOWN)).toThrow(
      expect.objectContaining({ message: 'Không có nhóm đơn vị "xa".', details: expect.objectContaining({ messageEn: 'There is no unit group "xa".' }) }),
    );
  });

  it('takes any well-formed code when the known groups are not given, and checks level by level', () => {
    expect(validateDeadlineRule({ ...FRIDAY_17, groups: ['villages'] })).toEqual({ ...FRIDAY_17, groups: ['villages'] });
    expect(() => validateDeadlineRules({ grassroots: { ...FRIDAY_17, groups: ['villages'] } }, 'deadlines', KNOWN))
      .toThrow(validationOn('deadlines.grassroots.groups.0'));
  });
});

describe('reportsUnder and ruleForUnit', () => {
  const rules: DeadlineRules = { ...DEFAULT_DEADLINES, grassroots: PA_ONLY };
  it.each<[string, Pick<Unit, 'level' | 'tags'>, DeadlineRule | null]>([
    ['a grassroots unit carrying the group', { level: 'grassroots', tags: ['public-administration'] }, PA_ONLY],
    ['a grassroots unit carrying it among others', { level: 'grassroots', tags: ['urban', 'public-administration'] }, PA_ONLY],
    ['a grassroots unit without the group', { level: 'grassroots', tags: ['urban'] }, null],
    ['a grassroots unit without any tag', { level: 'grassroots', tags: [] }, null],
    ['a branch (its rule names no group)', { level: 'branch', tags: [] }, FRIDAY_17],
    ['a province (its rule names no group)', { level: 'province', tags: ['urban'] }, DEFAULT_DEADLINES.province ?? null],
    ['the central unit (no rule)', { level: 'central', tags: ['public-administration'] }, null],
  ])('%s', (_case, u, expected) => {
    expect(ruleForUnit(rules, u)).toEqual(expected);
  });

  it('reads any of several groups', () => {
    const rule = { ...FRIDAY_17, groups: ['school', 'enterprise'] };
    expect(reportsUnder(rule, { tags: ['enterprise'] })).toBe(true);
    expect(reportsUnder(rule, { tags: ['urban', 'rural'] })).toBe(false);
    expect(reportsUnder(rule, {})).toBe(false);
    expect(reportsUnder(FRIDAY_17, {})).toBe(true);
  });
});

describe('expected units and timeliness under a group rule', () => {
  // 2023-W26: Monday 26/6 – Sunday 2/7; grassroots due Friday 30/6 17:00 = 10:00Z.
  const week = campaignWeeks('2023-05-27', '2023-08-31')[5]!;
  const province = unit({ code: '01', level: 'province' });
  const pa = unit({ code: 'pa', parentId: province.id, tags: ['public-administration'] });
  const paLate = unit({ code: 'pa-late', parentId: province.id, tags: ['public-administration', 'urban'] });
  const ward = unit({ code: 'ward', parentId: province.id, tags: ['urban'] });
  const school = unit({ code: 'school', parentId: province.id, tags: [] });
  const units = [province, pa, paLate, ward, school];
  const rules: DeadlineRules = { province: DEFAULT_DEADLINES.province!, grassroots: PA_ONLY };

  it('expects only the grassroots units of the group, every province', () => {
    expect(expectedUnits(units, { weekStart: week.start, weekEnd: week.end, rules }).map((u) => u.code)).toEqual(['01', 'pa', 'pa-late']);
    // Without the rules every level and unit is expected, as before.
    expect(expectedUnits(units, { weekStart: week.start, weekEnd: week.end })).toHaveLength(5);
  });

  it('never calls a unit outside the group late or missing, even when it sent late', () => {
    const submittedAt = new Map<number, string | null>([
      [pa.id, '2023-06-30T09:00:00Z'], // 16:00 local: on time
      [paLate.id, '2023-06-30T10:00:00.001Z'], // just after 17:00: late
      [ward.id, '2023-07-05T00:00:00Z'], // late, but not asked
    ]);
    const rows = weekTimeliness({ units, week, rules, submittedAt, now: '2023-07-10T00:00:00Z' });
    expect(rows.map((r) => [r.unit.code, r.status])).toEqual([
      ['01', 'missing'],
      ['pa', 'on_time'],
      ['pa-late', 'late'],
    ]);
  });
});

describe('describing a group rule and filtering by group', () => {
  it.each<[string, DeadlineRule | null, string]>([
    ['a rule without groups', FRIDAY_17, 'Thứ Sáu 17:00, trong tuần'],
    ['one group', PA_ONLY, 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp'],
    ['two groups', { ...FRIDAY_17, groups: ['school', 'urban'] }, 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối trường học hoặc Khu vực đô thị'],
    ['three groups', { ...FRIDAY_17, groups: ['school', 'urban', 'rural'] }, 'Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm Khối trường học, Khu vực đô thị hoặc rural'],
    ['no rule', null, 'Không báo cáo'],
  ])('%s', (_case, rule, text) => {
    expect(describeDeadline(rule, nameOf)).toBe(text);
  });

  it('writes the restriction alone, in English too, and null without groups', () => {
    expect(describeRuleGroups(['public-administration'], nameOf)).toBe('Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp');
    expect(describeRuleGroups(['public-administration'], () => 'Public administration', 'en')).toBe('Only units in the group Public administration');
    expect(describeRuleGroups(['urban', 'school'], (c) => c, 'en')).toBe('Only units in the groups urban or school');
    expect(describeRuleGroups([], nameOf)).toBeNull();
    expect(describeRuleGroups(undefined)).toBeNull();
    expect(describeDeadline(PA_ONLY)).toBe('Thứ Sáu 17:00, trong tuần. Chỉ các đơn vị thuộc nhóm public-administration');
  });

  it('keeps the units of a group in the order given', () => {
    const a = unit({ code: 'a', tags: ['urban'] });
    const b = unit({ code: 'b', tags: ['rural'] });
    const c = unit({ code: 'c', tags: ['rural', 'urban'] });
    expect(unitsInGroup([a, b, c], 'urban')).toEqual([a, c]);
    expect(unitsInGroup([a, b, c], 'school')).toEqual([]);
    expect(unitsInGroup([a, b, c], null)).toEqual([a, b, c]);
  });
});
