import { ValidationError } from './errors.ts';
import { formatNumber } from './format.ts';
import { MAX_VALUE_DECIMALS, isOnValueScale, subtractValues, sumValues, type Indicator } from './indicator.ts';

// Data quality of a report (issue 4), beyond what `validateIndicatorValue` already checks
// (a number, not negative, whole where it must be): upper bounds, values to date that
// never go down, rules between indicators, and outliers.
//
// `check*` functions answer with the problems they find (`FieldIssue`, or null), so a
// service can gather every problem of a form before refusing it; `validate*` functions
// check a definition and throw a `ValidationError` at its first problem.

/**
 * A problem with one field of a form: `field` is its path (`values.<code>`), `message`
 * Vietnamese, `messageEn` English, `details` the offending values. Same shape as the
 * server's field errors.
 *
 * @example
 * const issue: FieldIssue = { field: 'values.doi-hinh', message: 'Sai.', messageEn: 'Wrong.', details: {} };
 */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
  readonly details: Readonly<Record<string, unknown>>;
}

function issue(field: string, message: string, messageEn: string, details: Record<string, unknown>): FieldIssue {
  return Object.freeze({ field, message, messageEn, details: Object.freeze({ ...details }) });
}

/** Vietnamese writing of an indicator value (or a median, which may have one more decimal). */
function vi(n: number): string {
  return formatNumber(n, MAX_VALUE_DECIMALS + 1);
}

/** The same number the English way: ',' groups thousands and '.' marks decimals. */
function en(n: number): string {
  return vi(n).replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
}

/** a − b, exact when both are indicator values (so 0.3 − 0.1 is 0.2). */
function difference(a: number, b: number): number {
  return isOnValueScale(a) && isOnValueScale(b) ? subtractValues(a, b) : a - b;
}

