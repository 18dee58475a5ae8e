/** The weekly progress report and the final report over HTTP: drafted from the data, forms saved, .docx and annex .xlsx downloaded. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, allocateTargets } from '../planning/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
const CAMPAIGN = 'rep-he-2023';
const WEEK = '2023-W24';
beforeAll(async () => {
  t = await openTestApp();
  const code = (k: string) => t.world.indicators[k]!.code;
  const [p1, p2] = t.world.provinces;
  await createCampaign(t.ctx, null, {
    code: CAMPAIGN, name: 'Chiến dịch thử báo cáo', startDate: '2023-06-05', endDate: '2023-07-16', rootUnitCode: t.world.root.code,
    phases: [{ number: 1, name: 'Đợt 01', startDate: '2023-06-05', endDate: '2023-06-25' }],
    targets: [{ indicatorCode: code('tuyen-pho'), target: 10 }, { indicatorCode: code('km-duong'), target: 100 }],
  });
  await allocateTargets(t.ctx, { campaign: CAMPAIGN, unit: t.world.root.code }, null, {
    targets: { [p1!.code]: { [code('tuyen-pho')]: 6, [code('km-duong')]: 60 }, [p2!.code]: { [code('tuyen-pho')]: 4, [code('km-duong')]: 40 } },
  },
  );
  await allocateTargets(t.ctx, { campaign: CAMPAIGN, unit: p1!.code }, null, {
    targets: { [t.world.districts[0]!.code]: { [code('tuyen-pho')]: 3 }, [t.world.districts[1]!.code]: { [code('tuyen-pho')]: 3 } },
  },
  );
  // Sent on 3 July for the week of 12–18 June: late. The second district sends nothing.
  await submitReport(t.ctx, { campaign: CAMPAIGN, unit: t.world.districts[0]!.code, period: WEEK }, null, { values: { [code('tuyen-pho')]: 4, [code('km-duong')]: '2,5' } });
});
afterAll(() => t?.close());

const base = (unit: string) => `/api/v1/campaigns/${CAMPAIGN}/units/${unit}/documents`;
const progressUrl = (unit = t.world.provinces[0]!.code, week = WEEK) => `${base(unit)}/progress/${week}`;
const finalUrl = (unit = t.world.root.code) => `${base(unit)}/final`;
async function call(s: Session | null, method: 'GET' | 'PUT', path: string, payload?: object) {
  const res = await t.app.inject({ method, url: path, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload, headers: res.headers };
}

describe('weekly progress report', () => {
  it('is drafted from the unit\'s figures, its children\'s timeliness and an annex of the children', async () => {
    const s = await t.signIn('p1.quanly');
    const res = await call(s, 'GET', progressUrl());
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(0);
    expect(res.body.document).toMatchObject({ kind: 'BÁO CÁO', number: `Số: ${'\u00a0'.repeat(6)}-BC/TĐTN`, issuer: 'BCH TỈNH ĐOÀN 1' });
    const text: string = res.body.text;
    expect(text).toContain('tuần thứ 02 (từ 12/6 – 18/6/2023)');
    expect(text).toContain('Có 01 chỉ tiêu vượt tiến độ đề ra, cụ thể: Chỉ tiêu tuyến phố văn minh: 6 tuyến – *đã thực hiện 4 tuyến, đạt 66,67%*.');
    expect(text).toContain('Có 01 chỉ tiêu chậm tiến độ đề ra, cụ thể: Chỉ tiêu đường giao thông nông thôn: 60 km – *đã thực hiện 2,5 km, đạt 4,17%*.');
    expect(text).toContain('Trong tuần, có 0/2 đơn vị trực thuộc gửi báo cáo đúng hạn (đạt 0%), 01 đơn vị gửi chậm, 01 đơn vị chưa gửi báo cáo.');
    expect(text).toContain('Công tác thông tin, báo cáo của một số huyện Đoàn không đảm bảo tiến độ, cụ thể: Huyện Đoàn 1.1, Huyện Đoàn 1.2.');
    // The annex: one row per district, then the province's total.
    const [annex] = res.body.document.annexes;
    expect(annex).toMatchObject({ title: 'PHỤ LỤC', landscape: true });
    expect(annex.body[0].kind).toBe('table');
    expect(annex.body[0].rows.map((r: { cells: string[] }) => r.cells.slice(0, 5))).toEqual([
      ['1', 'Huyện Đoàn 1.1', '3', '4', '133,33%'],
      ['2', 'Huyện Đoàn 1.2', '3', '0', '0%'],
      ['', 'Tổng cộng (Tỉnh Đoàn 1)', '6', '4', '66,67%'],
    ]);
    expect(annex.body[0].rows[2].bold).toBe(true);
  });

  it('lists the late units in the order the form asks', async () => {
    const s = await t.signIn('p1.quanly');
    const saved = await call(s, 'PUT', progressUrl(), { form: { lateOrder: 'name', assessment: 'Các đơn vị đã tích cực.' }, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.form.lateOrder).toBe('name');
    expect(saved.body.text).toContain('3. Đánh giá chung\nCác đơn vị đã tích cực.');
    const bad = await call(s, 'PUT', progressUrl(), { form: { lateOrder: 'size' }, version: 1 });
    expect(bad.status).toBe(400);
    // Keyed by unit and week: another week of the same unit starts empty.
    expect((await call(s, 'GET', progressUrl(undefined, '2023-W25'))).body.version).toBe(0);
  });

  it('is read in the unit\'s subtree only, and saved by those who write its reports', async () => {
    const [other, viewer, reporter, district] = await Promise.all([t.signIn('p2.baocao'), t.signIn('tw.xem'), t.signIn('p1.baocao'), t.signIn('p1d1.baocao')]);
    expect((await call(null, 'GET', progressUrl())).status).toBe(401);
    expect((await call(other, 'GET', progressUrl())).status).toBe(403);
    expect((await call(other, 'GET', `${progressUrl()}/docx`)).status).toBe(403);
    expect((await call(other, 'GET', `${progressUrl()}/annex.xlsx`)).status).toBe(403);
    expect((await call(viewer, 'GET', progressUrl())).status).toBe(200);
    expect((await call(viewer, 'PUT', progressUrl(), { form: {} })).status).toBe(403);
    expect((await call(district, 'PUT', progressUrl(), { form: {} })).status).toBe(403);
    const mine = await call(reporter, 'GET', progressUrl());
    expect((await call(reporter, 'PUT', progressUrl(), { form: { number: 12 }, version: mine.body.version })).body.document.number).toBe('Số: 12-BC/TĐTN');
    expect((await call(reporter, 'GET', progressUrl(undefined, '2023-26'))).status).toBe(400);
    expect((await call(reporter, 'GET', progressUrl(undefined, '2023-W40'))).status).toBe(400);
  });

  it('downloads as a .docx and its annex as a spreadsheet', async () => {
    const s = await t.signIn('p1.quanly');
    const docx = await call(s, 'GET', `${progressUrl()}/docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-disposition']).toBe(`attachment; filename="bao-cao-tien-do-${t.world.provinces[0]!.code}-${WEEK}.docx"`);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const xlsx = await call(s, 'GET', `${progressUrl()}/annex.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Phụ lục')!;
    expect(sheet.getRow(2).getCell(4).value).toBe('Tuyến phố văn minh (tuyến)');
    expect([4, 5, 6, 7, 8, 9].map((c) => sheet.getRow(3).getCell(c).value)).toEqual(['Chỉ tiêu giao', 'Lũy kế', 'Tỷ lệ đạt', 'Chỉ tiêu giao', 'Lũy kế', 'Tỷ lệ đạt']);
    expect([3, 4, 5].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['Huyện Đoàn 1.1', 3, 4]);
    expect(sheet.getRow(6).getCell(3).value).toBe('Tổng cộng (Tỉnh Đoàn 1)');
    expect(sheet.getRow(6).getCell(6).value).toBeCloseTo(4 / 6);
  });
});

describe('final campaign report', () => {
  it('sums up the campaign: indicators, phases, timeliness over every week, the children\'s annex', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await call(s, 'GET', finalUrl());
    expect(res.status).toBe(200);
    const text: string = res.body.text;
    expect(res.body.document.title).toBe('Tổng kết Chiến dịch thử báo cáo');
    expect(text).toContain('Có 02 chỉ tiêu chậm tiến độ đề ra');
    expect(text).toContain('2. Kết quả theo từng đợt\n- Đợt 01 (từ 05/6 – 25/6/2023): tính đến ngày 25/06/2023, có 02 chỉ tiêu chậm tiến độ.');
    // The reports TW receives: its two provinces' (a district's late report went to its province), three weeks past their deadline.
    expect(text).toContain('Qua 05 kỳ báo cáo tuần, có 0/6 lượt báo cáo được gửi đúng hạn, đạt tỷ lệ 0%; 0 lượt gửi chậm, 6 lượt không gửi.');
    expect(text).toContain('Các đơn vị nhiều lần gửi báo cáo chậm hoặc không gửi: Tỉnh Đoàn 1 (03 tuần), Tỉnh Đoàn 2 (03 tuần).');
    const table = res.body.document.annexes[0].body[0];
    expect(table.rows.map((r: { cells: string[] }) => r.cells.slice(1, 5))).toEqual([
      ['Tỉnh Đoàn 1', '6', '4', '66,67%'],
      ['Tỉnh Đoàn 2', '4', '0', '0%'],
      ['Tổng cộng (Trung ương Đoàn)', '10', '4', '40%'],
    ]);
  });

  it('is drafted and saved by the campaign\'s root unit only', async () => {
    const [steering, viewer, province] = await Promise.all([t.signIn('tw.chidao'), t.signIn('tw.xem'), t.signIn('p1.quanly')]);
    expect((await call(province, 'GET', finalUrl(t.world.provinces[0]!.code))).status).toBe(403);
    expect((await call(province, 'GET', finalUrl())).status).toBe(403);
    expect((await call(viewer, 'PUT', finalUrl(), { form: {}, version: 0 })).status).toBe(403);
    expect((await call(steering, 'PUT', finalUrl(), { form: { date: '32/08/2023' }, version: 0 })).status).toBe(400);
    const saved = await call(steering, 'PUT', finalUrl(), { form: { number: 99, date: '05/09/2023' }, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.document).toMatchObject({ number: 'Số: 99-BC/TWĐTN-CNĐT', dateLine: 'Hà Nội, ngày 05 tháng 9 năm 2023' });
    expect(saved.body.document.annexes[0].subtitle).toContain('(Kèm theo Báo cáo số 99-BC/TWĐTN-CNĐT ngày 5/9/2023)');
    expect((await call(steering, 'PUT', finalUrl(), { form: {}, version: 0 })).status).toBe(409);
    const docx = await call(steering, 'GET', `${finalUrl()}/docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-disposition']).toBe(`attachment; filename="bao-cao-tong-ket-${CAMPAIGN}.docx"`);
  });
});
