import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';

/** An int[] parameter that both drivers send the same way (a text literal cast in SQL); null elements stay null. */
export function intArray(values: readonly (number | null)[]): SQL {
  for (const v of values) if (v !== null && !Number.isInteger(v)) throw new TypeError(`not an integer id: ${v}`);
  return sql`${`{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`}::int[]`;
}

/** A numeric[] parameter (exact: each number as JavaScript prints it, read by PostgreSQL as a decimal). */
export function numericArray(values: readonly number[]): SQL {
  for (const v of values) if (!Number.isFinite(v)) throw new TypeError(`not a finite number: ${v}`);
  return sql`${`{${values.join(',')}}`}::numeric[]`;
}

/** A boolean[] parameter. */
export function boolArray(values: readonly boolean[]): SQL {
  return sql`${`{${values.map((v) => (v ? 't' : 'f')).join(',')}}`}::boolean[]`;
}

/** A text[] parameter, quoted for PostgreSQL's array literal syntax; null elements stay null. */
export function textArray(values: readonly (string | null)[]): SQL {
  const literal = `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`;
  return sql`${literal}::text[]`;
}

/**
 * Several data-modifying statements sent as one (each a WITH clause of `main`): one round
 * trip instead of one each. They run on the same snapshot, so they must not touch the same
 * rows; `main` may return rows.
 */
export function together(statements: readonly (SQL | null)[], main: SQL): SQL {
  const parts = statements.filter((s): s is SQL => s !== null);
  if (parts.length === 0) return main;
  return sql`with ${sql.join(parts.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`), sql`, `)} ${main}`;
}

/**
 * A query and what its rows become: run alone (`read`) or with others in one round trip
 * (`readTogether`). `from` must take the rows either way: with PostgreSQL's types as the driver
 * parses them, or as JSON (numbers, booleans, arrays and nulls alike; dates and times as text).
 */
export interface Read<R> {
  readonly sql: SQL;
  readonly from: (rows: readonly unknown[]) => R;
}

/** Runs one Read. */
export async function read<R>(ex: Executor, query: Read<R>): Promise<R> {
  return query.from(await queryRows<unknown>(ex, query.sql));
}

/**
 * Several Reads in one statement, on one snapshot, one round trip instead of one each: each
 * query's rows come back as a JSON array (json_agg) in a column of its own, so queries of any
 * shape travel together. For reads a transaction makes back to back (a submission group's).
 */
export async function readTogether<const T extends readonly Read<unknown>[]>(ex: Executor, reads: T): Promise<ReadResults<T>> {
  const columns = reads.map((r, i) => sql`(select coalesce(json_agg(t), '[]'::json) from (${r.sql}) t) as ${sql.raw(`r${i}`)}`);
  const [row] = await queryRows<Record<string, unknown[]>>(ex, sql`select ${sql.join(columns, sql`, `)}`);
  return reads.map((r, i) => r.from(row?.[`r${i}`] ?? [])) as ReadResults<T>;
}

/** What each Read of a tuple gives, in order. */
type ReadResults<T extends readonly Read<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Read<infer R> ? R : never };
