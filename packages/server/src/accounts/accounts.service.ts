/** Accounts and sessions: argon2id passwords, server-side sessions keyed by a hashed token. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, ValidationError } from '@giaoban/core';
import { sessionsRepository, usersRepository, type NamedUnit, type Role, type SessionRow, type UserRow } from '@giaoban/db';
import { type ServiceContext, requireUnit } from '../infra/index.ts';

export const ROLES: readonly Role[] = ['admin', 'steering', 'manager', 'reporter', 'viewer'];

// Algorithm 2 = argon2id; parameters from OWASP's recommendation (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified against when the username is unknown, so a miss costs the same time as a hit.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function createUser(
  ctx: ServiceContext,
  input: { username: string; password: string; displayName: string; role: Role; unitCode: string; language?: 'vi' | 'en' },
): Promise<UserRow> {
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(input.username)) {
    throw new ValidationError('username', 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang.', 'A username has 3–64 characters: lowercase letters, digits, dots, hyphens.');
  }
  if (input.password.length < 8) throw new ValidationError('password', 'Mật khẩu cần ít nhất 8 ký tự.', 'A password needs at least 8 characters.');
  if (!ROLES.includes(input.role)) throw new ValidationError('role', 'Vai trò không hợp lệ.', 'Invalid role.');
  const unit = await requireUnit(ctx.db, input.unitCode);
  if (await usersRepository.getByUsernameWithHash(ctx.db, input.username)) {
    throw new DomainError('conflict', `Tên đăng nhập "${input.username}" đã được dùng.`, { field: 'username', messageEn: `Username "${input.username}" is taken.` });
  }
  return usersRepository.insert(ctx.db, {
    username: input.username, displayName: input.displayName, role: input.role, unitId: unit.id,
    language: input.language ?? 'vi', passwordHash: await hashPassword(input.password),
  });
}

export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: UserRow;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export async function login(
  ctx: ServiceContext, input: { username: string; password: string; ip: string | null; ttlHours: number },
): Promise<NewSession> {
  const found = await usersRepository.getByUsernameWithHash(ctx.db, input.username.trim().toLowerCase());
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verify(found?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
  if (!found || !ok || !found.active) {
    throw new DomainError('invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', { messageEn: 'Wrong username or password.' });
  }
  const { passwordHash: _hash, ...user } = found;
  // Sign-in is rare enough to carry the sweeping of expired sessions.
  await sessionsRepository.removeExpired(ctx.db, ctx.now());
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + input.ttlHours * 3_600_000);
  await sessionsRepository.insert(ctx.db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip: input.ip });
  return { token, csrfToken, expiresAt, user };
}

export async function resolveSession(ctx: ServiceContext, token: string): Promise<SessionRow | undefined> {
  return (await lookUpSession(ctx, token, null))?.session;
}

/** resolveSession, with the unit `unitCode` names and whether it lies in the user's subtree (one round trip). */
export async function resolveSessionNaming(ctx: ServiceContext, token: string, unitCode: string): Promise<{ session: SessionRow; named: NamedUnit | null } | undefined> {
  return lookUpSession(ctx, token, unitCode);
}

/** Every request asks for its session: those arriving together are read in one statement. */
function lookUpSession(ctx: ServiceContext, token: string, unitCode: string | null) {
  return ctx.batcher.read(
    'sessions', { tokenHash: sha256(token), unitCode, now: ctx.now() }, (ex, lookups) => sessionsRepository.getActiveNamingMany(ex, lookups),
  );
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await sessionsRepository.remove(ctx.db, sha256(token));
}
