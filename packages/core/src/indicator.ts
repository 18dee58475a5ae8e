import { ValidationError } from './errors.ts';
import { formatNumber, parseNumber, toFixedDecimal } from './format.ts';

/**
 * How an indicator's values are written: whole numbers, decimals, or whole đồng.
 *
 * @example
 * VALUE_KINDS.includes('vnd'); // true
 */
export const VALUE_KINDS = ['integer', 'decimal', 'vnd'] as const;

/**
 * One of `VALUE_KINDS`.
 *
 * @example
 * const kind: ValueKind = 'decimal';
 */
export type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * How units enter an indicator: `increment` is the period's own figure, `cumulative` the
 * value to date (số liệu lũy kế).
 *
 * @example
 * REPORTING_MODES[1]; // 'cumulative'
 */
export const REPORTING_MODES = ['increment', 'cumulative'] as const;

/**
 * One of `REPORTING_MODES`.
 *
 * @example
 * const mode: ReportingMode = 'cumulative';
 */
export type ReportingMode = (typeof REPORTING_MODES)[number];

/**
 * A measured quantity (chỉ tiêu) with its unit of measure (lượt, người, km, triệu đồng…).
 *
 * @example
 * const streets: Indicator = { id: 1, code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến',
 *   valueKind: 'integer', reportingMode: 'increment' };
 */
export interface Indicator {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly unitOfMeasure: string;
  readonly valueKind: ValueKind;
  readonly reportingMode: ReportingMode;
}

/**
 * Values carry at most this many decimals; sums and differences are computed exactly at
 * this scale.
 *
 * @example
 * toFixedDecimal(12.3456, MAX_VALUE_DECIMALS); // '12.3456'
 */
export const MAX_VALUE_DECIMALS = 4;

/** Far above any real figure, and below 2^53 so that whole numbers stay exact doubles. */
const MAX_VALUE = 1e15;
const SCALE = 10n ** BigInt(MAX_VALUE_DECIMALS);
const SCALE_NUMBER = 10 ** MAX_VALUE_DECIMALS;
/**
 * Below this, v × 10^MAX_VALUE_DECIMALS is off its whole number by far less than ½ and a
 * sum of such whole numbers stays exact in a double.
 */
const SCALED_NUMBER_LIMIT = 2 ** 51;

function toScaled(v: number): bigint {
  return BigInt(toFixedDecimal(v, MAX_VALUE_DECIMALS).replace('.', ''));
}

function fromScaled(x: bigint): number {
  const abs = x < 0n ? -x : x;
  const frac = (abs % SCALE).toString().padStart(MAX_VALUE_DECIMALS, '0');
  return Number(`${x < 0n ? '-' : ''}${abs / SCALE}.${frac}`);
}

/**
 * v × 10^MAX_VALUE_DECIMALS as a whole number, without writing v out, when v is exactly
 * an indicator value (the double nearest a number of at most MAX_VALUE_DECIMALS decimals)
 * below ≈ 2,25·10^11; null otherwise, and the caller goes the slow, exact way. Division
 * by 10^MAX_VALUE_DECIMALS is correctly rounded, so `k / SCALE_NUMBER === v` holds only
 * for that nearest double, and then equals toScaled(v).
 */
function scaledNumber(v: number): number | null {
  const k = Math.round(v * SCALE_NUMBER);
  return Math.abs(k) <= SCALED_NUMBER_LIMIT && k / SCALE_NUMBER === v ? k : null;
}

/** The exact sum of values with decimals: in doubles when it can be, else in big integers. */
function sumScaled(values: readonly number[]): number {
  let k = 0;
  for (const v of values) {
    const x = scaledNumber(v);
    k += x ?? NaN;
    if (!(Math.abs(k) <= SCALED_NUMBER_LIMIT)) return fromScaled(values.reduce((acc, y) => acc + toScaled(y), 0n));
  }
  // The same double as fromScaled(k): both are the one nearest k / 10^MAX_VALUE_DECIMALS.
  return k / SCALE_NUMBER;
}

/**
 * Whether n is exactly an indicator value: the double written with at most
 * MAX_VALUE_DECIMALS decimals.
 *
 * @example
 * isOnValueScale(0.1); // true
 * isOnValueScale(0.1 + 0.2); // false (0.30000000000000004)
 */
export function isOnValueScale(n: number): boolean {
  // Whole numbers, the common case, without writing them out (the checks run for every past week).
  if (Number.isInteger(n)) return true;
  return scaledNumber(n) !== null || Number(toFixedDecimal(n, MAX_VALUE_DECIMALS)) === n;
}

/**
 * The exact sum of indicator values (each rounded to `MAX_VALUE_DECIMALS`), so that
 * 0.1 + 0.2 is 0.3 and an incremental total equals one computed from scratch.
 *
 * @example
 * sumValues([0.1, 0.2]); // 0.3
 */
export function sumValues(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) {
    sum += v;
    // Whole numbers are the common case and exact as long as every partial sum is safe.
    if (!Number.isSafeInteger(v) || !Number.isSafeInteger(sum)) return sumScaled(values);
  }
  return sum;
}

