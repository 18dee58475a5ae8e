/**
 * A unit group as the filter of a set of units, over HTTP on both databases (issue 19): the
 * progress of a unit's children and the timeliness lists take `?group=urban` and list only
 * the units carrying it — the unit's own total stays the whole unit's — and so do their
 * .xlsx files; an unknown group is a 400 on `group`.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnit } from '../organisation/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
const WEEK = '2023-W26';
const URBAN = 'P1-D3';
let campaign: string;
let province: string;
let streets: string;

beforeAll(async () => {
  t = await openTestApp();
  campaign = t.world.campaign.code;
  province = t.world.provinces[0]!.code;
  streets = t.world.indicators['tuyen-pho']!.code;
  await createUnit(t.ctx, { code: URBAN, name: 'Quận Đoàn đô thị', level: 'district', parentCode: province, tags: ['urban'] });
  await submitReport(t.ctx, { campaign, unit: t.world.districts[0]!.code, period: WEEK }, null, { values: { [streets]: 10 } });
  await submitReport(t.ctx, { campaign, unit: URBAN, period: WEEK }, null, { values: { [streets]: 7 } });
});
afterAll(() => t?.close());

const base = () => `/api/v1/campaigns/${campaign}/units/${province}`;
async function get(s: Session | null, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  return { status: res.statusCode, res, body: res.headers['content-type']?.toString().includes('json') ? res.json() : null };
}
const codes = (rows: { unit: { code: string } }[]) => rows.map((r) => r.unit.code);
const streetsToDate = (body: { unit: { indicators: { code: string; toDate: number }[] } }) => body.unit.indicators.find((i) => i.code === streets)?.toDate;

describe('the progress of the children filtered by a unit group', () => {
  it('lists only the children carrying the group; the unit\'s own total stays the unit\'s', async () => {
    const s = await t.signIn('p1.quanly');
    const all = await get(s, `${base()}/progress?asOf=02/07/2023`);
    expect(codes(all.body.children)).toEqual([t.world.districts[0]!.code, t.world.districts[1]!.code, URBAN]);
    expect(all.body.group).toBeNull();
    const urban = await get(s, `${base()}/progress?asOf=02/07/2023&group=urban`);
    expect(urban.status).toBe(200);
    expect(codes(urban.body.children)).toEqual([URBAN]);
    expect(streetsToDate(urban.body)).toBe(17);
    expect(streetsToDate(all.body)).toBe(17);
    expect(urban.body.group).toEqual({ code: 'urban', name: 'Khu vực đô thị', text: 'Chỉ liệt kê các đơn vị thuộc nhóm Khu vực đô thị.' });
    expect(urban.body.unitGroups.map((g: { code: string }) => g.code)).toEqual(expect.arrayContaining(['urban', 'rural', 'public-administration', 'enterprise', 'school']));
    // A group no child carries: no rows, the total unchanged.
    const schools = await get(s, `${base()}/progress?asOf=02/07/2023&group=school`);
    expect(schools.body.children).toEqual([]);
    expect(streetsToDate(schools.body)).toBe(17);
    // In English, the group by its English name.
    expect((await get(s, `${base()}/progress?asOf=02/07/2023&group=urban&lang=en`)).body.group.text).toBe('Only the units in the group Urban are listed.');
  });

  it('refuses an unknown group with the field, not signed in and outside the subtree', async () => {
    const s = await t.signIn('p1.quanly');
    for (const url of [`${base()}/progress?group=villages`, `${base()}/progress.xlsx?group=villages`]) {
      const bad = await get(s, url);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('group');
      expect(bad.body.error.message).toContain('Không có nhóm đơn vị "villages"');
    }
    expect((await get(null, `${base()}/progress?group=urban`)).status).toBe(401);
    expect((await get(await t.signIn('p2.baocao'), `${base()}/progress?group=urban`)).status).toBe(403);
  });

  it('writes only the filtered children in the .xlsx, and says so', async () => {
    const s = await t.signIn('p1.quanly');
    const { res } = await get(s, `${base()}/progress.xlsx?asOf=02/07/2023&group=urban`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tien-do-${campaign}-${province}-2023-07-02-urban.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Đơn vị trực thuộc')!;
    const listed = sheet.getRows(3, sheet.rowCount - 2)!.map((r) => r.getCell(1).value).filter((v) => v !== null && v !== undefined && v !== '');
    expect(listed[0]).toBe(URBAN);
    expect(String(listed.at(-1))).toBe(`Đơn vị trực thuộc: chỉ liệt kê các đơn vị thuộc nhóm Khu vực đô thị; số liệu tổng hợp là của cả ${t.world.provinces[0]!.name}.`);
    expect(listed).toHaveLength(2);
    // The unit's own sheet keeps its whole figures.
    expect(book.getWorksheet('Tổng hợp')!.getRow(3).getCell(6).value).toBe(17);
  });
});

describe('the timeliness lists filtered by a unit group', () => {
  it('lists, counts and names only the units of the group', async () => {
    const s = await t.signIn('p1.quanly');
    const all = await get(s, `${base()}/timeliness?period=${WEEK}`);
    expect(codes(all.body.selected.rows)).toEqual(expect.arrayContaining([province, t.world.districts[0]!.code, URBAN]));
    const urban = await get(s, `${base()}/timeliness?period=${WEEK}&group=urban`);
    expect(urban.status).toBe(200);
    // The district's deadline was Saturday 01/07 12:00; it sent on Monday 03/07: late.
    expect(urban.body.selected.rows.map((r: { unit: { code: string }; status: string }) => [r.unit.code, r.status])).toEqual([[URBAN, 'late']]);
    expect(urban.body.selected.summary).toMatchObject({ expected: 1, late: 1, missing: 0 });
    expect(urban.body.lateUnits.names).toEqual(['Quận Đoàn đô thị']);
    expect(urban.body.group.code).toBe('urban');
    // The quality page takes the filter too.
    const quality = await get(s, `${base()}/quality?period=${WEEK}&group=urban`);
    expect(codes(quality.body.timeliness.selected.rows)).toEqual([URBAN]);
  });

  it('writes the filtered list in the .xlsx, and refuses an unknown group', async () => {
    const s = await t.signIn('p1.quanly');
    const { res } = await get(s, `${base()}/timeliness.xlsx?period=${WEEK}&group=urban`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="kip-thoi-${campaign}-${province}-${WEEK}-urban.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Tuần 26')!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('chỉ các đơn vị thuộc nhóm Khu vực đô thị');
    expect(sheet.getRows(3, sheet.rowCount - 2)!.map((r) => r.getCell(1).value)).toEqual([URBAN]);
    for (const path of ['timeliness', 'timeliness.xlsx', 'quality']) {
      const bad = await get(s, `${base()}/${path}?period=${WEEK}&group=Urban`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('group');
    }
    expect((await get(null, `${base()}/timeliness?group=urban`)).status).toBe(401);
    expect((await get(await t.signIn('p2.baocao'), `${base()}/timeliness?group=urban`)).status).toBe(403);
  });
});
