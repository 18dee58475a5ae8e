/** After-commit work runs once the transaction is in, never when it is undone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { afterCommit } from './after-commit.ts';
import type { Database } from './connection.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe(`afterCommit on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('runs after the commit, with the database, and not after a rollback', async () => {
    const ran: string[] = [];
    const result = await database.db.transaction(async (tx) => {
      expect(afterCommit(tx, (db) => { ran.push(db === database.db ? 'committed' : 'other database'); })).toBe(true);
      await tx.execute(sql`select 1`);
      expect(ran).toEqual([]);
      return 42;
    });
    expect(result).toBe(42);
    expect(ran).toEqual(['committed']);

    await expect(database.db.transaction(async (tx) => {
      afterCommit(tx, () => { ran.push('undone'); });
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(ran).toEqual(['committed']);
  });

  it('resolves once asynchronous after-commit work is done, whether it worked or not', async () => {
    const ran: string[] = [];
    await database.db.transaction(async (tx) => {
      afterCommit(tx, async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ran.push('slow');
      });
      afterCommit(tx, async () => {
        throw new Error('failed after the commit');
      });
    });
    expect(ran).toEqual(['slow']);
  });

  it('does not follow a nested transaction or the database itself', async () => {
    expect(afterCommit(database.db, () => {})).toBe(false);
    await database.db.transaction(async (tx) => {
      await tx.transaction(async (inner) => {
        expect(afterCommit(inner, () => {})).toBe(false);
      });
    });
  });
});
