/**
 * Imports that take longer than a request should: each upload runs as a job in this server
 * process, and the page polls its stage and progress. Jobs live in memory (a restart forgets
 * them; the database holds only what an import wrote) and are kept an hour after they end.
 *
 * Imports are bounded, never queued: a place is taken when the upload starts to arrive (before
 * its bytes are read) and given back when the import ends, at most `maxRunning` in the process
 * and `maxRunningPerAccount` for one account; past either, the upload is refused with 429 and
 * a sentence saying to wait. With the reader's own bounds, this is what keeps the memory of
 * imports bounded whatever is uploaded.
 */
import { randomUUID } from 'node:crypto';
import { RateLimitedError, formatNumber, type OnBehalfInput } from '@giaoban/core';
import type { WorkbookProblem } from './entry-workbook.ts';
import type { Actor, ServiceContext } from '../infra/index.ts';
import {
  importWorkbook, type ImportLimits, type ImportMode, type ImportStage, type ImportUnitOutcome, type WorkbookImportResult,
} from './workbook-import.service.ts';

export interface ImportJob {
  readonly id: string;
  readonly userId: number;
  readonly campaign: string;
  readonly mode: ImportMode;
  readonly fileName: string | null;
  state: 'running' | 'succeeded' | 'failed';
  stage: ImportStage;
  processed: number;
  total: number;
  rows: number;
  readonly startedAt: Date;
  finishedAt: Date | null;
  /** The first problems (MAX_LISTED_PROBLEMS), in sheet order. */
  problems: readonly WorkbookProblem[];
  /** Every problem, listed or not. */
  problemCount: number;
  units: readonly ImportUnitOutcome[];
  /** Set when the import broke on something other than the file (logged; the user sees a generic sentence). */
  crashed: boolean;
}

const KEEP_MS = 60 * 60 * 1000;
const MAX_JOBS = 200;

/** The outcome in one sentence. */
export function jobMessage(job: ImportJob): { vi: string; en: string } | null {
  if (job.state === 'running') return null;
  if (job.crashed) return { vi: 'Đã có lỗi ở máy chủ khi nhập; chưa có số liệu nào được ghi. Vui lòng thử lại.', en: 'The server failed during the import; nothing was written. Please try again.' };
  const count = (o: ImportUnitOutcome['outcome']) => job.units.filter((u) => u.outcome === o).length;
  const written = count('written');
  const unchanged = count('unchanged');
  if (job.state === 'succeeded') {
    return {
      vi: `Đã nhập ${formatNumber(job.rows)} dòng: ghi ${formatNumber(written)} báo cáo, ${formatNumber(unchanged)} báo cáo không thay đổi.`,
      en: `Imported ${job.rows} rows: ${written} report(s) written, ${unchanged} unchanged.`,
    };
  }
  const errors = job.problemCount;
  if (job.mode === 'unit' && written + unchanged > 0) {
    return {
      vi: `Tệp có ${formatNumber(errors)} lỗi: ${formatNumber(count('refused'))} báo cáo bị từ chối; đã ghi ${formatNumber(written)} báo cáo của các đơn vị không có lỗi.`,
      en: `The file has ${errors} error(s): ${count('refused')} report(s) refused; ${written} report(s) of units without errors written.`,
    };
  }
  return { vi: `Tệp có ${formatNumber(errors)} lỗi; chưa có số liệu nào được ghi.`, en: `The file has ${errors} error(s); nothing was written.` };
}

/** The bounds on imports running at once, beside the limits of one file. */
export interface ImportJobLimits extends ImportLimits {
  /** Imports running at once in this process (default 2). */
  readonly maxRunning?: number;
  /** Imports running at once for one account (default 1). */
  readonly maxRunningPerAccount?: number;
}

export const DEFAULT_MAX_RUNNING = 2;
export const DEFAULT_MAX_RUNNING_PER_ACCOUNT = 1;

/** Seconds a refused upload is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 30;

/**
 * A place among the imports running, taken when an upload starts to arrive. The request
 * releases it if no import started (refused, failed, aborted); once an import started, only
 * its end gives the place back.
 */
export class ImportSlot {
  #state: 'held' | 'running' | 'free' = 'held';

  constructor(private readonly free: () => void) {}

