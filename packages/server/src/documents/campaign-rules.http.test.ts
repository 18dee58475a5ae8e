/**
 * Issue 18's campaign rules as the documents and the dashboard show them, over HTTP: after
 * the campaign's end an indicator below target is "chưa đạt", never "chậm tiến độ"; one
 * precision per campaign, used by the body, the annex, the annex spreadsheet and the
 * dashboard unless a form overrides it, with the same trailing zeros everywhere; units by
 * their names, weeks by their dates, counts of units not zero-padded.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateTargets, createCampaign } from '../planning/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';
import { unzip } from '../../test/zip-archive.ts';

let t: TestApp;
// Ended on 25/06/2023; the test clock stands at 03/07/2023.
const CAMPAIGN = 'rules-he-2023';
const WEEK = '2023-W25';
beforeAll(async () => {
  t = await openTestApp();
  const code = (k: string) => t.world.indicators[k]!.code;
  const [p1, p2] = t.world.provinces;
  const [d1] = t.world.districts;
  await createCampaign(t.ctx, null, {
    code: CAMPAIGN, name: 'Chiến dịch thử quy định', startDate: '2023-06-05', endDate: '2023-06-25', rootUnitCode: t.world.root.code,
    phases: [{ number: 1, name: 'Đợt 01', startDate: '2023-06-05', endDate: '2023-06-25' }],
    targets: [{ indicatorCode: code('tuyen-pho'), target: 1000 }, { indicatorCode: code('km-duong'), target: 100 }],
  });
  await allocateTargets(t.ctx, { campaign: CAMPAIGN, unit: t.world.root.code }, null, {
    targets: { [p1!.code]: { [code('tuyen-pho')]: 500, [code('km-duong')]: 60 }, [p2!.code]: { [code('tuyen-pho')]: 500, [code('km-duong')]: 40 } },
  });
  await allocateTargets(t.ctx, { campaign: CAMPAIGN, unit: p1!.code }, null, { targets: { [d1!.code]: { [code('tuyen-pho')]: 500 } } });
  // The first district builds 698 streets of its 500 (139,6%, as in the phase-1 notice) and
  // 2,5 km of road: the province stands at 139,6% and 2,5 / 60 = 4,1666…%, below target at the end.
  await submitReport(t.ctx, { campaign: CAMPAIGN, unit: d1!.code, period: WEEK }, null, { values: { [code('tuyen-pho')]: 698, [code('km-duong')]: '2,5' } });
});
afterAll(() => t?.close());

const unitUrl = (unit: string) => `/api/v1/campaigns/${CAMPAIGN}/units/${unit}`;
const progressReportUrl = () => `${unitUrl(t.world.provinces[0]!.code)}/documents/progress/${WEEK}`;
async function call(s: Session | null, method: 'GET' | 'PUT', path: string, payload?: object) {
  const res = await t.app.inject({ method, url: path, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload };
}

/** A spreadsheet cell as a person sees it, in Vietnamese: its percentage format's decimals, "," for the point; "–" when empty. */
function shownPercent(cell: ExcelJS.Cell): string {
  if (cell.value === null || cell.value === undefined) return '–';
  const decimals = /\.(0+)%$/.exec(cell.numFmt)?.[1]?.length ?? 0;
  expect(cell.numFmt).toMatch(/%$/);
  return `${(Number(cell.value) * 100).toFixed(decimals).replace('.', ',')}%`;
}

/** The annex spreadsheet of the province's weekly report: per row, the label and each indicator's shown percentage. */
async function annexPercentages(s: Session): Promise<{ title: string; rows: string[][] }> {
  const res = await call(s, 'GET', `${progressReportUrl()}/annex.xlsx`);
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Phụ lục')!;
  const rows = [4, 5, 6].map((r) => [String(sheet.getRow(r).getCell(3).value), shownPercent(sheet.getRow(r).getCell(6)), shownPercent(sheet.getRow(r).getCell(9))]);
  return { title: String(sheet.getRow(1).getCell(1).value), rows };
}

