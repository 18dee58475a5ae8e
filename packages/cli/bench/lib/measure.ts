/** Timing helpers of the benchmarks: a clock, percentiles, Vietnamese-formatted figures. */
import { performance } from 'node:perf_hooks';
import { formatNumber } from '@giaoban/core';

export const now = () => performance.now();

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = now();
  const result = await fn();
  return { result, ms: now() - t0 };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export interface Stats { n: number; median: number; p95: number; p99: number; min: number; max: number }
export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export const ms = (v: number) => (v >= 100 ? formatNumber(Math.round(v)) : formatNumber(v, 1));
export const secs = (v: number) => `${formatNumber(v / 1000, 1)} s`;
export const count = (v: number) => formatNumber(v);
