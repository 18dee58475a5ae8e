/**
 * Read-your-writes with a streaming replica (DATABASE_READ_URL). Dashboard reads go to the
 * replica, which replays the primary's WAL some milliseconds (or, under load, seconds) behind.
 * After a user's write has committed, the caller asks `ctx.replica.writePosition()` for the
 * primary's WAL position and hands it to the user (the HTTP server: the gb_lsn cookie on the
 * write's response); a read that carries such a position is served by the replica only once
 * the replica has replayed that far, otherwise by the primary. The position travels with the
 * user, not with a process, so it holds behind a load balancer with any number of processes
 * and needs no table. Readers without a recent write read the replica freely: they may see
 * another user's submission a moment late, never their own.
 */
import { compareLsn, isLsn, replicationRepository, type Database, type Db } from '@giaoban/db';
import type { ServiceContext } from './context.ts';

/** How long one answer to "how far has the replica replayed?" is trusted when it is not far enough. */
const REPLAY_CHECK_MS = 100;

interface Replayed { readonly lsn: string | null; readonly at: number; readonly pending?: Promise<string | null> }

/**
 * The read replica of one context (`ctx.replica`): whether there is one, and how far it has
 * replayed — the last position seen and the query in flight (one at a time), so that readers
 * ask the replica at most every REPLAY_CHECK_MS.
 */
export class ReadReplica {
  readonly #primary: Db;
  readonly #replica: Db | null;
  #replayed: Replayed | null = null;

  constructor(database: Pick<Database, 'db' | 'readDb'>) {
    this.#primary = database.db;
    this.#replica = database.readDb === database.db ? null : database.readDb;
  }

  /** Whether dashboard reads go to a replica at all (DATABASE_READ_URL; never on PGlite). */
  get configured(): boolean {
    return this.#replica !== null;
  }

  /**
   * The primary's WAL position now: every transaction committed before the call lies before it.
   * Null without a replica (there is nothing to wait for).
   */
  async writePosition(): Promise<string | null> {
    return this.#replica ? replicationRepository.currentLsn(this.#primary) : null;
  }

  /** Whether the replica has replayed the primary's WAL up to `lsn` (true without a replica). */
  async hasReplayed(lsn: string): Promise<boolean> {
    const replica = this.#replica;
    if (!replica) return true;
    const reached = (seen: string | null) => seen !== null && compareLsn(seen, lsn) >= 0;
    const last = this.#replayed;
    // Replay only moves forward: a position once reached stays reached.
    if (last && reached(last.lsn)) return true;
    if (last?.pending) return reached(await last.pending);
    if (last && performance.now() - last.at < REPLAY_CHECK_MS) return false;
    // A replica that does not answer (or is not a standby: null) sends the reader to the primary.
    const pending = replicationRepository.replayedLsn(replica).catch(() => null);
    this.#replayed = { lsn: last?.lsn ?? null, at: last?.at ?? 0, pending };
    const seen = await pending;
    this.#replayed = { lsn: seen, at: performance.now() };
    return reached(seen);
  }

  /**
   * Waits until the replica has replayed everything committed on the primary before the call,
   * for at most `timeoutMs`; true if it has (at once without a replica). For live updates: a
   * page told of a change re-reads from the replica, so tell it once the replica shows it.
   */
  async caughtUp(timeoutMs = 1000): Promise<boolean> {
    if (!this.#replica) return true;
    const target = await replicationRepository.currentLsn(this.#primary);
    const deadline = performance.now() + timeoutMs;
    while (!(await this.hasReplayed(target))) {
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }
}

/**
 * The context a dashboard read runs in: its `db` is the replica, unless the reader wrote at
 * `after` and the replica has not replayed that far yet (then the primary). A malformed
 * position counts as none. Without a replica, the context itself.
 */
export async function readContext(ctx: ServiceContext, after: string | null | undefined): Promise<ServiceContext> {
  if (!ctx.replica.configured) return ctx;
  const onReplica = !after || !isLsn(after) || await ctx.replica.hasReplayed(after);
  return onReplica ? Object.freeze({ ...ctx, db: ctx.readDb }) : ctx;
}
