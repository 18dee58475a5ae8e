/**
 * WAL positions, for read-your-writes with a streaming replica: where the primary's log has
 * got to after a commit, and how far a replica has replayed it. Positions are PostgreSQL's
 * pg_lsn text ('16/B374D848'); `compareLsn` orders them.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';

const LSN_PATTERN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** The primary's current WAL position: every transaction committed before the call lies before it. */
async function currentLsn(ex: Executor): Promise<string> {
  const [row] = await queryRows<{ lsn: string }>(ex, sql`select pg_current_wal_lsn()::text as lsn`);
  return row!.lsn;
}

/** How far a replica has replayed the primary's WAL; null on a server that is not a standby. */
async function replayedLsn(ex: Executor): Promise<string | null> {
  const [row] = await queryRows<{ lsn: string | null }>(ex, sql`select pg_last_wal_replay_lsn()::text as lsn`);
  return row?.lsn ?? null;
}

export const replicationRepository = Object.freeze({ currentLsn, replayedLsn });

/** Whether a string (a cookie, say) is a WAL position at all. */
export function isLsn(value: string): boolean {
  return LSN_PATTERN.test(value);
}

/** Negative, zero or positive as WAL position a is before, at or after b. */
export function compareLsn(a: string, b: string): number {
  const value = (lsn: string) => {
    const [hi, lo] = lsn.split('/');
    return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
  };
  const d = value(a) - value(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
