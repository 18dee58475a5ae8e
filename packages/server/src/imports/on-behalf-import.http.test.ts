/**
 * nhập thay through the Excel import: a manager uploads the week's workbook of its children
 * with one reason and one received time for the whole file (query onBehalfReason,
 * onBehalfReceivedAt); the children's reports are entered on their behalf and judged on that
 * time. A reporter cannot; a received time in the future refuses the reports, writing nothing.
 * The test clock reads 10:00 on Monday 03/07/2023; districts' week-26 reports were due 01/07 12:00.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../api.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => { t = await openTestApp(); });
afterAll(() => t?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEK = '2023-W26';
const campaign = () => t.world.campaign.code;
const REASON = 'Các huyện gửi bản giấy';

async function workbook(s: Session, unit: string, values: Record<string, unknown>): Promise<Buffer> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${unit}/entry-template.xlsx?period=${WEEK}&children=true`, headers: s.headers });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  book.getWorksheet('Nhập số liệu')!.eachRow((row) => {
    const key = `${String(row.getCell(1).value)} ${String(row.getCell(3).value)}`;
    if (key in values) row.getCell(9).value = values[key] as ExcelJS.CellValue;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(s: Session, file: Buffer, query: string) {
  return t.app.inject({ method: 'POST', url: `/api/v1/campaigns/${campaign()}/imports${query}`, payload: file, headers: { ...s.headers, 'content-type': XLSX } });
}

async function finished(s: Session, id: string): Promise<ImportJob> {
  for (let k = 0; k < 500; k++) {
    const job = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: s.headers })).json().job as ImportJob;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the import did not finish');
}

const query = (receivedAt: string) => `?onBehalfReason=${encodeURIComponent(REASON)}&onBehalfReceivedAt=${encodeURIComponent(receivedAt)}`;

describe('import on behalf (nhập thay)', () => {
  it('refuses a reporter, and a received time in the future writes nothing', async () => {
    const reporter = await t.signIn('p1d1.baocao');
    const manager = await t.signIn('p1.quanly');
    const [d1] = t.world.districts;
    const streets = t.world.indicators['tuyen-pho']!.code;
    const own = await workbook(reporter, d1!.code, { [`${d1!.code} ${streets}`]: 2 });
    const refused = await upload(reporter, own, query('2023-07-01T09:00:00+07:00'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Chỉ cán bộ quản lý của đơn vị cấp trên mới được nhập thay báo cáo.');

    const file = await workbook(manager, t.world.provinces[0]!.code, { [`${d1!.code} ${streets}`]: 2 });
    const res = await upload(manager, file, query('2023-07-03T11:00:00+07:00'));
    expect(res.statusCode).toBe(202);
    const job = await finished(manager, (res.json().job as ImportJob).id);
    expect(job.state).toBe('failed');
    expect(job.errors.map((e) => e.message)).toEqual([`${t.world.districts[0]!.name}: Thời điểm nhận báo cáo (11:00 ngày 03/07/2023) không thể ở tương lai.`]);
    const report = (await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${d1!.code}/reports/${WEEK}`, headers: manager.headers })).json();
    expect(report).toMatchObject({ status: 'missing', onBehalf: null });
  });

  it('enters the children\'s reports on their behalf, judged on the received time', async () => {
    const manager = await t.signIn('p1.quanly');
    const [d1, d2] = t.world.districts;
    const streets = t.world.indicators['tuyen-pho']!.code;
    const file = await workbook(manager, t.world.provinces[0]!.code, { [`${d1!.code} ${streets}`]: 3, [`${d2!.code} ${streets}`]: 4 });
    const res = await upload(manager, file, query('2023-07-01T08:15:00+07:00'));
    const job = await finished(manager, (res.json().job as ImportJob).id);
    expect(job).toMatchObject({ state: 'succeeded', errors: [] });
    for (const unit of [d1!.code, d2!.code]) {
      const report = (await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${unit}/reports/${WEEK}`, headers: manager.headers })).json();
      expect(report).toMatchObject({
        status: 'submitted', timeliness: 'on_time', firstSubmittedAt: '2023-07-01T01:15:00.000Z',
        onBehalf: { by: { username: 'p1.quanly' }, reason: REASON, receivedAtText: '08:15 ngày 01/07/2023' },
      });
      expect((report.history as { action: string }[]).map((h) => h.action)).toContain('report.on_behalf');
    }
  });
});
