/**
 * Reports kept on the device while the network is down, sent by themselves when it returns.
 *
 * When the report form's save or submit fails before any answer came back (NetworkError),
 * what was sent — the typed figures and narrative with the version of the report it was based
 * on — is queued here, one entry per account, campaign, unit and week (a later send of the
 * same report replaces the earlier one). The queue is sent when the browser says it is online
 * again, at start and every half minute; each entry then holds the server's answer until the
 * user has seen it: accepted (the report as it now stands), refused (the field problems, which
 * the form shows in its error list), or a conflict (someone changed the report meanwhile: the
 * typed values stay here, shown beside the server's, until the user chooses).
 *
 * The state machine is pure (`OfflineQueue.*`); `createOfflineQueueStore` keeps it in
 * localStorage (so every tab and a reload see the same queue) and `flushQueue` sends it.
 */
import type { ApiError as ApiErrorBody, CorrectBody, ReportBody, ReportResponse } from '@giaoban/server/api';

export type QueuedKind = 'draft' | 'submit' | 'correct';
export type QueuedBody = ReportBody | CorrectBody;

/** The server's answer to a queued report. */
export type QueuedAnswer =
  | { readonly kind: 'accepted'; readonly report: ReportResponse }
  | { readonly kind: 'refused'; readonly status: number; readonly error: ApiErrorBody['error'] }
  | { readonly kind: 'conflict'; readonly message: string };

export interface QueuedReport {
  /** `username|campaign|unit|period`: one entry per report and account. */
  readonly key: string;
  readonly username: string;
  readonly campaign: string;
  readonly unit: string;
  readonly period: string;
  /** The unit's name, for the lists that show the entry (the code when the form did not give it). */
  readonly unitName: string;
  readonly kind: QueuedKind;
  /** Exactly what the form sent, `version` included. */
  readonly body: QueuedBody;
  /** When the form queued it (ISO). */
  readonly queuedAt: string;
  readonly state: 'waiting' | 'sending' | 'answered';
  /** Sends that ended without an answer (network down, server unavailable). */
  readonly attempts: number;
  readonly answer: QueuedAnswer | null;
  readonly answeredAt: string | null;
}

export type OfflineQueue = readonly QueuedReport[];

/** What one send ended in: an answer, or nothing to go on (try again later). */
export type SendOutcome = QueuedAnswer | { readonly kind: 'unanswered' };

export interface ReportAddress {
  readonly username: string;
  readonly campaign: string;
  readonly unit: string;
  readonly period: string;
}

export const queueKey = (a: ReportAddress): string => [a.username, a.campaign, a.unit, a.period].join('|');

const replace = (queue: OfflineQueue, key: string, change: (entry: QueuedReport) => QueuedReport): OfflineQueue =>
  queue.map((entry) => (entry.key === key ? change(entry) : entry));

export const OfflineQueue = Object.freeze({
  /** The report as the form sent it, waiting; it replaces whatever the queue held for the same report. */
  enqueue(
    queue: OfflineQueue, report: ReportAddress & { readonly unitName?: string; readonly kind: QueuedKind; readonly body: QueuedBody }, now: Date,
  ): OfflineQueue {
    const key = queueKey(report);
    const entry: QueuedReport = {
      key, username: report.username, campaign: report.campaign, unit: report.unit, period: report.period, unitName: report.unitName ?? report.unit,
      kind: report.kind, body: report.body, queuedAt: now.toISOString(), state: 'waiting', attempts: 0, answer: null, answeredAt: null,
    };
    return [...queue.filter((e) => e.key !== key), entry];
  },

  /** A waiting entry goes out; any other state is left alone (it is being sent, or answered). */
  startSending(queue: OfflineQueue, key: string): OfflineQueue {
    return replace(queue, key, (e) => (e.state === 'waiting' ? { ...e, state: 'sending' } : e));
  },

  /** The end of a send: the answer is kept for the user; without one the entry waits again. */
  settle(queue: OfflineQueue, key: string, outcome: SendOutcome, now: Date): OfflineQueue {
    return replace(queue, key, (e) => {
      if (e.state !== 'sending') return e;
      if (outcome.kind === 'unanswered') return { ...e, state: 'waiting', attempts: e.attempts + 1 };
      return { ...e, state: 'answered', answer: outcome, answeredAt: now.toISOString() };
    });
  },

  /** The user has dealt with the entry (read the answer, chose a side of a conflict): it goes. */
  dismiss(queue: OfflineQueue, key: string): OfflineQueue {
    return queue.filter((e) => e.key !== key);
  },

  /**
   * The queue as a page finds it on start: an entry left 'sending' by a closed page had no
   * answer that anyone kept, so it waits again (the server's version check turns a send that
   * did arrive into a conflict, never into a second submission).
   */
  recovered(queue: OfflineQueue): OfflineQueue {
    return queue.some((e) => e.state === 'sending') ? queue.map((e) => (e.state === 'sending' ? { ...e, state: 'waiting' } : e)) : queue;
  },

  /** The entries this account still has to send, oldest first. */
  waiting(queue: OfflineQueue, username: string): readonly QueuedReport[] {
    return queue.filter((e) => e.username === username && e.state !== 'answered');
  },

  find(queue: OfflineQueue, address: ReportAddress): QueuedReport | null {
    const key = queueKey(address);
    return queue.find((e) => e.key === key) ?? null;
  },
});

