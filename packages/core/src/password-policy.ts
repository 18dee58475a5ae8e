import { SECLISTS_COMMON_PASSWORDS, VIETNAMESE_COMMON_PASSWORDS } from './common-passwords.ts';

// Passwords (issue 19): long enough, not one of the passwords everybody tries first, and not
// the account's own name. Roles: who may hand out which role. Temporary passwords: what a
// manager reads out to a new cadre, so no character that can be mistaken for another. Pure:
// the random bytes of a temporary password come in as an argument.

/** Characters a password needs at the least (OWASP's minimum for a password with a second factor absent is 8). */
export const PASSWORD_MIN_LENGTH = 8;
/** Characters a password may have at most (what the sign-in form accepts). */
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set<string>([...SECLISTS_COMMON_PASSWORDS, ...VIETNAMESE_COMMON_PASSWORDS]);

/**
 * Entries of the list of common passwords that the policy refuses.
 *
 * @example
 * COMMON_PASSWORD_COUNT >= 1000; // true
 */
export const COMMON_PASSWORD_COUNT = COMMON.size;

/**
 * Why a password is refused: `rule` names the rule, `message` (Vietnamese) and `messageEn`
 * say it to the person choosing it.
 *
 * @example
 * const p: PasswordProblem = { rule: 'too_short', message: 'Mật khẩu cần ít nhất 8 ký tự.', messageEn: 'A password needs at least 8 characters.' };
 */
export interface PasswordProblem {
  readonly rule: 'too_short' | 'too_long' | 'common' | 'contains_username';
  readonly message: string;
  readonly messageEn: string;
}

/**
 * Whether `password` is one of the common passwords of the list (letters compared in lower
 * case: "Password1" is "password1").
 *
 * @example
 * isCommonPassword('AnhYeuEm'); // true
 */
export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/**
 * What is wrong with a password chosen for the account `username`, or null when the policy
 * takes it: at least 8 characters (counted as a person counts them, so "ư" is one), at most
 * 256, not in the list of common passwords, and neither equal to the username nor containing
 * it (in any case).
 *
 * @example
 * passwordProblem('matkhau', 'p1.baocao')?.rule;             // 'too_short'
 * passwordProblem('anhyeuem123', 'p1.baocao')?.rule;         // 'common'
 * passwordProblem('P1.baocao-2023', 'p1.baocao')?.rule;      // 'contains_username'
 * passwordProblem('Tình nguyện hè 2025', 'p1.baocao');       // null
 */
export function passwordProblem(password: string, username: string | null = null): PasswordProblem | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      rule: 'too_short',
      message: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự (mật khẩu này có ${length}).`,
      messageEn: `A password needs at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}).`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      rule: 'too_long',
      message: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.`,
      messageEn: `A password has at most ${PASSWORD_MAX_LENGTH} characters.`,
    };
  }
  if (isCommonPassword(password)) {
    return {
      rule: 'common',
      message: 'Mật khẩu này nằm trong danh sách mật khẩu phổ biến, rất dễ bị đoán. Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.',
      messageEn: 'This password is on the list of common passwords and easy to guess. Choose another, for example a short sentence you remember.',
    };
  }
  const name = username?.trim().toLowerCase() ?? '';
  if (name.length > 0 && password.toLowerCase().includes(name)) {
    return {
      rule: 'contains_username',
      message: 'Mật khẩu không được trùng hoặc chứa tên đăng nhập.',
      messageEn: 'A password must not be or contain the username.',
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Roles

/**
 * The roles of an account, highest first (DESIGN.md "Who uses it"): administrator, steering
 * staff, manager, reporter, viewer.
 *
 * @example
 * ACCOUNT_ROLES[0]; // 'admin'
 */
export const ACCOUNT_ROLES = Object.freeze(['admin', 'steering', 'manager', 'reporter', 'viewer'] as const);
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * A role's rank: 0 for the highest (admin), 4 for the lowest (viewer); -1 for what is not a role.
 *
 * @example
 * roleRank('manager'); // 2
 */
export function roleRank(role: string): number {
  return (ACCOUNT_ROLES as readonly string[]).indexOf(role);
}

/**
 * Whether an account of role `actor` may give an account the role `role`: a role no higher
 * than its own (a manager makes managers, reporters and viewers, never steering staff).
 *
 * @example
 * mayGrantRole('manager', 'reporter'); // true
 * mayGrantRole('manager', 'steering'); // false
 */
export function mayGrantRole(actor: string, role: string): boolean {
  const a = roleRank(actor);
  const r = roleRank(role);
  return a >= 0 && r >= 0 && r >= a;
}

/**
 * The roles `actor` may grant, highest first (what a form offers).
 *
 * @example
 * grantableRoles('manager'); // ['manager', 'reporter', 'viewer']
 */
export function grantableRoles(actor: string): AccountRole[] {
  return ACCOUNT_ROLES.filter((r) => mayGrantRole(actor, r));
}

// ---------------------------------------------------------------------------------------------
// Temporary passwords

/**
 * The characters of a temporary password: letters and digits without the ones read one for
 * another (0 O o, 1 l I i, 2 Z z, 5 S s, 8 B, u v U V) and without the capitals of the letters
 * whose two cases look alike (C K P W X Y). 37 characters.
 *
 * @example
 * TEMPORARY_PASSWORD_ALPHABET.length; // 37
 */
export const TEMPORARY_PASSWORD_ALPHABET = 'abcdefghjkmnpqrtwxy' + 'ADEFGHJLMNQRT' + '34679';

/** Characters a temporary password may never hold (read one for another, or alike in both cases). */
const AMBIGUOUS = /[0Oo1lIi2Zz5Ss8BuvUVCKPWXY]/;

/** The length of a temporary password: 14 characters of 37, about 73 bits. */
export const TEMPORARY_PASSWORD_LENGTH = 14;

/**
 * Whether `alphabet` is fit for a temporary password: at least 32 distinct characters, no
 * repeats, only printable ASCII letters and digits, none of the ambiguous characters.
 *
 * @example
 * isUnambiguousAlphabet(TEMPORARY_PASSWORD_ALPHABET); // true
 * isUnambiguousAlphabet('abc0'); // false
 */
export function isUnambiguousAlphabet(alphabet: string): boolean {
  if (alphabet.length < 32 || new Set(alphabet).size !== alphabet.length) return false;
  return /^[A-Za-z0-9]+$/.test(alphabet) && !AMBIGUOUS.test(alphabet);
}

/**
 * A temporary password of `TEMPORARY_PASSWORD_LENGTH` characters drawn from the alphabet by
 * `bytes` (at least twice as many random bytes as characters: a byte past the largest
 * multiple of the alphabet's size is skipped, so every character is equally likely). Throws
 * a RangeError when the bytes run out.
 *
 * @example
 * temporaryPassword(crypto.getRandomValues(new Uint8Array(64))).length; // 14
 */
export function temporaryPassword(bytes: Uint8Array, alphabet: string = TEMPORARY_PASSWORD_ALPHABET): string {
  const size = alphabet.length;
  const limit = 256 - (256 % size);
  let out = '';
  for (const b of bytes) {
    if (out.length === TEMPORARY_PASSWORD_LENGTH) break;
    if (b < limit) out += alphabet[b % size];
  }
  if (out.length < TEMPORARY_PASSWORD_LENGTH) throw new RangeError('temporaryPassword needs more random bytes');
  return out;
}