/**
 * The exact difference `a − b` of two indicator values.
 *
 * @example
 * subtractValues(0.3, 0.1); // 0.2
 */
export function subtractValues(a: number, b: number): number {
  return sumValues([a, -b]);
}

/**
 * Checks a value entered for an indicator and returns it. The field defaults to
 * `values.<code>`; messages name the indicator.
 *
 * @example
 * validateIndicatorValue({ code: 'km', name: 'Đường giao thông', valueKind: 'decimal' }, 12.5); // 12.5
 */
export function validateIndicatorValue(
  ind: Pick<Indicator, 'code' | 'valueKind' | 'name'>,
  value: number,
  field?: string,
  typed?: string,
): number {
  const fail = (vi: string, en: string): never => {
    throw new ValidationError(field ?? `values.${ind.code}`, `Chỉ tiêu "${ind.name}" ${vi}`, `Indicator "${ind.name}" ${en}`, {
      indicatorCode: ind.code,
      value,
    });
  };
  if (!Number.isFinite(value)) fail('cần một số hợp lệ.', 'needs a valid number.');
  // The figure as the person typed it when there is a text (a huge number is quoted as
  // typed, not rounded to a double), else written in full; built only when refusing: this
  // runs for every figure of every submission.
  const shown = (): string => typed ?? formatNumber(value, 20);
  const shownEn = (): string => typed ?? String(value);
  if (value < 0) fail(`không nhận số âm (${shown()}).`, `does not take negative numbers (${shownEn()}).`);
  if (value > MAX_VALUE) {
    fail(`không nhận số lớn hơn ${formatNumber(MAX_VALUE)} (${shown()}).`, `does not take numbers above ${MAX_VALUE} (${shownEn()}).`);
  }
  if (ind.valueKind === 'integer' && !Number.isInteger(value)) {
    fail(`chỉ nhận số nguyên, không nhận ${shown()}.`, `takes whole numbers only, not ${shownEn()}.`);
  }
  if (ind.valueKind === 'vnd' && !Number.isInteger(value)) {
    fail(`tính bằng đồng, chỉ nhận số đồng nguyên, không nhận ${shown()}.`, `is in whole đồng, not ${shownEn()}.`);
  }
  if (ind.valueKind === 'decimal' && !isOnValueScale(value)) {
    fail(
      `chỉ nhận tối đa ${MAX_VALUE_DECIMALS} chữ số thập phân, không nhận ${shown()}.`,
      `takes at most ${MAX_VALUE_DECIMALS} decimals, not ${shownEn()}.`,
    );
  }
  return value;
}

/**
 * Reads one figure of an indicator as it was sent: a number as it is, a text the
 * Vietnamese way (`parseNumber`), then checked against the indicator
 * (`validateIndicatorValue`). A refusal carries `field` and quotes a text exactly as typed.
 *
 * @example
 * readIndicatorFigure(streets, '1.500', 'values.tuyen-pho'); // 1500
 * readIndicatorFigure(streets, '1,5', 'values.tuyen-pho'); // throws: … chỉ nhận số nguyên, không nhận 1,5.
 */
export function readIndicatorFigure(ind: Pick<Indicator, 'code' | 'valueKind' | 'name'>, raw: number | string, field: string): number {
  if (typeof raw === 'number') return validateIndicatorValue(ind, raw, field);
  return validateIndicatorValue(ind, parseNumber(raw, field), field, raw.trim());
}

/**
 * Turns successive values to date into each period's increment.
 *
 * @example
 * toIncrements([10, 25, 25, 40], 0); // [10, 15, 0, 15]
 */
export function toIncrements(cumulatives: readonly number[], previousToDate: number): number[] {
  let before = previousToDate;
  return cumulatives.map((toDate) => {
    const increment = subtractValues(toDate, before);
    before = toDate;
    return increment;
  });
}

/**
 * Turns each period's increment into the value to date.
 *
 * @example
 * toCumulatives([10, 15, 0, 15]); // [10, 25, 25, 40]
 */
export function toCumulatives(increments: readonly number[], previousToDate = 0): number[] {
  let toDate = previousToDate;
  return increments.map((increment) => (toDate = sumValues([toDate, increment])));
}

/**
 * The week's increment to store for a figure entered in `mode`; `toDateBefore` is the
 * value to date at the end of the previous week. Only increments are stored, so
 * correcting a past week shifts every later "to date" (DESIGN.md: corrections flow into
 * every later to-date). A cumulative figure below the previous to-date gives a negative
 * increment: a correction downwards.
 *
 * @example
 * incrementFromInput('cumulative', 40, 25); // 15
 */
export function incrementFromInput(mode: ReportingMode, entered: number, toDateBefore: number): number {
  return mode === 'cumulative' ? subtractValues(entered, toDateBefore) : entered;
}

/**
 * What the form shows in `mode` for a stored increment: the inverse of `incrementFromInput`.
 *
 * @example
 * displayFromIncrement('cumulative', 15, 25); // 40
 */
export function displayFromIncrement(mode: ReportingMode, increment: number, toDateBefore: number): number {
  return mode === 'cumulative' ? sumValues([toDateBefore, increment]) : increment;
}
