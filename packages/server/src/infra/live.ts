/**
 * Live dashboards (issue 6). A change to a unit's figures is announced to every server
 * process with PostgreSQL's NOTIFY once, and only if, its transaction commits. Each process
 * holds one LISTEN (`LiveHub`) and fans the notifications out to the open pages: a page
 * showing unit U of campaign C hears of every change at U or below it. No viewer ever polls
 * the database; a burst of changes reaches each page at most once per `coalesceMs`.
 *
 * The NOTIFY is sent after the commit, batched per process, rather than inside the writing
 * transaction: PostgreSQL serialises the commits of every transaction that notifies (a
 * global lock held through the commit's WAL flush), which on the test machine capped small
 * write transactions at ~1.100/s against ~5.000/s without. A transaction the hook cannot
 * follow (a nested one) notifies from inside, which is correct but serialised. The writer's
 * `transaction` resolves once its change is sent (a round trip more for the request).
 */
import { afterCommit, sql, unitsRepository, type Database, type Db, type Executor, type Unlisten } from '@giaoban/db';

export const CHANGES_CHANNEL = 'giaoban_changes';
/** PostgreSQL refuses payloads of 8.000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_000;

/** One change as notifications carry it (a payload is a JSON array of these): ids only. */
export interface LiveChange {
  readonly campaignId: number;
  readonly unitId: number;
  readonly period: string | null;
  /** Every unit above `unitId` whose dashboard shows the change (nearest first). */
  readonly ancestors: readonly number[];
  readonly at: string;
}

/**
 * Announces a change of `unitId`'s figures (or report, or targets) to every server process
 * once the transaction `tx` commits. Ancestors are read from the hierarchy unless given.
 */
