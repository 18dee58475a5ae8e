/**
 * One code path for both databases: PGlite (PostgreSQL in WebAssembly, persisted in a data
 * directory) by default, a PostgreSQL server when a URL is given. Both drivers are given the
 * same type parsers so the rest of the code sees the same JavaScript values:
 * int8 and numeric → number, date → 'YYYY-MM-DD' (never a time-zone-shifted Date).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { amcheck } from '@electric-sql/pglite/contrib/amcheck';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { pgliteListen, postgresListeners, type Listen } from './listener.ts';
import { lockDataDir } from './data-dir-lock.ts';

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
  /**
   * How long a new PostgreSQL connection may take before it is given up, in milliseconds.
   * Default: the URL's `connect_timeout` (seconds, as libpq reads it), else 10 s.
   */
  readonly connectTimeoutMs?: number | undefined;
}

/** Why a PostgreSQL server could not be used; `location` never includes a password. */
export type DatabaseConnectionProblem =
  | 'bad_url' | 'timeout' | 'refused' | 'unknown_host' | 'unknown_database' | 'unknown_role' | 'authentication' | 'other';

/** The PostgreSQL server could not be reached or refused us: what to tell the person, not a stack. */
export class DatabaseConnectionError extends Error {
  readonly code = 'database_unavailable';
  readonly problem: DatabaseConnectionProblem;
  readonly location: string;
  /** From the URL (for the message): host, database and role names; the timeout waited. */
  readonly host: string;
  readonly database: string;
  readonly user: string;
  readonly timeoutMs: number;
  /** The driver's own words (password removed), for the problems without a message of ours. */
  readonly detail: string;

  constructor(problem: DatabaseConnectionProblem, url: string, timeoutMs: number, cause?: unknown) {
    const parts = urlParts(url);
    const detail = cause instanceof Error ? withoutPassword(cause.message, url) : '';
    super(`cannot use the database ${redactUrl(url)}: ${problem}${detail ? ` (${detail})` : ''}`);
    this.name = 'DatabaseConnectionError';
    this.problem = problem;
    this.location = redactUrl(url);
    this.host = parts.host;
    // Without a name in the URL pg uses defaults (PGUSER…); the server's message names them.
    this.database = parts.database || (/database "([^"]+)" does not exist/.exec(detail)?.[1] ?? '');
    this.user = parts.user || (/role "([^"]+)" does not exist/.exec(detail)?.[1] ?? '');
    this.timeoutMs = timeoutMs;
    this.detail = detail;
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

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
  const database = options.url
    ? await openPostgres(options.url, options.poolSize ?? 10, options.readUrl, connectTimeoutOf(options))
    : await openPglite(options.dataDir ?? './data');
  if (options.migrate !== false) {
    try {
      await runMigrations(database, options);
    } catch (error) {
      await database.close();
      throw options.url ? connectionError(error, options.url, connectTimeoutOf(options)) : error;
    }
  }
  return database;
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Before PGlite touches the directory: it writes on open, a second opener already does harm.
  const lock = inMemory ? null : await lockDataDir(dataDir);
  let client: PGlite;
  try {
    // amcheck for verify-rollups' index check (bt_index_check); only loaded, created on use.
    client = await PGlite.create(dataDir, { parsers: PARSERS, extensions: { amcheck } });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    readDb: db,
    kind: 'pglite',
    location: lock?.dataDir ?? dataDir,
    listen: pgliteListen(client),
    close: async () => {
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

/**
 * pg's clients with a bound on connecting. Not the pool's `connectionTimeoutMillis`: that
 * also bounds the wait for a free pooled connection, which under a storm of submissions is a
 * queue that must be waited in, not an error.
 */
function boundedClient(timeoutMs: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: timeoutMs });
    }
  };
}

async function openPostgres(url: string, poolSize: number, readUrl: string | undefined, timeoutMs: number): Promise<Database> {
  checkUrl(url, timeoutMs);
  if (readUrl) checkUrl(readUrl, timeoutMs);
  // drizzle passes its own per-query parsers (timestamps as text) that fall back to pg's
  // global table for everything else, so ours must live in that table, not on the pool.
  for (const [oid, parse] of Object.entries(PARSERS)) pg.types.setTypeParser(Number(oid), parse);
  const Client = boundedClient(timeoutMs);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  await pool.query('select 1').catch(async (error: unknown) => {
    await pool.end();
    throw connectionError(error, url, timeoutMs, 'other');
  });
  const readPool = readUrl ? new pg.Pool({ connectionString: readUrl, max: poolSize, Client }) : null;
  readPool?.on('error', () => {});
  await readPool?.query('select 1').catch(async (error: unknown) => {
    await Promise.all([pool.end(), readPool.end()]);
    throw connectionError(error, readUrl!, timeoutMs, 'other');
  });
  const listeners = postgresListeners(url, { connectTimeoutMs: timeoutMs });
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
  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: connectTimeoutOf(options) });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

function connectTimeoutOf(options: DatabaseOptions): number {
  if (options.connectTimeoutMs !== undefined) return options.connectTimeoutMs;
  try {
    const seconds = Number(new URL(options.url ?? '').searchParams.get('connect_timeout') ?? '');
    // libpq: 0 waits for ever; a hang is what the bound is for, so 0 means the default here.
    if (Number.isFinite(seconds) && seconds > 0) return Math.round(seconds * 1000);
  } catch {
    // A bad URL is reported where it is used.
  }
  return DEFAULT_CONNECT_TIMEOUT_MS;
}

const URL_PROTOCOLS = new Set(['postgres:', 'postgresql:', 'socket:']);

function checkUrl(url: string, timeoutMs: number): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConnectionError('bad_url', url, timeoutMs);
  }
  if (!URL_PROTOCOLS.has(parsed.protocol)) throw new DatabaseConnectionError('bad_url', url, timeoutMs);
}

/** SQLSTATEs and system errors a person can act on. */
const PROBLEMS: Record<string, DatabaseConnectionProblem> = {
  '3D000': 'unknown_database',
  '28000': 'unknown_role',
  '28P01': 'authentication',
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'unknown_host',
  EAI_AGAIN: 'unknown_host',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'timeout',
  ENETUNREACH: 'timeout',
};

/**
 * A failure to connect as a DatabaseConnectionError; anything else is passed on as it is,
 * unless `fallback` says that any error here is one of connecting (the first `select 1`).
 */
function connectionError(error: unknown, url: string, timeoutMs: number, fallback?: DatabaseConnectionProblem): unknown {
  if (error instanceof DatabaseConnectionError) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const problem = PROBLEMS[code]
    // pg ends a connection that did not finish starting up in time with one of these.
    ?? (/timeout expired|connection timeout/i.test(message) ? 'timeout' : undefined)
    // A server that closes the connection during start-up is not one we can use either.
    ?? (/Connection terminated unexpectedly/.test(message) ? 'other' : undefined)
    ?? fallback;
  return problem ? new DatabaseConnectionError(problem, url, timeoutMs, error) : error;
}

function urlParts(url: string): { host: string; database: string; user: string } {
  try {
    const u = new URL(url);
    return { host: u.port ? `${u.hostname}:${u.port}` : u.hostname, database: decodeURIComponent(u.pathname.replace(/^\//, '')), user: decodeURIComponent(u.username) };
  } catch {
    return { host: '', database: '', user: '' };
  }
}

function withoutPassword(text: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? text.split(password).join('***') : text;
  } catch {
    return text;
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
