/**
 * Bulk accounts from a spreadsheet (issue 19): a province uploads the reporter accounts of
 * many of its units as .xlsx or .csv (unit code, username, display name, email?, role?
 * default reporter). Every row is checked first; any bad row refuses the whole file with every
 * problem by row, nothing written. Otherwise the accounts are created in one transaction,
 * each with a temporary password, and the answer is a workbook listing them: the only time
 * those passwords are ever shown.
 */
import { DomainError, RowProblemsError, foldForSearch, formatDate, formatNumber, localDateOf, mayGrantRole, roleRank, type CsvRow, type RowProblem } from '@giaoban/core';
import { auditRepository, unitsRepository, usersRepository, type Role, type UnitRow } from '@giaoban/db';
import { ROLE_LABELS, hashPassword, newTemporaryPassword } from '../accounts/index.ts';
import { DEFAULT_TABLE_FILE_LIMITS, readTableFile } from '../imports/index.ts';
import { type Actor, type ServiceContext, newWorkbook, requireUnit, safeText, styleHeader } from '../infra/index.ts';

/** Rows one upload may hold (a province's grassroots units, with room to spare). */
export const MAX_ACCOUNT_ROWS = 2_000;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Column = 'unit' | 'username' | 'displayName' | 'email' | 'role';

/** Header texts (folded: no diacritics, lower case) accepted for each column. */
const HEADERS: Readonly<Record<Column, readonly string[]>> = {
  unit: ['unit', 'unit code', 'unitcode', 'unit_code', 'ma don vi', 'don vi', 'ma dv'],
  username: ['username', 'user', 'ten dang nhap', 'tai khoan'],
  displayName: ['display name', 'displayname', 'display_name', 'name', 'ho ten', 'ho va ten', 'ten hien thi', 'ten'],
  email: ['email', 'e-mail', 'thu dien tu'],
  role: ['role', 'vai tro'],
};
const COLUMN_WORDS: Readonly<Record<Column, string>> = {
  unit: 'Mã đơn vị', username: 'Tên đăng nhập', displayName: 'Họ tên', email: 'Email', role: 'Vai trò',
};

type TableRow = CsvRow;

const fileProblem = (message: string, messageEn: string): RowProblem => ({ line: 0, column: 'file', message, messageEn });

/** One account the upload will create, once every row passed. */
interface PlannedAccount {
  readonly line: number;
  readonly unit: UnitRow;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly role: Role;
}

/** Checks every row (the header first) against the subtree of `root` and the accounts that exist. */
async function planAccounts(ctx: ServiceContext, root: UnitRow, actor: Actor | null, rows: readonly TableRow[]): Promise<PlannedAccount[]> {
  const [header, ...data] = rows;
  const problems: RowProblem[] = [];
  if (!header) throw new RowProblemsError([fileProblem('Tệp không có dòng nào.', 'The file has no rows.')]);
  const index = new Map<Column, number>();
  header.fields.forEach((text, i) => {
    const folded = foldForSearch(text);
    for (const [column, names] of Object.entries(HEADERS) as [Column, readonly string[]][]) {
      if (names.includes(folded) && !index.has(column)) index.set(column, i);
    }
  });
  const missing = (['unit', 'username', 'displayName'] as const).filter((c) => !index.has(c));
  if (missing.length > 0) {
    const names = missing.map((c) => `«${COLUMN_WORDS[c]}»`).join(', ');
    throw new RowProblemsError([{
      line: header.line, column: 'header',
      message: `Dòng tiêu đề thiếu cột ${names}. Cần các cột: Mã đơn vị, Tên đăng nhập, Họ tên (Email, Vai trò nếu có).`,
      messageEn: `The header row lacks ${missing.join(', ')}. Columns: unit code, username, display name (email, role optional).`,
    }]);
  }
  const body = data.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (body.length === 0) throw new RowProblemsError([fileProblem('Tệp không có tài khoản nào dưới dòng tiêu đề.', 'The file has no account below its header row.')]);
  if (body.length > MAX_ACCOUNT_ROWS) {
    throw new RowProblemsError([fileProblem(
      `Tệp có hơn ${formatNumber(MAX_ACCOUNT_ROWS)} tài khoản; hãy chia thành nhiều tệp.`, `The file has more than ${MAX_ACCOUNT_ROWS} accounts; split it into several files.`,
    )]);
  }

  const units = new Map((await unitsRepository.listSubtree(ctx.db, root.id)).map((u) => [u.code, u]));
  const cell = (r: TableRow, c: Column) => (index.has(c) ? (r.fields[index.get(c)!] ?? '').trim() : '');
  const usernames = body.map((r) => cell(r, 'username').toLowerCase());
  const taken = new Set(await usersRepository.listTakenUsernames(ctx.db, usernames.filter((u) => USERNAME.test(u))));
  const firstLine = new Map<string, number>();
  const planned: PlannedAccount[] = [];
  for (const r of body) {
    const add = (column: Column, message: string, messageEn: string) => problems.push({ line: r.line, column: COLUMN_WORDS[column], message, messageEn });
    const code = cell(r, 'unit');
    const unit = units.get(code);
    if (code === '') add('unit', 'Thiếu mã đơn vị.', 'The unit code is missing.');
    else if (!unit) add('unit', `Không có đơn vị mã "${code}" trong ${root.name} và các đơn vị trực thuộc.`, `No unit "${code}" in ${root.name} or below it.`);
    const username = cell(r, 'username').toLowerCase();
    if (username === '') add('username', 'Thiếu tên đăng nhập.', 'The username is missing.');
    else if (!USERNAME.test(username)) {
      add('username', `Tên đăng nhập "${username}" không hợp lệ: 3–64 ký tự, chữ thường không dấu, số, dấu chấm, gạch ngang.`,
        `The username "${username}" is invalid: 3–64 characters, lowercase letters, digits, dots, hyphens.`);
    } else if (firstLine.has(username)) {
      add('username', `Tên đăng nhập "${username}" lặp lại (đã có ở dòng ${firstLine.get(username)}).`, `The username "${username}" repeats (already on row ${firstLine.get(username)}).`);
    } else if (taken.has(username)) {
      add('username', `Tên đăng nhập "${username}" đã được dùng.`, `The username "${username}" is taken.`);
    }
    if (username !== '' && !firstLine.has(username)) firstLine.set(username, r.line);
    const displayName = cell(r, 'displayName');
    if (displayName === '') add('displayName', 'Thiếu họ tên.', 'The display name is missing.');
    else if (displayName.length > 200) add('displayName', 'Họ tên dài quá 200 ký tự.', 'The display name is longer than 200 characters.');
    const email = cell(r, 'email');
    if (email !== '' && (!EMAIL.test(email) || email.length > 254)) add('email', `Email "${email}" không hợp lệ.`, `The email "${email}" is invalid.`);
    const roleText = cell(r, 'role').toLowerCase();
    const role = (roleText === '' ? 'reporter' : roleOf(roleText)) as Role | null;
    if (!role) add('role', `Vai trò "${cell(r, 'role')}" không hợp lệ (admin, steering, manager, reporter, viewer).`, `Invalid role "${cell(r, 'role')}".`);
    else if (actor && !mayGrantRole(actor.role, role)) {
      const label = ROLE_LABELS[actor.role];
      add('role', `Bạn không thể cấp vai trò cao hơn vai trò của mình (${label.vi}).`, `You cannot grant a role higher than your own (${label.en}).`);
    }
    if (unit && role && username !== '') planned.push({ line: r.line, unit, username, displayName, email: email === '' ? null : email, role });
  }
  if (problems.length > 0) throw new RowProblemsError(problems);
  return planned;
}

