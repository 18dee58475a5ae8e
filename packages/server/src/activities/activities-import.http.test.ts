/**
 * Bulk entry of records from a spreadsheet, through the API on a test database (PGlite, and
 * PostgreSQL with TEST_DATABASE_URL): a province downloads the teams' template, fills it for
 * itself and for one of its districts (nhập thay), and imports it; a sheet with bad rows (a
 * negative count, a date outside the campaign, a unit of another province, a field the kind has
 * not) is refused with every row and column named and nothing written; the same file again
 * writes nothing; a CSV of press items goes the same way.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';
import { recomputeActivityTotals, getActivityTotals } from './activities.service.ts';

let t: TestApp;
let reporter: Session;
let other: Session;

beforeAll(async () => {
  t = await openTestApp();
  [reporter, other] = await Promise.all([t.signIn('p1.baocao'), t.signIn('p2.baocao')]);
});
afterAll(() => t?.close());

const p1 = () => t.world.provinces[0]!;
const base = () => `/api/v1/campaigns/${t.world.campaign.code}/units/${p1().code}`;
const countRecords = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activity_records`))[0]!.n;

async function template(kind: string): Promise<ExcelJS.Workbook> {
  const res = await t.app.inject({ method: 'GET', url: `${base()}/activities-template.xlsx?kind=${kind}`, headers: reporter.headers });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-disposition']).toContain(`mau-nhap-${kind}-`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}

async function upload(session: Session, kind: string, bytes: Buffer, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const res = await t.app.inject({ method: 'POST', url: `${base()}/activities-import?kind=${kind}`, headers: { ...session.headers, 'content-type': type }, payload: bytes });
  return { status: res.statusCode, body: res.json() };
}

async function filled(rows: (string | number | null)[][]): Promise<Buffer> {
  const book = await template('team');
  const sheet = book.worksheets[0]!;
  rows.forEach((cells, i) => { sheet.getRow(3 + i).values = cells; sheet.getRow(3 + i).commit(); });
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('importing records from a spreadsheet', () => {
  it('offers a template laid out as the import reads it, with a guide of every column', async () => {
    const book = await template('team');
    expect(book.worksheets.map((s) => s.name)).toEqual(['Đội hình tình nguyện', 'Hướng dẫn']);
    expect(book.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Mã đơn vị', 'Tên đội hình', 'Lĩnh vực', 'Số thành viên', 'Địa điểm', 'Địa bàn trọng tâm', 'Ngày bắt đầu', 'Ngày kết thúc', 'Chương trình']);
    const guide = book.worksheets[1]!;
    expect(guide.getRow(6).values).toEqual([undefined, 'Số thành viên', 'có', 'Số nguyên từ 1.']);
  });

  it('refuses a sheet with bad rows, naming each, writing nothing', async () => {
    const before = await countRecords();
    const d1 = t.world.districts[0]!.code;
    const refused = await upload(reporter, 'team', await filled([
      ['', 'Đội hình tiếp sức mùa thi', 'Hỗ trợ thí sinh', 25, null, null, '25/06/2023'],
      [d1, 'Đội hình sửa nhà', 'Xây dựng', -3, null, null, '01/09/2023'],
      [t.world.provinces[1]!.code, 'Đội hình khác tỉnh', 'Y tế', 10, null, null, '26/06/2023'],
    ]));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Tệp có 3 lỗi; chưa có dữ liệu nào được ghi.');
    expect(refused.body.error.rows.map((r: { line: number; column: string }) => [r.line, r.column])).toEqual([
      [4, 'Số thành viên'], [4, 'Ngày bắt đầu'], [5, 'Mã đơn vị'],
    ]);
    expect(refused.body.error.rows[1].message).toMatch(/nằm ngoài thời gian chiến dịch/);
    expect(await countRecords()).toBe(before);
  });

  it('keeps every row of a good sheet, for the province and one of its districts (nhập thay); the same file again writes nothing', async () => {
    const d1 = t.world.districts[0]!.code;
    const bytes = await filled([
      ['', 'Đội hình tiếp sức mùa thi', 'Hỗ trợ thí sinh', '25', null, null, '25/06/2023'],
      [d1, 'Đội hình sửa nhà', 'Xây dựng', 12, 'Xã A', null, '2023-06-28', '02/07/2023'],
    ]);
    const kept = await upload(reporter, 'team', bytes);
    expect(kept).toMatchObject({ status: 200, body: { created: 2, unchanged: 0 } });
    const list = (await t.app.inject({ method: 'GET', url: `${base()}/activities?kind=team`, headers: reporter.headers })).json();
    expect(list.records.map((r: { unit: { code: string }; onBehalf: boolean; fields: { members: number } }) => [r.unit.code, r.onBehalf, r.fields.members]).sort())
      .toEqual([[d1, true, 12], [p1().code, false, 25]].sort());
    expect(await upload(reporter, 'team', bytes)).toMatchObject({ status: 200, body: { created: 0, unchanged: 2 } });
    // The totals over the province are a recompute's.
    const ref = { campaign: t.world.campaign.code, unit: p1().code };
    expect((await getActivityTotals(t.ctx, ref)).totals.teams).toEqual({ count: 2, members: 37 });
    expect((await recomputeActivityTotals(t.ctx, ref)).teams).toEqual({ count: 2, members: 37 });
    const audited = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_log where action = 'activity.create' and new_value->>'via' = 'import'`);
    expect(audited[0]!.n).toBe(2);
  });

  it('reads a CSV of press items with English headers, and refuses another province\'s upload and a file that is not a sheet', async () => {
    const csv = Buffer.from('Unit code,Channel,Outlet or page,Title,Link,Publication date\n,Facebook,Fanpage Tỉnh Đoàn,Ra quân,https://facebook.com/tinhdoan/1,26/06/2023\n', 'utf8');
    expect(await upload(reporter, 'press', csv, 'text/csv')).toMatchObject({ status: 200, body: { created: 1 } });
    expect((await upload(other, 'press', csv, 'text/csv')).status).toBe(403);
    const junk = await upload(reporter, 'press', Buffer.from('PK\u0003\u0004 không phải bảng tính'));
    expect(junk.status).toBe(400);
    expect(junk.body.error.rows[0].message).toMatch(/không phải bảng tính|Không đọc được tệp/);
    expect((await upload(reporter, 'explosion', csv, 'text/csv')).status).toBe(400);
  });
});
