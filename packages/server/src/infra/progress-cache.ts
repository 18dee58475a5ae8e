/**
 * The dashboard's answers, kept ready (issue 6): a progress response is computed once and
 * served again until a change below its unit is announced. One per service context
 * (`ctx.progressCache`): the changes its units of work commit invalidate it before the
 * writer's response leaves (the context's change bus); changes from other processes when
 * their NOTIFY arrives (LiveHub), so a dashboard is at most one notification behind — the
 * same bound as the live updates. A read that overlapped a change is not kept (a generation
 * counter), so a figure from before a commit can never be cached after it.
 */
import type { LiveChange } from './live.ts';

/** An answer and the unit it shows (the changes below that unit drop it). */
export interface ProgressAnswer {
  readonly campaignId: number;
  readonly unitId: number;
  readonly body: string;
}

/**
 * A backstop for what announces no change (a unit added to the tree, a renamed campaign):
 * an answer is recomputed at least this often.
 */
const MAX_AGE_MS = 60_000;

export interface ProgressCacheOptions {
  /** Answers kept at most (the least recently used go first). */
  readonly max?: number;
  /**
   * False keeps nothing (every answer computed): with a read replica the reads already leave
   * the primary, and a reader may be behind its own write.
   */
  readonly enabled?: boolean;
}

export class ProgressCache {
  readonly #entries = new Map<string, ProgressAnswer & { readonly at: number }>();
  readonly #max: number;
  readonly #enabled: boolean;
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: ProgressCacheOptions = {}) {
    this.#max = options.max ?? 2_000;
    this.#enabled = options.enabled ?? true;
  }

  get stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  /**
   * The answer kept for `key`, or `compute`'s, kept unless a change came in while it was
   * computed.
   */
  async answer(key: string, compute: () => Promise<ProgressAnswer>): Promise<string> {
    if (!this.#enabled) return (await compute()).body;
    const ready = this.#get(key);
    if (ready !== undefined) return ready;
    const generation = this.#generation;
    const entry = await compute();
    this.#set(key, generation, entry);
    return entry.body;
  }

  #get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry && Date.now() - entry.at > MAX_AGE_MS) this.#entries.delete(key);
    if (!entry || !this.#entries.has(key)) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    // Most recently used last: the oldest go first when full.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.body;
  }

  #set(key: string, generation: number, entry: ProgressAnswer): void {
    if (generation !== this.#generation) return;
    this.#entries.set(key, { ...entry, at: Date.now() });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Drops every answer of a changed unit and of the units above it. */
  invalidate(changes: readonly Pick<LiveChange, 'campaignId' | 'unitId' | 'ancestors'>[]): void {
    this.#generation++;
    const touched = new Map<number, Set<number>>();
    for (const c of changes) {
      const set = touched.get(c.campaignId) ?? new Set<number>();
      set.add(c.unitId);
      for (const a of c.ancestors) set.add(a);
      touched.set(c.campaignId, set);
    }
    for (const [key, entry] of this.#entries) {
      if (touched.get(entry.campaignId)?.has(entry.unitId)) this.#entries.delete(key);
    }
  }

  /** Forgets everything (the LISTEN connection came back: changes may have been missed). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
