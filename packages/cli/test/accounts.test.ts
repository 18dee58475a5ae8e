/**
 * giaoban accounts: each subcommand on a real data directory (in-process, the commands as
 * main.ts runs them), and create-user through the password policy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnit, loadConfig, login, openServiceContext } from '@giaoban/server';
import { accountsCommand } from '../src/commands/accounts.ts';
import { createUserCommand } from '../src/commands/create-user.ts';
import { runCommand } from './run-command.ts';

let dir: string;
let data: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-accounts-'));
  data = join(dir, 'data');
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    await createUnit(ctx, { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province', parentCode: 'TW' });
    await createUnit(ctx, { code: '01-BD', name: 'Quận Đoàn Ba Đình', level: 'district', parentCode: '01' });
  } finally {
    await ctx.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command in-process as main.ts does: its exit code and what it printed. */
async function giaoban(command: (args: string[]) => Promise<number>, ...args: string[]) {
  return runCommand(command, args, data);
}

const signIn = async (username: string, password: string) => {
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    return await login(ctx, { username, password, ip: null, ttlHours: 1 }).then((s) => s.user, () => null);
  } finally {
    await ctx.close();
  }
};

describe('giaoban create-user', () => {
  it('goes through the password policy', async () => {
    const common = await giaoban(createUserCommand, '--username', 'hn.quanly', '--password', 'anhyeuem', '--role', 'manager', '--unit', '01');
    expect(common.code).toBe(2);
    expect(common.stderr).toMatch(/^Lỗi: Mật khẩu này nằm trong danh sách mật khẩu phổ biến/);
    const short = await giaoban(createUserCommand, '--username', 'hn.quanly', '--password', 'ngan', '--role', 'manager', '--unit', '01');
    expect(short.stderr).toBe('Lỗi: Mật khẩu cần ít nhất 8 ký tự (mật khẩu này có 4).');
    const ok = await giaoban(createUserCommand, '--username', 'hn.quanly', '--password', 'Hà Nội mùa thu', '--role', 'manager', '--unit', '01', '--name', 'Quản lý Hà Nội');
    expect([ok.code, ok.stdout]).toEqual([0, 'Đã tạo tài khoản hn.quanly (manager).']);
  }, 60_000);
});

describe('giaoban accounts', () => {
  it('creates with a temporary password, lists, updates, resets with a link, signs out', async () => {
    const made = await giaoban(accountsCommand, 'create', '--unit', '01-BD', '--username', 'bd.baocao', '--name', 'Báo cáo Ba Đình', '--role', 'reporter');
    expect(made.code).toBe(0);
    const password = /Mật khẩu tạm .*: (\S{14})$/m.exec(made.stdout)![1]!;
    expect((await signIn('bd.baocao', password))?.mustChangePassword).toBe(true);

    const list = await giaoban(accountsCommand, 'list', '--unit', '01');
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toMatch(/^Đơn vị\s+Tên đăng nhập\s+Họ tên\s+Vai trò\s+Trạng thái\s+Đăng nhập gần nhất$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 2))).toEqual([['01', 'hn.quanly'], ['01-BD', 'bd.baocao']]);
    expect(lines[3]).toMatch(/chờ đổi mật khẩu\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const json = JSON.parse((await giaoban(accountsCommand, 'list', '--unit', '01', '--own', '--json')).stdout);
    expect(json.map((a: { username: string }) => a.username)).toEqual(['hn.quanly']);

    const off = await giaoban(accountsCommand, 'update', '--unit', '01', '--username', 'bd.baocao', '--disable', '--role', 'viewer');
    expect([off.code, off.stdout]).toEqual([0, 'Đã cập nhật tài khoản bd.baocao: Báo cáo Ba Đình, Người xem, đã khóa.']);
    expect(await signIn('bd.baocao', password)).toBeNull();
    await giaoban(accountsCommand, 'update', '--unit', '01', '--username', 'bd.baocao', '--enable');

    const reset = await giaoban(accountsCommand, 'reset', '--unit', '01', '--username', 'bd.baocao', '--link');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/: \/sign-in\/link#[A-Za-z0-9_-]{43}$/m);
    expect(await signIn('bd.baocao', password)).toBeNull();

    const out = await giaoban(accountsCommand, 'sign-out', '--unit', '01', '--username', 'hn.quanly');
    expect([out.code, out.stdout]).toEqual([0, 'Đã đăng xuất hn.quanly ở 0 phiên.']);
  }, 120_000);

  it('uploads a CSV and writes the temporary passwords to a workbook; a second upload is refused by row', async () => {
    const file = join(dir, 'accounts.csv');
    const out = join(dir, 'passwords.xlsx');
    writeFileSync(file, 'Mã đơn vị,Tên đăng nhập,Họ tên\n01-BD,bd.mot,Một\n01,hn.hai,Hai\n');
    const res = await giaoban(accountsCommand, 'upload', '--unit', '01', '--file', file, '--out', out);
    expect([res.code, res.stdout]).toEqual([0, `Đã tạo 2 tài khoản; mật khẩu tạm trong ${out} (chỉ có ở tệp này: giữ cẩn thận, xóa sau khi đã trao).`]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const row = book.worksheets[0]!.getRow(2).values as unknown[];
    expect(row.slice(1, 4)).toEqual(['01-BD', 'Quận Đoàn Ba Đình', 'bd.mot']);
    expect((await signIn('bd.mot', String(row[6])))?.username).toBe('bd.mot');

    const again = await giaoban(accountsCommand, 'upload', '--unit', '01', '--file', file, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr.split('\n')).toEqual([
      'Lỗi: Tệp có 2 lỗi; chưa có dữ liệu nào được ghi.',
      '  - dòng 2, cột Tên đăng nhập: Tên đăng nhập "bd.mot" đã được dùng.',
      '  - dòng 3, cột Tên đăng nhập: Tên đăng nhập "hn.hai" đã được dùng.',
    ]);
  }, 120_000);

  it('says how to use it, and refuses what is wrong', async () => {
    expect((await giaoban(accountsCommand)).code).toBe(2);
    expect((await giaoban(accountsCommand, 'create', '--unit', '01', '--username', 'x.y')).stderr).toMatch(/cần --username, --name và --role/);
    expect((await giaoban(accountsCommand, 'create', '--unit', '01', '--username', 'x.y', '--name', 'X', '--role', 'boss')).stderr).toMatch(/vai trò "boss" không có/);
    const taken = await giaoban(accountsCommand, 'create', '--unit', '01', '--username', 'hn.quanly', '--name', 'X', '--role', 'viewer');
    expect([taken.code, taken.stderr]).toEqual([4, 'Lỗi: Tên đăng nhập "hn.quanly" đã được dùng.']);
    const unknown = await giaoban(accountsCommand, 'update', '--unit', '01', '--username', 'khong.co', '--enable');
    expect([unknown.code, unknown.stderr]).toEqual([3, 'Lỗi: Không tìm thấy tài khoản "khong.co".']);
    const outside = await giaoban(accountsCommand, 'update', '--unit', '01-BD', '--username', 'hn.quanly', '--enable');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/không thuộc Quận Đoàn Ba Đình/);
  }, 120_000);
});
