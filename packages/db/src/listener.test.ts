/** LISTEN/NOTIFY on both databases: committed notifications arrive, undone ones never do. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`listen on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('hears committed notifications, not rolled-back ones, and nothing after unlisten', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen('test_channel', (payload) => heard.push(payload));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('test_channel', 'one')`);
    });
    await until(() => heard.length === 1);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('test_channel', 'undone')`);
      tx.rollback();
    }).catch(() => {});
    await database.db.execute(sql`select pg_notify('other_channel', 'elsewhere')`);
    await database.db.execute(sql`select pg_notify('test_channel', 'two')`);
    await until(() => heard.length === 2);
    expect(heard).toEqual(['one', 'two']);
    await unlisten();
    await database.db.execute(sql`select pg_notify('test_channel', 'three')`);
    await pause(200);
    expect(heard).toEqual(['one', 'two']);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(database.listen('x; drop table units', () => {})).rejects.toThrow(/channel/);
  });

  it.skipIf(!testDatabaseUrl())('listens again after its connection is cut, and says so', async () => {
    const heard: string[] = [];
    let reconnects = 0;
    const unlisten = await database.listen('cut_channel', (payload) => heard.push(payload), { onReconnect: () => reconnects++, onError: () => {} });
    await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen cut_channel%'`);
    await until(() => reconnects === 1);
    await database.db.execute(sql`select pg_notify('cut_channel', 'after')`);
    await until(() => heard.length === 1);
    expect(heard).toEqual(['after']);
    await unlisten();
  });
});
