import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { units, users } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';

export type { Role } from './schema.ts';

type User = typeof users.$inferSelect;
type Unit = typeof units.$inferSelect;

/** An account as it leaves the repository: picked, so the password hash (or a new column) is never read by accident. */
export type UserRow = Readonly<Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'unitId' | 'language' | 'active' | 'mustChangePassword'>>;

/**
 * What `insert` takes; the language is given, not left to the column's default (the statement
 * names it). Email, the temporary-password flag and the creator default to none, false, none.
 */
export type NewUser = Readonly<Pick<User, 'username' | 'passwordHash' | 'displayName' | 'role' | 'unitId' | 'language'>
  & Partial<Pick<User, 'email' | 'mustChangePassword' | 'createdBy'>>>;

/** An account as the accounts pages list it: the row, its email, its unit's code and name, when it last signed in and was created. */
export type AccountRow = UserRow & Readonly<Pick<User, 'email' | 'lastSignInAt' | 'passwordChangedAt' | 'createdAt'> & {
  unitCode: Unit['code'];
  unitName: Unit['name'];
}>;

/** What `update` may change; a field left out stays as it is. */
export type UserChanges = Readonly<Partial<Pick<User, 'displayName' | 'role' | 'active' | 'email'>>>;

const COLUMNS = sql`id, username, display_name as "displayName", role, unit_id as "unitId", language, active, must_change_password as "mustChangePassword"`;
const ACCOUNT_COLUMNS = sql`us.id, us.username, us.display_name as "displayName", us.role, us.unit_id as "unitId", us.language, us.active,
  us.must_change_password as "mustChangePassword", us.email, us.last_sign_in_at as "lastSignInAt", us.password_changed_at as "passwordChangedAt",
  us.created_at as "createdAt", un.code as "unitCode", un.name as "unitName"`;

async function insert(ex: Executor, u: NewUser): Promise<UserRow> {
  const [row] = await insertMany(ex, [u]);
  if (!row) throw new Error('insert into users returned nothing');
  return row;
}

/** Several accounts in one statement, returned in the order given. */
async function insertMany(ex: Executor, list: readonly NewUser[]): Promise<UserRow[]> {
  if (list.length === 0) return [];
  const rows = await queryRows<UserRow & { i: number }>(ex, sql`
    insert into users (username, password_hash, display_name, role, unit_id, language, email, must_change_password, created_by)
    select username, password_hash, display_name, role, unit_id, language, email, must_change_password, created_by
    from unnest(${textArray(list.map((u) => u.username))}, ${textArray(list.map((u) => u.passwordHash))},
      ${textArray(list.map((u) => u.displayName))}, ${textArray(list.map((u) => u.role))}, ${intArray(list.map((u) => u.unitId))},
      ${textArray(list.map((u) => u.language))}, ${textArray(list.map((u) => u.email ?? null))},
      ${textArray(list.map((u) => String(u.mustChangePassword ?? false)))}::boolean[], ${intArray(list.map((u) => u.createdBy ?? null))})
      with ordinality as t(username, password_hash, display_name, role, unit_id, language, email, must_change_password, created_by, i)
    order by i
    returning ${COLUMNS}`);
  // insert … select … order by inserts in that order; the ids say it back.
  return [...rows].sort((a, b) => a.id - b.id);
}

async function getByUsernameWithHash(ex: Executor, username: string): Promise<(UserRow & Readonly<Pick<User, 'passwordHash'>>) | undefined> {
  const [row] = await queryRows<UserRow & Readonly<Pick<User, 'passwordHash'>>>(ex, sql`
    select ${COLUMNS}, password_hash as "passwordHash" from users where username = ${username}`);
  return row;
}

async function getById(ex: Executor, id: number): Promise<UserRow | undefined> {
  const [row] = await queryRows<UserRow>(ex, sql`select ${COLUMNS} from users where id = ${id}`);
  return row;
}

/** The account of a username with its unit (undefined for none). */
async function getAccountByUsername(ex: Executor, username: string): Promise<AccountRow | undefined> {
  const [row] = await queryRows<AccountRow>(ex, sql`
    select ${ACCOUNT_COLUMNS} from users us join units un on un.id = us.unit_id where us.username = ${username}`);
  return row;
}

/** The usernames of the list that are taken (in the order of the table). */
async function listTakenUsernames(ex: Executor, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await queryRows<{ username: string }>(ex, sql`
    select username from users where username = any(${textArray(usernames)}) order by username`);
  return rows.map((r) => r.username);
}

/** The accounts of a unit, or of its whole subtree with `subtree`, by unit code then username. */
async function listByUnit(ex: Executor, unitId: number, options: { subtree: boolean }): Promise<AccountRow[]> {
  const where = options.subtree
    ? sql`us.unit_id in (select descendant_id from unit_closure where ancestor_id = ${unitId})`
    : sql`us.unit_id = ${unitId}`;
  return queryRows<AccountRow>(ex, sql`
    select ${ACCOUNT_COLUMNS} from users us join units un on un.id = us.unit_id
    where ${where} order by un.code, us.username`);
}

/** Changes the given fields of an account; undefined when there is no such account. */
async function update(ex: Executor, id: number, changes: UserChanges): Promise<UserRow | undefined> {
  const sets = [];
  if (changes.displayName !== undefined) sets.push(sql`display_name = ${changes.displayName}`);
  if (changes.role !== undefined) sets.push(sql`role = ${changes.role}`);
  if (changes.active !== undefined) sets.push(sql`active = ${changes.active}`);
  if (changes.email !== undefined) sets.push(sql`email = ${changes.email}`);
  if (sets.length === 0) return getById(ex, id);
  const [row] = await queryRows<UserRow>(ex, sql`update users set ${sql.join(sets, sql`, `)} where id = ${id} returning ${COLUMNS}`);
  return row;
}

/** Sets an account's password hash, whether it must be changed at the next request, and when it was set. */
async function setPassword(ex: Executor, id: number, p: { passwordHash: string; mustChangePassword: boolean; at: Date }): Promise<void> {
  await ex.execute(sql`
    update users set password_hash = ${p.passwordHash}, must_change_password = ${p.mustChangePassword}, password_changed_at = ${p.at}
    where id = ${id}`);
}

/** Records a sign-in (the accounts page shows it). */
async function markSignedIn(ex: Executor, id: number, at: Date): Promise<void> {
  await ex.execute(sql`update users set last_sign_in_at = ${at} where id = ${id}`);
}

export const usersRepository = Object.freeze({
  insert, insertMany, getByUsernameWithHash, getById, getAccountByUsername, listTakenUsernames, listByUnit, update, setPassword, markSignedIn,
});
