import { sql, type SQL } from 'drizzle-orm';

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
