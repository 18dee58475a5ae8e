/** Both drivers must hand the rest of the code the same JavaScript values. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './connection.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe(`types from ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('returns int8 and numeric as numbers, date as YYYY-MM-DD text, jsonb as objects', async () => {
    const [row] = await queryRows<Record<string, unknown>>(database.db, sql`
      select 9007199254740991::int8 as big, count(*) as n, 1234.5678::numeric(20,4) as figure, sum(x) as total,
             '2023-07-02'::date as day, '{"a":[1,2]}'::jsonb as doc
      from (values (0.1::numeric), (0.2::numeric)) v(x)`);
    expect(row).toEqual({ big: 9007199254740991, n: 2, figure: 1234.5678, total: 0.3, day: '2023-07-02', doc: { a: [1, 2] } });
  });

  it('applied every migration: the tables exist', async () => {
    const rows = await queryRows<{ name: string }>(database.db, sql`
      select table_name as name from information_schema.tables where table_schema = 'public' order by 1`);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining([
      'campaigns', 'indicators', 'report_values', 'reports', 'rollup_summary', 'sessions', 'targets', 'unit_closure', 'units', 'users',
    ]));
  });
});
