import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
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
  const [row] = await queryRows<{ csrfToken: string; expiresAt: string } & UserRow>(ex, sql`
    select s.csrf_token as "csrfToken", s.expires_at as "expiresAt", u.id, u.username, u.display_name as "displayName",
           u.role, u.unit_id as "unitId", u.language, u.active
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > ${now} and u.active`);
  if (!row) return undefined;
  const { csrfToken, expiresAt, ...user } = row;
  return { csrfToken, expiresAt, user };
}

async function remove(ex: Executor, tokenHash: string): Promise<void> {
  await ex.execute(sql`delete from sessions where token_hash = ${tokenHash}`);
}

async function removeExpired(ex: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`with d as (delete from sessions where expires_at <= ${now} returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

export const sessionsRepository = Object.freeze({ insert, getActive, remove, removeExpired });
