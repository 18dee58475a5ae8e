/** Starts the HTTP server on the configured database, with the reminder job beside it. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openServiceContext } from './services/context.ts';
import { createMailer } from './services/mailer.ts';
import { startReminderScheduler } from './services/scheduler.ts';

export async function startServer(config: Config): Promise<{ url: string; close(): Promise<void> }> {
  const ctx = await openServiceContext(config);
  const app = await buildApp({ ctx, config, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.host, port: config.port });
  const mailer = createMailer(config);
  const scheduler = config.reminderIntervalSeconds > 0
    ? startReminderScheduler({ ctx, mailer, intervalMs: config.reminderIntervalSeconds * 1000, log: app.log })
    : null;
  return {
    url: address,
    close: async () => {
      await scheduler?.stop();
      await app.close();
      mailer?.close();
      await ctx.close();
    },
  };
}
