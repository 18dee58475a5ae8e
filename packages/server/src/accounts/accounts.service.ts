/** Accounts and sessions: argon2id passwords, server-side sessions keyed by a hashed token. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ACCOUNT_ROLES, DomainError, ValidationError, passwordProblem, temporaryPassword } from '@giaoban/core';
import {
  auditRepository, sessionsRepository, signInLinksRepository, usersRepository, type NamedUnit, type Role, type SessionRow, type UserRow,
} from '@giaoban/db';
import { type Actor, type ServiceContext, requireUnit } from '../infra/index.ts';

export const ROLES: readonly Role[] = ACCOUNT_ROLES;

// Algorithm 2 = argon2id; parameters from OWASP's recommendation (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified against when the username is unknown, so a miss costs the same time as a hit.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Refuses a username that is not 3–64 lowercase letters, digits, dots, hyphens or underscores (400 on `field`). */
export function checkUsername(username: string, field = 'username'): void {
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
    throw new ValidationError(field, 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang.', 'A username has 3–64 characters: lowercase letters, digits, dots, hyphens.');
  }
}

/** Refuses a password the policy does not take (core password-policy.ts), as a 400 on `field`. */
export function checkNewPassword(password: string, username: string, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new ValidationError(field, problem.message, problem.messageEn, { rule: problem.rule });
}

/** A fresh temporary password (14 characters of an unambiguous alphabet) that the policy takes. */
export function newTemporaryPassword(username: string): string {
  for (;;) {
    const password = temporaryPassword(randomBytes(64));
    if (!passwordProblem(password, username)) return password;
  }
}

/** A password hash nobody knows the password of: an account that signs in by a link until it sets its own. */
export function unusablePasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'));
}

export async function createUser(
  ctx: ServiceContext,
  input: { username: string; password: string; displayName: string; role: Role; unitCode: string; language?: 'vi' | 'en' },
): Promise<UserRow> {
  checkUsername(input.username);
  checkNewPassword(input.password, input.username);
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
  return openSession(ctx, user, input.ip, input.ttlHours);
}

/**
 * Signs in with a one-time link a manager handed out (`/sign-in/link#<token>`): the link is
 * used up, and the session must set a password before anything else (mustChangePassword).
 * An unknown, used or expired link, or a disabled account, is answered like a wrong password
 * (and counted by the sign-in limits).
 */
export async function signInWithLink(ctx: ServiceContext, input: { token: string; ip: string | null; ttlHours: number }): Promise<NewSession> {
  const refused = () => new DomainError('invalid_credentials', 'Đường dẫn đăng nhập không đúng, đã được dùng hoặc đã hết hạn. Hãy xin cán bộ quản lý một đường dẫn mới.', {
    messageEn: 'The sign-in link is wrong, already used or expired. Ask your manager for a new one.',
  });
  const user = await ctx.db.transaction(async (tx) => {
    const userId = await signInLinksRepository.use(tx, sha256(input.token), ctx.now());
    const found = userId === undefined ? undefined : await usersRepository.getById(tx, userId);
    if (!found || !found.active) throw refused();
    return found;
  });
  return openSession(ctx, user, input.ip, input.ttlHours);
}

/** A new session for `user` (signed in: the time is recorded for the accounts page). */
async function openSession(ctx: ServiceContext, user: UserRow, ip: string | null, ttlHours: number): Promise<NewSession> {
  const now = ctx.now();
  // Sign-in is rare enough to carry the sweeping of expired sessions.
  await sessionsRepository.removeExpired(ctx.db, now);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await sessionsRepository.insert(ctx.db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip });
  await usersRepository.markSignedIn(ctx.db, user.id, now);
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

/** The SHA-256 of a token as the sessions and sign-in links keep it. */
export function tokenHashOf(token: string): string {
  return sha256(token);
}

/**
 * A user changes their own password (POST /session/password): the current one is asked
 * unless the session came from a sign-in link (the account then has no password its owner
 * knows); the new one must pass the policy and differ from the current one. The account's
 * other sessions end, this one stays; must-change-password is cleared. Audited, without
 * the password.
 */
export async function changeOwnPassword(
  ctx: ServiceContext, session: { token: string; user: UserRow }, actor: Actor, input: { currentPassword?: string | undefined; newPassword: string },
): Promise<UserRow> {
  const found = await usersRepository.getByUsernameWithHash(ctx.db, session.user.username);
  const account = await usersRepository.getAccountByUsername(ctx.db, session.user.username);
  if (!found || !account) throw new DomainError('unauthenticated', 'Vui lòng đăng nhập.', { messageEn: 'Please sign in.' });
  const linkUsedAt = await signInLinksRepository.lastUsedAt(ctx.db, found.id);
  // Signed in by a link since the password was last set: nobody knows the current password.
  const byLink = found.mustChangePassword && linkUsedAt !== null
    && (account.passwordChangedAt === null || new Date(linkUsedAt).getTime() >= new Date(account.passwordChangedAt).getTime());
  if (!byLink) {
    if (!input.currentPassword) {
      throw new ValidationError('currentPassword', 'Hãy nhập mật khẩu hiện tại.', 'Enter your current password.');
    }
    if (!(await verify(found.passwordHash, input.currentPassword).catch(() => false))) {
      throw new ValidationError('currentPassword', 'Mật khẩu hiện tại không đúng.', 'The current password is wrong.');
    }
  }
  checkNewPassword(input.newPassword, found.username, 'newPassword');
  if (await verify(found.passwordHash, input.newPassword).catch(() => false)) {
    throw new ValidationError('newPassword', 'Mật khẩu mới phải khác mật khẩu hiện tại.', 'The new password must differ from the current one.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await usersRepository.setPassword(tx, found.id, { passwordHash, mustChangePassword: false, at });
    const signedOut = await sessionsRepository.removeAllOfUserBut(tx, found.id, sha256(session.token));
    await signInLinksRepository.removeUnusedOfUser(tx, found.id);
    await auditRepository.append(tx, [{
      at, userId: actor.userId, ip: actor.ip, action: 'account.password', unitId: found.unitId,
      newValue: { username: found.username, by: 'self', otherSessionsSignedOut: signedOut },
    }]);
  });
  return { ...session.user, mustChangePassword: false };
}

/** Ends every session of the account, the one asking too (POST /session/sign-out-everywhere); audited. */
export async function signOutEverywhere(ctx: ServiceContext, user: UserRow, actor: Actor): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const signedOut = await sessionsRepository.removeAllOfUser(tx, user.id);
    await auditRepository.append(tx, [{
      at: ctx.now(), userId: actor.userId, ip: actor.ip, action: 'account.sessions', unitId: user.unitId,
      newValue: { username: user.username, by: 'self', signedOut },
    }]);
    return signedOut;
  });
}
