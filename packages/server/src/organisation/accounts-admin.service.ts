/**
 * Accounts admin (issue 19): a manager creates, changes, disables, re-enables, resets and
 * signs out the accounts of their unit and the units below, with roles no higher than their
 * own, never their own account (that goes through /session). A new or reset account gets a
 * temporary password or a one-time sign-in link, given once; either makes the first session
 * set a password. Every change is audited (never a password). The unit named in the address
 * has been checked by the route's access rule; the account must lie under it.
 */
import { randomBytes } from 'node:crypto';
import { DomainError, NotFoundError, ValidationError, mayGrantRole, roleRank } from '@giaoban/core';
import {
  auditRepository, sessionsRepository, signInLinksRepository, unitsRepository, usersRepository,
  type AccountRow, type Role, type UnitRow, type UserChanges,
} from '@giaoban/db';
import { ROLE_LABELS, checkUsername, hashPassword, newTemporaryPassword, tokenHashOf, unusablePasswordHash } from '../accounts/index.ts';
import { type Actor, type ServiceContext, requireUnit } from '../infra/index.ts';

export type Credential = 'password' | 'link';

/** How long a sign-in link works. */
export const SIGN_IN_LINK_HOURS = 72;

/** A new credential, given to the manager once: a temporary password, or a link with its expiry. */
export interface IssuedCredential {
  readonly temporaryPassword?: string;
  readonly signInLink?: string;
  readonly expiresAt?: Date;
}

export interface AccountWithCredential extends IssuedCredential {
  readonly account: AccountRow;
}

export interface NewAccountInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly email?: string | undefined;
  readonly language?: 'vi' | 'en' | undefined;
  readonly credential: Credential;
}

const roleText = (role: Role) => ROLE_LABELS[role];

/** 403: the actor may not give that role (or act on an account of that role). */
function roleTooHigh(actorRole: Role): DomainError {
  const label = roleText(actorRole);
  return new DomainError('forbidden', `Bạn không thể cấp vai trò cao hơn vai trò của mình (${label.vi}).`, {
    field: 'role', messageEn: `You cannot grant a role higher than your own (${label.en}).`,
  });
}

/** Refuses a role the actor may not grant (the system, null, grants any). */
export function checkGrantableRole(actor: Actor | null, role: Role): void {
  if (roleRank(role) < 0) throw new ValidationError('role', 'Vai trò không hợp lệ.', 'Invalid role.');
  if (actor && !mayGrantRole(actor.role, role)) throw roleTooHigh(actor.role);
}

/** The account of `username` under the unit `unitCode` (the unit itself or below), for a change by `actor`. */
async function requireManagedAccount(
  ctx: ServiceContext, unitCode: string, username: string, actor: Actor | null, ownAccount?: DomainError,
): Promise<AccountRow> {
  const account = await usersRepository.getAccountByUsername(ctx.db, username);
  if (!account) throw new NotFoundError('tài khoản', username, 'account');
  const unit = await requireUnit(ctx.db, unitCode);
  const under = await unitsRepository.getByCodeUnder(ctx.db, account.unitCode, unit.id);
  if (!under?.inSubtree) {
    throw new DomainError('forbidden', `Tài khoản "${username}" không thuộc ${unit.name} hoặc các đơn vị trực thuộc, nên bạn không quản lý được.`, {
      messageEn: `The account "${username}" is not in ${unit.name} or a unit below it, so you cannot manage it.`,
    });
  }
  if (actor) {
    if (account.id === actor.userId) {
      throw ownAccount ?? new DomainError('forbidden', 'Bạn không thể tự thay đổi tài khoản của chính mình ở đây; hãy dùng trang Đổi mật khẩu.', {
        messageEn: 'You cannot change your own account here; use the Change password page.',
      });
    }
    if (roleRank(account.role) < roleRank(actor.role)) {
      const label = roleText(actor.role);
      throw new DomainError('forbidden', `Tài khoản này có vai trò cao hơn vai trò của bạn (${label.vi}), nên bạn không thay đổi được.`, {
        messageEn: `This account has a higher role than yours (${label.en}), so you cannot change it.`,
      });
    }
  }
  return account;
}

/** The accounts of a unit and (by default) every unit below it, by unit code then username. */
export async function listAccounts(ctx: ServiceContext, unitCode: string, options: { subtree?: boolean } = {}): Promise<AccountRow[]> {
  const unit = await requireUnit(ctx.db, unitCode);
  return usersRepository.listByUnit(ctx.db, unit.id, { subtree: options.subtree ?? true });
}

/** A new temporary password or link for the account: the hash to store and what to hand over once. */
async function newCredential(ctx: ServiceContext, username: string, credential: Credential) {
  if (credential === 'password') {
    const temporaryPassword = newTemporaryPassword(username);
    return { passwordHash: await hashPassword(temporaryPassword), issued: { temporaryPassword } as IssuedCredential, token: null };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + SIGN_IN_LINK_HOURS * 3_600_000);
  return { passwordHash: await unusablePasswordHash(), issued: { signInLink: `/sign-in/link#${token}`, expiresAt } as IssuedCredential, token };
}

/**
 * Creates an account in the unit `unitCode` with a temporary password or a sign-in link
 * (must change its password at its first sign-in). `actor` null: the system (CLI).
 */
