/**
 * The reminder job inside the server process: one pass (runReminders, then deliverEmails,
 * then the accounts of the reorganisations whose date has come: settleDueReorganisations)
 * at start and every interval after the previous pass ends, so passes never overlap. A
 * failing pass is logged and the next one runs as planned. Every server process runs this
 * timer, but a pass runs only in the process that takes the job's lease (job_leases) for an
 * interval, so across processes the job runs once per interval, not once per process; a
 * holder that dies is replaced when its lease ends. Should two passes ever meet, the dedupe
 * keys and the email claims still keep every notification single. A campaign whose
 * reminders fail (bad stored data, say) is logged with its code and skipped for that pass:
 * the other campaigns still get theirs.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { jobLeasesRepository } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';
import { settleDueReorganisations } from '../organisation/index.ts';
import { deliverEmails, runReminders } from './reminders.service.ts';

/** The slice of a pino/Fastify logger the job writes to. */
export interface JobLog {
  info(data: object, message: string): void;
  error(data: object, message: string): void;
}

/** The name of the reminder job's lease. */
export const REMINDER_JOB = 'reminders';

export interface ReminderScheduler {
  /** Runs a pass now, or joins the one in flight; true when this process ran it (it held the lease). */
  runNow(): Promise<boolean>;
  /** No further pass starts; resolves when the one in flight (if any) has ended. */
  stop(): Promise<void>;
}

/** Starts the reminder job on `ctx` (its database, clock and mailer: without one, no email is queued). */
export function startReminderScheduler(options: {
  ctx: ServiceContext;
  intervalMs: number;
  log: JobLog;
  /** Delay before the first pass (default: at once). */
  firstRunDelayMs?: number;
  /** Who holds the lease, as job_leases shows it (default: host, process id and a random tag). */
  holder?: string;
}): ReminderScheduler {
  const { ctx, intervalMs, log } = options;
  const { mailer } = ctx;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let inFlight: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pass = async (): Promise<boolean> => {
    let ran = false;
    try {
      // Another process holds the lease: it runs this interval's pass.
      if (!(await jobLeasesRepository.acquire(ctx.db, { job: REMINDER_JOB, holder, ttlMs: intervalMs }))) return false;
      ran = true;
      const summary = await runReminders(ctx, {
        email: mailer !== null,
        onCampaignFailure: (campaign, error) => log.error({ campaign, err: error }, 'reminders failed for a campaign'),
      });
      if (summary.notifications.length > 0) {
        log.info({ created: summary.created, emailQueued: summary.emailQueued, campaigns: summary.campaigns }, 'reminders created');
      }
      if (mailer) {
        const delivery = await deliverEmails(ctx, mailer);
        if (delivery.sent + delivery.failed > 0) log.info({ ...delivery }, 'reminder emails delivered');
      }
      const settled = await settleDueReorganisations(ctx);
      if (settled.reorganisations > 0) log.info({ ...settled }, 'accounts of reorganisations moved on their date');
    } catch (error) {
      log.error({ err: error }, 'reminder job failed');
    }
    return ran;
  };

  const runNow = (): Promise<boolean> => {
    inFlight ??= pass().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runNow().then(() => schedule(intervalMs));
    }, delay);
    // The job alone never keeps the process alive.
    timer.unref();
  };
  schedule(options.firstRunDelayMs ?? 0);

  return Object.freeze({
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  });
}
