import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';

export interface RateLimitHit {
  /** Hits in the key's current window, this one included. */
  readonly count: number;
  /** Milliseconds until the window ends. */
  readonly ttlMs: number;
}

/**
 * Counts one hit of `key` in one statement, so concurrent processes never lose a count: the
 * first hit (or the first after the window ended) starts a window of `windowMs` at 1, later
 * ones add 1. Time is the database's, the one clock every process shares.
 */
async function hit(ex: Executor, key: string, windowMs: number): Promise<RateLimitHit> {
  const [row] = await queryRows<RateLimitHit>(ex, sql`
    insert into rate_limits as r (key, window_start, expires_at, count)
    values (${key}, now(), now() + ${windowMs}::float8 * interval '1 millisecond', 1)
    on conflict (key) do update set
      window_start = case when r.expires_at <= now() then excluded.window_start else r.window_start end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end,
      count = case when r.expires_at <= now() then 1 else r.count + 1 end
    returning count, greatest(0, ceil(extract(epoch from (expires_at - now())) * 1000))::int8 as "ttlMs"`);
  return row!;
}

/** Deletes the counters whose window has ended; returns how many. */
async function removeExpired(ex: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from rate_limits where expires_at <= now() returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

export const rateLimitsRepository = Object.freeze({ hit, removeExpired });
