/**
 * Imports that take longer than a request should: each upload runs as a job in this server
 * process, and the page polls its stage and progress. Jobs live in memory (a restart forgets
 * them; the database holds only what an import wrote) and are kept an hour after they end.
 */
import { randomUUID } from 'node:crypto';
import { formatNumber } from '@giaoban/core';
import type { WorkbookProblem } from '../documents/entry-workbook.ts';
import type { Actor, ServiceContext } from './context.ts';
import {
  importWorkbook, type ImportLimits, type ImportMode, type ImportStage, type ImportUnitOutcome, type WorkbookImportResult,
} from './import-workbook.service.ts';

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
  problems: readonly WorkbookProblem[];
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
  const errors = job.problems.length;
  if (job.mode === 'unit' && written + unchanged > 0) {
    return {
      vi: `Tệp có ${formatNumber(errors)} lỗi: ${formatNumber(count('refused'))} báo cáo bị từ chối; đã ghi ${formatNumber(written)} báo cáo của các đơn vị không có lỗi.`,
      en: `The file has ${errors} error(s): ${count('refused')} report(s) refused; ${written} report(s) of units without errors written.`,
    };
  }
  return { vi: `Tệp có ${formatNumber(errors)} lỗi; chưa có số liệu nào được ghi.`, en: `The file has ${errors} error(s); nothing was written.` };
}

export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();

  constructor(private readonly ctx: ServiceContext, private readonly limits: ImportLimits, private readonly log: (error: unknown) => void) {}

  /** Starts an import of `file` for `actor` and returns its job at once. */
  start(actor: Actor, campaign: string, file: Buffer, options: { mode: ImportMode; fileName: string | null }): ImportJob {
    this.#prune();
    const job: ImportJob = {
      id: randomUUID(), userId: actor.userId, campaign, mode: options.mode, fileName: options.fileName, state: 'running', stage: 'reading',
      processed: 0, total: 0, rows: 0, startedAt: this.ctx.now(), finishedAt: null, problems: [], units: [], crashed: false,
    };
    this.#jobs.set(job.id, job);
    const finish = (result: WorkbookImportResult | null) => {
      if (result) {
        job.rows = result.rows;
        job.problems = result.problems;
        job.units = result.units;
      }
      job.state = result?.ok ? 'succeeded' : 'failed';
      job.stage = 'finished';
      job.finishedAt = this.ctx.now();
    };
    // Started on the next turn of the event loop, so the request is answered first.
    setImmediate(() => {
      importWorkbook(this.ctx, actor, campaign, file, {
        mode: options.mode, limits: this.limits,
        progress: (stage, processed, total) => { job.stage = stage; job.processed = processed; job.total = total; },
      }).then(finish, (error: unknown) => {
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
