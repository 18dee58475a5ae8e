/**
 * The reminder job inside the server process: one pass (runReminders, then deliverEmails)
 * at start and every interval after the previous pass ends, so passes never overlap. A
 * failing pass is logged and the next one runs as planned. Several processes may run it at
 * once: the dedupe keys and the email claims keep every notification single.
 */
import type { ServiceContext } from './context.ts';
import type { Mailer } from './mailer.ts';
import { deliverEmails, runReminders } from './reminders.service.ts';

/** The slice of a pino/Fastify logger the job writes to. */
export interface JobLog {
  info(data: object, message: string): void;
  error(data: object, message: string): void;
}

export interface ReminderScheduler {
  /** Runs a pass now, or joins the one in flight. */
  runNow(): Promise<void>;
  /** No further pass starts; resolves when the one in flight (if any) has ended. */
  stop(): Promise<void>;
}

export function startReminderScheduler(options: {
  ctx: ServiceContext;
  mailer: Mailer | null;
  intervalMs: number;
  log: JobLog;
  /** Delay before the first pass (default: at once). */
  firstRunDelayMs?: number;
}): ReminderScheduler {
  const { ctx, mailer, intervalMs, log } = options;
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pass = async () => {
    try {
      const summary = await runReminders(ctx, { email: mailer !== null });
      if (summary.notifications.length > 0) {
        log.info({ created: summary.created, emailQueued: summary.emailQueued, campaigns: summary.campaigns }, 'reminders created');
      }
      if (mailer) {
        const delivery = await deliverEmails(ctx, mailer);
        if (delivery.sent + delivery.failed > 0) log.info({ ...delivery }, 'reminder emails delivered');
      }
    } catch (error) {
      log.error({ err: error }, 'reminder job failed');
    }
  };

  const runNow = (): Promise<void> => {
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