/** A role by its code or its Vietnamese or English label, folded ("Cán bộ báo cáo", "reporter"). */
function roleOf(text: string): Role | null {
  const folded = foldForSearch(text);
  for (const [role, label] of Object.entries(ROLE_LABELS) as [Role, { vi: string; en: string }][]) {
    if (folded === role || folded === foldForSearch(label.vi) || folded === foldForSearch(label.en)) return role;
  }
  return roleRank(folded) >= 0 ? (folded as Role) : null;
}

export interface AccountUploadResult {
  readonly created: number;
  /** The workbook of the new accounts with their temporary passwords (given this once). */
  readonly file: Buffer;
  readonly fileName: string;
}

/**
 * Creates the accounts of an uploaded file under the unit `unitCode` (each row's unit must
 * lie in its subtree), all or nothing. `actor` null: the system (CLI).
 */
export async function uploadAccounts(
  ctx: ServiceContext, unitCode: string, actor: Actor | null, file: { body: Buffer; kind: 'csv' | 'xlsx' },
): Promise<AccountUploadResult> {
  const root = await requireUnit(ctx.db, unitCode);
  const planned = await planAccounts(ctx, root, actor, await readTableFile(file.body, file.kind, { ...DEFAULT_TABLE_FILE_LIMITS, maxRows: MAX_ACCOUNT_ROWS + 1 }));
  const passwords = planned.map((p) => newTemporaryPassword(p.username));
  // argon2 runs on libuv's thread pool (4 threads): a few at a time keeps the server answering.
  const hashes: string[] = [];
  for (let i = 0; i < passwords.length; i += 4) hashes.push(...(await Promise.all(passwords.slice(i, i + 4).map(hashPassword))));
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    // The usernames are checked again inside: an account made meanwhile makes the whole file fail (the unique index).
    const taken = await usersRepository.listTakenUsernames(tx, planned.map((p) => p.username));
    if (taken.length > 0) {
      throw new DomainError('conflict', `Tên đăng nhập đã được dùng: ${taken.join(', ')}.`, { messageEn: `Usernames taken: ${taken.join(', ')}.` });
    }
    await usersRepository.insertMany(tx, planned.map((p, i) => ({
      username: p.username, displayName: p.displayName, role: p.role, unitId: p.unit.id, language: 'vi' as const, email: p.email,
      passwordHash: hashes[i]!, mustChangePassword: true, createdBy: actor?.userId ?? null,
    })));
    await auditRepository.append(tx, planned.map((p) => ({
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.create' as const, unitId: p.unit.id,
      newValue: { username: p.username, role: p.role, unit: p.unit.code, displayName: p.displayName, credential: 'password', via: 'upload' },
    })));
  });

  const book = await newWorkbook();
  const sheet = book.addWorksheet('Tài khoản');
  sheet.columns = [
    { header: 'Mã đơn vị', width: 14 }, { header: 'Tên đơn vị', width: 36 }, { header: 'Tên đăng nhập', width: 24 },
    { header: 'Họ tên', width: 28 }, { header: 'Vai trò', width: 18 }, { header: 'Mật khẩu tạm', width: 20 },
  ];
  styleHeader(sheet.getRow(1));
  planned.forEach((p, i) => {
    sheet.addRow([safeText(p.unit.code), safeText(p.unit.name), p.username, safeText(p.displayName), ROLE_LABELS[p.role].vi, passwords[i]!]);
  });
  sheet.addRow([]);
  sheet.addRow([`Mật khẩu tạm chỉ được cấp một lần (${formatDate(localDateOf(at))}); người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên. Hãy giữ tệp này cẩn thận và xóa sau khi đã trao mật khẩu.`]);
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { created: planned.length, file: bytes, fileName: `tai-khoan-${root.code}-${localDateOf(at)}.xlsx` };
}
