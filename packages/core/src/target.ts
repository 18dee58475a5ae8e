import { DomainError } from './errors.ts';
import { formatNumber, formatPercent, toFixedDecimal } from './format.ts';
import { MAX_VALUE_DECIMALS, subtractValues, sumValues } from './indicator.ts';
import type { IsoDate } from './period.ts';

/**
 * Where an indicator stands: met (đã đạt); while the campaign runs, ahead of or behind its
 * pace (vượt / chậm tiến độ); once it is over, not met (chưa đạt) — never "behind" then.
 *
 * @example
 * const s: ScheduleStatus = 'not_met';
 */
export type ScheduleStatus = 'achieved' | 'ahead' | 'behind' | 'not_met';

/**
 * The words used for each status in reports.
 *
 * @example
 * SCHEDULE_STATUS_LABELS.ahead.vi; // 'vượt tiến độ'
 */
export const SCHEDULE_STATUS_LABELS: Readonly<Record<ScheduleStatus, { vi: string; en: string }>> = Object.freeze({
  achieved: Object.freeze({ vi: 'đã đạt', en: 'achieved' }),
  ahead: Object.freeze({ vi: 'vượt tiến độ', en: 'ahead of schedule' }),
  behind: Object.freeze({ vi: 'chậm tiến độ', en: 'behind schedule' }),
  not_met: Object.freeze({ vi: 'chưa đạt', en: 'not met' }),
});

function hasTarget(target: number | null | undefined): target is number {
  return typeof target === 'number' && Number.isFinite(target) && target > 0;
}

/**
 * Achievement (đạt X%) = actual ÷ target; null when there is no positive target.
 *
 * @example
 * achievement(698, 500); // 1.396, written 139,6%
 */
export function achievement(actual: number, target: number | null): number | null {
  return hasTarget(target) ? actual / target : null;
}

/**
 * DESIGN.md: "đã đạt" at 100% or more; otherwise, once the campaign has `ended`, "chưa đạt";
 * while it runs, "vượt tiến độ" when achievement is at least the elapsed share of the
 * campaign, else "chậm tiến độ". Null without a target. `ended` defaults to the whole
 * campaign having elapsed (the share is 1 from its last day on).
 *
 * @example
 * scheduleStatus(2_926_049, 3_000_000, 37 / 97); // 'ahead'
 * scheduleStatus(499, 500, 1); // 'not_met'
 */
export function scheduleStatus(
  actual: number, target: number | null, elapsedShare: number, ended: boolean = elapsedShare >= 1,
): ScheduleStatus | null {
  if (!hasTarget(target)) return null;
  if (actual >= target) return 'achieved';
  if (ended) return 'not_met';
  // Compared without dividing; the tolerance absorbs the rounding of elapsedShare × target
  // so that landing exactly on schedule counts as ahead.
  return actual >= elapsedShare * target - 1e-12 * target ? 'ahead' : 'behind';
}

/**
 * Whether the campaign is over as of `asOf`: from its last day on, its figures are final.
 *
 * @example
 * campaignEnded({ endDate: '2023-08-31' }, '2023-08-31'); // true
 */
export function campaignEnded(campaign: { readonly endDate: IsoDate }, asOf: IsoDate): boolean {
  return asOf >= campaign.endDate;
}

/**
 * How a parent's children's targets compare with its own.
 *
 * @example
 * const s: AllocationState = 'exact';
 */
export type AllocationState = 'under' | 'exact' | 'over';

/**
 * A target against the sum allocated to children (phân bổ chỉ tiêu).
 *
 * @example
 * const g: AllocationGap = { target: 100, allocated: 90, gap: 10, state: 'under' };
 */
export interface AllocationGap {
  readonly target: number;
  readonly allocated: number;
  /** target − allocated, exact, never rounded. */
  readonly gap: number;
  readonly state: AllocationState;
}

/**
 * Compares a target with what has been allocated to the children, exactly to
 * `MAX_VALUE_DECIMALS` decimals.
 *
 * @example
 * allocationGap(0.3, [0.1, 0.2]); // { target: 0.3, allocated: 0.3, gap: 0, state: 'exact' }
 */
