/**
 * Programmes inside a campaign (issue 20), through the API on a test database (PGlite, and
 * PostgreSQL with TEST_DATABASE_URL): the campaign's root unit puts some of its indicators in a
 * programme ("Tiếp sức mùa thi"); an indicator is in one programme at most and must be the
 * campaign's; the dashboard of one programme shows only its indicators (the campaign whole, all
 * of them), and its activities only; so does its final report, named for it; an unknown
 * programme is a 400 on its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let admin: Session;
let reporter: Session;

beforeAll(async () => {
  t = await openTestApp();
  [admin, reporter] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1.baocao')]);
});
afterAll(() => t?.close());

const call = async (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
  const res = await t.app.inject({ method, url, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
};
const code = (key: string) => `${t.world.prefix}${key}`;
const campaignPath = () => `/api/v1/campaigns/${t.world.campaign.code}`;
const programme = (indicators: string[], extra: object = {}) => ({ code: 'tiep-suc', name: 'Chương trình Tiếp sức mùa thi', startDate: '2023-06-20', endDate: '2023-07-10', indicators, ...extra });

describe('programmes inside a campaign', () => {
  it('takes the campaign\'s indicators into a programme, each in one at most', async () => {
    const bad = await call(admin, 'PUT', `${campaignPath()}/units/${t.world.root.code}/activity-setup`, {
      programmes: [programme([code('tuyen-pho'), 'khong-co']), { code: 'khac', name: 'Chương trình khác', startDate: '2023-06-05', endDate: '2023-06-30', indicators: [code('tuyen-pho')] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string; message: string }) => [f.field, f.message])).toEqual([
      ['programmes.0.indicators.1', 'Chỉ tiêu "khong-co" không thuộc chiến dịch này.'],
      ['programmes.1.indicators.0', `Chỉ tiêu "${code('tuyen-pho')}" đã thuộc chương trình "tiep-suc".`],
    ]);
    const set = await call(admin, 'PUT', `${campaignPath()}/units/${t.world.root.code}/activity-setup`, { programmes: [programme([code('tuyen-pho'), code('km-duong')])] });
    expect(set.status).toBe(200);
    expect(set.body.programmes).toEqual([expect.objectContaining({ code: 'tiep-suc', indicators: [code('tuyen-pho'), code('km-duong')] })]);
    // Listed again with one indicator: the other goes back to the campaign as a whole.
    const narrowed = await call(admin, 'PUT', `${campaignPath()}/units/${t.world.root.code}/activity-setup`, { programmes: [programme([code('tuyen-pho')])] });
    expect(narrowed.body.programmes[0].indicators).toEqual([code('tuyen-pho')]);
    expect(narrowed.body.indicators.map((i: { code: string; programme: string | null }) => [i.code, i.programme])).toEqual([
      [code('tuyen-pho'), 'tiep-suc'], [code('km-duong'), null], [code('ky-nang-so'), null],
    ]);
  });

  it('shows one programme on the dashboard: its indicators and its activities only', async () => {
    const p1 = t.world.provinces[0]!.code;
    const whole = await call(reporter, 'GET', `${campaignPath()}/units/${p1}/progress`);
    expect(whole.body.unit.indicators.map((i: { code: string }) => i.code)).toHaveLength(3);
    expect(whole.body).toMatchObject({ programme: null, programmes: [{ code: 'tiep-suc', name: 'Chương trình Tiếp sức mùa thi' }] });
    const one = await call(reporter, 'GET', `${campaignPath()}/units/${p1}/progress?programme=tiep-suc`);
    expect(one.status).toBe(200);
    expect(one.body.unit.indicators.map((i: { code: string }) => i.code)).toEqual([code('tuyen-pho')]);
    expect(one.body.children[0].indicators.map((i: { code: string }) => i.code)).toEqual([code('tuyen-pho')]);
    expect(one.body.programme).toEqual({ code: 'tiep-suc', name: 'Chương trình Tiếp sức mùa thi' });
    const unknown = await call(reporter, 'GET', `${campaignPath()}/units/${p1}/progress?programme=khong-co`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0]).toMatchObject({ field: 'programme', message: 'Chiến dịch không có chương trình "khong-co".' });

    for (const body of [
      { kind: 'team', programme: 'tiep-suc', fields: { name: 'Đội hình tiếp sức', field: 'Hỗ trợ thí sinh', members: 40, fromDate: '2023-06-25' } },
      { kind: 'team', fields: { name: 'Đội hình sửa nhà', field: 'Xây dựng', members: 10, fromDate: '2023-06-25' } },
    ]) expect((await call(reporter, 'POST', `${campaignPath()}/units/${p1}/activities`, body)).status).toBe(201);
    const ofProgramme = await call(reporter, 'GET', `${campaignPath()}/units/${p1}/activity-totals?programme=tiep-suc`);
    expect(ofProgramme.body.teams).toEqual({ count: 1, members: 40 });
    expect((await call(reporter, 'GET', `${campaignPath()}/units/${p1}/activity-totals`)).body.teams).toEqual({ count: 2, members: 50 });
  });

  it('drafts the final report of one programme: its name in the title, its indicators and its activities only', async () => {
    const url = `${campaignPath()}/units/${t.world.root.code}/documents/final`;
    const whole = await call(admin, 'GET', url);
    expect(whole.body.text).toContain(`Tổng kết ${t.world.campaign.name}`);
    const saved = await call(admin, 'PUT', url, { form: { programme: 'tiep-suc' }, version: whole.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body.form.programme).toBe('tiep-suc');
    const text: string = saved.body.text;
    expect(text).toContain(`Tổng kết Chương trình Tiếp sức mùa thi thuộc ${t.world.campaign.name}`);
    expect(text.toLowerCase()).toContain('tuyến phố văn minh');
    expect(text.toLowerCase()).not.toContain('đường giao thông nông thôn');
    // Its activities only: the programme's team, not the other.
    expect(text).toContain('Thành lập 01 đội hình tình nguyện với 40 đoàn viên, thanh niên tham gia.');
    const unknown = await call(admin, 'PUT', url, { form: { programme: 'khong-co' }, version: saved.body.version });
    expect(unknown.status).toBe(400);
  });
});
