import { describe, expect, it } from 'vitest';
import { SECLISTS_COMMON_PASSWORDS, VIETNAMESE_COMMON_PASSWORDS } from './common-passwords.ts';
import {
  ACCOUNT_ROLES, COMMON_PASSWORD_COUNT, PASSWORD_MIN_LENGTH, TEMPORARY_PASSWORD_ALPHABET, TEMPORARY_PASSWORD_LENGTH,
  grantableRoles, isCommonPassword, isUnambiguousAlphabet, mayGrantRole, passwordProblem, roleRank, temporaryPassword,
} from './password-policy.ts';

describe('passwordProblem', () => {
  // Each case worked out by hand: the length counted in characters, then the list, then the username.
  const cases: [password: string, username: string | null, rule: string | null][] = [
    ['', null, 'too_short'],
    ['1234567', null, 'too_short'],            // 7 characters
    ['matkhau', 'p1.baocao', 'too_short'],     // 7, and on the Vietnamese list too: the length is said first
    ['Tình yê', null, 'too_short'],            // 7 characters (the accents are part of their letters)
    ['Tình yêu', null, null],                  // 8
    ['12345678', null, 'common'],              // SecLists, 2nd of 8+ characters
    ['123456789', null, 'common'],
    ['password', null, 'common'],
    ['PassWord', null, 'common'],              // compared in lower case
    ['iloveyou', null, 'common'],
    ['anhyeuem', null, 'common'],              // Vietnamese part
    ['AnhYeuEm123', null, 'common'],
    ['matkhau123', null, 'common'],
    ['vietnam123', null, 'common'],
    ['p1.baocao', 'p1.baocao', 'contains_username'],
    ['P1.BAOCAO!!', 'p1.baocao', 'contains_username'],
    ['mùa-hè-p1.baocao', 'p1.baocao', 'contains_username'],
    ['p1.baocao', 'p1.quanly', null],          // another account's name is no problem
    ['mat-khau-thu-nghiem', 'p1.baocao', null], // the HTTP tests' password
    ['giaoban2023', 'tw.chidao', null],        // the demo's password
    ['Tình nguyện hè 2025', 'p1.baocao', null],
    ['x'.repeat(256), null, null],
    ['x'.repeat(257), null, 'too_long'],
  ];
  it.each(cases)('%j for %j → %j', (password, username, rule) => {
    expect(passwordProblem(password, username)?.rule ?? null).toBe(rule);
  });

  it('says the rule in both languages, with the length where it matters', () => {
    expect(passwordProblem('abc')).toEqual({
      rule: 'too_short',
      message: 'Mật khẩu cần ít nhất 8 ký tự (mật khẩu này có 3).',
      messageEn: 'A password needs at least 8 characters (this one has 3).',
    });
    expect(passwordProblem('anhyeuem')?.message).toMatch(/^Mật khẩu này nằm trong danh sách mật khẩu phổ biến/);
    expect(passwordProblem('tw.admin-1', 'tw.admin')?.messageEn).toBe('A password must not be or contain the username.');
  });
});

describe('the list of common passwords', () => {
  it('holds at least 1.000 entries, Vietnamese ones among them, all lower case and without repeats', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(1000);
    expect(COMMON_PASSWORD_COUNT).toBe(SECLISTS_COMMON_PASSWORDS.length + VIETNAMESE_COMMON_PASSWORDS.length);
    for (const p of ['matkhau', 'anhyeuem', '123456789']) expect(isCommonPassword(p)).toBe(true);
    for (const p of [...SECLISTS_COMMON_PASSWORDS, ...VIETNAMESE_COMMON_PASSWORDS]) expect(p).toBe(p.toLowerCase());
    // The SecLists part keeps only what the length rule would not already refuse.
    expect(SECLISTS_COMMON_PASSWORDS.every((p) => p.length >= PASSWORD_MIN_LENGTH)).toBe(true);
  });
});

describe('roles', () => {
  it('ranks them admin > steering > manager > reporter > viewer', () => {
    expect(ACCOUNT_ROLES.map(roleRank)).toEqual([0, 1, 2, 3, 4]);
    expect(roleRank('root')).toBe(-1);
  });

  // mayGrantRole(actor, role): true when role is the actor's or below it.
  const grid: [actor: string, admin: boolean, steering: boolean, manager: boolean, reporter: boolean, viewer: boolean][] = [
    ['admin', true, true, true, true, true],
    ['steering', false, true, true, true, true],
    ['manager', false, false, true, true, true],
    ['reporter', false, false, false, true, true],
    ['viewer', false, false, false, false, true],
    ['root', false, false, false, false, false],
  ];
  it.each(grid)('%s may grant admin %s, steering %s, manager %s, reporter %s, viewer %s', (actor, ...expected) => {
    expect(ACCOUNT_ROLES.map((r) => mayGrantRole(actor, r))).toEqual(expected);
  });

  it('refuses what is not a role', () => {
    expect(mayGrantRole('admin', 'root')).toBe(false);
    expect(grantableRoles('manager')).toEqual(['manager', 'reporter', 'viewer']);
    expect(grantableRoles('admin')).toEqual([...ACCOUNT_ROLES]);
  });
});

describe('temporary passwords', () => {
  const cases: [alphabet: string, fit: boolean][] = [
    [TEMPORARY_PASSWORD_ALPHABET, true],
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQR', false],   // 31 characters: too few
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRT3', true],  // 33
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRT30', false], // 0
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRTO', false],  // O
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRTl', false],  // l
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRTC', false],  // C beside c
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRTaa', false], // a repeat
    ['abcdefghjkmnpqrtwxyADEFGHJLMNQRT-', false],  // not a letter or digit
  ];
  it.each(cases)('alphabet %s fit: %s', (alphabet, fit) => {
    expect(isUnambiguousAlphabet(alphabet)).toBe(fit);
  });

  it('has 37 characters', () => {
    expect(TEMPORARY_PASSWORD_ALPHABET.length).toBe(37);
  });

  it('maps bytes to characters, skipping the bytes past the last whole multiple of the alphabet', () => {
    // 37 characters: 256 − 256 mod 37 = 222, so bytes 222..255 are skipped; byte b gives character b mod 37.
    const bytes = Uint8Array.from([0, 1, 36, 37, 222, 255, 221, 74, 18, 19, 31, 32, 33, 34, 35, 100]);
    // 0→a 1→b 36→9 37→a (skip 222, 255) 221→221−185=36→9 74→a 18→y 19→A 31→T 32→3 33→4 34→6 35→7 100→100−74=26→L
    expect(temporaryPassword(bytes)).toBe('ab9a9ayAT3467L');
    expect(temporaryPassword(bytes).length).toBe(TEMPORARY_PASSWORD_LENGTH);
  });

  it('needs enough bytes', () => {
    expect(() => temporaryPassword(new Uint8Array(13))).toThrow(RangeError);
    expect(() => temporaryPassword(Uint8Array.from({ length: 40 }, () => 250))).toThrow(RangeError);
  });

  it('gives passwords the policy takes', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256);
    const password = temporaryPassword(bytes);
    expect(passwordProblem(password, 'p1.baocao')).toBeNull();
    expect([...password].every((c) => TEMPORARY_PASSWORD_ALPHABET.includes(c))).toBe(true);
  });
});
