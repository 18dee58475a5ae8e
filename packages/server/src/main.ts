/** Starts the HTTP server on the configured database, with the reminder job beside it. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openServiceContext, type ServiceContext } from './infra/index.ts';
import { startReminderScheduler } from './monitoring/index.ts';

export interface StartOptions {
  /**
   * Runs on the server's own context once the database is open, before the server listens
   * (`serve --demo` loads the demo here: into the database the server then serves, which for
   * `memory://` is the only one there is).
   */
  readonly prepare?: ((ctx: ServiceContext) => Promise<void>) | undefined;
}

/**
 * Resolves once the server listens. If it cannot (the database cannot be opened, the port is
 * taken), everything opened so far is closed before the error is passed on, so the process
 * can exit instead of hanging on an open database.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const ctx = await openServiceContext(config);
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let address: string;
  try {
    await options.prepare?.(ctx);
    app = await buildApp({ ctx, config, logger: { level: config.logLevel } });
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app?.close().catch(() => {});
    await ctx.close().catch(() => {});
    throw error;
  }
  const scheduler = config.reminderIntervalSeconds > 0
    ? startReminderScheduler({ ctx, intervalMs: config.reminderIntervalSeconds * 1000, log: app.log })
    : null;
  const listening = app;
  return {
    url: address,
    close: async () => {
      await scheduler?.stop();
      await listening.close();
      await ctx.close();
    },
  };
}
