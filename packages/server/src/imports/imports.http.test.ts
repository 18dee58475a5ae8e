/**
 * Excel in over HTTP: the entry template is for units the account may write; an upload runs
 * as a job whose progress and result only its owner reads; bad and hostile files end as a
 * failed job with every problem listed (or a 413 past the size limit), nothing written and
 * the server still answering.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipOf } from '../../test/zip-archive.ts';
import type { ImportJob } from '../api.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ config: { importLimits: { maxBytes: 200 * 1024, maxRows: 1000, maxUnzippedBytes: 4 * 1024 * 1024 } } });
});
afterAll(() => t?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEK = '2023-W26';
const campaign = () => t.world.campaign.code;

async function template(s: Session, unit: string, children = true) {
  return t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${unit}/entry-template.xlsx?period=${WEEK}&children=${children}`, headers: s.headers });
}

async function fill(file: Buffer, values: Record<string, unknown>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Nhập số liệu')!;
  sheet.eachRow((row) => {
    const key = `${String(row.getCell(1).value)} ${String(row.getCell(3).value)}`;
    if (key in values) row.getCell(9).value = values[key] as ExcelJS.CellValue;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(s: Session, file: Buffer, query = '') {
  return t.app.inject({
    method: 'POST', url: `/api/v1/campaigns/${campaign()}/imports${query}`, payload: file,
    headers: { ...s.headers, 'content-type': XLSX, 'x-file-name': encodeURIComponent('Số liệu tuần 26.xlsx') },
  });
}

/** Polls the job until it ends. */
async function finished(s: Session, id: string, lang = 'vi'): Promise<ImportJob> {
  for (let k = 0; k < 500; k++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}?lang=${lang}`, headers: s.headers });
    expect(res.statusCode).toBe(200);
    const job = res.json().job as ImportJob;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the import did not finish');
}

async function streetsOf(s: Session, unit: string, period = WEEK): Promise<number | null> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${unit}/reports/${period}`, headers: s.headers });
  expect(res.statusCode).toBe(200);
  const row = (res.json().indicators as { code: string; submitted: { entered: number } | null }[]).find((i) => i.code === t.world.indicators['tuyen-pho']!.code);
  return row?.submitted?.entered ?? null;
}

describe('the entry template', () => {
  it('is an .xlsx for a unit the account may write, refused elsewhere and to viewers', async () => {
    const p1 = t.world.provinces[0]!;
    const res = await template(await t.signIn('p1.quanly'), p1.code);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="nhap-so-lieu-${campaign()}-${p1.code}-${WEEK}.xlsx"`);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await template(await t.signIn('p1.quanly'), t.world.provinces[1]!.code)).statusCode).toBe(403);
    expect((await template(await t.signIn('tw.xem'), t.world.root.code)).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${p1.code}/entry-template.xlsx?period=2023-W40`, headers: (await t.signIn('p1.quanly')).headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Tuần 2023-W40 nằm ngoài thời gian của chiến dịch.');
  });
});

describe('the upload', () => {
  it('fills the province and its districts through a job its owner follows to the end', async () => {
    const s = await t.signIn('p1.quanly');
    const [p1] = t.world.provinces;
    const [d1, d2] = t.world.districts;
    const streets = t.world.indicators['tuyen-pho']!.code;
    const file = await fill((await template(s, p1!.code)).rawPayload, { [`${d1!.code} ${streets}`]: 4, [`${d2!.code} ${streets}`]: '1.200' });
    const res = await upload(s, file);
    expect(res.statusCode).toBe(202);
    const started = res.json().job as ImportJob;
    expect(started).toMatchObject({ campaign: campaign(), mode: 'workbook', fileName: 'Số liệu tuần 26.xlsx' });
    // Only the account that started the import sees it.
    const other = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${started.id}`, headers: (await t.signIn('tw.admin')).headers });
    expect(other.statusCode).toBe(404);

    const job = await finished(s, started.id);
    expect(job).toMatchObject({ state: 'succeeded', stage: 'finished', errors: [], message: 'Đã nhập 9 dòng: ghi 2 báo cáo, 1 báo cáo không thay đổi.' });
    expect(job.processed).toBe(job.total);
    expect(job.units.map((u) => `${u.code} ${u.outcome}`)).toEqual([`${p1!.code} unchanged`, `${d1!.code} written`, `${d2!.code} written`]);
    expect(await streetsOf(s, d1!.code)).toBe(4);
    expect(await streetsOf(s, d2!.code)).toBe(1200);

    const again = await finished(s, (await upload(s, file)).json().job.id);
    expect(again.message).toBe('Đã nhập 9 dòng: ghi 0 báo cáo, 3 báo cáo không thay đổi.');
  });

  it('lists each bad cell in the user\'s language and writes nothing; per unit, the good units go in', async () => {
    const s = await t.signIn('tw.chidao');
    const [p1, p2] = t.world.provinces;
    const streets = t.world.indicators['tuyen-pho']!.code;
    const before = await streetsOf(s, p1!.code);
    const file = await fill((await template(s, t.world.root.code)).rawPayload, { [`${p1!.code} ${streets}`]: 'năm', [`${p2!.code} ${streets}`]: 6 });
    const job = await finished(s, (await upload(s, file)).json().job.id);
    expect(job.state).toBe('failed');
    expect(job.message).toBe('Tệp có 1 lỗi; chưa có số liệu nào được ghi.');
    expect(job.errorCount).toBe(1);
    expect(job.errors).toEqual([{ sheet: 'Nhập số liệu', row: 11, column: 'I', message: expect.stringContaining('"năm"') }]);
    expect(job.rows).toBe(9);
    expect(job.units.map((u) => `${u.code} ${u.outcome}`)).toEqual([`${t.world.root.code} unchanged`, `${p1!.code} refused`, `${p2!.code} unchanged`]);
    expect(await streetsOf(s, p1!.code)).toBe(before);
    expect(await streetsOf(s, p2!.code)).toBeNull();
    const english = await finished(s, job.id, 'en');
    expect(english.message).toBe('The file has 1 error(s); nothing was written.');

    const perUnit = await finished(s, (await upload(s, file, '?mode=unit')).json().job.id);
    expect(perUnit.message).toBe('Tệp có 1 lỗi: 1 báo cáo bị từ chối; đã ghi 1 báo cáo của các đơn vị không có lỗi.');
    expect(await streetsOf(s, p2!.code)).toBe(6);
  });

  it('refuses hostile files with a clear error, writes nothing and keeps answering', async () => {
    const s = await t.signIn('tw.chidao');
    const notZip = await finished(s, (await upload(s, Buffer.from('=cmd|\' /C calc\'!A0'))).json().job.id);
    expect(notZip.errors).toEqual([{ sheet: '', row: 0, column: '', message: 'Tệp không phải bảng tính Excel (.xlsx): hãy lưu lại dưới dạng .xlsx rồi tải lên.' }]);
    const tooLarge = await upload(s, Buffer.alloc(300 * 1024, 0x41));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toBe('Tệp hoặc dữ liệu gửi lên vượt giới hạn dung lượng cho phép.');
    const session = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: s.headers });
    expect(session.statusCode).toBe(200);
  });

  it('is refused to viewers, without the anti-forgery token, and for an unknown campaign', async () => {
    const viewer = await t.signIn('tw.xem');
    expect((await upload(viewer, Buffer.from('x'))).statusCode).toBe(403);
    const s = await t.signIn('p1.baocao');
    const noCsrf = await t.app.inject({ method: 'POST', url: `/api/v1/campaigns/${campaign()}/imports`, payload: Buffer.from('x'), headers: { cookie: s.cookie, 'content-type': XLSX } });
    expect(noCsrf.statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/campaigns/khong-co/imports', payload: Buffer.from('x'), headers: { ...s.headers, 'content-type': XLSX } });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/campaigns/${campaign()}/imports`, payload: Buffer.from('x'), headers: { 'content-type': XLSX } });
    expect(anonymous.statusCode).toBe(401);
  });
});