function checkFinite(values: readonly number[], what: string): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${what} must be finite numbers, got ${v}`);
}

/**
 * The median, exact: the middle value, or the midpoint of the two middle ones computed
 * exactly when they are indicator values (at most `MAX_VALUE_DECIMALS` decimals).
 *
 * @example
 * median([0.1, 0.2]); // 0.15, where (0.1 + 0.2) / 2 gives 0.15000000000000002
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The median of no values is undefined');
  checkFinite(values, 'Values');
  // A typed array sorts numbers without a comparator, several times faster than an array
  // (a branch may be compared with hundreds of siblings, for every indicator it submits).
  return middleOfSorted(Float64Array.from(values).sort());
}

function middleOfSorted(sorted: Float64Array): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid]!;
  if (sorted.length % 2 === 1) return upper;
  const lower = sorted[mid - 1]!;
  // Halving a double is exact, so the only rounding is the sum's.
  return isOnValueScale(lower) && isOnValueScale(upper) ? sumValues([lower, upper]) / 2 : lower + (upper - lower) / 2;
}

// Why the modified z-score (Iglewicz & Hoaglin, 1993) rather than the usual
// (x − mean) / standard deviation: the mean and the standard deviation are dragged by the
// very outliers we look for. One mistyped week (12.500 instead of 1.250) among four
// inflates the standard deviation so much that it hides itself and the next mistake
// ("masking"), and with 4 to 10 past weeks there is little data to dilute it. The median
// and the median absolute deviation (MAD) ignore up to half the values being wild, so a
// past error does not excuse a new one. 0.6745 makes the score comparable with an ordinary
// z-score on normal data; Iglewicz and Hoaglin suggest |score| > 3.5 as an outlier.

const MAD_FACTOR = 0.6745;
// When more than half the values equal the median the MAD is 0; the mean absolute
// deviation still sees the rest (0.7979 ≈ √(2/π) makes it comparable, as in IBM SPSS).
const MEAN_AD_FACTOR = 0.7979;

/**
 * How far `value` lies from `history`, in robust standard deviations:
 * 0.6745·(x − median)/MAD; when MAD = 0, 0.7979·(x − median)/meanAD (mean absolute
 * deviation from the median); when both are 0 (every past value equal) it is 0 for that
 * same value and ±Infinity for any other: a constant history has no spread to measure a
 * departure by, so any departure is infinitely many of them. `flagOutlier` then decides
 * whether the difference matters. The sign says above (+) or below (−) the median.
 *
 * @example
 * modifiedZScore(12_500, [1000, 1100, 1200, 1300, 1400]); // 0.6745 × 11300 / 100 = 76.2185
 */
export function modifiedZScore(value: number, history: readonly number[]): number {
  checkFinite([value], 'The value');
  const m = median(history);
  const d = difference(value, m);
  if (d === 0) return 0;
  const deviations = new Float64Array(history.length);
  let sum = 0;
  for (let i = 0; i < history.length; i++) sum += deviations[i] = Math.abs(difference(history[i]!, m));
  const mad = middleOfSorted(deviations.sort());
  if (mad > 0) return (MAD_FACTOR * d) / mad;
  const meanAd = sum / deviations.length;
  if (meanAd > 0) return (MEAN_AD_FACTOR * d) / meanAd;
  return d > 0 ? Infinity : -Infinity;
}

/**
 * What a value was compared with: the unit's own past weeks, or its peers' values for the
 * same week.
 *
 * @example
 * const kind: OutlierKind = 'peers';
 */
export type OutlierKind = 'history' | 'peers';

/**
 * A value flagged as unusual. Submitting it needs a confirmation with a short explanation
 * (`checkOutlierExplanation`), which the approver sees beside `message`.
 *
 * @example
 * const flag: OutlierFlag = { kind: 'history', direction: 'high', score: 76.2185, median: 1200,
 *   message: { vi: 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200).',
 *     en: 'The figure 12,500 is unusually high compared with previous weeks (median 1,200).' } };
 */
export interface OutlierFlag {
  readonly kind: OutlierKind;
  readonly direction: 'high' | 'low';
  /** The modified z-score; ±Infinity when the values compared with were all equal. */
  readonly score: number;
  readonly median: number;
  readonly message: { readonly vi: string; readonly en: string };
}

/**
 * The defaults of `flagOutlier`.
 *
 * @example
 * OUTLIER_DEFAULTS.threshold; // 3.5
 */
export const OUTLIER_DEFAULTS = Object.freeze({
  /** Iglewicz and Hoaglin's cut-off for |modified z-score|. */
  threshold: 3.5,
  /** Fewer past weeks than this say nothing about the unit's habits. */
  minHistory: 4,
  /** Fewer peers than this say nothing about what is usual. */
  minPeers: 5,
  /** In the indicator's unit: a difference this small from the median is never flagged. */
  minDifference: 10,
  /**
   * As a share of the median: flagged only at (1 + this) times the median or more, or the
   * median divided by (1 + this) or less — by default three times or a third. Campaigns
   * ramp up week by week, so a figure twice last weeks' is ordinary; a digit typed too
   * many or too few (×10, ÷10) is not.
   */
  minRelativeDifference: 2,
});

/**
 * The input of `flagOutlier`. `history` is the unit's own figures for past weeks and
 * `peers` the figures of comparable units (siblings, cluster members) for the same week,
 * the unit itself left out; both of the same kind as `value` (this week's increments, say).
 *
 * @example
 * const input: OutlierInput = { value: 12_500, history: [1000, 1100, 1200, 1300, 1400] };
 */
export interface OutlierInput {
  readonly value: number;
  readonly history?: readonly number[] | undefined;
  readonly peers?: readonly number[] | undefined;
  readonly threshold?: number | undefined;
  readonly minHistory?: number | undefined;
  readonly minPeers?: number | undefined;
  readonly minDifference?: number | undefined;
  readonly minRelativeDifference?: number | undefined;
  /**
   * The peers' figures were scaled to the unit's size (each × the unit's target ÷ the
   * peer's target), so units of different sizes compare; the message says so.
   */
  readonly peersScaledByTarget?: boolean | undefined;
}

function outlierAgainst(
  kind: OutlierKind,
  value: number,
  reference: readonly number[],
  threshold: number,
  minDifference: number,
  minRelativeDifference: number,
  scaled = false,
): OutlierFlag | null {
  const score = modifiedZScore(value, reference);
  if (!(Math.abs(score) > threshold)) return null;
  const m = median(reference);
  // The score says how unusual the value is, not whether it matters. With a very steady
  // history (or mostly zeros) a few units more score high, yet 0 → 3 people or 1.000 →
  // 1.100 is ordinary week-to-week variation, not a typing error worth a confirmation.
  if (Math.abs(difference(value, m)) <= minDifference) return null;
  const factor = 1 + minRelativeDifference;
  const high = score > 0;
  if (high ? value < m * factor : value > m / factor) return null;
  const against = kind === 'history'
    ? { vi: 'các tuần trước', en: 'previous weeks' }
    : scaled
      ? { vi: 'các đơn vị cùng cấp, quy theo chỉ tiêu được giao', en: 'peer units, scaled by their targets' }
      : { vi: 'các đơn vị cùng cấp', en: 'peer units' };
  return Object.freeze({
    kind,
    direction: high ? 'high' : 'low',
    score,
    median: m,
    message: Object.freeze({
      vi: `Số liệu ${vi(value)} ${high ? 'cao' : 'thấp'} bất thường so với ${against.vi} (trung vị ${vi(m)}).`,
      en: `The figure ${en(value)} is unusually ${high ? 'high' : 'low'} compared with ${against.en} (median ${en(m)}).`,
    }),
  });
}

/**
 * Flags a value far from the unit's own history or, failing that, from its peers, by the
 * modified z-score: flagged when |score| > `threshold` (strictly), the difference from the
 * median exceeds `minDifference`, and the value is at least (1 + `minRelativeDifference`)
 * times the median (high) or at most the median divided by it (low). Each
 * comparison is skipped with fewer than `minHistory` past weeks or `minPeers` peers. The
 * history is tried first: a unit's own habits say more than its neighbours', which
 * differ in size. Null when nothing is unusual.
 *
 * @example
 * flagOutlier({ value: 12_500, history: [1000, 1100, 1200, 1300, 1400] })?.message.vi;
 * // 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200).'
 */
export function flagOutlier(input: OutlierInput): OutlierFlag | null {
  const {
    value,
    history = [],
    peers = [],
    threshold = OUTLIER_DEFAULTS.threshold,
    minHistory = OUTLIER_DEFAULTS.minHistory,
    minPeers = OUTLIER_DEFAULTS.minPeers,
    minDifference = OUTLIER_DEFAULTS.minDifference,
    minRelativeDifference = OUTLIER_DEFAULTS.minRelativeDifference,
  } = input;
  if (!(threshold >= 0)) throw new RangeError(`The threshold must be at least 0, got ${threshold}`);
  const limits = [minDifference, minRelativeDifference] as const;
  if (history.length > 0 && history.length >= minHistory) {
    const flag = outlierAgainst('history', value, history, threshold, ...limits);
    if (flag) return flag;
  }
  if (peers.length > 0 && peers.length >= minPeers) {
    return outlierAgainst('peers', value, peers, threshold, ...limits, input.peersScaledByTarget === true);
  }
  return null;
}

/**
 * The explanation that goes with a flagged value is short.
 *
 * @example
 * 'Ra quân cao điểm ngày 26/3'.length <= MAX_EXPLANATION_LENGTH; // true
 */
export const MAX_EXPLANATION_LENGTH = 500;

/**
 * A flagged value is submitted only with a confirmation: a short explanation the approver
 * sees. Null when there is no flag or the explanation is given. The field defaults to
 * `values.<code>`, so the form shows the request beside the value.
 *
 * @example
 * checkOutlierExplanation({ code: 'tnv', name: 'Tình nguyện viên' }, flag, 'Ra quân cao điểm'); // null
 */
export function checkOutlierExplanation(
  ind: Pick<Indicator, 'code' | 'name'>,
  flag: OutlierFlag | null,
  explanation: string | null | undefined,
  field?: string,
): FieldIssue | null {
  if (!flag) return null;
  const at = field ?? `values.${ind.code}`;
  const text = (explanation ?? '').trim();
  const details = { indicatorCode: ind.code, flag };
  if (!text) {
    return issue(
      at,
      `Chỉ tiêu "${ind.name}": ${flag.message.vi} Vui lòng xác nhận và ghi giải thích ngắn.`,
      `Indicator "${ind.name}": ${flag.message.en} Please confirm it with a short explanation.`,
      details,
    );
  }
  if (text.length > MAX_EXPLANATION_LENGTH) {
    return issue(
      at,
      `Giải thích cho chỉ tiêu "${ind.name}" quá dài (tối đa ${MAX_EXPLANATION_LENGTH} ký tự).`,
      `The explanation for indicator "${ind.name}" is too long (at most ${MAX_EXPLANATION_LENGTH} characters).`,
      { ...details, length: text.length },
    );
  }
  return null;
}

/**
 * For a cumulative indicator (số liệu lũy kế): the value to date may stay or grow, never
 * fall. A smaller figure means the earlier one was wrong, which is fixed by correcting
 * that week's report, not by a negative week. `previousToDate` is null before the first
 * report. With `ind`, the message names it and the field is `values.<code>`.
 *
 * @example
 * checkCumulativeNeverDecreases(100, 90)?.message;
 * // 'Số liệu lũy kế 90 thấp hơn số liệu lũy kế đã báo cáo trước đó (100). …'
 */
export function checkCumulativeNeverDecreases(
  previousToDate: number | null,
  newToDate: number,
  ind?: Pick<Indicator, 'code' | 'name'>,
  field?: string,
): FieldIssue | null {
  if (previousToDate === null || !(difference(newToDate, previousToDate) < 0)) return null;
  const said = {
    vi: `Số liệu lũy kế ${vi(newToDate)} thấp hơn số liệu lũy kế đã báo cáo trước đó (${vi(previousToDate)}). ` +
      'Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.',
    en: `The value to date ${en(newToDate)} is below the value to date reported before (${en(previousToDate)}). ` +
      "Values to date never decrease; if the earlier figure was wrong, correct that week's report.",
  };
  return issue(
    field ?? (ind ? `values.${ind.code}` : 'value'),
    ind ? `Chỉ tiêu "${ind.name}": s${said.vi.slice(1)}` : said.vi,
    ind ? `Indicator "${ind.name}": t${said.en.slice(1)}` : said.en,
    { ...(ind ? { indicatorCode: ind.code } : {}), previousToDate, value: newToDate },
  );
}

/**
 * An upper bound a campaign sets on an indicator's value (null or absent: none). The
 * bound is allowed; above it is refused, as in `validateIndicatorValue`'s own limit.
 *
 * @example
 * checkUpperBound({ code: 'tuoi', name: 'Tuổi bình quân', upperBound: 35 }, 36)?.message;
 * // 'Chỉ tiêu "Tuổi bình quân" không nhận số lớn hơn 35 (36).'
 */
export function checkUpperBound(
  ind: Pick<Indicator, 'code' | 'name'> & { readonly upperBound?: number | null | undefined },
  value: number,
  field?: string,
): FieldIssue | null {
  const bound = ind.upperBound;
  if (bound === null || bound === undefined || !(value > bound)) return null;
  return issue(
    field ?? `values.${ind.code}`,
    `Chỉ tiêu "${ind.name}" không nhận số lớn hơn ${vi(bound)} (${vi(value)}).`,
    `Indicator "${ind.name}" does not take numbers above ${en(bound)} (${en(value)}).`,
    { indicatorCode: ind.code, upperBound: bound, value },
  );
}

/**
 * The comparisons a cross-indicator rule may use.
 *
 * @example
 * CROSS_RULE_OPS.includes('>='); // true
 */
export const CROSS_RULE_OPS = ['>=', '<=', '='] as const;

/**
 * One of `CROSS_RULE_OPS`.
 *
 * @example
 * const op: CrossRuleOp = '<=';
 */
export type CrossRuleOp = (typeof CROSS_RULE_OPS)[number];

/**
 * A rule between two indicators of a campaign, stored as JSON: `left op right`.
 *
 * @example
 * const rule: CrossRule = { left: 'tinh-nguyen-vien', op: '>=', right: 'doi-hinh' };
 */
export interface CrossRule {
  readonly left: string;
  readonly op: CrossRuleOp;
  readonly right: string;
}

const RULE_KEYS: ReadonlySet<string> = new Set(['left', 'op', 'right']);

/**
 * Reads a cross-indicator rule as stored (parsed JSON) and returns it frozen; refuses a
 * wrong shape, an unknown comparison, an indicator not in `indicatorCodes`, or a rule
 * comparing an indicator with itself. `field` prefixes the error paths (`crossRules.0`).
 *
 * @example
 * validateCrossRule({ left: 'tinh-nguyen-vien', op: '>=', right: 'doi-hinh' }, ['tinh-nguyen-vien', 'doi-hinh']);
 */
export function validateCrossRule(rule: unknown, indicatorCodes: readonly string[], field = 'rule'): CrossRule {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new ValidationError(
      field,
      'Quy tắc giữa các chỉ tiêu phải có dạng { left, op, right }.',
      'A cross-indicator rule must have the form { left, op, right }.',
      { value: rule },
    );
  }
  const record = rule as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !RULE_KEYS.has(key));
  if (extra !== undefined) {
    throw new ValidationError(
      `${field}.${extra}`,
      `Quy tắc giữa các chỉ tiêu không có trường "${extra}"; chỉ có left, op và right.`,
      `A cross-indicator rule has no field "${extra}"; only left, op and right.`,
      { value: record[extra] },
    );
  }
  const code = (side: 'left' | 'right'): string => {
    const value = record[side];
    if (typeof value !== 'string' || !indicatorCodes.includes(value)) {
      throw new ValidationError(
        `${field}.${side}`,
        `Chỉ tiêu "${String(value ?? '')}" không thuộc chiến dịch này.`,
        `Indicator "${String(value ?? '')}" is not part of this campaign.`,
        { value },
      );
    }
    return value;
  };
  const left = code('left');
  const op = record.op;
  if (typeof op !== 'string' || !(CROSS_RULE_OPS as readonly string[]).includes(op)) {
    throw new ValidationError(
      `${field}.op`,
      `Phép so sánh "${String(op ?? '')}" không hợp lệ; chỉ nhận >=, <= hoặc =.`,
      `The comparison "${String(op ?? '')}" is not valid; use >=, <= or =.`,
      { value: op },
    );
  }
  const right = code('right');
  if (left === right) {
    throw new ValidationError(
      `${field}.right`,
      `Quy tắc phải so sánh hai chỉ tiêu khác nhau, không so sánh "${left}" với chính nó.`,
      `A rule must compare two different indicators, not "${left}" with itself.`,
      { value: right },
    );
  }
  return Object.freeze({ left, op: op as CrossRuleOp, right });
}

const OP_WORDS: Readonly<Record<CrossRuleOp, { vi: string; en: string }>> = {
  '>=': { vi: 'phải lớn hơn hoặc bằng', en: 'must be at least' },
  '<=': { vi: 'phải nhỏ hơn hoặc bằng', en: 'must be at most' },
  '=': { vi: 'phải bằng', en: 'must equal' },
};

/**
 * The rules broken by a report's values: one issue per broken rule, on the field of its
 * left indicator (`values.<left>`), naming both indicators through `nameOf`. A rule whose
 * values are missing (null, absent) is skipped: an indicator not reported is not a
 * contradiction. Indicator values are compared exactly (`MAX_VALUE_DECIMALS`).
 *
 * @example
 * checkCrossRules([{ left: 'tnv', op: '>=', right: 'doi-hinh' }], { tnv: 12, 'doi-hinh': 15 },
 *   (c) => ({ tnv: 'Tình nguyện viên', 'doi-hinh': 'Đội hình' })[c] ?? c)[0]?.message;
 * // 'Chỉ tiêu "Tình nguyện viên" (12) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình" (15).'
 */
export function checkCrossRules(
  rules: readonly CrossRule[],
  values: Readonly<Record<string, number | null | undefined>>,
  nameOf: (code: string) => string = (code) => code,
): readonly FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const rule of rules) {
    const l = Object.hasOwn(values, rule.left) ? values[rule.left] : undefined;
    const r = Object.hasOwn(values, rule.right) ? values[rule.right] : undefined;
    if (typeof l !== 'number' || typeof r !== 'number' || !Number.isFinite(l) || !Number.isFinite(r)) continue;
    const d = difference(l, r);
    const holds = rule.op === '>=' ? d >= 0 : rule.op === '<=' ? d <= 0 : d === 0;
    if (holds) continue;
    const words = OP_WORDS[rule.op];
    const [leftName, rightName] = [nameOf(rule.left), nameOf(rule.right)];
    issues.push(
      issue(
        `values.${rule.left}`,
        `Chỉ tiêu "${leftName}" (${vi(l)}) ${words.vi} chỉ tiêu "${rightName}" (${vi(r)}).`,
        `Indicator "${leftName}" (${en(l)}) ${words.en} indicator "${rightName}" (${en(r)}).`,
        { rule: Object.freeze({ ...rule }), left: l, right: r },
      ),
    );
  }
  return Object.freeze(issues);
}
