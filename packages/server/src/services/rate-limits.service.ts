/**
 * Rate-limit counters kept in the database, so that every server process behind the load
 * balancer counts against the same limit (an in-memory counter per process would allow N
 * times the attempts with N processes).
 */
import { rateLimitsRepository, type RateLimitHit } from '@giaoban/db';
import type { ServiceContext } from './context.ts';

export interface AttemptCounter {
  /** Counts one attempt of `key` in its window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}

/** Sweeps ended windows at most once per `sweepEveryMs` per process, beside a hit. */
export function createAttemptCounter(ctx: ServiceContext, options: { sweepEveryMs?: number } = {}): AttemptCounter {
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  let lastSweep = 0;
  return Object.freeze({
    async hit(key: string, windowMs: number) {
      const result = await rateLimitsRepository.hit(ctx.db, key, windowMs);
      const now = ctx.now().getTime();
      if (now - lastSweep >= sweepEveryMs) {
        lastSweep = now;
        // Housekeeping only: a failed sweep is retried at the next one.
        await rateLimitsRepository.removeExpired(ctx.db).catch(() => 0);
      }
      return result;
    },
  });
}