/**
 * An entry workbook that takes a while to read (3,5 MB of cells beside the figures, a few KB
 * zipped) and holds no figure: its import ends well and writes nothing.
 */
function heavyWorkbook(): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const str = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const filler = '<c><v>1234567</v></c>'.repeat(900);
  const rows = [
    `<row r="3">${str('A3', 'Mã chiến dịch:')}${str('B3', campaign())}</row><row r="4">${str('A4', 'Tuần:')}${str('B4', WEEK)}</row>`,
    `<row r="7">${str('A7', 'Mã đơn vị')}${str('C7', 'Mã chỉ tiêu')}${str('I7', 'Số liệu tuần này')}</row>`,
    ...Array.from({ length: 180 }, (_, k) => `<row r="${8 + k}"><c r="J${8 + k}"><v>1</v></c>${filler}</row>`),
  ];
  return zipOf([
    { name: '_rels/.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Nhập số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${main}"><sheetData>${rows.join('')}</sheetData></worksheet>` },
  ]);
}

describe('imports running at once', () => {
  it('one per account and two per process run; the others are refused with 429 and a sentence saying to wait, and nothing is queued', async () => {
    const heavy = heavyWorkbook();
    expect(heavy.length).toBeLessThan(200 * 1024);
    const s = await t.signIn('tw.chidao');
    // A refused upload (too large) gives its place back at once.
    expect((await upload(s, Buffer.alloc(300 * 1024, 0x41))).statusCode).toBe(413);

    const same = await Promise.all([1, 2, 3].map(() => upload(s, heavy)));
    expect(same.map((r) => r.statusCode).sort()).toEqual([202, 429, 429]);
    const waiting = same.find((r) => r.statusCode === 429)!;
    expect(waiting.headers['retry-after']).toBe('30');
    expect(waiting.json().error).toMatchObject({ id: 'rate_limited', message: 'Bạn đang có một lượt nhập chưa xong; vui lòng đợi lượt đó kết thúc rồi tải tệp lên lại.' });
    const first = await finished(s, same.find((r) => r.statusCode === 202)!.json().job.id);
    expect(first).toMatchObject({ state: 'succeeded', rows: 0, errorCount: 0 });

    // Three accounts at once: two run, the third is told the server is busy (in English when asked).
    const accounts = await Promise.all(['tw.chidao', 'p1.quanly', 'p1.baocao'].map((u) => t.signIn(u)));
    const spread = await Promise.all(accounts.map((a) => upload(a, heavy, '?lang=en')));
    expect(spread.map((r) => r.statusCode).sort()).toEqual([202, 202, 429]);
    expect(spread.find((r) => r.statusCode === 429)!.json().error.message)
      .toBe('The server is busy with other imports; wait about half a minute, then upload the file again.');
    for (const [k, r] of spread.entries()) if (r.statusCode === 202) await finished(accounts[k]!, r.json().job.id);

    // Every place was given back: the next upload runs.
    const again = await upload(s, heavy);
    expect(again.statusCode).toBe(202);
    await finished(s, again.json().job.id);
  });
});
