import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { rateLimits } from './schema.ts';
import { textArray } from './sql-helpers.ts';

/** `count`: hits in the key's current window, this one included; `ttlMs`: milliseconds until the window ends (computed). */
export type RateLimitHit = Readonly<Pick<typeof rateLimits.$inferSelect, 'count'> & { ttlMs: number }>;

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

/**
 * `hit` for several keys in one statement, answered in the order of `keys` (a sign-in counts
 * under its address and username, and under its address alone).
 */
async function hitMany(ex: Executor, keys: readonly string[], windowMs: number): Promise<RateLimitHit[]> {
  const rows = await queryRows<RateLimitHit & Pick<typeof rateLimits.$inferSelect, 'key'>>(ex, sql`
    insert into rate_limits as r (key, window_start, expires_at, count)
    select k, now(), now() + ${windowMs}::float8 * interval '1 millisecond', 1 from unnest(${textArray(keys)}) as k
    on conflict (key) do update set
      window_start = case when r.expires_at <= now() then excluded.window_start else r.window_start end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end,
      count = case when r.expires_at <= now() then 1 else r.count + 1 end
    returning key, count, greatest(0, ceil(extract(epoch from (expires_at - now())) * 1000))::int8 as "ttlMs"`);
  const byKey = new Map(rows.map((r) => [r.key, { count: r.count, ttlMs: r.ttlMs }]));
  return keys.map((k) => byKey.get(k)!);
}

/** Takes back one hit of each key in its current window (an attempt that turned out not to count). */
async function release(ex: Executor, keys: readonly string[]): Promise<void> {
  await ex.execute(sql`update rate_limits set count = greatest(count - 1, 0) where key = any(${textArray(keys)}) and expires_at > now()`);
}

/** Deletes the counters whose window has ended; returns how many. */
async function removeExpired(ex: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from rate_limits where expires_at <= now() returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

export const rateLimitsRepository = Object.freeze({ hit, hitMany, release, removeExpired });
