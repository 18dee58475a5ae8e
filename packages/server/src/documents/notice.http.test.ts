/** The phase conclusion notice over HTTP: drafted from the data, its form saved (versioned), the .docx downloaded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../planning/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
const CAMPAIGN = 'doc-he-2023';
beforeAll(async () => {
  t = await openTestApp();
  const code = (k: string) => t.world.indicators[k]!.code;
  await createCampaign(t.ctx, null, {
    code: CAMPAIGN, name: 'Chiến dịch thử văn bản', startDate: '2023-06-05', endDate: '2023-07-16', rootUnitCode: t.world.root.code,
    phases: [{ number: 1, name: 'Đợt 01', startDate: '2023-06-05', endDate: '2023-06-25' }],
    targets: [{ indicatorCode: code('tuyen-pho'), target: 10 }, { indicatorCode: code('km-duong'), target: 100 }],
    rules: { noticePhrasing: { [code('tuyen-pho')]: { target: 'xây dựng mới {target} tuyến phố văn minh', done: 'đã xây dựng {value} tuyến phố' } } },
  });
  await submitReport(t.ctx, { campaign: CAMPAIGN, unit: t.world.provinces[0]!.code, period: '2023-W24' }, null, { values: { [code('tuyen-pho')]: 12, [code('km-duong')]: '3,5' } });
});
afterAll(() => t?.close());

const url = (unit = t.world.root.code, phase = 1) => `/api/v1/campaigns/${CAMPAIGN}/units/${unit}/documents/notice/${phase}`;
async function call(s: Session, method: 'GET' | 'PUT', path: string, payload?: object) {
  const res = await t.app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload, headers: res.headers };
}

describe('phase conclusion notice', () => {
  it('is drafted from the data, with the campaign\'s wording and the percentages', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await call(s, 'GET', url());
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(0);
    expect(res.body.document.kind).toBe('THÔNG BÁO');
    expect(res.body.text).toContain('Có 01 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu xây dựng mới 10 tuyến phố văn minh – *đã xây dựng 12 tuyến phố, đạt 120%*.');
    expect(res.body.text).toContain('Có 01 chỉ tiêu chậm tiến độ đề ra, cụ thể: Chỉ tiêu đường giao thông nông thôn: 100 km – *đã thực hiện 3,5 km, đạt 3,5%*.');
  });

  it('saves the form only for the root unit\'s managers, checks it first, and refuses a stale save', async () => {
    const [steering, viewer, province] = await Promise.all([t.signIn('tw.chidao'), t.signIn('tw.xem'), t.signIn('p1.quanly')]);
    const form = { number: 46, date: '06/07/2023', recipients: ['Các tỉnh, thành Đoàn;', 'Lưu VP.'], signer: { authority: 'TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN', title: 'CHÁNH VĂN PHÒNG', name: 'Nguyễn Văn A' } };
    expect((await call(viewer, 'PUT', url(), { form, version: 0 })).status).toBe(403);
    expect((await call(province, 'PUT', url(), { form, version: 0 })).status).toBe(403);
    expect((await call(province, 'GET', url(t.world.provinces[0]!.code))).status).toBe(403); // not the campaign's root
    const bad = await call(steering, 'PUT', url(), { form: { ...form, date: '31/02/2023' }, version: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['form.date']);
    expect((await call(steering, 'GET', url())).body.version).toBe(0);

    const saved = await call(steering, 'PUT', url(), { form, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, document: { number: 'Số: 46-TB/TWĐTN-CNĐT', dateLine: 'Hà Nội, ngày 06 tháng 7 năm 2023', signer: { name: 'Nguyễn Văn A' } } });
    const stale = await call(steering, 'PUT', url(), { form: { ...form, number: 47 }, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe('Bản thảo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.');
    expect((await call(steering, 'GET', url())).body.form.number).toBe(46);
    expect((await call(steering, 'GET', url(t.world.root.code, 2))).status).toBe(400);
  });

  it('downloads as a .docx', async () => {
    const s = await t.signIn('tw.chidao');
    const res = await call(s, 'GET', `${url()}/docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="thong-bao-ket-luan-dot-1.docx"');
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});