/**
 * What a failed send means for the queue. A network failure, a lost session (401, sent again
 * after signing in) or an unavailable server (5xx) is no answer: the entry waits. A 409 is a
 * conflict; any other refusal (400, 403, 404, 422) is the server's answer about the report.
 */
export function outcomeOf(error: unknown): SendOutcome {
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null;
  if (status === null || status === 401 || status >= 500) return { kind: 'unanswered' };
  const e = error as { status: number; message: string; id?: unknown; field?: unknown; fields?: unknown };
  if (status === 409) return { kind: 'conflict', message: e.message };
  const body: ApiErrorBody['error'] = {
    id: typeof e.id === 'string' ? e.id : 'refused',
    message: e.message,
    ...(typeof e.field === 'string' ? { field: e.field } : {}),
    ...(Array.isArray(e.fields) && e.fields.length > 0 ? { fields: e.fields as NonNullable<ApiErrorBody['error']['fields']> } : {}),
  };
  return { kind: 'refused', status, error: body };
}

/** Where the queue is kept: localStorage in the browser, a Map in the tests. */
export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const STORAGE_KEY = 'giaoban.offline-queue';

export interface OfflineQueueStore {
  read(): OfflineQueue;
  /** Applies a change to the stored queue (read afresh, so another tab's change is not lost) and tells the listeners. */
  update(change: (queue: OfflineQueue) => OfflineQueue): OfflineQueue;
  subscribe(listener: () => void): () => void;
  /** Another tab changed the stored queue: tell the listeners. */
  changedElsewhere(): void;
}

export function createOfflineQueueStore(storage: QueueStorage | null): OfflineQueueStore {
  const listeners = new Set<() => void>();
  // Without storage (refused, private mode) the queue lives as long as the page.
  let memory: OfflineQueue = [];
  let cache: { raw: string | null; queue: OfflineQueue } | null = null;
  const read = (): OfflineQueue => {
    if (!storage) return memory;
    let raw: string | null = null;
    try {
      raw = storage.getItem(STORAGE_KEY);
    } catch {
      return memory;
    }
    // The same text gives the same array, so React sees no change where there is none.
    if (cache && cache.raw === raw) return cache.queue;
    let queue: OfflineQueue = [];
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      queue = Array.isArray(parsed) ? (parsed as QueuedReport[]) : [];
    } catch {
      queue = [];
    }
    cache = { raw, queue };
    return queue;
  };
  const notify = () => { for (const listener of [...listeners]) listener(); };
  return {
    read,
    update(change) {
      const next = change(read());
      memory = next;
      if (storage) {
        try {
          const raw = JSON.stringify(next);
          storage.setItem(STORAGE_KEY, raw);
          cache = { raw, queue: next };
        } catch {
          // Storage full or refused: kept in memory for this page.
        }
      }
      notify();
      return next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changedElsewhere: notify,
  };
}

/**
 * Sends this account's waiting entries one after another, each answer stored as it comes.
 * Stops at the first send without an answer (the network is still down; the rest would fail
 * the same way). Returns how many entries were answered.
 */
export async function flushQueue(store: OfflineQueueStore, options: {
  readonly username: string;
  readonly send: (entry: QueuedReport) => Promise<ReportResponse>;
  readonly now: () => Date;
}): Promise<number> {
  let answered = 0;
  store.update(OfflineQueue.recovered);
  for (;;) {
    const next = OfflineQueue.waiting(store.read(), options.username).find((e) => e.state === 'waiting');
    if (!next) return answered;
    store.update((q) => OfflineQueue.startSending(q, next.key));
    let outcome: SendOutcome;
    try {
      outcome = { kind: 'accepted', report: await options.send(next) };
    } catch (error) {
      outcome = outcomeOf(error);
    }
    // A newer send of the same report queued meanwhile replaced this entry; settle leaves it waiting.
    store.update((q) => OfflineQueue.settle(q, next.key, outcome, options.now()));
    if (outcome.kind === 'unanswered') return answered;
    answered++;
  }
}

/** The form's typing, as it would be sent: is it what the queued entry holds? */
export function sameAsQueued(body: QueuedBody, typed: {
  readonly values: Readonly<Record<string, string>>; readonly consolidated: boolean; readonly highlights: string; readonly difficulties: string; readonly proposals: string;
}): boolean {
  const sent = body.values ?? {};
  const codes = new Set([...Object.keys(sent), ...Object.keys(typed.values)]);
  return [...codes].every((code) => (sent[code] ?? null) === ((typed.values[code] ?? '').trim() || null))
    && (body.consolidated ?? false) === typed.consolidated
    && (body.highlights ?? '') === typed.highlights && (body.difficulties ?? '') === typed.difficulties && (body.proposals ?? '') === typed.proposals;
}
