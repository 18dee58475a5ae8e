/**
 * Work to do once a transaction has committed, never if it rolls back (live dashboards
 * announce a change only after it is there to be read). `trackCommits` makes a database's
 * `transaction` remember such work for the transactions it opens and resolve once that work
 * is done too (so a command-line process does not exit before it); the work's failures are
 * its own, the transaction stands. A nested transaction (savepoint) is not tracked, and
 * `afterCommit` says so, leaving the caller another way.
 */
import type { Db, Executor } from './connection.ts';

type Hook = (db: Db) => void | Promise<unknown>;

const pending = new WeakMap<object, { readonly db: Db; readonly hooks: Hook[] }>();

export function trackCommits(db: Db): void {
  const run = db.transaction.bind(db);
  const transaction: Db['transaction'] = async (body, config) => {
    const hooks: Hook[] = [];
    const result = await run(async (tx) => {
      pending.set(tx, { db, hooks });
      return body(tx);
    }, config);
    if (hooks.length > 0) await Promise.allSettled(hooks.map(async (hook) => hook(db)));
    return result;
  };
  Object.defineProperty(db, 'transaction', { value: transaction, configurable: true, writable: true });
}

/**
 * Runs `hook` with the database once `tx` has committed. Returns false (and runs nothing)
 * when `tx` is not a top-level transaction of a tracked database.
 */
export function afterCommit(tx: Executor, hook: Hook): boolean {
  const entry = pending.get(tx);
  if (!entry) return false;
  entry.hooks.push(hook);
  return true;
}
