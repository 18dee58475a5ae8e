/**
 * The two databases a fault test runs on, as `giaoban serve` and the CLI see them: PGlite in a
 * temporary data directory, and a fresh database on a PostgreSQL server (127.0.0.1:5432, user
 * postgres, or FAULT_DATABASE_URL / TEST_DATABASE_URL), dropped afterwards. When that server
 * cannot be reached the PostgreSQL half is skipped with its reason, except under CI
 * (CI=true), where it is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createScratchDatabase, openDatabase, redactUrl, type Database } from '@giaoban/db';

export type TargetKind = 'pglite' | 'postgres';

export interface FaultTarget {
  readonly kind: TargetKind;
  /** Where the data lives, for printed lines. */
  readonly location: string;
  /** The environment `giaoban serve` (and the CLI) runs with: this database and nothing else. */
  readonly env: Readonly<Record<string, string>>;
  /** The CLI options that name this database (`--data-dir DIR` or `--database-url URL`). */
  readonly cliArgs: readonly string[];
  /** Opens the database in this process (PGlite: only while no server holds the directory). */
  open(options?: { migrate?: boolean }): Promise<Database>;
  /** Removes the directory or drops the database. */
  dispose(): Promise<void>;
}

/** The PostgreSQL server the fault tests use (a maintenance database on it: scratch ones are created beside it). */
export function postgresServerUrl(): string {
  return process.env.FAULT_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The environment every server of a fault test gets: no background reminders, quiet logs. */
const QUIET: Readonly<Record<string, string>> = { GIAOBAN_REMINDER_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' };

export function pgliteTarget(): FaultTarget {
  const dir = mkdtempSync(join(tmpdir(), 'giaoban-fault-'));
  return {
    kind: 'pglite',
    location: dir,
    // An empty DATABASE_URL counts as unset (config.ts), whatever the caller's environment has.
    env: { ...QUIET, DATABASE_URL: '', DATABASE_READ_URL: '', GIAOBAN_DATA_DIR: dir },
    cliArgs: ['--data-dir', dir],
    open: (options = {}) => openDatabase({ dataDir: dir, migrate: options.migrate ?? true }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Why the PostgreSQL server cannot be used, or null when it answers. */
export async function postgresUnavailable(serverUrl = postgresServerUrl()): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${redactUrl(serverUrl)} is not reachable (${(error as Error).message || String(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Why the PostgreSQL half of a fault test is skipped (printed by the caller), or null when the
 * server answers; under CI an unreachable server is a failure, never a skip.
 */
export async function postgresSkipReason(serverUrl = postgresServerUrl()): Promise<string | null> {
  const unavailable = await postgresUnavailable(serverUrl);
  if (unavailable && process.env.CI === 'true') throw new Error(`${unavailable}: the fault suite must run on PostgreSQL in CI`);
  return unavailable;
}

/**
 * The database of `kind` for a fault test: a PGlite directory, or a fresh PostgreSQL database
 * named after `prefix`; null when the PostgreSQL half is skipped (the reason printed).
 */
export async function faultTarget(kind: TargetKind, prefix: string): Promise<FaultTarget | null> {
  if (kind === 'pglite') return pgliteTarget();
  const skipped = await postgresSkipReason();
  if (skipped) {
    console.log(`SKIPPED on PostgreSQL: ${skipped}`);
    return null;
  }
  return postgresTarget(prefix);
}

/** A fresh database on the PostgreSQL server, named `${prefix}_<random>`. */
export async function postgresTarget(prefix = 'giaoban_fault', serverUrl = postgresServerUrl()): Promise<FaultTarget> {
  const scratch = await createScratchDatabase(serverUrl, prefix);
  return {
    kind: 'postgres',
    location: redactUrl(scratch.url),
    env: { ...QUIET, DATABASE_URL: scratch.url, DATABASE_READ_URL: '' },
    cliArgs: ['--database-url', scratch.url],
    open: (options = {}) => openDatabase({ url: scratch.url, poolSize: 4, migrate: options.migrate ?? true }),
    dispose: () => scratch.drop(),
  };
}
