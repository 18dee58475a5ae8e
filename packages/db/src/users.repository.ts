import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { users } from './schema.ts';

export type { Role } from './schema.ts';

type User = typeof users.$inferSelect;

/** An account as it leaves the repository: picked, so the password hash (or a new column) is never read by accident. */
export type UserRow = Readonly<Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'unitId' | 'language' | 'active'>>;

/** What `insert` takes; the language is given, not left to the column's default (the statement names it). */
export type NewUser = Readonly<Pick<User, 'username' | 'passwordHash' | 'displayName' | 'role' | 'unitId' | 'language'>>;

const COLUMNS = sql`id, username, display_name as "displayName", role, unit_id as "unitId", language, active`;

async function insert(ex: Executor, u: NewUser): Promise<UserRow> {
  const [row] = await queryRows<UserRow>(ex, sql`
    insert into users (username, password_hash, display_name, role, unit_id, language)
    values (${u.username}, ${u.passwordHash}, ${u.displayName}, ${u.role}, ${u.unitId}, ${u.language})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into users returned nothing');
  return row;
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

export const usersRepository = Object.freeze({ insert, getByUsernameWithHash, getById });
