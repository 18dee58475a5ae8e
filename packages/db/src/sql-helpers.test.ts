/**
 * Reads sent together come back as JSON; each must give the same JavaScript values as when
 * it runs alone and the driver parses PostgreSQL's types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { read, readTogether, type Read } from './sql-helpers.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

/** The rows as they come, copied (so a Read's answer is its rows). */
const rowsOf = (query: ReturnType<typeof sql>): Read<unknown[]> => ({ sql: query, from: (rows) => [...rows] });

describe(`readTogether on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('gives each read the values it gets alone: numbers exact, arrays, booleans, nulls, text', async () => {
    // The kinds of column the submission group's reads return: ids, exact figures (numeric, a
    // sum of them), float8 arrays with and without nulls, booleans, text, and nulls of each.
    const figures = rowsOf(sql`
      select * from (values
        (1, 'p', 1791::numeric, true, 0.1::numeric + 0.2::numeric, array[1.5, 2.25, 1e-4]::float8[], array[7, 8]::int[]),
        (2, 't', 123456789.1234::numeric, false, null::numeric, array[null, 3]::float8[], null::int[]),
        (3, 'Đoàn "TN" \\ {a,b}', null::numeric, null::boolean, 99999999999.9999::numeric, null::float8[], array[]::int[])
      ) as t("unitId", kind, value, consolidated, before, history, "unitIds")
      order by 1`);
    const empty = rowsOf(sql`select 1 as n where false`);
    const count = rowsOf(sql`select count(*)::int as n from generate_series(1, 3)`);

    const alone = [await read(database.db, figures), await read(database.db, empty), await read(database.db, count)];
    const together = await readTogether(database.db, [figures, empty, count]);

    expect(together).toEqual(alone);
    expect(together[0]).toEqual([
      { unitId: 1, kind: 'p', value: 1791, consolidated: true, before: 0.3, history: [1.5, 2.25, 0.0001], unitIds: [7, 8] },
      { unitId: 2, kind: 't', value: 123456789.1234, consolidated: false, before: null, history: [null, 3], unitIds: null },
      { unitId: 3, kind: 'Đoàn "TN" \\ {a,b}', value: null, consolidated: null, before: 99999999999.9999, history: null, unitIds: [] },
    ]);
    expect(together[1]).toEqual([]);
    expect(together[2]).toEqual([{ n: 3 }]);
  });

  it('runs every read in one statement: one fails, none answers', async () => {
    const fine = rowsOf(sql`select 1 as n`);
    const broken = rowsOf(sql`select 1 / 0 as n`);
    await expect(readTogether(database.db, [fine, broken])).rejects.toMatchObject({ cause: { message: expect.stringMatching(/division by zero/) } });
  });
});
