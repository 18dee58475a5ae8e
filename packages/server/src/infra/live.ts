/**
 * Live dashboards (issue 6). A change to a unit's figures is announced to every server
 * process with PostgreSQL's NOTIFY once, and only if, its transaction commits. Each process
 * holds one LISTEN (`LiveHub`) and fans the notifications out to the open pages: a page
 * showing unit U of campaign C hears of every change at U or below it. No viewer ever polls
 * the database; a burst of changes reaches each page at most once per `coalesceMs`.
 *
 * The writing side is the context's change bus (`ctx.live`, a `ChangeBus`): a unit of work
 * (`ctx.transaction`, unit-of-work.ts) hands it the changes it announced once it has
 * committed; the bus tells this process's listeners at once (its caches) and sends the
 * NOTIFY, batched per process, rather than inside the writing transaction: PostgreSQL
 * serialises the commits of every transaction that notifies (a global lock held through the
 * commit's WAL flush), which on the test machine capped small write transactions at ~1.100/s
 * against ~5.000/s without. A transaction outside a unit of work (a nested one) notifies from
 * inside, which is correct but serialised. The unit of work resolves once its changes are
 * sent (a round trip more for the request).
 */
import { sql, unitsRepository, type Db, type Executor, type Unlisten } from '@giaoban/db';
import type { ServiceContext } from './context.ts';
import { unitOfWorkOf } from './unit-of-work.ts';

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
 * once the transaction `tx` commits: through its unit of work when `tx` is one's
 * (`ctx.transaction`), else from inside `tx` (a nested transaction: undone with it).
 * Ancestors are read from the hierarchy unless given.
 */
export async function notifyChange(
  tx: Executor,
  change: { campaignId: number; unitId: number; period: string | null; ancestors?: readonly number[]; at: Date },
): Promise<void> {
  const ancestors = change.ancestors ?? await unitsRepository.listAncestorIds(tx, change.unitId);
  const payload: LiveChange = { campaignId: change.campaignId, unitId: change.unitId, period: change.period, ancestors, at: change.at.toISOString() };
  const work = unitOfWorkOf(tx);
  if (work) {
    work.announce(payload);
    return;
  }
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify([payload])})`);
}

/** Told of the changes a unit of work of the context has committed, at once (ChangeBus.onCommitted). */
export type ChangeListener = (changes: readonly LiveChange[]) => void;

/**
 * The change bus of one service context (`ctx.live`): what its units of work committed goes
 * first to this process's listeners (the context's caches), then, by NOTIFY, to every
 * process. Its failures are its own: the changes are committed all the same.
 */
export class ChangeBus {
  readonly #listeners = new Set<ChangeListener>();
  readonly #failures = new Set<(error: unknown) => void>();
  readonly #publisher: ChangePublisher;

  constructor(db: Db) {
    this.#publisher = new ChangePublisher(db, (error) => this.#failed(error));
  }

  /** Calls `listener` as soon as a unit of work of this context has committed changes. Returns the removal. */
  onCommitted(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` when changes could not be announced (the pages miss that refresh). Returns the removal. */
  onError(listener: (error: unknown) => void): () => void {
    this.#failures.add(listener);
    return () => this.#failures.delete(listener);
  }

  /**
   * Announces changes that have committed: this process's listeners at once, before the
   * writer's response leaves and before other processes hear; resolves once the NOTIFY is
   * sent (or could not be). Never rejects.
   */
  async committed(changes: readonly LiveChange[]): Promise<void> {
    if (changes.length === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.#failed(error);
      }
    }
    await this.#publisher.add(changes);
  }

  #failed(error: unknown): void {
    for (const failure of this.#failures) failure(error);
  }
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
 * Sends the committed changes of one context, one NOTIFY statement at a time: whatever
 * commits while one is on its way goes out together in the next. `add` resolves once the
 * changes are sent (or could not be: `failed` is told).
 */
class ChangePublisher {
  readonly #db: Db;
  readonly #failed: (error: unknown) => void;
  #queue: { changes: readonly LiveChange[]; sent: () => void }[] = [];
  #running = false;

