/** Starts the HTTP server on the configured database. */
import { openDatabase } from '@giaoban/db';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createServiceContext } from './services/context.ts';

export async function startServer(config: Config): Promise<{ url: string; close(): Promise<void> }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  const ctx = createServiceContext(database);
  const app = await buildApp({ ctx, config, logger: { level: config.logLevel } });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    url: address,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
