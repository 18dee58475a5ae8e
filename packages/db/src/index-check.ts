/**
 * amcheck's `bt_index_check` on every btree index of the app's schema (issue 16): damage such
 * as two processes writing one PGlite directory leaves ("failed to re-find parent key in
 * index …") is invisible to the roll-up comparison. `heapallindexed` also looks for rows that
 * an index lost. It takes only AccessShareLock, so it can run beside a live server.
 * PGlite is opened with the extension's files (connection.ts); PostgreSQL needs the contrib
 * package and the right to `create extension` (a superuser, or installed beforehand).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';

export interface IndexDamage {
  readonly index: string;
  readonly table: string;
  /** The check's own message (PostgreSQL's words). */
  readonly message: string;
}

export type IndexCheck =
  | { readonly status: 'checked'; readonly indexes: number; readonly damaged: readonly IndexDamage[] }
  /** `no_privilege`: not allowed to install or run amcheck; `not_available`: not installed on the server. */
  | { readonly status: 'skipped'; readonly reason: 'no_privilege' | 'not_available'; readonly detail: string };

const NO_PRIVILEGE = new Set(['42501']);

/** PostgreSQL's own error: drizzle wraps it in one that quotes the query. */
function pgError(error: unknown): { code: string | undefined; message: string } {
  const e = ((error as { cause?: unknown }).cause ?? error) as { code?: unknown; message?: unknown };
  return { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : String(e) };
}

export async function checkIndexes(db: Executor): Promise<IndexCheck> {
  let schema: string;
  try {
    await db.execute(sql`create extension if not exists amcheck`);
    const [row] = await queryRows<{ schema: string }>(db, sql`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'amcheck'`);
    schema = row!.schema;
  } catch (error) {
    const { code, message } = pgError(error);
    return { status: 'skipped', reason: code && NO_PRIVILEGE.has(code) ? 'no_privilege' : 'not_available', detail: message };
  }
  const indexes = await queryRows<{ oid: number; index: string; table: string }>(db, sql`
    select c.oid::int8 as oid, c.relname as index, t.relname as "table"
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_am am on am.oid = c.relam
    where am.amname = 'btree' and c.relkind = 'i' and c.relpersistence <> 't' and i.indisvalid
      and c.relnamespace = current_schema()::regnamespace
    order by t.relname, c.relname`);
  const damaged: IndexDamage[] = [];
  for (const i of indexes) {
    try {
      await db.execute(sql`select ${sql.identifier(schema)}.bt_index_check(${i.oid}::oid::regclass, true)`);
    } catch (error) {
      const { code, message } = pgError(error);
      if (code && NO_PRIVILEGE.has(code)) return { status: 'skipped', reason: 'no_privilege', detail: message };
      damaged.push({ index: i.index, table: i.table, message });
    }
  }
  return { status: 'checked', indexes: indexes.length, damaged };
}
