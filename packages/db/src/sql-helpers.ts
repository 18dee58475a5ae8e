import { sql, type SQL } from 'drizzle-orm';

/** An int[] parameter that both drivers send the same way (a text literal cast in SQL). */
export function intArray(values: readonly number[]): SQL {
  for (const v of values) if (!Number.isInteger(v)) throw new TypeError(`not an integer id: ${v}`);
  return sql`${`{${values.join(',')}}`}::int[]`;
}

/** A text[] parameter, quoted for PostgreSQL's array literal syntax. */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}