  constructor(db: Db, failed: (error: unknown) => void) {
    this.#db = db;
    this.#failed = failed;
  }

  add(changes: readonly LiveChange[]): Promise<void> {
    return new Promise((sent) => {
      this.#queue.push({ changes, sent });
      if (this.#running) return;
      this.#running = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const payloads = packChanges(batch.flatMap((b) => b.changes));
      try {
        await this.#db.execute(sql`select ${sql.join(payloads.map((p) => sql`pg_notify(${CHANGES_CHANNEL}, ${p})`), sql`, `)}`);
      } catch (error) {
        // The pages miss this refresh (the figures are committed all the same).
        this.#failed(error);
      }
      for (const b of batch) b.sent();
    }
    this.#running = false;
  }
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

/**
 * One LISTEN per process, fanned out to the open pages by campaign and unit. Every change any
 * process announces also drops the context's ready answers it touches (`ctx.progressCache`:
 * this process's own changes were dropped at their commit already, the others' are dropped
 * here), and all of them when the connection comes back (changes may have gone unheard).
 */
export class LiveHub {
  readonly #ctx: Pick<ServiceContext, 'database' | 'live' | 'progressCache'>;
  readonly #coalesceMs: number;
  readonly #log: LiveHubOptions['log'];
  /** campaign id → unit id → the pages showing that unit. */
  readonly #subscribers = new Map<number, Map<number, Set<Subscriber>>>();
  /**
   * Waited for before the pages hear of a notification (in order): with a read replica, until
   * it has replayed the change (true), or the pages would re-read the figures from before it.
   * False after `timeoutMs` (1 s by default): the pages hear of it anyway, and once more when
   * the replica has caught up.
   */
  readonly #beforeDispatch: ((timeoutMs?: number) => Promise<boolean>) | undefined;
  /** Notifications told before the replica had replayed them, told again once it has. */
  #late: string[] = [];
  /** Notifications reach the pages one after the other, each after `beforeDispatch`. */
  #queue: Promise<void> = Promise.resolve();
  #unlisten: Unlisten | null = null;
  #stopErrors: (() => void) | null = null;
  #listening = 0;

  constructor(ctx: Pick<ServiceContext, 'database' | 'live' | 'progressCache' | 'replica'>, options: LiveHubOptions = {}) {
    this.#ctx = ctx;
    this.#coalesceMs = options.coalesceMs ?? 250;
    this.#log = options.log;
    const { replica } = ctx;
    // Pages re-read their figures from the replica: tell them once it shows the change.
    this.#beforeDispatch = replica.configured ? (timeoutMs) => replica.caughtUp(timeoutMs) : undefined;
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
    this.#unlisten = await this.#ctx.database.listen(CHANGES_CHANNEL, (payload) => this.#received(payload), {
      // Changes made while the connection was down were not heard: every page refreshes.
      onReconnect: () => this.#broadcast(),
      onError: (error) => this.#log?.warn({ err: error }, 'live updates: the LISTEN connection failed; retrying'),
    });
    this.#listening = 1;
    this.#stopErrors = this.#ctx.live.onError((error) => this.#log?.warn({ err: error }, 'live updates: a change could not be announced'));
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
    this.#stopErrors?.();
    this.#stopErrors = null;
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

  #dispatch(payload: string): void {
    const changes = parseChanges(payload);
    if (!changes) {
      this.#log?.warn({ payload: payload.slice(0, 200) }, 'live updates: unreadable notification');
      return;
    }
    this.#ctx.progressCache.invalidate(changes);
    for (const change of changes) {
      const units = this.#subscribers.get(change.campaignId);
      if (!units) continue;
      for (const unitId of [change.unitId, ...change.ancestors]) {
        for (const s of units.get(unitId) ?? []) this.#offer(s, change.period ?? null, change.at);
      }
    }
  }

  #broadcast(): void {
    this.#ctx.progressCache.clear();
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