/** The annex table of the .docx (the same rows): label and the two "Tỷ lệ đạt" cells. */
function docxAnnexPercentages(body: { document: { annexes: { body: { rows: { cells: string[] }[] }[] }[] } }): string[][] {
  return body.document.annexes[0]!.body[0]!.rows.map((r) => [r.cells[1]!, r.cells[4]!, r.cells[7]!]);
}

describe('a weekly report at the campaign\'s end', () => {
  it('says "chưa đạt" for what was not met, and the body, annex and spreadsheet write each percentage alike (139,6%, not 139,60%)', async () => {
    const s = await t.signIn('p1.quanly');
    const res = await call(s, 'GET', progressReportUrl());
    expect(res.status).toBe(200);
    const text: string = res.body.text;
    expect(text).toContain('Có 01 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu tuyến phố văn minh: 500 tuyến – *đã thực hiện 698 tuyến, đạt 139,6%*.');
    expect(text).toContain('Có 01 chỉ tiêu chưa đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu đường giao thông nông thôn: 60 km – *đã thực hiện 2,5 km, đạt 4,17%*.');
    expect(text).not.toContain('chậm tiến độ');
    expect(text).not.toContain('139,60%');

    const annex = [
      ['Huyện Đoàn 1.1', '139,6%', '–'],
      ['Huyện Đoàn 1.2', '–', '–'],
      ['Tổng cộng (Tỉnh Đoàn 1)', '139,6%', '4,17%'],
    ];
    expect(docxAnnexPercentages(res.body)).toEqual(annex);
    expect((await annexPercentages(s)).rows).toEqual(annex);

    // The Word file itself: the body's and the annex's percentages, as written above.
    const docx = await call(s, 'GET', `${progressReportUrl()}/docx`);
    const xml = unzip(docx.body as Buffer).get('word/document.xml') ?? '';
    const percents = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*%)<\/w:t>/g)].map((m) => /[\d.,]+%/.exec(m[1]!)?.[0]);
    expect(percents).toContain('139,6%');
    expect(percents).toContain('4,17%');
    expect(xml).not.toContain('139,60%');
    expect(xml).not.toContain('chậm tiến độ');
  });

  it('names the unit and the week by name and dates, never by code, and counts units without zero-padding', async () => {
    const s = await t.signIn('p1.quanly');
    const res = await call(s, 'GET', progressReportUrl());
    const text: string = res.body.text;
    // Both districts: the first sent late (3 July), the second not at all.
    expect(text).toContain('Trong tuần, có 0/2 đơn vị trực thuộc gửi báo cáo đúng hạn (đạt 0%), 01 đơn vị gửi chậm, 01 đơn vị chưa gửi báo cáo.');
    expect(text).not.toMatch(/\b00\/\d/);
    expect(text).toContain('tuần thứ 03 (từ 19/6 – 25/6/2023)');
    for (const code of [WEEK, t.world.provinces[0]!.code, ...t.world.districts.map((d) => d.code), CAMPAIGN]) {
      expect(text).not.toMatch(new RegExp(`(^|[^\\p{L}\\d-])${code}($|[^\\p{L}\\d-])`, 'u'));
    }
    expect(res.body.subject).toEqual({
      unit: { code: t.world.provinces[0]!.code, name: 'Tỉnh Đoàn 1' },
      week: { week: WEEK, number: 3, start: '19/06/2023', end: '25/06/2023' },
    });
    const { title } = await annexPercentages(s);
    expect(title).toBe('Phụ lục: kết quả thực hiện các chỉ tiêu — Chiến dịch thử quy định — Tỉnh Đoàn 1 — tuần từ 19/6 – 25/6/2023 — tính đến hết ngày 25/06/2023');
  });
});

