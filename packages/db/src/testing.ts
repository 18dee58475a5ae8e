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

export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) return openDatabase({ dataDir: 'memory://' });
  const name = `giaoban_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), poolSize: options.poolSize ?? 10 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
