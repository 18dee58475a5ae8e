/**
 * Group commit for writes, and batched reads, that arrive together — the Friday-evening
 * deadline storm, when thousands of units submit the same week at once. Writes sharing a
 * key are written in one transaction by a function that takes them all (applySubmissions: a
 * fixed number of statements however many) instead of one transaction each. Nothing waits
 * on a timer: a write arriving while none of its key is in progress starts at once, alone;
 * those arriving meanwhile queue and go together in the next group. Each write is still
 * checked and refused alone; a group whose transaction fails as a whole (a deadlock with
 * another writer, a lost connection) is written again one write at a time, so one cannot
 * make the others fail.
 *
 * Reads that every request makes (the session behind a cookie) go the same way without a
 * transaction: one statement for the lookups that arrived while the last was in flight. On
 * this kind of machine a round trip to the database costs the server more CPU (the socket
 * write wakes another process) than the statement costs the database.
 */
import type { Db, Executor } from '@giaoban/db';
import type { Transaction } from './unit-of-work.ts';

/**
 * What became of one write of a group: written, refused (the error it would have thrown
 * alone), or put off to the next group (it depends on another write of this one).
 */
export type GroupOutcome<R> =
  | { readonly kind: 'written'; readonly result: R }
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'deferred' };

/** Writes a group inside `tx`; one outcome per item, in order. */
export type GroupWriter<T, R> = (tx: Executor, items: readonly T[]) => Promise<GroupOutcome<R>[]>;

/** Writes in one transaction at most (keeps each statement's parameters well under PostgreSQL's limit). */
export const MAX_GROUP = 64;

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Runs a batch; one outcome per item, in order. Throwing fails the batch as a whole. */
type BatchRunner<T, R> = (items: readonly T[]) => Promise<GroupOutcome<R>[]>;

interface Group<T, R> {
  readonly queue: Waiting<T, R>[];
  running: number;
  run: BatchRunner<T, R>;
}

/**
 * The process's group commit: one per service context (infra/context.ts), holding the
 * queues of the keys being written or read. `concurrency` groups of a key are written at
 * once (the configuration's GIAOBAN_WRITE_GROUPS: a PostgreSQL pool has connections to
 * spare, the embedded database one).
 */
export class Batcher {
  readonly #groups = new Map<string, Group<unknown, unknown>>();
  readonly #db: Db;
  readonly #transaction: Transaction;

  /** Reads on `db`; writes each group in a unit of work of the context (`transaction`). */
  constructor(ctx: { readonly db: Db; readonly transaction: Transaction }, readonly concurrency: number) {
    this.#db = ctx.db;
    this.#transaction = ctx.transaction;
  }

  /**
   * Writes `item` in the next group of `key`, with `writer` (the one passed last: it may
   * carry what the latest request read), in a unit of work of its own (what it announces is
   * announced once it has committed, before this resolves). Resolves with its result or
   * rejects with the error that refused it.
   */
  write<T, R>(key: string, item: T, writer: GroupWriter<T, R>): Promise<R> {
    return this.#enqueue(key, item, (items) => this.#transaction((tx) => writer(tx, items)));
  }

  /** Reads `item` with those of `key` arriving while reads of the key are in flight: `reader` answers a batch in one statement. */
  read<T, R>(key: string, item: T, reader: (ex: Executor, items: readonly T[]) => Promise<R[]>): Promise<R> {
    return this.#enqueue(key, item, async (items) => (await reader(this.#db, items)).map((result) => ({ kind: 'written', result })));
  }

  #enqueue<T, R>(key: string, item: T, run: BatchRunner<T, R>): Promise<R> {
    let group = this.#groups.get(key) as Group<T, R> | undefined;
    if (!group) {
      group = { queue: [], running: 0, run };
      this.#groups.set(key, group as Group<unknown, unknown>);
    }
    group.run = run;
    const target = group;
    const done = new Promise<R>((resolve, reject) => target.queue.push({ item, resolve, reject }));
    this.#pump(key, target);
    return done;
  }

  #pump<T, R>(key: string, group: Group<T, R>): void {
    while (group.running < Math.max(1, this.concurrency) && group.queue.length > 0) {
      const batch = group.queue.splice(0, MAX_GROUP);
      group.running++;
      void runBatch(group, batch).finally(() => {
        group.running--;
        if (group.queue.length > 0) this.#pump(key, group);
        else if (group.running === 0) this.#groups.delete(key);
      });
    }
  }
}

async function runBatch<T, R>(group: Group<T, R>, batch: readonly Waiting<T, R>[]): Promise<void> {
  let outcomes: GroupOutcome<R>[];
  try {
    outcomes = await group.run(batch.map((w) => w.item));
  } catch (error) {
    if (batch.length === 1) batch[0]!.reject(error);
    else for (const waiting of batch) await runBatch(group, [waiting]);
    return;
  }
  // Put off: first in the next group.
  group.queue.unshift(...settle(batch, outcomes, (waiting, outcome) => {
    if (outcome.kind === 'written') waiting.resolve(outcome.result);
    else waiting.reject(outcome.error);
  }));
}

/**
 * Hands each item of `batch` its outcome (`done`) and returns those put off, to go first in
 * the next group. An item put off alone in its group is refused: nothing else held it back.
 */
function settle<W, R>(batch: readonly W[], outcomes: readonly GroupOutcome<R>[], done: (item: W, outcome: SettledOutcome<R>) => void): W[] {
  const later: W[] = [];
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome?.kind === 'written' || outcome?.kind === 'refused') done(item, outcome);
    else if (batch.length > 1) later.push(item);
    else done(item, { kind: 'refused', error: new Error('a write alone in its group was put off') });
  });
  return later;
}

/** A write's final outcome: written or refused. */
export type SettledOutcome<R> = Exclude<GroupOutcome<R>, { readonly kind: 'deferred' }>;

/**
 * Writes every item inside `tx`, which the caller already holds (an import writes a whole
 * file in one transaction), in groups of at most MAX_GROUP with `writer`, an item put off
 * going first in the next group: the same group writer as the batcher's, without the queue.
 * One outcome per item, in order; `progress` is told how many are settled after each group.
 */
export async function writeInGroups<T, R>(
  tx: Executor, items: readonly T[], writer: GroupWriter<T, R>, progress: (settled: number) => void = () => {},
): Promise<SettledOutcome<R>[]> {
  const outcomes: SettledOutcome<R>[] = new Array(items.length);
  let queue = items.map((item, index) => ({ item, index }));
  let settled = 0;
  while (queue.length > 0) {
    const batch = queue.slice(0, MAX_GROUP);
    const later = settle(batch, await writer(tx, batch.map((b) => b.item)), (b, outcome) => { outcomes[b.index] = outcome; settled++; });
    queue = [...later, ...queue.slice(MAX_GROUP)];
    progress(settled);
  }
  return outcomes;
}
