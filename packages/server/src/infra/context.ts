import { openDatabase, type Database, type Db, type Role, type UserRow } from '@giaoban/db';

/** What every service needs: the database and a clock (core never reads the time itself). */
export interface ServiceContext {
  readonly database: Database;
  readonly db: Db;
  /**
   * For dashboard reads that may lag: the streaming replica when one is configured, else `db`.
   * Go through `readContext` (read-your-writes.ts) rather than using it directly.
   */
  readonly readDb: Db;
  readonly now: () => Date;
}

export function createServiceContext(database: Database, now: () => Date = () => new Date()): ServiceContext {
  return Object.freeze({ database, db: database.db, readDb: database.readDb, now });
}

/** Who performs a use case (null for the system itself: CLI, demo loader). */
export interface Actor {
  readonly userId: number;
  readonly role: Role;
  /** The account's own unit: decides whether it writes a report or reviews it. */
  readonly unitId: number;
  /** The address the request came from, for the audit log. */
  readonly ip: string | null;
}

export function actorOf(user: Pick<UserRow, 'id' | 'role' | 'unitId'>, ip: string | null = null): Actor {
  return Object.freeze({ userId: user.id, role: user.role, unitId: user.unitId, ip });
}

/** Opens the configured database (migrating it) and a context on it; `close` releases both. */
export async function openServiceContext(
  config: { databaseUrl: string | undefined; databaseReadUrl?: string | undefined; dataDir: string; poolSize: number },
): Promise<ServiceContext & { close(): Promise<void> }> {
  const database = await openDatabase({
    url: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dataDir, poolSize: config.poolSize,
  });
  return Object.freeze({ ...createServiceContext(database), close: () => database.close() });
}
