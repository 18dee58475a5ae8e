import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { signInLinks } from './schema.ts';

type SignInLink = typeof signInLinks.$inferSelect;

/** What `insert` takes: the token's SHA-256 (never the token), whose link it is, who made it, until when it works. */
export type NewSignInLink = Readonly<Pick<SignInLink, 'tokenHash' | 'userId' | 'createdBy'> & { expiresAt: Date }>;

async function insert(ex: Executor, link: NewSignInLink): Promise<void> {
  await ex.execute(sql`
    insert into sign_in_links (token_hash, user_id, created_by, expires_at)
    values (${link.tokenHash}, ${link.userId}, ${link.createdBy}, ${link.expiresAt})`);
}

/**
 * Uses a link: marks it used at `now` when it is unused and not expired, in one statement
 * (two requests with the same token cannot both have it), and returns its user's id;
 * undefined for a link that is unknown, used or expired.
 */
async function use(ex: Executor, tokenHash: string, now: Date): Promise<number | undefined> {
  const [row] = await queryRows<{ userId: number }>(ex, sql`
    update sign_in_links set used_at = ${now}
    where token_hash = ${tokenHash} and used_at is null and expires_at > ${now}
    returning user_id as "userId"`);
  return row?.userId;
}

/** Removes the unused links of an account (a new link or password replaces them); how many. */
async function removeUnusedOfUser(ex: Executor, userId: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(ex, sql`
    with d as (delete from sign_in_links where user_id = ${userId} and used_at is null returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

/** When the account last signed in by a link (null: never). */
async function lastUsedAt(ex: Executor, userId: number): Promise<string | null> {
  const [row] = await queryRows<{ at: string | null }>(ex, sql`select max(used_at) as at from sign_in_links where user_id = ${userId}`);
  return row?.at ?? null;
}

export const signInLinksRepository = Object.freeze({ insert, use, removeUnusedOfUser, lastUsedAt });
