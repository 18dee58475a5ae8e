/**
 * Group commit for writes that arrive together — the Friday-evening deadline storm, when
 * thousands of units submit the same week at once. Writes sharing a key are written in one
 * transaction by a function that takes them all (applySubmissions: a fixed number of
 * statements however many) instead of one transaction each. Nothing waits on a timer: a
 * write arriving while none of its key is in progress starts at once, alone; those arriving
 * meanwhile queue and go together in the next group. Each write is still checked and refused
 * alone; a group whose transaction fails as a whole (a deadlock with another writer, a lost
 * connection) is written again one write at a time, so one cannot make the others fail.
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

interface Group<T, R> {
  readonly queue: Waiting<T, R>[];
  running: number;
  writer: GroupWriter<T, R>;
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
  let groups = groupsOf.get(db);
  if (!groups) groupsOf.set(db, (groups = new Map()));
  let group = groups.get(key) as Group<T, R> | undefined;
  if (!group) {
    group = { queue: [], running: 0, writer, maxRunning: Math.max(1, maxRunning) };
    groups.set(key, group as Group<unknown, unknown>);
  }
  group.writer = writer;
  const target = group;
  const done = new Promise<R>((resolve, reject) => target.queue.push({ item, resolve, reject }));
  pump(db, groups, key, target);
  return done;
}

function pump<T, R>(db: Db, groups: Map<string, Group<unknown, unknown>>, key: string, group: Group<T, R>): void {
  while (group.running < group.maxRunning && group.queue.length > 0) {
    const batch = group.queue.splice(0, MAX_GROUP);
    group.running++;
    void write(db, group, batch).finally(() => {
      group.running--;
      if (group.queue.length > 0) pump(db, groups, key, group);
      else if (group.running === 0) groups.delete(key);
    });
  }
}

async function write<T, R>(db: Db, group: Group<T, R>, batch: readonly Waiting<T, R>[]): Promise<void> {
  let outcomes: GroupOutcome<R>[];
  try {
    outcomes = await db.transaction((tx) => group.writer(tx, batch.map((w) => w.item)));
  } catch (error) {
    if (batch.length === 1) batch[0]!.reject(error);
    else for (const waiting of batch) await write(db, group, [waiting]);
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