export async function createAccount(ctx: ServiceContext, unitCode: string, actor: Actor | null, input: NewAccountInput): Promise<AccountWithCredential> {
  const username = input.username.trim().toLowerCase();
  checkUsername(username);
  checkGrantableRole(actor, input.role);
  const unit = await requireUnit(ctx.db, unitCode);
  if ((await usersRepository.listTakenUsernames(ctx.db, [username])).length > 0) {
    throw new DomainError('conflict', `Tên đăng nhập "${username}" đã được dùng.`, { field: 'username', messageEn: `Username "${username}" is taken.` });
  }
  const made = await newCredential(ctx, username, input.credential);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const user = await usersRepository.insert(tx, {
      username, displayName: input.displayName.trim(), role: input.role, unitId: unit.id, language: input.language ?? 'vi',
      email: input.email ?? null, passwordHash: made.passwordHash, mustChangePassword: true, createdBy: actor?.userId ?? null,
    });
    if (made.token) {
      await signInLinksRepository.insert(tx, { tokenHash: tokenHashOf(made.token), userId: user.id, createdBy: actor?.userId ?? null, expiresAt: made.issued.expiresAt! });
    }
    await auditRepository.append(tx, [{
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.create', unitId: unit.id,
      newValue: { username, role: input.role, unit: unit.code, displayName: input.displayName.trim(), credential: input.credential },
    }]);
  });
  return { account: (await usersRepository.getAccountByUsername(ctx.db, username))!, ...made.issued };
}

export interface AccountChanges {
  readonly displayName?: string | undefined;
  readonly role?: Role | undefined;
  readonly active?: boolean | undefined;
  readonly email?: string | null | undefined;
}

/**
 * Changes an account's name, role, email or state; disabling signs it out everywhere.
 * One account.update audit entry with old → new of what changed (none when nothing did).
 */
export async function updateAccount(
  ctx: ServiceContext, unitCode: string, username: string, actor: Actor | null, changes: AccountChanges,
): Promise<AccountRow> {
  const own = changes.active === false
    ? new DomainError('forbidden', 'Bạn không thể vô hiệu hóa tài khoản của chính mình.', { field: 'active', messageEn: 'You cannot disable your own account.' })
    : undefined;
  const account = await requireManagedAccount(ctx, unitCode, username, actor, own);
  if (changes.role !== undefined) checkGrantableRole(actor, changes.role);
  const next: Record<string, unknown> = {};
  const old: Record<string, unknown> = {};
  const wanted: UserChanges = {
    ...(changes.displayName !== undefined ? { displayName: changes.displayName.trim() } : {}),
    ...(changes.role !== undefined ? { role: changes.role } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    ...(changes.email !== undefined ? { email: changes.email === null || changes.email.trim() === '' ? null : changes.email.trim() } : {}),
  };
  for (const [key, value] of Object.entries(wanted)) {
    const before = (account as unknown as Record<string, unknown>)[key];
    if (before !== value) {
      old[key] = before;
      next[key] = value;
    }
  }
  if (Object.keys(next).length === 0) return account;
  await ctx.db.transaction(async (tx) => {
    await usersRepository.update(tx, account.id, next as UserChanges);
    const signedOut = next.active === false ? await sessionsRepository.removeAllOfUser(tx, account.id) : 0;
    await auditRepository.append(tx, [{
      at: ctx.now(), userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.update', unitId: account.unitId,
      oldValue: { username, ...old }, newValue: { username, ...next, ...(signedOut > 0 ? { signedOut } : {}) },
    }]);
  });
  return (await usersRepository.getAccountByUsername(ctx.db, username))!;
}

/**
 * Resets an account's password: a new temporary password or sign-in link replaces the old
 * password and any unused link, the account is signed out everywhere and must set a
 * password at its next sign-in. Audited as account.password (never the password).
 */
export async function resetAccountCredential(
  ctx: ServiceContext, unitCode: string, username: string, actor: Actor | null, credential: Credential,
): Promise<AccountWithCredential> {
  const account = await requireManagedAccount(ctx, unitCode, username, actor);
  const made = await newCredential(ctx, account.username, credential);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await usersRepository.setPassword(tx, account.id, { passwordHash: made.passwordHash, mustChangePassword: true, at });
    await signInLinksRepository.removeUnusedOfUser(tx, account.id);
    if (made.token) {
      await signInLinksRepository.insert(tx, { tokenHash: tokenHashOf(made.token), userId: account.id, createdBy: actor?.userId ?? null, expiresAt: made.issued.expiresAt! });
    }
    const signedOut = await sessionsRepository.removeAllOfUser(tx, account.id);
    await auditRepository.append(tx, [{
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.password', unitId: account.unitId,
      newValue: { username, credential, by: 'manager', signedOut },
    }]);
  });
  return { account: (await usersRepository.getAccountByUsername(ctx.db, username))!, ...made.issued };
}

/** Ends every session of an account (a lost phone); audited as account.sessions. How many ended. */
export async function signOutAccount(ctx: ServiceContext, unitCode: string, username: string, actor: Actor | null): Promise<number> {
  const account = await requireManagedAccount(ctx, unitCode, username, actor);
  return ctx.db.transaction(async (tx) => {
    const signedOut = await sessionsRepository.removeAllOfUser(tx, account.id);
    await auditRepository.append(tx, [{
      at: ctx.now(), userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.sessions', unitId: account.unitId,
      newValue: { username, by: 'manager', signedOut },
    }]);
    return signedOut;
  });
}

/** The unit an upload is rooted at, and whether a unit code lies under it (account-upload.service.ts). */
export async function unitUnder(ctx: ServiceContext, code: string, root: UnitRow): Promise<UnitRow | null> {
  const found = await unitsRepository.getByCodeUnder(ctx.db, code, root.id);
  return found?.inSubtree ? found.unit : null;
}
