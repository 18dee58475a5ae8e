/**
 * Indicators counted from records (issue 20): a campaign may say that an indicator's weekly
 * figure is not typed but counted from its units' activity records — "works of kind 'tuyến
 * phố văn minh' handed over", "press items", "members of the volunteer teams deployed". The
 * rule (`CountRule`) is checked here; the figure of a unit's week is what `countedFigures`
 * makes of the unit's own records dated in that week (a roll-up adds the children's, like any
 * figure). Pure: the write path reads the records and hands them over.
 */
import { FieldProblemsError } from './errors.ts';
import {
  ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, PRESS_CHANNELS, PRESS_CHANNEL_CODES, WORK_STATES, WORK_STATE_CODES, type ActivityKind, type PressChannel, type WorkState,
} from './activities.ts';
import type { ReportingMode, ValueKind } from './indicator.ts';
import type { IsoDate } from './period.ts';

/** What of the matching records an indicator counts. @example COUNT_MEASURES[0]; // 'count' */
export const COUNT_MEASURES = Object.freeze(['count', 'value', 'members', 'reach', 'views'] as const);
export type CountMeasure = (typeof COUNT_MEASURES)[number];

/** The kinds of record whose sum a measure is (a count applies to every kind). */
const MEASURE_KINDS: Readonly<Record<Exclude<CountMeasure, 'count'>, ActivityKind>> = Object.freeze({
  value: 'work', members: 'team', reach: 'press', views: 'press',
});

/** @example COUNT_MEASURE_LABELS.value.vi; // 'tổng giá trị (đồng)' */
export const COUNT_MEASURE_LABELS: Readonly<Record<CountMeasure, { readonly vi: string; readonly en: string }>> = Object.freeze({
  count: { vi: 'số bản ghi', en: 'number of records' }, value: { vi: 'tổng giá trị (đồng)', en: 'total value (đồng)' },
  members: { vi: 'tổng số thành viên', en: 'total members' }, reach: { vi: 'tổng số người tiếp cận', en: 'total reach' },
  views: { vi: 'tổng lượt xem', en: 'total views' },
});

/**
 * How an indicator is counted from records: of one kind, optionally only works of a kind of
 * work and a state, or press items of a channel. @example
 * const streets: CountRule = { kind: 'work', measure: 'count', workKind: 'tuyen-pho', state: 'handed_over', channel: null };
 */
export interface CountRule {
  readonly kind: ActivityKind;
  readonly measure: CountMeasure;
  readonly workKind: string | null;
  readonly state: WorkState | null;
  readonly channel: PressChannel | null;
}

