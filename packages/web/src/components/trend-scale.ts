/**
 * The value axis of the trend chart: from 0 (or the lowest value, if below 0) to a round
 * number at or above the highest, in steps of 1, 2, 2,5 or 5 × a power of ten, so that the
 * labels read as a person would write them (0, 500, 1.000, 1.500 — not 0, 437, 874).
 */
export interface TrendScale {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

const STEPS = [1, 2, 2.5, 5, 10] as const;

/** At most `maxTicks` intervals between min and max (a flat or empty series: 0…1). */
export function trendScale(values: readonly number[], maxTicks = 4): TrendScale {
  const finite = values.filter(Number.isFinite);
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  if (high === low) return { min: low, max: low + 1, ticks: [low, low + 1] };
  const rough = (high - low) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = STEPS.map((s) => s * power).find((s) => s >= rough) ?? 10 * power;
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's own decimals: 0,1 + 0,2 is not 0,30000000000000004 on the axis.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; min + i * step <= max + step / 2; i++) ticks.push(Number((min + i * step).toFixed(decimals)));
  return { min, max, ticks };
}

/** Show every n-th of `count` labels so that labels of `labelWidth` px fit in `width` px. */
export function labelEvery(count: number, labelWidth: number, width: number): number {
  if (count <= 1 || width <= 0) return 1;
  return Math.max(1, Math.ceil((count * labelWidth) / width));
}
