/** Dashboard tables as .xlsx (progress, timeliness): Vietnamese headers, number formats, frozen headers, formulas neutralised. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeText } from '../infra/index.ts';
import { createUnit } from '../organisation/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  const code = (k: string) => t.world.indicators[k]!.code;
  await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: t.world.provinces[0]!.code, period: '2023-W27' }, null, {
    values: { [code('tuyen-pho')]: 120, [code('km-duong')]: '12,25' },
  },
  );
  // A hostile name: a spreadsheet must show it as text, never run it.
  await createUnit(t.ctx, { code: 'XLS-1', name: '=HYPERLINK("http://x","bấm")', level: 'province', parentCode: t.world.root.code });
  // Entered on its behalf by the level above, with the time it reached them (08:15 in Hà Nội).
  await createUnit(t.ctx, { code: 'XLS-2', name: 'Tỉnh Đoàn nhập thay', level: 'province', parentCode: t.world.root.code });
  await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: 'XLS-2', period: '2023-W27' }, null, {
    values: { [code('tuyen-pho')]: 0 }, onBehalf: { reason: 'Tỉnh báo qua điện thoại', receivedAt: '2023-07-03T08:15:00+07:00' },
  });
});
afterAll(() => t?.close());

describe('progress.xlsx', () => {
  it('holds the unit\'s and its children\'s figures with Vietnamese headers, number formats and frozen headers', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/progress.xlsx?asOf=09/07/2023`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tien-do-${t.world.campaign.code}-${t.world.root.code}-2023-07-09.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Đơn vị trực thuộc']);

    const own = book.getWorksheet('Tổng hợp')!;
    expect(own.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(own.getRow(2).values).toEqual([undefined, 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Chỉ tiêu giao', 'Tuần này', 'Lũy kế', 'Tỷ lệ đạt', 'Tình trạng']);
    const streets = own.getRow(3);
    expect(streets.getCell(2).value).toBe('Tuyến phố văn minh');
    expect(streets.getCell(4).value).toBe(500);
    expect(streets.getCell(6).value).toBe(120);
    expect(streets.getCell(6).numFmt).toBe('#,##0');
    expect(streets.getCell(7).value).toBeCloseTo(0.24, 10);
    // 24%, as the dashboard writes it: no trailing zeros.
    expect(streets.getCell(7).numFmt).toBe('#,##0%');
    const roads = own.getRow(4);
    expect(roads.getCell(6).value).toBe(12.25);
    expect(roads.getCell(6).numFmt).toBe('#,##0.0###');

    const children = book.getWorksheet('Đơn vị trực thuộc')!;
    expect(children.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(children.getRow(1).getCell(4).value).toBe('Tuyến phố văn minh (tuyến)');
    expect(children.getRow(2).getCell(4).value).toBe('Chỉ tiêu giao');
    const rows = children.getRows(3, children.rowCount - 2)!;
    const p1 = rows.find((r) => r.getCell(1).value === t.world.provinces[0]!.code)!;
    expect(p1.getCell(3).value).toBe('đã gửi');
    expect(p1.getCell(5).value).toBe(120);
    const hostile = rows.find((r) => r.getCell(1).value === 'XLS-1')!;
    expect(hostile.getCell(2).value).toBe('\'=HYPERLINK("http://x","bấm")');
    expect(hostile.getCell(2).formula).toBeUndefined();
  });
});

describe('timeliness.xlsx', () => {
  const url = (unit: string, query = '?period=2023-W27') => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/timeliness.xlsx${query}`;

  it('lists every expected unit of the week with deadlines and sending times in Hà Nội time, under frozen Vietnamese headers', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await t.app.inject({ method: 'GET', url: url(t.world.root.code), headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="kip-thoi-${t.world.campaign.code}-${t.world.root.code}-2023-W27.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Tuần 27', 'Tổng hợp theo tuần']);

    const units = book.getWorksheet('Tuần 27')!;
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(String(units.getRow(1).getCell(1).value)).toContain('tuần 27 (03/07/2023 – 09/07/2023)');
    expect(units.getRow(2).values).toEqual([undefined, 'Mã đơn vị', 'Đơn vị', 'Hạn nộp', 'Gửi lúc', 'Tình trạng', 'Báo cáo', 'Số liệu bất thường', 'Lý do trả lại', 'Nhập thay']);
    const rows = units.getRows(3, units.rowCount - 2)!;
    // P1 sent at the test clock, Monday 03/07/2023 10:00 in Hà Nội; a province is due the next Monday at 10:00.
    const p1 = rows.find((r) => r.getCell(1).value === t.world.provinces[0]!.code)!;
    expect(p1.getCell(2).value).toBe(t.world.provinces[0]!.name);
    expect((p1.getCell(3).value as Date).toISOString()).toBe('2023-07-10T10:00:00.000Z');
    expect(p1.getCell(3).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect((p1.getCell(4).value as Date).toISOString()).toBe('2023-07-03T10:00:00.000Z');
    expect(p1.getCell(4).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(p1.getCell(5).value).toBe('Đúng hạn');
    expect(p1.getCell(6).value).toBe('đã gửi');
    const p2 = rows.find((r) => r.getCell(1).value === t.world.provinces[1]!.code)!;
    expect(p2.getCell(4).value).toBeNull();
    expect(p2.getCell(5).value).toBe('Chưa đến hạn');
    expect(p2.getCell(6).value).toBe('chưa gửi');
    expect(p1.getCell(9).value).toBeNull();
    const entered = rows.find((r) => r.getCell(1).value === 'XLS-2')!;
    expect((entered.getCell(4).value as Date).toISOString()).toBe('2023-07-03T08:15:00.000Z'); // Hà Nội time, as every moment of the sheet
    expect(entered.getCell(5).value).toBe('Đúng hạn');
    expect(entered.getCell(9).value).toBe('nhập thay');
    const hostile = rows.find((r) => r.getCell(1).value === 'XLS-1')!;
    expect(hostile.getCell(2).value).toBe('\'=HYPERLINK("http://x","bấm")');
    expect(hostile.getCell(2).formula).toBeUndefined();

    const weeks = book.getWorksheet('Tổng hợp theo tuần')!;
    expect(weeks.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(weeks.getRow(2).getCell(1).value).toBe('Tuần');
    expect(weeks.getRow(2).getCell(11).value).toBe('Tỷ lệ đúng hạn');
    const w27 = weeks.getRows(3, weeks.rowCount - 2)!.find((r) => r.getCell(1).value === '2023-W27')!;
    expect(w27.getCell(2).value).toBe('03/07/2023');
    expect(w27.getCell(4).value).toBe(rows.length);
    expect(w27.getCell(6).value).toBe(2); // P1 and XLS-2, on time
    expect(w27.getCell(11).numFmt).toBe('0.0%');
  });

  it('is refused signed out, outside the user\'s subtree and for a week outside the campaign', async () => {
    expect((await t.app.inject({ method: 'GET', url: url(t.world.root.code) })).statusCode).toBe(401);
    const p1 = await t.signIn('p1.baocao');
    const outside = await t.app.inject({ method: 'GET', url: url(t.world.provinces[1]!.code), headers: p1.headers });
    expect(outside.statusCode).toBe(403);
    expect(outside.headers['content-type']).toContain('application/json');
    const own = await t.app.inject({ method: 'GET', url: url(t.world.provinces[0]!.code), headers: p1.headers });
    expect(own.statusCode).toBe(200);
    const badWeek = await t.app.inject({ method: 'GET', url: url(t.world.provinces[0]!.code, '?period=2024-W01'), headers: p1.headers });
    expect(badWeek.statusCode).toBe(400);
    expect(badWeek.json().error.message).toBe('Tuần 2024-W01 nằm ngoài thời gian của chiến dịch.');
  });
});

describe('safeText', () => {
  it.each([['=1+1', '\'=1+1'], ['+84 912', '\'+84 912'], ['-5', '\'-5'], ['@SUM(A1)', '\'@SUM(A1)'], ['Hà Nội', 'Hà Nội'], ['', '']])('%j → %j', (input, output) => {
    expect(safeText(input)).toBe(output);
  });
});
