/**
 * One code path for both databases: PGlite (PostgreSQL in WebAssembly, persisted in a data
 * directory) by default, a PostgreSQL server when a URL is given. Both drivers are given the
 * same type parsers so the rest of the code sees the same JavaScript values:
 * int8 and numeric → number, date → 'YYYY-MM-DD' (never a time-zone-shifted Date).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { pgliteListen, postgresListeners, type Listen } from './listener.ts';
import { trackCommits } from './after-commit.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  /**
   * Where dashboard reads may go: a pool on the streaming replica when a read URL was given,
   * otherwise `db` itself (PGlite always). A replica lags: read-your-writes is the caller's.
   */
  readonly readDb: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for log lines (never includes a password). */
  readonly location: string;
  /**
   * Calls back with each NOTIFY on a channel, from committed transactions only (live
   * dashboards): PostgreSQL on a dedicated connection of the primary, PGlite in-instance.
   */
  readonly listen: Listen;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, the server is used and dataDir is ignored. */
  readonly url?: string | undefined;
  /** postgres://… of a streaming replica of `url`, for reads that may lag (PostgreSQL only). */
  readonly readUrl?: string | undefined;
  /** PGlite data directory; 'memory://' keeps everything in memory (tests). */
  readonly dataDir?: string | undefined;
  /** Connections in the pool (PostgreSQL only). */
  readonly poolSize?: number | undefined;
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean | undefined;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const toNumber = (v: string) => Number(v);
const asText = (v: string) => v;
const PARSERS: Record<number, (v: string) => unknown> = {
  [OID.INT8]: toNumber,
  [OID.NUMERIC]: toNumber,
  [OID.DATE]: asText,
};

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));
/** Key of the advisory lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK_KEY = 7_340_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options.poolSize ?? 10, options.readUrl) : await openPglite(options.dataDir ?? './data');
  if (options.migrate !== false) {
    try {
      await runMigrations(database, options);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { parsers: PARSERS });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  trackCommits(db);
  return {
    db,
    readDb: db,
    kind: 'pglite',
    location: dataDir,
    listen: pgliteListen(client),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number, readUrl: string | undefined): Promise<Database> {
  // drizzle passes its own per-query parsers (timestamps as text) that fall back to pg's
  // global table for everything else, so ours must live in that table, not on the pool.
  for (const [oid, parse] of Object.entries(PARSERS)) pg.types.setTypeParser(Number(oid), parse);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  trackCommits(db);
  await pool.query('select 1');
  const readPool = readUrl ? new pg.Pool({ connectionString: readUrl, max: poolSize }) : null;
  readPool?.on('error', () => {});
  await readPool?.query('select 1').catch(async (error: unknown) => {
    await Promise.all([pool.end(), readPool.end()]);
    throw error;
  });
  const listeners = postgresListeners(url);
  return {
    db,
    readDb: readPool ? drizzlePg({ client: readPool, schema }) as unknown as Db : db,
    kind: 'postgres',
    location: readUrl ? `${redactUrl(url)} (reads: ${redactUrl(readUrl)})` : redactUrl(url),
    listen: listeners.listen,
    close: async () => {
      await listeners.closeAll();
      await Promise.all([pool.end(), readPool?.end()]);
    },
  };
}

async function runMigrations(database: Database, options: DatabaseOptions): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // Several server processes may start together: one migrates, the others wait on the lock.
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(invalid url)';
  }
}

/** Runs raw SQL and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
