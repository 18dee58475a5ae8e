/**
 * A storm of weekly-report submissions from concurrent clients, and the ledger of what each
 * submission got: a complete 2xx answer (acknowledged — it must be stored), no answer (the
 * server died or the connection broke — it may or may not be stored), or another answer
 * (refused — it must not be). Each client owns its own units and submits for them one after
 * another, each submission carrying the `version` of the report it was made from (the one the
 * last acknowledgement's ETag named, or the one the last check read), so no two writers race
 * on a report and no submission is refused as stale. A client stops at its first unanswered
 * submission: after a kill every connection fails.
 */
import type { FaultWorld } from './world.ts';
import { figure } from './world.ts';
import { NoAnswer, type Api } from './http.ts';

/** Indicator code → the figure as the unit entered it (to date for figures reported to date). */
export type Figures = Readonly<Record<string, number>>;
export type Outcome = 'acknowledged' | 'unanswered' | 'refused';

export interface Sent {
  readonly cycle: number;
  readonly unitCode: string;
  readonly figures: Figures;
  /** The version sent with it. */
  readonly sentVersion: number;
  readonly outcome: Outcome;
  /** Acknowledged: the report's version after it (the ETag), when the server said. */
  readonly version: number | null;
  readonly status: number | null;
  readonly detail: string | null;
}

/** A report as a check found it: its figures as entered (null: no report) and its version. */
export interface StoredReport { readonly figures: Figures | null; readonly version: number }

/** Figures compare at the storage's scale (numeric(20, 4)). */
export function sameFigures(a: Figures | null, b: Figures | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined || Math.round(x * 10_000) !== Math.round(y * 10_000)) return false;
  }
  return true;
}

export const showFigures = (f: Figures | null) => (f === null ? 'no report' : JSON.stringify(f));

export class SubmissionLedger {
  private readonly sent = new Map<string, Sent[]>();
  /** The stored state each unit was last checked in, and how many of its submissions that check covered. */
  private readonly settled = new Map<string, { stored: StoredReport; upTo: number }>();

  record(s: Sent): void {
    const list = this.sent.get(s.unitCode) ?? [];
    list.push(s);
    this.sent.set(s.unitCode, list);
  }

  /** Every submission sent for a unit, in the order sent. */
  sentFor(unitCode: string): readonly Sent[] {
    return this.sent.get(unitCode) ?? [];
  }

  /** Submissions sent since the unit's last check. */
  private open(unitCode: string): { settled: StoredReport; since: readonly Sent[] } {
    const s = this.settled.get(unitCode);
    return { settled: s?.stored ?? { figures: null, version: 0 }, since: this.sentFor(unitCode).slice(s?.upTo ?? 0) };
  }

  /** The version the unit's next submission is made from. */
  versionFor(unitCode: string): number {
    const { settled, since } = this.open(unitCode);
    const acked = since.filter((s) => s.outcome === 'acknowledged' && s.version !== null).at(-1);
    return acked?.version ?? settled.version;
  }

  /**
   * What may be stored now: the last acknowledged figures since the last check (or what that
   * check found), then any sent after them without an answer; and the least version allowed.
   */
  expected(unitCode: string): { readonly candidates: readonly { figures: Figures | null; what: string }[]; readonly minVersion: number } {
    const { settled, since } = this.open(unitCode);
    const lastAck = since.findLastIndex((s) => s.outcome === 'acknowledged');
    const base = lastAck >= 0
      ? { figures: since[lastAck]!.figures, what: `acknowledged in cycle ${since[lastAck]!.cycle} (version ${since[lastAck]!.version ?? '?'})` }
      : { figures: settled.figures, what: 'as the last check found it' };
    const maybe = since.slice(lastAck + 1).filter((s) => s.outcome === 'unanswered')
      .map((s) => ({ figures: s.figures, what: `unanswered in cycle ${s.cycle}` }));
    const minVersion = lastAck >= 0 ? (since[lastAck]!.version ?? settled.version) : settled.version;
    return { candidates: [base, ...maybe], minVersion };
  }

  /** A check found the unit's report as `stored`: later expectations start from it. */
  settle(unitCode: string, stored: StoredReport): void {
    this.settled.set(unitCode, { stored, upTo: this.sentFor(unitCode).length });
  }

  /** Units with a submission in `cycle`. */
  touchedIn(cycle: number): string[] {
    return [...this.sent].filter(([, list]) => list.some((s) => s.cycle === cycle)).map(([unit]) => unit);
  }

  count(outcome: Outcome, cycle?: number): number {
    let n = 0;
    for (const list of this.sent.values()) for (const s of list) if (s.outcome === outcome && (cycle === undefined || s.cycle === cycle)) n++;
    return n;
  }

