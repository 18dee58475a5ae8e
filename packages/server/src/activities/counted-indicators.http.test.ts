/**
 * Indicators counted from records (issue 20), through the API on a test database (PGlite,
 * and PostgreSQL with TEST_DATABASE_URL): the campaign's root unit says that "Tin, bài" counts
 * press items and "Thành viên đội hình" the members of the volunteer teams; a district's
 * report form shows the week's counts read-only, submitting writes them (another figure is
 * refused on its field), and every record added, corrected or withdrawn afterwards recounts
 * the report through the one write path, so the province's roll-up moves and verify-rollups
 * finds nothing amiss. Week 26 of 2023 is 26/6 – 02/7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';
import { verifyRollups } from '../monitoring/index.ts';

let t: TestApp;
let admin: Session;
let district: Session;
let manager: Session;

const INDICATORS = [
  { key: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', target: 500 },
  { key: 'tin-bai', name: 'Tin, bài tuyên truyền', unitOfMeasure: 'tin, bài', valueKind: 'integer', reportingMode: 'increment', target: 1_000 },
  { key: 'thanh-vien', name: 'Thành viên đội hình', unitOfMeasure: 'người', valueKind: 'integer', reportingMode: 'increment', target: 5_000 },
] as const;

beforeAll(async () => {
  t = await openTestApp({ indicators: INDICATORS });
  [admin, district, manager] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1d1.baocao'), t.signIn('p1.quanly')]);
});
afterAll(() => t?.close());

const call = async (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
  const res = await t.app.inject({ method, url, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
};
const code = (key: string) => `${t.world.prefix}${key}`;
const unitPath = (unit: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}`;
const d1 = () => t.world.districts[0]!.code;
const reportUrl = () => `${unitPath(d1())}/reports/2023-W26`;
const press = (title: string, date: string) => ({ kind: 'press', fields: { channel: 'online', outlet: 'Báo Thanh Niên', title, date } });

/** The roll-up's figure of a unit for the week. */
async function summary(unitCode: string, key: string): Promise<number> {
  const [row] = await queryRows<{ value: number }>(t.ctx.db, sql`
    select s.value from rollup_summary s join units u on u.id = s.unit_id join indicators i on i.id = s.indicator_id
    where u.code = ${unitCode} and i.code = ${code(key)} and s.period = '2023-W26' and s.campaign_id = ${t.world.campaign.id}`);
  return row?.value ?? 0;
}

const figureOf = (report: { indicators: { code: string; submitted: { entered: number } | null; counted: { value: number; text: string } | null }[] }, key: string) =>
  report.indicators.find((i) => i.code === code(key))!;

async function verified() {
  const { differences, countedDifferences } = await verifyRollups(t.ctx, t.world.campaign.code);
  expect(differences).toEqual([]);
  expect(countedDifferences).toEqual([]);
}

