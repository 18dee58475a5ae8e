import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { sessions } from './schema.ts';
import { textArray } from './sql-helpers.ts';
import { inScopeSql, type UnitRow } from './units.repository.ts';
import type { UserRow } from './users.repository.ts';

type Session = typeof sessions.$inferSelect;

/** A live session with its user (joined). */
export type SessionRow = Readonly<Pick<Session, 'csrfToken' | 'expiresAt'> & { user: UserRow }>;

/** What `insert` takes: the expiry as the service's instant (the driver sends a Date as timestamptz). */
export type NewSession = Readonly<Pick<Session, 'tokenHash' | 'userId' | 'csrfToken' | 'ip'> & { expiresAt: Date }>;

async function insert(ex: Executor, s: NewSession): Promise<void> {
  await ex.execute(sql`
    insert into sessions (token_hash, user_id, csrf_token, expires_at, ip)
    values (${s.tokenHash}, ${s.userId}, ${s.csrfToken}, ${s.expiresAt}, ${s.ip})`);
}

/** A unit named by a request, and whether it lies in the signed-in user's subtree. */
export interface NamedUnit {
  readonly unit: UnitRow;
  readonly inSubtree: boolean;
}

/** What one request asks of its session: the token's hash, and the unit its address names (null when none). */
export interface SessionLookup {
  readonly tokenHash: string;
  readonly unitCode: string | null;
  readonly now: Date;
}

/**
 * The live sessions (with their active users) of several requests in one statement, and with
 * each the unit its address names (null when no unit has that code) and whether that unit
 * lies in the user's subtree: a request is authenticated and scoped in one statement, shared
 * with the requests arriving beside it. One answer per lookup, in order; undefined for no
 * live session.
 */
async function getActiveNamingMany(
  ex: Executor, lookups: readonly SessionLookup[],
): Promise<({ session: SessionRow; named: NamedUnit | null } | undefined)[]> {
  // unnest of arrays, not a JSON recordset: the planner knows how many rows come (a JSON
  // function is guessed at 100) and reads sessions by their key instead of scanning them all.
  const rows = await queryRows<{ i: number; named: (UnitRow & { inSubtree: boolean }) | null } & Omit<SessionRow, 'user'> & UserRow>(ex, sql`
    select l.i::int as i, s.csrf_token as "csrfToken", s.expires_at as "expiresAt", u.id, u.username, u.display_name as "displayName",
           u.role, u.unit_id as "unitId", u.language, u.active, u.must_change_password as "mustChangePassword",
           (select json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'shortName', t.short_name, 'level', t.level,
                'parentId', t.parent_id, 'tags', t.tags, 'region', t.region, 'validFrom', t.valid_from, 'validTo', t.valid_to,
                'successorId', t.successor_id,
                'inSubtree', ${inScopeSql(sql`u.unit_id`, sql`t.id`)})
              from units t where t.code = l.code) as named
    from unnest(${textArray(lookups.map((l) => l.tokenHash))}, ${textArray(lookups.map((l) => l.unitCode))},
                ${textArray(lookups.map((l) => l.now.toISOString()))}::timestamptz[]) with ordinality as l(hash, code, at, i)
    join sessions s on s.token_hash = l.hash and s.expires_at > l.at
    join users u on u.id = s.user_id and u.active`);
  const answers: ({ session: SessionRow; named: NamedUnit | null } | undefined)[] = lookups.map(() => undefined);
  for (const { i: ordinal, csrfToken, expiresAt, named, ...user } of rows) {
    const session = { csrfToken, expiresAt, user };
    const i = ordinal - 1;
    if (!named) answers[i] = { session, named: null };
    else {
      const { inSubtree, ...unit } = named;
      answers[i] = { session, named: { unit, inSubtree } };
    }
  }
  return answers;
}

async function remove(ex: Executor, tokenHash: string): Promise<void> {
  await ex.execute(sql`delete from sessions where token_hash = ${tokenHash}`);
}

async function removeExpired(ex: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from sessions where expires_at <= ${now} returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

/** Signs an account out everywhere: removes every session of the user; how many there were. */
async function removeAllOfUser(ex: Executor, userId: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from sessions where user_id = ${userId} returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

/** Removes every session of the user but the one of `keepTokenHash` (a password changed: the other devices sign in again). */
async function removeAllOfUserBut(ex: Executor, userId: number, keepTokenHash: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`
    with d as (delete from sessions where user_id = ${userId} and token_hash <> ${keepTokenHash} returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

export const sessionsRepository = Object.freeze({ insert, getActiveNamingMany, remove, removeExpired, removeAllOfUser, removeAllOfUserBut });
