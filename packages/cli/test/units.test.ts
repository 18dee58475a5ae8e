/**
 * giaoban units: each subcommand on a real data directory (in-process, the commands as
 * main.ts runs them): search without diacritics, create, update, move, close and reopen, the
 * unit groups, and an upload refused by row then taken, a second time a no-op.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnit, loadConfig, openServiceContext } from '@giaoban/server';
import { unitsCommand } from '../src/commands/units.ts';
import { runCommand } from './run-command.ts';

let dir: string;
let data: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-units-'));
  data = join(dir, 'data');
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    await createUnit(ctx, { code: '10', name: 'Tỉnh Đoàn Lào Cai', level: 'province', parentCode: 'TW' });
    await createUnit(ctx, { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province', parentCode: 'TW' });
  } finally {
    await ctx.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function giaoban(...args: string[]) {
  return runCommand(unitsCommand, args, data);
}

describe('giaoban units', () => {
  it('searches without diacritics, by words or code', async () => {
    const res = await giaoban('search', '--unit', 'TW', '--q', 'lao cai');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Tỉnh Đoàn Lào Cai');
    expect(res.stdout).not.toContain('Hà Nội');
    const json = JSON.parse((await giaoban('search', '--unit', 'TW', '--q', '01', '--json')).stdout);
    expect(json.map((u: { code: string }) => u.code)).toEqual(['01']);
    expect((await giaoban('search', '--unit', 'TW', '--q', 'khong co')).stdout).toBe('Không tìm thấy đơn vị nào.');
  });

  it('creates, updates, moves, closes and reopens a unit', async () => {
    const made = await giaoban('create', '--parent', '10', '--code', '10-SP', '--name', 'Huyện Đoàn Sa Pa', '--level', 'district', '--tags', 'rural', '--valid-from', '01/01/2023');
    expect(made).toMatchObject({ code: 0, stdout: 'Đã tạo Huyện Đoàn Sa Pa (10-SP, Huyện, quận Đoàn) trực thuộc 10, hoạt động từ 01/01/2023.' });
    expect((await giaoban('update', '--unit', '10-SP', '--name', 'Thị Đoàn Sa Pa', '--short-name', 'Sa Pa')).stdout).toBe('Đã cập nhật Thị Đoàn Sa Pa (10-SP).');
    expect((await giaoban('update', '--unit', '10-SP', '--parent', '01')).code).toBe(0);
    expect(JSON.parse((await giaoban('search', '--unit', '01', '--q', 'sa pa', '--json')).stdout)[0]).toMatchObject({ code: '10-SP', parentCode: '01', shortName: 'Sa Pa' });
    expect((await giaoban('close', '--unit', '10-SP', '--from', '2025-07-01')).stdout).toBe('Thị Đoàn Sa Pa (10-SP) thôi hoạt động từ 01/07/2025.');
    expect((await giaoban('close', '--unit', '10-SP', '--reopen')).stdout).toBe('Thị Đoàn Sa Pa (10-SP) hoạt động trở lại.');
  });

  it('refuses bad input with the field and exit code 2', async () => {
    const bad = await giaoban('create', '--parent', '10', '--code', '10 X', '--name', 'X', '--level', 'province');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('code');
    expect(bad.stderr).toContain('phải thấp hơn cấp của đơn vị cấp trên');
    expect((await giaoban('create', '--parent', '10', '--code', 'X', '--name', 'X', '--level', 'commune')).code).toBe(2);
    expect((await giaoban('close', '--unit', '10')).code).toBe(2);
    expect((await giaoban('nothing')).code).toBe(2);
  });

  it('lists the unit groups and adds one', async () => {
    expect((await giaoban('tags')).stdout).toContain('public-administration');
    expect((await giaoban('add-tag', '--code', 'border', '--name', 'Khu vực biên giới', '--name-en', 'Border areas')).stdout).toBe('Đã thêm nhóm đơn vị border (Khu vực biên giới).');
    expect(JSON.parse((await giaoban('tags', '--json')).stdout).map((t: { code: string }) => t.code)).toContain('border');
  });

  it('uploads a units file: refused by row with nothing written, then taken; the same file again changes nothing', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Mã,Tên,Mã đơn vị cấp trên,Cấp,Nhóm\n10-BX,Huyện Đoàn Bát Xát,10,district,border\n10-BX,Trùng,10,district,\n');
    const refused = await giaoban('upload', '--unit', '10', '--file', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('trùng với dòng 2');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'Mã,Tên,Mã đơn vị cấp trên,Cấp,Nhóm\n10-BX,Huyện Đoàn Bát Xát,10,district,border\n10-BX-1,Đoàn xã Y Tý,10-BX,grassroots,"rural;border"\n');
    expect((await giaoban('upload', '--unit', '10', '--file', good)).stdout).toBe('Đã tải lên: 2 đơn vị mới, 0 cập nhật, 0 không đổi.');
    expect((await giaoban('upload', '--unit', '10', '--file', good)).stdout).toBe('Đã tải lên: 0 đơn vị mới, 0 cập nhật, 2 không đổi.');
  });
});