  /** Gives the place back unless an import runs in it. */
  release(): void {
    if (this.#state !== 'held') return;
    this.#state = 'free';
    this.free();
  }

  /** The import takes the place: the returned function, called once it ends, gives it back. */
  take(): () => void {
    if (this.#state !== 'held') throw new Error('the import slot is not held');
    this.#state = 'running';
    return () => {
      if (this.#state !== 'running') return;
      this.#state = 'free';
      this.free();
    };
  }
}

export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();
  readonly #maxRunning: number;
  readonly #maxPerAccount: number;
  #running = 0;
  readonly #runningOf = new Map<number, number>();

  constructor(private readonly ctx: ServiceContext, private readonly limits: ImportJobLimits, private readonly log: (error: unknown) => void) {
    this.#maxRunning = limits.maxRunning ?? DEFAULT_MAX_RUNNING;
    this.#maxPerAccount = limits.maxRunningPerAccount ?? DEFAULT_MAX_RUNNING_PER_ACCOUNT;
  }

  /** Imports holding a place now (uploads arriving and imports running), in all and for the account. */
  running(userId?: number): number {
    return userId === undefined ? this.#running : this.#runningOf.get(userId) ?? 0;
  }

  /**
   * Takes a place for an import by `userId`, or refuses (DomainError rate_limited, HTTP 429)
   * when the account or the process already runs as many as allowed.
   */
  reserve(userId: number): ImportSlot {
    const own = this.#runningOf.get(userId) ?? 0;
    if (own >= this.#maxPerAccount) {
      throw new RateLimitedError(this.#maxPerAccount === 1
        ? 'Bạn đang có một lượt nhập chưa xong; vui lòng đợi lượt đó kết thúc rồi tải tệp lên lại.'
        : `Bạn đang có ${formatNumber(own)} lượt nhập chưa xong (tối đa ${formatNumber(this.#maxPerAccount)} lượt cùng lúc); vui lòng đợi một lượt kết thúc rồi tải tệp lên lại.`,
      this.#maxPerAccount === 1
        ? 'An import of yours is still running; wait for it to finish, then upload the file again.'
        : `You have ${own} imports running (at most ${this.#maxPerAccount} at once); wait for one to finish, then upload the file again.`,
      RETRY_AFTER_SECONDS, { reason: 'imports_per_account' });
    }
    if (this.#running >= this.#maxRunning) {
      throw new RateLimitedError('Máy chủ đang xử lý nhiều lượt nhập cùng lúc; vui lòng đợi khoảng nửa phút rồi tải tệp lên lại.',
        'The server is busy with other imports; wait about half a minute, then upload the file again.', RETRY_AFTER_SECONDS, { reason: 'imports_per_process' });
    }
    this.#running++;
    this.#runningOf.set(userId, own + 1);
    return new ImportSlot(() => {
      this.#running--;
      const left = (this.#runningOf.get(userId) ?? 1) - 1;
      if (left > 0) this.#runningOf.set(userId, left);
      else this.#runningOf.delete(userId);
    });
  }

  /**
   * Starts an import of `file` for `actor` in `slot` (taken now when none is given) and
   * returns its job at once.
   */
  start(
    actor: Actor, campaign: string, file: Buffer,
    options: { mode: ImportMode; fileName: string | null; slot?: ImportSlot; onBehalf?: OnBehalfInput | undefined },
  ): ImportJob {
    const release = (options.slot ?? this.reserve(actor.userId)).take();
    this.#prune();
    const job: ImportJob = {
      id: randomUUID(), userId: actor.userId, campaign, mode: options.mode, fileName: options.fileName, state: 'running', stage: 'reading',
      processed: 0, total: 0, rows: 0, startedAt: this.ctx.now(), finishedAt: null, problems: [], problemCount: 0, units: [], crashed: false,
    };
    this.#jobs.set(job.id, job);
    const finish = (result: WorkbookImportResult | null) => {
      // The place is given back before the job shows as ended: whoever sees it ended may upload again.
      release();
      if (result) {
        job.rows = result.rows;
        job.problems = result.problems;
        job.problemCount = result.problemCount;
        job.units = result.units;
      }
      job.state = result?.ok ? 'succeeded' : 'failed';
      job.stage = 'finished';
      job.finishedAt = this.ctx.now();
    };
    // Started on the next turn of the event loop, so the request is answered first.
    setImmediate(() => {
      importWorkbook(this.ctx, { campaign }, actor, file, {
        mode: options.mode, limits: this.limits, onBehalf: options.onBehalf,
        progress: (stage, processed, total) => { job.stage = stage; job.processed = processed; job.total = total; },
      },
      ).then(finish, (error: unknown) => {
        this.log(error);
        job.crashed = true;
        finish(null);
      });
    });
    return job;
  }

  /** The job, if it exists and belongs to the user. */
  get(id: string, userId: number): ImportJob | undefined {
    const job = this.#jobs.get(id);
    return job && job.userId === userId ? job : undefined;
  }

  #prune(): void {
    const now = this.ctx.now().getTime();
    for (const [id, job] of this.#jobs) if (job.finishedAt && now - job.finishedAt.getTime() > KEEP_MS) this.#jobs.delete(id);
    while (this.#jobs.size >= MAX_JOBS) {
      const oldest = [...this.#jobs.values()].find((j) => j.state !== 'running');
      if (!oldest) break;
      this.#jobs.delete(oldest.id);
    }
  }
}
