import { describe, expect, it } from 'vitest';
import { checkCountRule, countDateOf, countedFigures, describeCountRule, type CountableRecord, type CountRule, type CountRuleContext } from './activity-counts.ts';
import { FieldProblemsError } from './errors.ts';

const WORK_KINDS = [{ code: 'tuyen-pho', name: 'Tuyến phố văn minh' }, { code: 'nha-nhan-ai', name: 'Nhà nhân ái' }];
const integer = (name = 'Tuyến phố'): CountRuleContext => ({ indicator: { code: 'x', name, valueKind: 'integer', reportingMode: 'increment' }, workKinds: WORK_KINDS });
const money: CountRuleContext = { indicator: { code: 'kinh-phi', name: 'Kinh phí', valueKind: 'vnd', reportingMode: 'increment' }, workKinds: WORK_KINDS };

function problemsOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof FieldProblemsError) return error.fields.map((p) => p.field);
    throw error;
  }
  return [];
}

describe('checkCountRule', () => {
  it.each([
    ['press items', { kind: 'press' }, integer(), { kind: 'press', measure: 'count', workKind: null, state: null, channel: null }],
    ['handed-over streets', { kind: 'work', workKind: 'tuyen-pho', state: 'handed_over' }, integer(), { kind: 'work', measure: 'count', workKind: 'tuyen-pho', state: 'handed_over', channel: null }],
    ['team members', { kind: 'team', measure: 'members' }, integer(), { kind: 'team', measure: 'members', workKind: null, state: null, channel: null }],
    ['online views', { kind: 'press', measure: 'views', channel: 'online' }, integer(), { kind: 'press', measure: 'views', workKind: null, state: null, channel: 'online' }],
    ['works\' value in đồng', { kind: 'work', measure: 'value' }, money, { kind: 'work', measure: 'value', workKind: null, state: null, channel: null }],
  ])('reads %s', (_, raw, context, expected) => {
    expect(checkCountRule(raw, context, 'rule')).toEqual(expected);
  });

  it.each([
    ['an unknown kind', { kind: 'meeting' }, integer(), ['rule.kind']],
    ['a team\'s value', { kind: 'team', measure: 'value' }, money, ['rule.measure']],
    ['a count into đồng', { kind: 'work' }, money, ['rule.measure']],
    ['a value into a count', { kind: 'work', measure: 'value' }, integer(), ['rule.measure']],
    ['a work kind the campaign lacks', { kind: 'work', workKind: 'cau-giao-thong' }, integer(), ['rule.workKind']],
    ['a channel on works and a bad state', { kind: 'work', channel: 'online', state: 'done' }, integer(), ['rule.state', 'rule.channel']],
    ['an unknown measure', { kind: 'press', measure: 'likes' }, integer(), ['rule.measure']],
  ])('refuses %s, naming every field', (_, raw, context, fields) => {
    expect(problemsOf(() => checkCountRule(raw, context, 'rule'))).toEqual(fields);
  });

  it('refuses an indicator reported to date, in words', () => {
    const context: CountRuleContext = { indicator: { code: 'x', name: 'Thanh niên tham gia', valueKind: 'integer', reportingMode: 'cumulative' }, workKinds: [] };
    expect(() => checkCountRule({ kind: 'team', measure: 'members' }, context, 'rule'))
      .toThrow('Chỉ tiêu "Thanh niên tham gia" nhập số lũy kế; chỉ tiêu đếm từ hoạt động là số của từng tuần.');
  });
});

const record = (over: Partial<CountableRecord>): CountableRecord => ({
  unitId: 7, kind: 'work', date: null, handoverDate: null, recordedOn: '2023-06-20', workKind: null, state: null, channel: null,
  value: 0, members: 0, reach: 0, views: 0, ...over,
});
const rule = (over: Partial<CountRule>): CountRule => ({ kind: 'work', measure: 'count', workKind: null, state: null, channel: null, ...over });

describe('countDateOf', () => {
  const work = record({ date: '2023-06-10', handoverDate: '2023-07-27' });
  it.each([
    ['a handed-over work counts on its handover day', rule({ state: 'handed_over' }), work, '2023-07-27'],
    ['any other work on its start', rule({}), work, '2023-06-10'],
    ['a work with no start on the day it was recorded', rule({}), record({}), '2023-06-20'],
    ['a handed-over rule and a work not handed over: never', rule({ state: 'handed_over' }), record({ date: '2023-06-10' }), null],
  ])('%s', (_, r, rec, expected) => {
    expect(countDateOf(r, rec)).toBe(expected);
  });
});