/** What a rule is checked against: the indicator it counts and the campaign's work kinds. */
export interface CountRuleContext {
  readonly indicator: { readonly code: string; readonly name: string; readonly valueKind: ValueKind; readonly reportingMode: ReportingMode };
  readonly workKinds: readonly { readonly code: string; readonly name: string }[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Reads a rule as a form sends it (`{ kind, measure?, workKind?, state?, channel? }`), every
 * problem at once under `field` (a FieldProblemsError): an unknown kind, a measure the kind
 * has not (a team's members, a work's value, a press item's reach or views), a filter of
 * another kind, a kind of work the campaign does not list, money counted into an indicator
 * not in đồng or the reverse. @example
 * checkCountRule({ kind: 'press' }, { indicator: { code: 'tin-bai', name: 'Tin, bài', valueKind: 'integer', reportingMode: 'increment' }, workKinds: [] }, 'rules.countedFrom.tin-bai');
 * // { kind: 'press', measure: 'count', workKind: null, state: null, channel: null }
 */
export function checkCountRule(raw: unknown, context: CountRuleContext, field: string): CountRule {
  const problems: { field: string; message: string; messageEn: string }[] = [];
  const say = (at: string, message: string, messageEn: string) => problems.push({ field: `${field}.${at}`, message, messageEn });
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { indicator } = context;
  const kind = text(r.kind);
  if (!kind || !(ACTIVITY_KINDS as readonly string[]).includes(kind)) {
    say('kind', `Chỉ tiêu "${indicator.name}": loại hoạt động "${kind ?? ''}" không có. Các loại: ${ACTIVITY_KINDS.join(', ')}.`,
      `Indicator "${indicator.name}": there is no activity kind "${kind ?? ''}" (${ACTIVITY_KINDS.join(', ')}).`);
  }
  const measure = text(r.measure) ?? 'count';
  if (!(COUNT_MEASURES as readonly string[]).includes(measure)) {
    say('measure', `Chỉ tiêu "${indicator.name}": cách tính "${measure}" không có. Các cách: ${COUNT_MEASURES.join(', ')}.`,
      `Indicator "${indicator.name}": there is no measure "${measure}" (${COUNT_MEASURES.join(', ')}).`);
  } else if (measure !== 'count' && kind && MEASURE_KINDS[measure as Exclude<CountMeasure, 'count'>] !== kind) {
    const of = MEASURE_KINDS[measure as Exclude<CountMeasure, 'count'>];
    say('measure', `Chỉ tiêu "${indicator.name}": ${COUNT_MEASURE_LABELS[measure as CountMeasure].vi} chỉ tính được từ ${ACTIVITY_KIND_LABELS[of].vi}.`,
      `Indicator "${indicator.name}": the ${COUNT_MEASURE_LABELS[measure as CountMeasure].en} is counted from records of kind ${of} only.`);
  } else if (measure === 'value' && indicator.valueKind !== 'vnd') {
    say('measure', `Chỉ tiêu "${indicator.name}" không tính bằng đồng nên không cộng được giá trị công trình.`,
      `Indicator "${indicator.name}" is not in đồng, so it cannot add up the works' values.`);
  } else if (measure !== 'value' && indicator.valueKind === 'vnd') {
    say('measure', `Chỉ tiêu "${indicator.name}" tính bằng đồng: chỉ đếm được giá trị công trình (measure: value).`,
      `Indicator "${indicator.name}" is in đồng: it can only add up the works' values (measure: value).`);
  }
  if (indicator.reportingMode !== 'increment') {
    say('kind', `Chỉ tiêu "${indicator.name}" nhập số lũy kế; chỉ tiêu đếm từ hoạt động là số của từng tuần.`,
      `Indicator "${indicator.name}" is reported to date; an indicator counted from records is a weekly figure.`);
  }
  const workKind = text(r.workKind);
  const state = text(r.state);
  const channel = text(r.channel);
  if ((workKind || state) && kind !== 'work') {
    say(workKind ? 'workKind' : 'state', `Chỉ tiêu "${indicator.name}": loại và trạng thái công trình chỉ lọc được công trình.`,
      `Indicator "${indicator.name}": a kind or state of work filters works only.`);
  }
  if (workKind && kind === 'work' && !context.workKinds.some((k) => k.code === workKind)) {
    say('workKind', `Chiến dịch không có loại công trình "${workKind}". Hãy thêm nó vào danh mục hoạt động trước.`,
      `The campaign has no kind of work "${workKind}"; add it to the activity lists first.`);
  }
  if (state && !(WORK_STATE_CODES as readonly string[]).includes(state)) {
    say('state', `Trạng thái công trình "${state}" không có. Các trạng thái: ${WORK_STATE_CODES.join(', ')}.`, `There is no work state "${state}".`);
  }
  if (channel && kind !== 'press') {
    say('channel', `Chỉ tiêu "${indicator.name}": kênh đăng tải chỉ lọc được tin, bài.`, `Indicator "${indicator.name}": a channel filters press items only.`);
  } else if (channel && !(PRESS_CHANNEL_CODES as readonly string[]).includes(channel)) {
    say('channel', `Kênh "${channel}" không có. Các kênh: ${PRESS_CHANNEL_CODES.join(', ')}.`, `There is no channel "${channel}".`);
  }
  if (problems.length > 0) throw new FieldProblemsError(problems);
  return Object.freeze({ kind: kind as ActivityKind, measure: measure as CountMeasure, workKind, state: state as WorkState | null, channel: channel as PressChannel | null });
}

/**
 * A unit's record as counting needs it: the kind's own date (a work's start, a team's or a
 * linkage's first day, a press item's or an inspection's day; none for a model), a work's
 * handover date, and the day it was recorded. @example
 * const row: CountableRecord = { unitId: 7, kind: 'press', date: '2023-06-14', handoverDate: null, recordedOn: '2023-06-15',
 *   workKind: null, state: null, channel: 'online', value: 0, members: 0, reach: 1200, views: 0 };
 */
export interface CountableRecord {
  readonly unitId: number;
  readonly kind: string;
  readonly date: IsoDate | null;
  readonly handoverDate: IsoDate | null;
  readonly recordedOn: IsoDate;
  readonly workKind: string | null;
  readonly state: string | null;
  readonly channel: string | null;
  readonly value: number;
  readonly members: number;
  readonly reach: number;
  readonly views: number;
}

/**
 * The day a record counts on for a rule: a work counted as handed over on its handover day,
 * any other record on its own date, one without a date (a model, a work with no start) on the
 * day it was recorded. @example
 * countDateOf({ kind: 'work', measure: 'count', workKind: null, state: 'handed_over', channel: null }, work); // work.handoverDate
 */
export function countDateOf(rule: CountRule, record: CountableRecord): IsoDate | null {
  if (rule.kind === 'work' && rule.state === 'handed_over') return record.handoverDate;
  return record.date ?? record.recordedOn;
}

/** Whether a record is one a rule counts (of any day). @example matchesCountRule(pressRule, pressRecord); // true */
export function matchesCountRule(rule: CountRule, record: CountableRecord): boolean {
  return record.kind === rule.kind
    && (rule.workKind === null || record.workKind === rule.workKind)
    && (rule.state === null || record.state === rule.state)
    && (rule.channel === null || record.channel === rule.channel);
}

const amountOf = (rule: CountRule, record: CountableRecord): number => (rule.measure === 'count' ? 1 : record[rule.measure]);

/**
 * The figures of a week (`from`–`to`, both days counted) that the rules count for each unit
 * given, from the units' own records: every unit has a figure for every rule (0 when none
 * of its records counts). @example
 * countedFigures(new Map([[3, pressRule]]), [7], [pressRecord], { from: '2023-06-12', to: '2023-06-18' }).get(7)?.get(3); // 1
 */
export function countedFigures(
  rules: ReadonlyMap<number, CountRule>, unitIds: readonly number[], records: readonly CountableRecord[], week: { readonly from: IsoDate; readonly to: IsoDate },
): Map<number, Map<number, number>> {
  const figures = new Map(unitIds.map((id) => [id, new Map([...rules.keys()].map((indicatorId) => [indicatorId, 0]))]));
  for (const record of records) {
    const own = figures.get(record.unitId);
    if (!own) continue;
    for (const [indicatorId, rule] of rules) {
      const day = countDateOf(rule, record);
      if (day === null || day < week.from || day > week.to || !matchesCountRule(rule, record)) continue;
      own.set(indicatorId, own.get(indicatorId)! + amountOf(rule, record));
    }
  }
  return figures;
}

/**
 * The rule in words, as the report form shows it beside the read-only figure. @example
 * describeCountRule({ kind: 'work', measure: 'count', workKind: 'tuyen-pho', state: 'handed_over', channel: null }, [{ code: 'tuyen-pho', name: 'Tuyến phố văn minh' }]);
 * // 'Đếm từ hoạt động: số công trình, phần việc thanh niên loại "Tuyến phố văn minh", đã bàn giao, trong tuần'
 */
export function describeCountRule(rule: CountRule, workKinds: readonly { readonly code: string; readonly name: string }[], lang: 'vi' | 'en' = 'vi'): string {
  const kindName = rule.workKind === null ? null : workKinds.find((k) => k.code === rule.workKind)?.name ?? rule.workKind;
  const { vi: kindVi, en: kindEn } = ACTIVITY_KIND_LABELS[rule.kind];
  if (lang === 'en') {
    const what = rule.measure === 'count' ? `number of ${kindEn} records` : `${COUNT_MEASURE_LABELS[rule.measure].en.replace(' (đồng)', '')} of ${kindEn} records`;
    const filters = [kindName === null ? null : `of kind "${kindName}"`, rule.state === null ? null : WORK_STATES[rule.state].en, rule.channel === null ? null : `in ${PRESS_CHANNELS[rule.channel].en}`];
    return `Counted from activities: ${[what, ...filters].filter((f) => f !== null).join(', ')}, in the week`;
  }
  const what = rule.measure === 'count' ? `số ${kindVi}` : `${COUNT_MEASURE_LABELS[rule.measure].vi.replace(' (đồng)', '')} của ${kindVi}`;
  return `Đếm từ hoạt động: ${what}${kindName === null ? '' : ` loại "${kindName}"`}${rule.state === null ? '' : `, ${WORK_STATES[rule.state].vi}`}`
    + `${rule.channel === null ? '' : ` trên ${PRESS_CHANNELS[rule.channel].vi}`}, trong tuần`;
}
