import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';

export type Role = 'admin' | 'steering' | 'manager' | 'reporter' | 'viewer';

export interface UserRow {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: number;
  readonly language: 'vi' | 'en';
  readonly active: boolean;
}

const COLUMNS = sql`id, username, display_name as "displayName", role, unit_id as "unitId", language, active`;

async function insert(ex: Executor, u: Omit<UserRow, 'id' | 'active'> & { passwordHash: string }): Promise<UserRow> {
  const [row] = await queryRows<UserRow>(ex, sql`
    insert into users (username, password_hash, display_name, role, unit_id, language)
    values (${u.username}, ${u.passwordHash}, ${u.displayName}, ${u.role}, ${u.unitId}, ${u.language})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into users returned nothing');
  return row;
}

async function getByUsernameWithHash(ex: Executor, username: string): Promise<(UserRow & { passwordHash: string }) | undefined> {
  const [row] = await queryRows<UserRow & { passwordHash: string }>(ex, sql`
    select ${COLUMNS}, password_hash as "passwordHash" from users where username = ${username}`);
  return row;
}

async function getById(ex: Executor, id: number): Promise<UserRow | undefined> {
  const [row] = await queryRows<UserRow>(ex, sql`select ${COLUMNS} from users where id = ${id}`);
  return row;
}

export const usersRepository = Object.freeze({ insert, getByUsernameWithHash, getById });