  /** The first few refusals, for a failure message. */
  refusals(limit = 5): Sent[] {
    return [...this.sent.values()].flat().filter((s) => s.outcome === 'refused').slice(0, limit);
  }
}

export interface StormOptions {
  readonly api: Api;
  readonly world: FaultWorld;
  readonly ledger: SubmissionLedger;
  readonly cycle: number;
  readonly clients: number;
  /** Figures and the order of units come from it (seeded: a run can be replayed). */
  readonly random: () => number;
  /** Stop sending after this many submissions in all (a guard; a kill ends the storm first). */
  readonly maxSubmissions?: number;
}

export interface Storm {
  /** No new submissions after this; those in flight finish. */
  stop(): void;
  /** Resolves when every client has stopped; how many each outcome got in this storm. */
  readonly done: Promise<{ readonly sent: number; readonly acknowledged: number; readonly unanswered: number; readonly refused: number }>;
  /** Submissions acknowledged so far in this storm. */
  acknowledged(): number;
  /** Resolves at the storm's first acknowledgement (a server just started is slow to answer the first ones). */
  firstAcknowledged(timeoutMs?: number): Promise<void>;
}

const CONFIRMED = 'Đã kiểm tra số liệu.';

/** Starts the storm; it runs until stopped, or until every client has met an unanswered submission. */
export function startStorm(options: StormOptions): Storm {
  const { api, world, ledger, cycle, random } = options;
  const max = options.maxSubmissions ?? 100_000;
  // Figures flagged as unusual need a person's confirmation: every figure carries one, as the benchmark's do.
  const explanations = Object.fromEntries(world.indicators.map((i) => [i.code, CONFIRMED]));
  const counts = { sent: 0, acknowledged: 0, unanswered: 0, refused: 0 };
  let stopped = false;

  const figuresFor = (unit: FaultWorld['units'][number]): Figures => Object.fromEntries(world.indicators.map((i) => {
    const f = figure(random, i);
    return [i.code, i.reportingMode === 'cumulative' ? (unit.toDateBefore[i.code] ?? 0) + f : f];
  }));

  const submitOnce = async (unit: FaultWorld['units'][number]): Promise<Outcome> => {
    const { session } = unit;
    const figures = figuresFor(unit);
    const sentVersion = ledger.versionFor(unit.code);
    const path = `/api/v1/campaigns/${world.campaignCode}/units/${unit.code}/reports/${world.week}/submit`;
    counts.sent++;
    const base = { cycle, unitCode: unit.code, figures, sentVersion };
    try {
      const answer = await api.request('POST', path, {
        session, body: { values: figures, explanations, version: sentVersion }, headers: { prefer: 'return=minimal' },
      });
      if (answer.status === 200 || answer.status === 204) {
        const etag = /^(?:W\/)?"(\d+)"$/.exec(String(answer.headers.etag ?? ''));
        const version = etag ? Number(etag[1]) : answer.status === 200 ? ((JSON.parse(answer.body) as { version?: number }).version ?? null) : null;
        ledger.record({ ...base, outcome: 'acknowledged', version, status: answer.status, detail: null });
        counts.acknowledged++;
        return 'acknowledged';
      }
      ledger.record({ ...base, outcome: 'refused', version: null, status: answer.status, detail: answer.body.slice(0, 300) });
      counts.refused++;
      return 'refused';
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      ledger.record({ ...base, outcome: 'unanswered', version: null, status: null, detail: error.message });
      counts.unanswered++;
      return 'unanswered';
    }
  };

  // Client k submits for every clients-th unit, in an order drawn anew for each storm.
  const order = [...world.units].map((u) => ({ u, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.u);
  const done = Promise.all(Array.from({ length: options.clients }, async (_, k) => {
    const mine = order.filter((_, i) => i % options.clients === k);
    // A unit refused once (stale version, bad input) is left alone until the next check.
    const skip = new Set<string>();
    for (let n = 0; !stopped && counts.sent < max && mine.length > skip.size; n++) {
      const unit = mine[n % mine.length]!;
      if (skip.has(unit.code)) continue;
      const outcome = await submitOnce(unit);
      if (outcome === 'unanswered') return;
      if (outcome === 'refused') skip.add(unit.code);
    }
  })).then(() => ({ ...counts }));
  const firstAcknowledged = async (timeoutMs = 120_000) => {
    const deadline = performance.now() + timeoutMs;
    let settled = false;
    void done.finally(() => { settled = true; });
    while (counts.acknowledged === 0) {
      if (settled || performance.now() > deadline) throw new Error(`storm ${cycle}: no submission acknowledged (${JSON.stringify(counts)}, first answer: ${ledger.refusals(1)[0]?.detail ?? 'none'})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { stop: () => { stopped = true; }, done, acknowledged: () => counts.acknowledged, firstAcknowledged };
}