describe('indicators counted from records', () => {
  it('takes rules from the campaign\'s root unit only, each checked, nothing written when one is bad', async () => {
    const bad = await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, {
      countedIndicators: { [code('tin-bai')]: { kind: 'press' }, [code('thanh-vien')]: { kind: 'team', measure: 'value' }, 'khong-co': { kind: 'press' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual([`countedIndicators.${code('thanh-vien')}.measure`, 'countedIndicators.khong-co']);
    expect(bad.body.error.fields[0].message).toBe('Chỉ tiêu "Thành viên đội hình": tổng giá trị (đồng) chỉ tính được từ công trình, phần việc thanh niên.');
    expect((await call(manager, 'PUT', `${unitPath(t.world.provinces[0]!.code)}/activity-setup`, { countedIndicators: { [code('tin-bai')]: { kind: 'press' } } })).status).toBe(403);
    const setup = await call(admin, 'GET', `/api/v1/campaigns/${t.world.campaign.code}/activity-setup`);
    expect(setup.body.indicators.every((i: { countedFrom: unknown }) => i.countedFrom === null)).toBe(true);

    const set = await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, {
      countedIndicators: { [code('tin-bai')]: { kind: 'press' }, [code('thanh-vien')]: { kind: 'team', measure: 'members' } },
    });
    expect(set.status).toBe(200);
    expect(set.body.indicators.find((i: { code: string }) => i.code === code('tin-bai')).countedFrom)
      .toEqual({ kind: 'press', measure: 'count', workKind: null, state: null, channel: null, text: 'Đếm từ hoạt động: số tin, bài tuyên truyền, trong tuần' });
    // The same rules again change nothing, and write no audit entry.
    const audited = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_log where action = 'activity.setup'`))[0]!.n;
    const once = await audited();
    expect((await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, {
      countedIndicators: { [code('tin-bai')]: { kind: 'press' }, [code('thanh-vien')]: { kind: 'team', measure: 'members' } },
    })).status).toBe(200);
    expect(await audited()).toBe(once);
  });

  it('shows the week\'s counts read-only in the form and writes them on submission; another figure is refused', async () => {
    for (const record of [press('Ra quân tình nguyện hè', '2023-06-26'), press('Ngày Chủ nhật xanh', '2023-07-02'), press('Tuần trước', '2023-06-25'),
      { kind: 'team', fields: { name: 'Đội hình sửa nhà', field: 'Xây dựng', members: 25, fromDate: '2023-06-28' } }]) {
      expect((await call(district, 'POST', `${unitPath(d1())}/activities`, record)).status).toBe(201);
    }
    const form = (await call(district, 'GET', reportUrl())).body;
    expect(figureOf(form, 'tin-bai').counted).toEqual({ value: 2, valueText: '2', text: 'Đếm từ hoạt động: số tin, bài tuyên truyền, trong tuần' });
    expect(figureOf(form, 'thanh-vien').counted).toMatchObject({ value: 25 });
    expect(figureOf(form, 'tuyen-pho').counted).toBeNull();

    const refused = await call(district, 'POST', `${reportUrl()}/submit`, { version: 0, values: { [code('tuyen-pho')]: 3, [code('tin-bai')]: 5 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([expect.objectContaining({
      field: `values.${code('tin-bai')}`,
      message: 'Chỉ tiêu "Tin, bài tuyên truyền" được đếm từ các hoạt động đã ghi của đơn vị: tuần này là 2, không nhập được 5. Hãy để trống ô này, hoặc ghi thêm, sửa hoạt động.',
    })]);
    expect(await summary(t.world.provinces[0]!.code, 'tin-bai')).toBe(0);

    const submitted = await call(district, 'POST', `${reportUrl()}/submit`, { version: 0, values: { [code('tuyen-pho')]: 3 } });
    expect(submitted.status).toBe(200);
    expect(figureOf(submitted.body, 'tin-bai').submitted).toMatchObject({ entered: 2 });
    expect(figureOf(submitted.body, 'thanh-vien').submitted).toMatchObject({ entered: 25 });
    expect(await summary(t.world.provinces[0]!.code, 'tin-bai')).toBe(2);
    expect(await summary(t.world.provinces[0]!.code, 'thanh-vien')).toBe(25);
    await verified();
  });

  it('recounts a submitted report when a record is added, and an approved one as a correction when one is withdrawn', async () => {
    expect((await call(district, 'POST', `${unitPath(d1())}/activities`, press('Hiến máu tình nguyện', '2023-06-30'))).status).toBe(201);
    const after = (await call(district, 'GET', reportUrl())).body;
    expect(after.status).toBe('submitted');
    expect(figureOf(after, 'tin-bai').submitted).toMatchObject({ entered: 3 });
    expect(await summary(t.world.provinces[0]!.code, 'tin-bai')).toBe(3);
    await verified();

    // The province approves; then the district withdraws an item of the week.
    const opened = await call(manager, 'POST', `${reportUrl()}/viewed`);
    const approved = await call(manager, 'POST', `${reportUrl()}/approve`, { version: opened.body.version });
    expect(approved.body).toMatchObject({ status: 'approved' });
    const list = (await call(district, 'GET', `${unitPath(d1())}/activities?kind=press`)).body.records as { id: number; version: number; fields: { title: string } }[];
    const item = list.find((r) => r.fields.title === 'Ngày Chủ nhật xanh')!;
    const withdrawn = await call(district, 'POST', `${unitPath(d1())}/activities/${item.id}/withdraw`, { version: item.version, reason: 'Trùng tin đã ghi' });
    expect(withdrawn.status).toBe(200);
    const corrected = (await call(district, 'GET', reportUrl())).body;
    expect(corrected).toMatchObject({ status: 'submitted', correctionReason: 'Rút hoạt động "Ngày Chủ nhật xanh": Trùng tin đã ghi' });
    expect(figureOf(corrected, 'tin-bai').submitted).toMatchObject({ entered: 2 });
    expect(await summary(t.world.provinces[0]!.code, 'tin-bai')).toBe(2);
    // A record of another week leaves this one as it is.
    const versionBefore = corrected.version;
    expect((await call(district, 'POST', `${unitPath(d1())}/activities`, press('Tuần sau', '2023-07-04'))).status).toBe(201);
    expect((await call(district, 'GET', reportUrl())).body.version).toBe(versionBefore);
    await verified();
  });

  it('refuses a rule on an indicator with typed figures, in words', async () => {
    const refused = await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, { countedIndicators: { [code('tuyen-pho')]: { kind: 'work' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Chỉ tiêu "Tuyến phố văn minh" đã có số liệu các đơn vị nhập; chỉ đặt được cách đếm từ hoạt động cho chỉ tiêu chưa có số liệu nào.');
  });
});
