/** Starts the HTTP server on the configured database. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openServiceContext } from './services/context.ts';

export async function startServer(config: Config): Promise<{ url: string; close(): Promise<void> }> {
  const ctx = await openServiceContext(config);
  const app = await buildApp({ ctx, config, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    url: address,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}
