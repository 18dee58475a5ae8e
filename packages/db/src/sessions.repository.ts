import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { UnitRow } from './units.repository.ts';
import type { UserRow } from './users.repository.ts';

export interface SessionRow {
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: UserRow;
}

async function insert(ex: Executor, s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; ip: string | null }): Promise<void> {
  await ex.execute(sql`
    insert into sessions (token_hash, user_id, csrf_token, expires_at, ip)
    values (${s.tokenHash}, ${s.userId}, ${s.csrfToken}, ${s.expiresAt}, ${s.ip})`);
}

/** The live session for a token hash, with its (active) user. */
async function getActive(ex: Executor, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  return (await getActiveNaming(ex, tokenHash, now, null))?.session;
}

/** A unit named by a request, and whether it lies in the signed-in user's subtree. */
export interface NamedUnit {
  readonly unit: UnitRow;
  readonly inSubtree: boolean;
}

/**
 * getActive, and with it the unit `unitCode` names (null when no unit has that code) and
 * whether it lies in the user's subtree: a request naming a unit is authenticated and
 * scoped in one round trip.
 */
async function getActiveNaming(
  ex: Executor, tokenHash: string, now: Date, unitCode: string | null,
): Promise<{ session: SessionRow; named: NamedUnit | null } | undefined> {
  const [row] = await queryRows<{ csrfToken: string; expiresAt: string; named: (UnitRow & { inSubtree: boolean }) | null } & UserRow>(ex, sql`
    select s.csrf_token as "csrfToken", s.expires_at as "expiresAt", u.id, u.username, u.display_name as "displayName",
           u.role, u.unit_id as "unitId", u.language, u.active,
           ${unitCode === null ? sql`null::json` : sql`(select json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'level', t.level,
                'parentId', t.parent_id, 'tags', t.tags, 'region', t.region, 'validFrom', t.valid_from, 'validTo', t.valid_to,
                'successorId', t.successor_id,
                'inSubtree', exists (select 1 from unit_closure c where c.ancestor_id = u.unit_id and c.descendant_id = t.id))
              from units t where t.code = ${unitCode})`} as named
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > ${now} and u.active`);
  if (!row) return undefined;
  const { csrfToken, expiresAt, named, ...user } = row;
  if (!named) return { session: { csrfToken, expiresAt, user }, named: null };
  const { inSubtree, ...unit } = named;
  return { session: { csrfToken, expiresAt, user }, named: { unit, inSubtree } };
}

async function remove(ex: Executor, tokenHash: string): Promise<void> {
  await ex.execute(sql`delete from sessions where token_hash = ${tokenHash}`);
}

async function removeExpired(ex: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from sessions where expires_at <= ${now} returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

export const sessionsRepository = Object.freeze({ insert, getActive, getActiveNaming, remove, removeExpired });
