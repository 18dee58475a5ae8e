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
  readonly maxRunning: number;
}

const groupsOf = new WeakMap<Db, Map<string, Group<unknown, unknown>>>();

/**
 * Writes `item` in the next group of `key` in this process, with `writer` (the one passed
 * last: it may carry what the latest request read). Resolves with its result or rejects with
 * the error that refused it. `maxRunning` groups of a key are written at once (PostgreSQL
 * has several connections; PGlite one).
 */
export function writeInGroup<T, R>(db: Db, key: string, item: T, writer: GroupWriter<T, R>, maxRunning: number): Promise<R> {
  return inGroup(db, key, item, (items) => db.transaction((tx) => writer(tx, items)), maxRunning);
}

/**
 * Reads `item` with those of `key` arriving while `maxRunning` reads of the key are in
 * flight: `reader` answers a whole batch in one statement, one result per item, in order.
 */
export function readInGroup<T, R>(
  db: Db, key: string, item: T, reader: (ex: Executor, items: readonly T[]) => Promise<R[]>, maxRunning: number,
): Promise<R> {
  return inGroup(db, key, item, async (items) => (await reader(db, items)).map((result) => ({ kind: 'written', result })), maxRunning);
}

function inGroup<T, R>(db: Db, key: string, item: T, run: BatchRunner<T, R>, maxRunning: number): Promise<R> {
  let groups = groupsOf.get(db);
  if (!groups) groupsOf.set(db, (groups = new Map()));
  let group = groups.get(key) as Group<T, R> | undefined;
  if (!group) {
    group = { queue: [], running: 0, run, maxRunning: Math.max(1, maxRunning) };
    groups.set(key, group as Group<unknown, unknown>);
  }
  group.run = run;
  const target = group;
  const done = new Promise<R>((resolve, reject) => target.queue.push({ item, resolve, reject }));
  pump(groups, key, target);
  return done;
}

function pump<T, R>(groups: Map<string, Group<unknown, unknown>>, key: string, group: Group<T, R>): void {
  while (group.running < group.maxRunning && group.queue.length > 0) {
    const batch = group.queue.splice(0, MAX_GROUP);
    group.running++;
    void runBatch(group, batch).finally(() => {
      group.running--;
      if (group.queue.length > 0) pump(groups, key, group);
      else if (group.running === 0) groups.delete(key);
    });
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
  const later: Waiting<T, R>[] = [];
  batch.forEach((waiting, i) => {
    const outcome = outcomes[i];
    if (outcome?.kind === 'written') waiting.resolve(outcome.result);
    else if (outcome?.kind === 'refused') waiting.reject(outcome.error);
    else if (batch.length > 1) later.push(waiting);
    else waiting.reject(new Error('a write alone in its group was put off'));
  });
  // Put off: first in the next group.
  group.queue.unshift(...later);
}