describe('countedFigures', () => {
  // The week of 19–25/6/2023. Unit 7 has, by hand:
  //   streets: one handed over on 20/6 (counted), one handed over on 27/6 (next week), one under way started 21/6 (not handed over);
  //   a charity house handed over 22/6 worth 350.000.000 đ (not a street; its value counts in the money rule);
  //   press: online on 19/6 (views 1.000), TikTok on 25/6 (views 4.500), online on 26/6 (next week, views 9.999);
  //   a team of 25 from 18/6 (the week before) and one of 12 from 24/6.
  // Unit 8 has a press item on 21/6; unit 9 (not asked for) has one too.
  const records: CountableRecord[] = [
    record({ workKind: 'tuyen-pho', state: 'handed_over', date: '2023-06-01', handoverDate: '2023-06-20', value: 100_000_000 }),
    record({ workKind: 'tuyen-pho', state: 'handed_over', date: '2023-06-12', handoverDate: '2023-06-27', value: 80_000_000 }),
    record({ workKind: 'tuyen-pho', state: 'in_progress', date: '2023-06-21', value: 50_000_000 }),
    record({ workKind: 'nha-nhan-ai', state: 'handed_over', date: '2023-06-22', handoverDate: '2023-06-22', value: 350_000_000 }),
    record({ kind: 'press', channel: 'online', date: '2023-06-19', views: 1_000 }),
    record({ kind: 'press', channel: 'tiktok', date: '2023-06-25', views: 4_500 }),
    record({ kind: 'press', channel: 'online', date: '2023-06-26', views: 9_999 }),
    record({ kind: 'team', date: '2023-06-18', members: 25 }),
    record({ kind: 'team', date: '2023-06-24', members: 12 }),
    record({ unitId: 8, kind: 'press', channel: 'online', date: '2023-06-21' }),
    record({ unitId: 9, kind: 'press', channel: 'online', date: '2023-06-21' }),
  ];
  const rules = new Map<number, CountRule>([
    [1, rule({ workKind: 'tuyen-pho', state: 'handed_over' })],
    [2, rule({ kind: 'press' })],
    [3, rule({ kind: 'press', measure: 'views', channel: 'online' })],
    [4, rule({ kind: 'team', measure: 'members' })],
    [5, rule({ measure: 'value', state: 'handed_over' })],
    [6, rule({ kind: 'linkage' })],
  ]);

  it('counts each unit\'s own records of the week, every rule a figure', () => {
    const figures = countedFigures(rules, [7, 8], records, { from: '2023-06-19', to: '2023-06-25' });
    expect([...figures.get(7)!]).toEqual([[1, 1], [2, 2], [3, 1_000], [4, 12], [5, 450_000_000], [6, 0]]);
    expect([...figures.get(8)!]).toEqual([[1, 0], [2, 1], [3, 0], [4, 0], [5, 0], [6, 0]]);
    expect(figures.has(9)).toBe(false);
  });

  it('gives the next week what falls in it', () => {
    const figures = countedFigures(rules, [7], records, { from: '2023-06-26', to: '2023-07-02' });
    expect([...figures.get(7)!]).toEqual([[1, 1], [2, 1], [3, 9_999], [4, 0], [5, 80_000_000], [6, 0]]);
  });
});

describe('describeCountRule', () => {
  it.each([
    [rule({ workKind: 'tuyen-pho', state: 'handed_over' }), 'vi', 'Đếm từ hoạt động: số công trình, phần việc thanh niên loại "Tuyến phố văn minh", đã bàn giao, trong tuần'],
    [rule({ kind: 'press', channel: 'facebook' }), 'vi', 'Đếm từ hoạt động: số tin, bài tuyên truyền trên Facebook, trong tuần'],
    [rule({ kind: 'team', measure: 'members' }), 'vi', 'Đếm từ hoạt động: tổng số thành viên của đội hình tình nguyện, trong tuần'],
    [rule({ measure: 'value' }), 'vi', 'Đếm từ hoạt động: tổng giá trị của công trình, phần việc thanh niên, trong tuần'],
    [rule({ kind: 'press', channel: 'online' }), 'en', 'Counted from activities: number of press item records, in online press, in the week'],
  ] as const)('%o in %s', (r, lang, expected) => {
    expect(describeCountRule(r, WORK_KINDS, lang)).toBe(expected);
  });
});
