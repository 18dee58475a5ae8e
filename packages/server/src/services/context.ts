import type { Database, Db } from '@giaoban/db';

/** What every service needs: the database and a clock (core never reads the time itself). */
export interface ServiceContext {
  readonly database: Database;
  readonly db: Db;
  readonly now: () => Date;
}

export function createServiceContext(database: Database, now: () => Date = () => new Date()): ServiceContext {
  return Object.freeze({ database, db: database.db, now });
}

/** Who performs a use case (null for the system itself: CLI, demo loader). */
export interface Actor {
  readonly userId: number;
}