describe('the final report and the last phase\'s notice after the end', () => {
  it('write the indicators not met as "chưa đạt"', async () => {
    const s = await t.signIn('tw.chidao');
    const final = await call(s, 'GET', `${unitUrl(t.world.root.code)}/documents/final`);
    expect(final.status).toBe(200);
    // Nationally 698 of 1.000 streets (69,8%) and 2,5 of 100 km (2,5%).
    expect(final.body.text).toContain('Có 02 chỉ tiêu chưa đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu tuyến phố văn minh: 1.000 tuyến – *đã thực hiện 698 tuyến, đạt 69,8%*; '
      + 'Chỉ tiêu đường giao thông nông thôn: 100 km – *đã thực hiện 2,5 km, đạt 2,5%*.');
    expect(final.body.text).toContain('- Đợt 01 (từ 05/6 – 25/6/2023): tính đến ngày 25/06/2023, có 02 chỉ tiêu chưa đạt.');
    expect(final.body.text).not.toContain('chậm tiến độ');
    const notice = await call(s, 'GET', `${unitUrl(t.world.root.code)}/documents/notice/1`);
    expect(notice.body.text).toContain('Có 02 chỉ tiêu chưa đạt so với kế hoạch đề ra');
    expect(notice.body.text).not.toContain('chậm tiến độ');
  });
});

describe('the campaign\'s precision', () => {
  it('is 2 by default, refuses anything but 1 or 2 in Vietnamese and changes nothing then', async () => {
    const s = await t.signIn('tw.chidao');
    const rules = `${unitUrl(t.world.root.code)}/rules`;
    expect((await call(s, 'GET', `/api/v1/campaigns/${CAMPAIGN}`)).body.campaign.rules.precision).toBe(2);
    for (const precision of [0, 3, 1.5]) {
      const bad = await call(s, 'PUT', rules, { precision });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2');
    }
    expect((await call(s, 'PUT', rules, { precision: '2' })).status).toBe(400);
    expect((await call(s, 'GET', `/api/v1/campaigns/${CAMPAIGN}`)).body.campaign.rules.precision).toBe(2);
    const other = await t.signIn('p1.quanly');
    expect((await call(other, 'PUT', rules, { precision: 1 })).status).toBe(403);
  });

  it('set to 1, is used by the dashboard, the report\'s body, annex and spreadsheet; a form overrides it for its document', async () => {
    const s = await t.signIn('tw.chidao');
    const set = await call(s, 'PUT', `${unitUrl(t.world.root.code)}/rules`, { precision: 1 });
    expect(set.status).toBe(200);
    expect(set.body.campaign.rules.precision).toBe(1);

    const manager = await t.signIn('p1.quanly');
    const dashboard = await call(manager, 'GET', `${unitUrl(t.world.provinces[0]!.code)}/progress?asOf=2023-06-25`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.precision).toBe(1);
    const roads = dashboard.body.unit.indicators.find((i: { code: string }) => i.code === t.world.indicators['km-duong']!.code);
    expect(roads).toMatchObject({ status: 'not_met', text: { achievement: '4,2%', status: 'chưa đạt' } });
    // A query still overrides it.
    const two = await call(manager, 'GET', `${unitUrl(t.world.provinces[0]!.code)}/progress?asOf=2023-06-25&precision=2`);
    expect(two.body.unit.indicators[1].text.achievement).toBe('4,17%');

    const report = await call(manager, 'GET', progressReportUrl());
    expect(report.body.text).toContain('*đã thực hiện 2,5 km, đạt 4,2%*');
    expect(report.body.text).toContain('*đã thực hiện 698 tuyến, đạt 139,6%*');
    expect(docxAnnexPercentages(report.body)[2]).toEqual(['Tổng cộng (Tỉnh Đoàn 1)', '139,6%', '4,2%']);
    expect((await annexPercentages(manager)).rows[2]).toEqual(['Tổng cộng (Tỉnh Đoàn 1)', '139,6%', '4,2%']);

    // The report's form asks for 2 decimals: its body, annex and spreadsheet follow it.
    const saved = await call(manager, 'PUT', progressReportUrl(), { form: { precision: 2 }, version: report.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body.text).toContain('*đã thực hiện 2,5 km, đạt 4,17%*');
    expect(docxAnnexPercentages(saved.body)[2]).toEqual(['Tổng cộng (Tỉnh Đoàn 1)', '139,6%', '4,17%']);
    expect((await annexPercentages(manager)).rows[2]).toEqual(['Tổng cộng (Tỉnh Đoàn 1)', '139,6%', '4,17%']);
  });
});
