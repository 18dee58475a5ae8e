/**
 * Test databases: PGlite in memory by default; with TEST_DATABASE_URL, a fresh database on
 * that PostgreSQL server for each call (dropped by `close`), so suites never share state.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './connection.ts';

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/**
 * Creates an empty database named `${prefix}_<random>` on the server at `serverUrl` and
 * returns its URL and a function that drops it (tests, benchmarks).
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const drop = async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    try {
      await cleanup.query(`drop database if exists ${name} with (force)`);
    } finally {
      await cleanup.end();
    }
  };
  return { url: target.toString(), name, drop };
}

export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) return openDatabase({ dataDir: 'memory://' });
  const scratch = await createScratchDatabase(url, 'giaoban_test');
  const database = await openDatabase({ url: scratch.url, poolSize: options.poolSize ?? 10 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/**
 * `count` separate connections to one fresh test database, as several server processes have
 * (PGlite: one in-memory database, which cannot be opened twice, shared by all); closing the
 * first closes (and drops) it for all.
 */
export async function openSharedTestDatabases(count: number, options: { poolSize?: number } = {}): Promise<Database[]> {
  const url = testDatabaseUrl();
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return Array.from({ length: count }, () => database);
  }
  const scratch = await createScratchDatabase(url, 'giaoban_test');
  const databases: Database[] = [];
  for (let i = 0; i < count; i++) {
    databases.push(await openDatabase({ url: scratch.url, poolSize: options.poolSize ?? 4, migrate: i === 0 }));
  }
  const [first, ...others] = databases;
  return [{
    ...first!,
    close: async () => {
      for (const d of databases) await d.close();
      await scratch.drop();
    },
  }, ...others.map((d) => ({ ...d, close: async () => {} }))];
}