export async function notifyChange(
  tx: Executor,
  change: { campaignId: number; unitId: number; period: string | null; ancestors?: readonly number[]; at: Date },
): Promise<void> {
  const ancestors = change.ancestors ?? await unitsRepository.listAncestorIds(tx, change.unitId);
  const payload: LiveChange = { campaignId: change.campaignId, unitId: change.unitId, period: change.period, ancestors, at: change.at.toISOString() };
  const committed = (db: Db) => {
    // This process first (its caches), before the response and before other processes hear.
    for (const listener of localListeners.get(db) ?? []) listener([payload]);
    return publisherFor(db).add(payload);
  };
  if (afterCommit(tx, committed)) return;
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify([payload])})`);
}

/** Told of changes: those committed in this process at once, the others when their NOTIFY arrives. */
export type ChangeListener = (changes: readonly LiveChange[]) => void;

const localListeners = new WeakMap<Db, Set<ChangeListener>>();

/** Calls `listener` as soon as a change written through `db` commits, in this process. Returns the removal. */
export function onCommittedChange(db: Db, listener: ChangeListener): () => void {
  let set = localListeners.get(db);
  if (!set) localListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Changes as payloads under the size limit, each change once (the latest of equal ones). */
export function packChanges(changes: readonly LiveChange[]): string[] {
  const latest = new Map<string, LiveChange>();
  for (const c of changes) latest.set(`${c.campaignId}|${c.unitId}|${c.period ?? ''}`, c);
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const c of latest.values()) {
    const part = JSON.stringify(c);
    if (parts.length > 0 && size + part.length + 1 > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    parts.push(part);
    size += part.length + 1;
  }
  if (parts.length > 0) payloads.push(`[${parts.join(',')}]`);
  return payloads;
}

/**
 * Sends the committed changes of one database, one NOTIFY statement at a time: whatever
 * commits while one is on its way goes out together in the next. `add` resolves once the
 * change is sent (or could not be).
 */
class ChangePublisher {
  readonly #db: Db;
  #queue: { change: LiveChange; sent: () => void }[] = [];
  #running = false;
  onError: (error: unknown) => void = () => {};

  constructor(db: Db) {
    this.#db = db;
  }

  add(change: LiveChange): Promise<void> {
    return new Promise((sent) => {
      this.#queue.push({ change, sent });
      if (this.#running) return;
      this.#running = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const payloads = packChanges(batch.map((b) => b.change));
      try {
        await this.#db.execute(sql`select ${sql.join(payloads.map((p) => sql`pg_notify(${CHANGES_CHANNEL}, ${p})`), sql`, `)}`);
      } catch (error) {
        // The pages miss this refresh (the figures are committed all the same).
        this.onError(error);
      }
      for (const b of batch) b.sent();
    }
    this.#running = false;
  }
}

const publishers = new WeakMap<Db, ChangePublisher>();

function publisherFor(db: Db): ChangePublisher {
  let publisher = publishers.get(db);
  if (!publisher) publishers.set(db, (publisher = new ChangePublisher(db)));
  return publisher;
}

/** What a page receives: the unit it shows, the week that changed, when. */
export interface LiveEvent {
  readonly unit: string;
  readonly period: string | null;
  readonly at: string;
}

interface Subscriber {
  readonly unitCode: string;
  readonly send: (event: LiveEvent) => void;
  readonly end: () => void;
  lastSentAt: number;
  pending: LiveEvent | null;
  timer: NodeJS.Timeout | null;
}

export interface LiveHubOptions {
  /** At most one event per page per this many milliseconds (a deadline storm). */
  readonly coalesceMs?: number;
  readonly log?: { warn(obj: unknown, msg: string): void };
  /**
   * Waited for before the pages hear of a notification (in order): with a read replica, until
   * it has replayed the change (true), or the pages would re-read the figures from before it.
   * False after `timeoutMs` (1 s by default): the pages hear of it anyway, and once more when
   * the replica has caught up.
   */
  readonly beforeDispatch?: (timeoutMs?: number) => Promise<boolean>;
}

function parseChanges(payload: string): LiveChange[] | null {
  try {
    const value = JSON.parse(payload) as unknown;
    if (!Array.isArray(value)) return null;
    const changes = value as Partial<LiveChange>[];
    if (!changes.every((c) => typeof c?.campaignId === 'number' && typeof c.unitId === 'number' && Array.isArray(c.ancestors))) return null;
    return changes as LiveChange[];
  } catch {
    return null;
  }
}

/** How long one wait for a lagging replica lasts before the next (live updates told again once it caught up). */
const LATE_WAIT_MS = 5_000;

/** One LISTEN per process, fanned out to the open pages by campaign and unit. */
export class LiveHub {
  readonly #database: Database;
  readonly #coalesceMs: number;
  readonly #log: LiveHubOptions['log'];
  /** campaign id → unit id → the pages showing that unit. */
  readonly #subscribers = new Map<number, Map<number, Set<Subscriber>>>();
  readonly #beforeDispatch: ((timeoutMs?: number) => Promise<boolean>) | undefined;
  /** Notifications told before the replica had replayed them, told again once it has. */
  #late: string[] = [];
  readonly #listeners = new Set<ChangeListener>();
  /** Told when changes may have gone unheard (the LISTEN connection came back). */
  readonly #missed = new Set<() => void>();
  /** Notifications reach the pages one after the other, each after `beforeDispatch`. */
  #queue: Promise<void> = Promise.resolve();
  #unlisten: Unlisten | null = null;
  #listening = 0;

  constructor(database: Database, options: LiveHubOptions = {}) {
    this.#database = database;
    this.#coalesceMs = options.coalesceMs ?? 250;
    this.#log = options.log;
    this.#beforeDispatch = options.beforeDispatch;
  }

  /** How many LISTEN connections this hub holds: one once started, whatever the number of pages. */
  get listenerCount(): number {
    return this.#listening;
  }

  get subscriberCount(): number {
    let n = 0;
    for (const units of this.#subscribers.values()) for (const set of units.values()) n += set.size;
    return n;
  }

  async start(): Promise<void> {
    if (this.#unlisten) return;
    this.#unlisten = await this.#database.listen(CHANGES_CHANNEL, (payload) => this.#received(payload), {
      // Changes made while the connection was down were not heard: every page refreshes.
      onReconnect: () => this.#broadcast(),
      onError: (error) => this.#log?.warn({ err: error }, 'live updates: the LISTEN connection failed; retrying'),
    });
    this.#listening = 1;
    publisherFor(this.#database.db).onError = (error) => this.#log?.warn({ err: error }, 'live updates: a change could not be announced');
  }

  /** Stops listening and ends every open stream (before the HTTP server closes). */
  async stop(): Promise<void> {
    for (const units of this.#subscribers.values()) {
      for (const set of units.values()) {
        for (const s of set) {
          if (s.timer) clearTimeout(s.timer);
          s.end();
        }
      }
    }
    this.#subscribers.clear();
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    this.#listening = 0;
    await unlisten?.();
  }

  /**
   * Calls `send` whenever the figures of `unitId` or of a unit below it change in the campaign.
   * `end` is called if the hub stops first. Returns the unsubscribe function.
   */
  subscribe(
    target: { campaignId: number; unitId: number; unitCode: string },
    send: (event: LiveEvent) => void,
    end: () => void = () => {},
  ): () => void {
    const subscriber: Subscriber = { unitCode: target.unitCode, send, end, lastSentAt: 0, pending: null, timer: null };
    let units = this.#subscribers.get(target.campaignId);
    if (!units) this.#subscribers.set(target.campaignId, (units = new Map()));
    let set = units.get(target.unitId);
    if (!set) units.set(target.unitId, (set = new Set()));
    set.add(subscriber);
    return () => {
      if (subscriber.timer) clearTimeout(subscriber.timer);
      subscriber.timer = null;
      if (!set.delete(subscriber)) return;
      if (set.size === 0 && units.get(target.unitId) === set) units.delete(target.unitId);
      if (units.size === 0 && this.#subscribers.get(target.campaignId) === units) this.#subscribers.delete(target.campaignId);
    };
  }

  #received(payload: string): void {
    const before = this.#beforeDispatch;
    if (!before) {
      this.#dispatch(payload);
      return;
    }
    this.#queue = this.#queue
      .then(() => before())
      .catch((error: unknown) => {
        this.#log?.warn({ err: error }, 'live updates: waiting for the replica failed');
        return false;
      })
      .then((caughtUp) => {
        this.#dispatch(payload);
        if (!caughtUp) this.#tellAgainLater(before, payload);
      });
  }

  /**
   * The replica lags (replay stalled, a long transaction): the pages heard of a change they may
   * not see yet. One waiter per hub tells them again, with every change held meanwhile, once
   * the replica has caught up — however long that takes, while the hub listens.
   */
  #tellAgainLater(caughtUp: (timeoutMs?: number) => Promise<boolean>, payload: string): void {
    this.#late.push(payload);
    if (this.#late.length > 1) return;
    void (async () => {
      while (this.#unlisten !== null) {
        // A replica that cannot be reached is asked again after the same pause, not in a tight loop.
        const done = await caughtUp(LATE_WAIT_MS).catch(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LATE_WAIT_MS)));
        if (done) break;
      }
      for (const late of this.#late.splice(0)) this.#dispatch(late);
    })();
  }

  /** Calls `listener` with every change any process announces (after `beforeDispatch`). */
  onChanges(listener: ChangeListener, onMissed?: () => void): () => void {
    this.#listeners.add(listener);
    if (onMissed) this.#missed.add(onMissed);
    return () => {
      this.#listeners.delete(listener);
      if (onMissed) this.#missed.delete(onMissed);
    };
  }

  #dispatch(payload: string): void {
    const changes = parseChanges(payload);
    if (!changes) {
      this.#log?.warn({ payload: payload.slice(0, 200) }, 'live updates: unreadable notification');
      return;
    }
    for (const listener of this.#listeners) listener(changes);
    for (const change of changes) {
      const units = this.#subscribers.get(change.campaignId);
      if (!units) continue;
      for (const unitId of [change.unitId, ...change.ancestors]) {
        for (const s of units.get(unitId) ?? []) this.#offer(s, change.period ?? null, change.at);
      }
    }
  }

  #broadcast(): void {
    for (const missed of this.#missed) missed();
    const at = new Date().toISOString();
    for (const units of this.#subscribers.values()) for (const set of units.values()) for (const s of set) this.#offer(s, null, at);
  }

  /** Sends at once if the page heard nothing for `coalesceMs`, else once when that time is up. */
  #offer(s: Subscriber, period: string | null, at: string): void {
    s.pending = { unit: s.unitCode, period, at };
    if (s.timer) return;
    const wait = s.lastSentAt + this.#coalesceMs - Date.now();
    const flush = () => {
      s.timer = null;
      const event = s.pending;
      s.pending = null;
      if (!event) return;
      s.lastSentAt = Date.now();
      s.send(event);
    };
    if (wait <= 0) flush();
    else s.timer = setTimeout(flush, wait);
  }
}