export function allocationGap(target: number, childTargets: readonly number[]): AllocationGap {
  const allocated = sumValues(childTargets);
  const gap = subtractValues(target, allocated);
  const state: AllocationState = gap > 0 ? 'under' : gap < 0 ? 'over' : 'exact';
  return Object.freeze({ target, allocated, gap, state });
}

function invalidSplit(vi: string, en: string, details: Record<string, unknown>): DomainError {
  return new DomainError('invalid_allocation', vi, { ...details, messageEn: en });
}

/**
 * Splits a whole `total` in proportion to `weights` by largest remainder: the parts sum
 * exactly to `total`, and ties go to the lower index. Computed exactly on weights rounded
 * to `MAX_VALUE_DECIMALS` decimals.
 *
 * @example
 * splitProportionally(10, [1, 1, 1]); // [4, 3, 3]
 */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw invalidSplit(
      `Tổng cần chia phải là số nguyên không âm, không nhận ${Number.isFinite(total) ? formatNumber(total, 20) : total}.`,
      `The total to split must be a whole number of at least 0, not ${total}.`,
      { total },
    );
  }
  const valid = weights.every((w) => Number.isFinite(w) && w >= 0);
  const scaled = valid ? weights.map((w) => BigInt(toFixedDecimal(w, MAX_VALUE_DECIMALS).replace('.', ''))) : [];
  const sum = scaled.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    throw invalidSplit(
      'Các trọng số phải là số không âm và có ít nhất một trọng số lớn hơn 0.',
      'The weights must be at least 0 and at least one must be above 0.',
      { weights: [...weights] },
    );
  }
  const t = BigInt(total);
  const parts = scaled.map((w) => (t * w) / sum);
  const remainders = scaled.map((w) => (t * w) % sum);
  let left = t - parts.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  // left < number of non-zero remainders, so zero weights never receive anything.
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left--;
  }
  return parts.map(Number);
}

/**
 * The figures of one indicator as every screen and document shows them.
 *
 * @example
 * const f: ProgressFigures = progressFigures({ target: 500, thisWeek: 120, toDate: 698, elapsedShare: 0.4 });
 */
export interface ProgressFigures {
  readonly target: number | null;
  readonly thisWeek: number;
  readonly toDate: number;
  readonly achievement: number | null;
  readonly status: ScheduleStatus | null;
  readonly text: {
    readonly target: string | null;
    readonly thisWeek: string;
    readonly toDate: string;
    readonly achievement: string | null;
    readonly status: string | null;
  };
}

/**
 * Computes achievement and status of an indicator and writes its figures. Numbers are
 * written the Vietnamese way in both languages; only the status label is translated.
 * `precision` is the number of decimals of the percentage (default 2).
 *
 * @example
 * progressFigures({ target: 500, thisWeek: 120, toDate: 698, elapsedShare: 0.4 }).text.achievement; // '139,6%'
 */
export function progressFigures(args: {
  target: number | null;
  thisWeek: number;
  toDate: number;
  elapsedShare: number;
  /** The as-of date is the campaign's last day or later (default: the share is 1). */
  ended?: boolean | undefined;
  precision?: number;
  language?: 'vi' | 'en';
}): ProgressFigures {
  const { target, thisWeek, toDate, elapsedShare, ended, precision = 2, language = 'vi' } = args;
  const ratio = achievement(toDate, target);
  const status = scheduleStatus(toDate, target, elapsedShare, ended);
  return Object.freeze({
    target,
    thisWeek,
    toDate,
    achievement: ratio,
    status,
    text: Object.freeze({
      target: target === null ? null : formatNumber(target, MAX_VALUE_DECIMALS),
      thisWeek: formatNumber(thisWeek, MAX_VALUE_DECIMALS),
      toDate: formatNumber(toDate, MAX_VALUE_DECIMALS),
      achievement: ratio === null ? null : formatPercent(ratio, precision),
      status: status === null ? null : SCHEDULE_STATUS_LABELS[status][language],
    }),
  });
}
