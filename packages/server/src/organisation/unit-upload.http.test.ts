/**
 * The units upload over HTTP (issue 19): a province uploads its units as .xlsx or .csv
 * (Vietnamese or English headers); every row is checked first and each kind of bad row is
 * answered by its row number and field, with nothing written; a good file creates and updates
 * in one transaction, audited, and the same file again changes nothing. Refusals: signed out,
 * a unit outside one's subtree, a reporter, a file that is no table.
 *
 * The world: TW → P1, P2 → P1-D1, P1-D2, … → P1-D1-G1, …; the clock reads 03/07/2023.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository, unitsRepository } from '@giaoban/db';
import { zipOf } from '../../test/zip-archive.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
beforeAll(async () => {
  t = await openTestApp();
  manager = await t.signIn('p1.quanly');
});
afterAll(() => t?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const VI_HEADER = ['Mã', 'Tên', 'Mã đơn vị cấp trên', 'Cấp', 'Nhóm', 'Tên viết tắt'];

const csv = (rows: readonly (readonly string[])[]) => Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'), 'utf8');

async function xlsx(rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đơn vị');
  for (const r of rows) sheet.addRow([...r]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(s: Session | null, unit: string, body: Buffer, type: string, lang?: 'en') {
  const res = await t.app.inject({
    method: 'POST', url: `/api/v1/units/${unit}/units-upload${lang ? `?lang=${lang}` : ''}`, payload: body, headers: { ...(s?.headers ?? {}), 'content-type': type },
  });
  return { status: res.statusCode, body: res.json() };
}

const unitCount = () => unitsRepository.countAll(t.ctx.db);
const where = (body: { error: { rows: { row: number; field: string }[] } }) => body.error.rows.map((r) => [r.row, r.field]);

describe('POST /api/v1/units/:unitCode/units-upload', () => {
  it('creates a district and its grassroots units from an .xlsx with Vietnamese headers, audited; the same file again changes nothing', async () => {
    const file = await xlsx([
      VI_HEADER,
      ['P1-D3-G1', 'Đoàn cơ sở xã Tả Van', 'P1-D3', 'Đoàn cơ sở', 'rural; school', ''],
      ['P1-D3', 'Huyện Đoàn Sa Pa', 'P1', 'Huyện, quận Đoàn', 'rural', 'Sa Pa'],
      [],
      ['P1-D1-G1', 'Đoàn cơ sở 1.1.1', 'P1-D1', 'grassroots', '', ''],
    ]);
    const before = await unitCount();
    const first = await upload(manager, 'P1', file, XLSX);
    expect(first).toEqual({ status: 200, body: { created: 2, updated: 0, unchanged: 1 } });
    expect(await unitCount()).toBe(before + 2);
    const sapa = await unitsRepository.getByCode(t.ctx.db, 'P1-D3');
    expect(sapa).toMatchObject({ name: 'Huyện Đoàn Sa Pa', shortName: 'Sa Pa', level: 'district', tags: ['rural'], validFrom: '2023-07-03', validTo: null });
    expect(await unitsRepository.getByCode(t.ctx.db, 'P1-D3-G1')).toMatchObject({ parentId: sapa!.id, tags: ['rural', 'school'] });
    const audit = (await auditRepository.search(t.ctx.db, { limit: 50 })).filter((a) => a.action === 'unit.create' && a.unitCode?.startsWith('P1-D3'));
    expect(audit.map((a) => [a.unitCode, a.username, a.reason])).toEqual(expect.arrayContaining([
      ['P1-D3', 'p1.quanly', 'Tải lên danh sách đơn vị'], ['P1-D3-G1', 'p1.quanly', 'Tải lên danh sách đơn vị'],
    ]));
    // Found by search straight away, without diacritics.
    const found = await t.app.inject({ method: 'GET', url: '/api/v1/units/P1/search?q=ta%20van', headers: manager.headers });
    expect(found.json().units.map((u: { code: string }) => u.code)).toEqual(['P1-D3-G1']);

    const auditsBefore = (await auditRepository.search(t.ctx.db, { limit: 500 })).length;
    expect(await upload(manager, 'P1', file, XLSX)).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 3 } });
    expect(await unitCount()).toBe(before + 2);
    expect((await auditRepository.search(t.ctx.db, { limit: 500 })).length).toBe(auditsBefore);
  });

  it('updates a changed name, short name or groups from a .csv with English headers, old → new in the audit', async () => {
    const file = csv([
      ['code', 'name', 'parent code', 'level', 'tags', 'short name'],
      ['P1-D3', 'Huyện Đoàn thị xã Sa Pa', 'P1', 'district', 'rural;urban', 'Sa Pa'],
      ['P1-D3-G1', 'Đoàn cơ sở xã Tả Van', 'P1-D3', 'grassroots', 'rural,school', ''],
    ]);
    expect(await upload(manager, 'P1', file, 'text/csv')).toEqual({ status: 200, body: { created: 0, updated: 1, unchanged: 1 } });
    const audit = (await auditRepository.search(t.ctx.db, { limit: 50 })).filter((a) => a.action === 'unit.update' && a.unitCode === 'P1-D3');
    expect(audit.map((a) => [a.oldValue, a.newValue])).toEqual([[{ name: 'Huyện Đoàn Sa Pa', tags: ['rural'] }, { name: 'Huyện Đoàn thị xã Sa Pa', tags: ['rural', 'urban'] }]]);
    expect(await upload(manager, 'P1', file, 'text/csv; charset=utf-8')).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 2 } });
  });

  it('answers every kind of bad row by its row number and field, and writes nothing', async () => {
    const before = await unitCount();
    const audits = (await auditRepository.search(t.ctx.db, { limit: 500 })).length;
    const file = csv([
      VI_HEADER, //                                                            row 1
      ['P1-D4', 'Huyện Đoàn 1.4', 'P1', 'district', '', ''], //               row 2: good
      ['P1 D5', 'Huyện Đoàn 1.5', 'P1', 'district', '', ''], //               row 3: bad code
      ['P1-D4', 'Huyện Đoàn 1.4 bis', 'P1', 'district', '', ''], //           row 4: duplicate of row 2
      ['P2-D1', 'Huyện Đoàn 2.1', 'P1', 'district', '', ''], //               row 5: code of a unit outside P1
      ['P1-D6', 'Huyện Đoàn 1.6', 'KHONG-CO', 'district', '', ''], //         row 6: unknown parent
      ['P1-D7', 'Huyện Đoàn 1.7', 'P2', 'district', '', ''], //               row 7: parent outside P1
      ['P1-A', 'Đoàn cơ sở A', 'P1-B', 'grassroots', '', ''], //             row 8: cycle with row 9 (and the level)
      ['P1-B', 'Đoàn cơ sở B', 'P1-A', 'grassroots', '', ''], //             row 9
      ['P1-D8', 'Tỉnh Đoàn mới', 'P1', 'province', '', ''], //               row 10: level not below the parent's
      ['P1-D9', 'Huyện Đoàn 1.9', 'P1', 'district', 'thanh-pho', ''], //    row 11: unknown group
      ['P1-D10', '', 'P1', 'xã', '', ''], //                                 row 12: no name, unknown level
      ['P1-D1-G1', 'Đoàn cơ sở 1.1.1', 'P1-D2', 'grassroots', '', ''], //   row 13: an existing unit moved
      ['P1-D1-G2', 'Đoàn cơ sở 1.1.2', 'P1-D1', 'branch', '', ''], //       row 14: an existing unit re-levelled
      ['P1', 'Tỉnh Đoàn Một', 'TW', 'province', '', ''], //                  row 15: one's own unit changed
    ]);
    const res = await upload(manager, 'P1', file, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation');
    expect(res.body.error.message).toBe(`Tệp có ${res.body.error.rows.length} lỗi; chưa có dữ liệu nào được ghi.`);
    expect(where(res.body)).toEqual([
      [3, 'code'], [4, 'code'], [5, 'code'], [6, 'parentCode'], [7, 'parentCode'],
      [8, 'level'], [8, 'parentCode'], [9, 'level'], [9, 'parentCode'],
      [10, 'level'], [11, 'tags'], [12, 'name'], [12, 'level'], [13, 'parentCode'], [14, 'level'], [15, 'code'],
    ]);
    const message = (row: number, field: string) => res.body.error.rows.find((r: { row: number; field: string }) => r.row === row && r.field === field)?.message;
    expect(message(4, 'code')).toBe('Mã "P1-D4" trùng với dòng 2.');
    expect(message(5, 'code')).toBe('Mã "P2-D1" đã được dùng cho Huyện Đoàn 2.1, không thuộc Tỉnh Đoàn 1.');
    expect(message(6, 'parentCode')).toBe('Không tìm thấy đơn vị cấp trên "KHONG-CO" (không có trong tệp, cũng không thuộc Tỉnh Đoàn 1).');
    expect(message(7, 'parentCode')).toBe('Đơn vị cấp trên "P2" (Tỉnh Đoàn 2) không thuộc Tỉnh Đoàn 1.');
    expect(message(8, 'parentCode')).toBe('Các dòng 8, 9 tạo thành vòng cấp trên: P1-A → P1-B → P1-A.');
    // The same rows as the web client reads them (line, column) too.
    expect(res.body.error.rows[0]).toMatchObject({ line: 3, column: 'code', row: 3, field: 'code' });
    expect(await unitCount()).toBe(before);
    expect((await auditRepository.search(t.ctx.db, { limit: 500 })).length).toBe(audits);

    const english = await upload(manager, 'P1', file, 'text/csv', 'en');
    expect(english.body.error.message).toBe(`The file has ${english.body.error.rows.length} error(s); nothing was written.`);
    expect(english.body.error.rows[1].message).toBe('Code "P1-D4" is already on row 2.');
  });

  it('refuses a header without the needed columns, a file that is no table, an empty file, a formula cell', async () => {
    const header = await upload(manager, 'P1', csv([['Mã', 'Tên'], ['X', 'Y']]), 'text/csv');
    expect(header.status).toBe(400);
    expect(where(header.body)).toEqual([[1, 'header']]);
    expect(header.body.error.rows[0].message).toMatch(/^Dòng tiêu đề thiếu cột "Mã đơn vị cấp trên", "Cấp"/);
    const notXlsx = await upload(manager, 'P1', Buffer.from('code,name\n'), XLSX);
    expect(where(notXlsx.body)).toEqual([[0, 'file']]);
    expect(notXlsx.body.error.rows[0].message).toMatch(/^Tệp không phải bảng tính Excel/);
    expect(where((await upload(manager, 'P1', zipOf([{ name: 'a.txt', data: 'xin chào' }]), XLSX)).body)).toEqual([[0, 'file']]);
    expect(where((await upload(manager, 'P1', Buffer.alloc(0), 'text/csv')).body)).toEqual([[0, 'file']]);
    expect(await upload(manager, 'P1', await xlsx([VI_HEADER]), XLSX)).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 0 } });

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đơn vị');
    sheet.addRow(VI_HEADER);
    sheet.addRow(['P1-D11', { formula: 'CONCAT("Huyện ","Đoàn")', result: 'Huyện Đoàn' }, 'P1', 'district']);
    const formula = await upload(manager, 'P1', Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    expect(formula.status).toBe(400);
    expect(where(formula.body)).toEqual([[2, 'B']]);
  });

  it('refuses a signed-out request, a unit outside the subtree and a reporter', async () => {
    const file = csv([VI_HEADER, ['P2-D9', 'Huyện Đoàn 2.9', 'P2', 'district', '', '']]);
    expect((await upload(null, 'P2', file, 'text/csv')).status).toBe(401);
    expect((await upload(manager, 'P2', file, 'text/csv')).status).toBe(403);
    const reporter = await t.signIn('p1.baocao');
    expect((await upload(reporter, 'P1', file, 'text/csv')).status).toBe(403);
    // The same rows uploaded to P1: their parent lies outside it.
    expect(where((await upload(manager, 'P1', file, 'text/csv')).body)).toEqual([[2, 'parentCode']]);
  });
});
