/**
 * Campaign dates stay within what the domain allows (issue 16, defect 3): a campaign is
 * created only between 01/01/2000 and 31/12/2100 and for at most 366 days; a date or week
 * typed into a query outside that range is a 400 naming the field, never a 500; a campaign
 * stored before the bounds existed is refused at once rather than looped over week by week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignsRepository, sql } from '@giaoban/db';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
let admin: Session;
beforeAll(async () => {
  t = await openTestApp();
  manager = await t.signIn('p1.quanly');
  admin = await t.signIn('tw.admin');
});
afterAll(() => t?.close());

const indicatorCode = () => Object.values(t.world.indicators)[0]!.code;

function campaignBody(code: string, patch: Record<string, unknown>) {
  return {
    code, name: 'Chiến dịch thử giới hạn ngày', startDate: '2023-05-27', endDate: '2023-08-31',
    rootUnitCode: t.world.provinces[0]!.code, phases: [], targets: [{ indicatorCode: indicatorCode(), target: 10 }], ...patch,
  };
}

async function create(code: string, patch: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/campaigns', headers: manager.headers, payload: campaignBody(code, patch) });
}

describe('creating a campaign', () => {
  interface Refusal { label: string; patch: Record<string, unknown>; field: string; message: string }
  const refusals: Refusal[] = [
    {
      label: 'from 0001-01-01 to 9999-12-31 (the reported request)', patch: { startDate: '0001-01-01', endDate: '9999-12-31' }, field: 'startDate',
      message: 'Ngày bắt đầu (01/01/0001) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).',
    },
    {
      label: 'ending in year 9999', patch: { startDate: '2023-05-27', endDate: '9999-12-31' }, field: 'endDate',
      message: 'Ngày kết thúc (31/12/9999) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).',
    },
    {
      label: 'starting the day before 2000', patch: { startDate: '1999-12-31', endDate: '2000-06-30' }, field: 'startDate',
      message: 'Ngày bắt đầu (31/12/1999) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).',
    },
    {
      label: 'ending the day after 2100', patch: { startDate: '2100-06-01', endDate: '2101-01-01' }, field: 'endDate',
      message: 'Ngày kết thúc (01/01/2101) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).',
    },
    {
      // 365 days of 2023, then 1 and 2 January 2024.
      label: 'lasting 367 days', patch: { startDate: '2023-01-01', endDate: '2024-01-02' }, field: 'endDate',
      message: 'Chiến dịch kéo dài 367 ngày (từ 01/01/2023 đến 02/01/2024), quá thời gian tối đa 366 ngày: một chiến dịch dài nhiều nhất một năm.',
    },
    {
      label: 'with a phase in year 9999', patch: { phases: [{ number: 1, name: 'Đợt 01', startDate: '2023-05-27', endDate: '9999-12-31' }] },
      field: 'phases.0.endDate',
      message: 'Ngày kết thúc đợt 1 (31/12/9999) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).',
    },
  ];

  it.each(refusals.map((r, i) => ({ ...r, code: `gh-sai-${i}` })))('refuses a campaign $label with a 400 naming the field, and writes nothing', async ({ patch, field, message, code }) => {
    const res = await create(code, patch);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ id: 'validation', field, message });
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/campaigns?lang=en', headers: manager.headers, payload: campaignBody(code, patch) });
    expect(en.json().error.message).toMatch(/allowed/);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${code}`, headers: manager.headers });
    expect(after.statusCode).toBe(404);
  });

  it.each([
    ['a whole leap year, 366 days', 'gh-2024', '2024-01-01', '2024-12-31'],
    ['the first allowed day, in ISO week 1999-W52', 'gh-2000', '2000-01-01', '2000-03-31'],
    ['the last allowed day', 'gh-2100', '2100-10-01', '2100-12-31'],
  ])('accepts %s', async (_, code, startDate, endDate) => {
    const res = await create(code, { startDate, endDate });
    expect(res.statusCode).toBe(201);
    expect(res.json().campaign).toMatchObject({ code, startDate: { iso: startDate }, endDate: { iso: endDate } });
  });

  it('serves the timeliness of a campaign that starts on the first allowed day', async () => {
    const res = await t.app.inject({
      method: 'GET', url: `/api/v1/campaigns/gh-2000/units/${t.world.provinces[0]!.code}/timeliness`, headers: manager.headers,
    });
    expect(res.statusCode).toBe(200);
    // 1999-W52 (two days of 2000) to 2000-W13, the week of 31/3/2000: 14 weeks, all begun.
    expect(res.json().weeks.map((w: { week: { week: string } }) => w.week.week)).toHaveLength(14);
    expect(res.json().weeks[0].week.week).toBe('1999-W52');
  });
});

describe('dates typed into queries', () => {
  const province = () => t.world.provinces[0]!.code;
  const campaign = () => t.world.campaign.code;

  it.each([['9999-12-31'], ['0001-01-01'], ['31/12/9999'], ['01/01/2101']])('refuses progress as of %s with a 400', async (asOf) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${province()}/progress?asOf=${encodeURIComponent(asOf)}`, headers: manager.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ id: 'validation', field: 'asOf' });
    expect(res.json().error.message).toMatch(/^Ngày .* nằm ngoài khoảng thời gian cho phép \(từ 01\/01\/2000 đến 31\/12\/2100\)\.$/);
  });

  it.each([['from', '0001-01-01'], ['to', '9999-12-31'], ['to', '31/12/9999']])('refuses an audit query with %s=%s with a 400', async (name, value) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit?${name}=${encodeURIComponent(value)}`, headers: admin.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ id: 'validation', field: name });
    expect(res.json().error.message).toMatch(/nằm ngoài khoảng thời gian cho phép/);
  });

  it.each([['9999-W52'], ['0001-W01'], ['2023-W99'], ['2101-W01']])('refuses week %s in a report address and a timeliness query', async (week) => {
    const report = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${province()}/reports/${week}`, headers: manager.headers });
    expect(report.statusCode).toBe(400);
    expect(report.json().error).toMatchObject({ id: 'invalid_period', field: 'period' });
    const timeliness = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign()}/units/${province()}/timeliness?period=${week}`, headers: manager.headers });
    expect(timeliness.statusCode).toBe(400);
    expect(timeliness.json().error).toMatchObject({ id: 'invalid_period', field: 'period' });
  });
});

describe('a campaign stored before the bounds existed', () => {
  const code = 'gh-cu-0001';
  beforeAll(async () => {
    // As old data might be: straight into the table, past every check.
    await campaignsRepository.insert(t.ctx.db, {
      code, name: 'Chiến dịch dữ liệu cũ', startDate: '0001-01-01', endDate: '9999-12-31', rootUnitId: t.world.provinces[0]!.id, createdBy: null,
    });
  });
  afterAll(async () => {
    await t.ctx.db.execute(sql`delete from campaigns where code = ${code}`);
  });

  it.each([['timeliness'], ['progress?asOf=2023-07-02']])('answers its %s page at once with a 400 that says what is wrong', async (page) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${code}/units/${t.world.provinces[0]!.code}/${page}`, headers: manager.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      id: 'invalid_campaign',
      message: 'Chiến dịch "gh-cu-0001" có thời gian từ 01/01/0001 đến 31/12/9999, ngoài giới hạn cho phép '
        + '(từ 01/01/2000 đến 31/12/2100, dài nhiều nhất 366 ngày); cần sửa lại ngày của chiến dịch.',
    });
    // Bounded by the check, not by a loop over 520.000 weeks (the test's own timeout is the limit).
  }, 10_000);
});
