/**
 * A unit of work: one transaction on the primary, and the changes it announces, which are
 * announced once it has committed and never if it rolls back (live dashboards announce a
 * change only once it is there to be read). `ctx.transaction(body)` opens one; `body` gets
 * the database's transaction carrying its unit of work (`WorkTx`), so that code handed only
 * `tx` (a group writer, applySubmissions) announces through it (notifyChange). The call
 * resolves once the changes are announced: this process's caches told and the NOTIFY sent
 * (the context's change bus), so before the writer's response leaves. The announcing is the
 * bus's to get right or report; the committed transaction stands whatever becomes of it.
 *
 * A transaction opened inside (a savepoint) is the database's own and carries no unit of
 * work: notifyChange then sends its NOTIFY from inside it, undone with it.
 */
import type { Db, Executor, Tx } from '@giaoban/db';
import type { ChangeBus, LiveChange } from './live.ts';

/** What a transaction of the context has announced, waiting for its commit. */
export class UnitOfWork {
  readonly #changes: LiveChange[] = [];

  /** Announces `change` once the transaction has committed. */
  announce(change: LiveChange): void {
    this.#changes.push(change);
  }

  get changes(): readonly LiveChange[] {
    return this.#changes;
  }
}

/**
 * The transaction of a unit of work: an object of ours whose prototype is the database's
 * transaction (every query method is the transaction's own), with the unit of work beside it.
 */
export type WorkTx = Tx & { readonly unitOfWork: UnitOfWork };

/** Runs `body` in a unit of work and resolves with its result once its changes are announced. */
export type Transaction = <R>(body: (tx: WorkTx) => Promise<R>) => Promise<R>;

/** The unit of work `executor` belongs to, or null (the database itself, a nested transaction). */
export function unitOfWorkOf(executor: Executor): UnitOfWork | null {
  return 'unitOfWork' in executor ? (executor as WorkTx).unitOfWork : null;
}

/** How a context on `db` opens its units of work, announcing through `live` (infra/context.ts). */
export function unitsOfWork(db: Db, live: ChangeBus): Transaction {
  return async (body) => {
    const work = new UnitOfWork();
    const result = await db.transaction((tx) => body(Object.create(tx, { unitOfWork: { value: work } }) as WorkTx));
    await live.committed(work.changes);
    return result;
  };
}
