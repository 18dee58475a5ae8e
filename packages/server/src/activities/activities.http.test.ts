/**
 * The activities routes on a test database (PGlite, and PostgreSQL with TEST_DATABASE_URL):
 * the campaign's lists set by its root unit; a province's reporter keeps a work, a team, a
 * press item and a linkage; the centre an inspection; totals over a subtree equal the
 * recompute from the records and say the documents' sentences; bad input refused whole with
 * every field named and nothing written; corrections at a version with a reason; withdrawal.
 * The campaign runs 05/6 – 16/7/2023.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';
import { getActivityTotals, recomputeActivityTotals } from './activities.service.ts';

let t: TestApp;
let admin: Session;
let reporter: Session;
let manager: Session;
let other: Session;

beforeAll(async () => {
  t = await openTestApp();
  [admin, reporter, manager, other] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1.baocao'), t.signIn('p1.quanly'), t.signIn('p2.baocao')]);
});
afterAll(() => t?.close());

const call = (session: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(session ? { headers: session.headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
const campaign = () => t.world.campaign.code;
const p1 = () => t.world.provinces[0]!;
const p2 = () => t.world.provinces[1]!;
const unitPath = (unit: string) => `/api/v1/campaigns/${campaign()}/units/${unit}`;
const countRecords = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activity_records`))[0]!.n;

const house = {
  name: 'Nhà nhân ái cho gia đình chị Lò Thị Mai', workKind: 'nha', place: 'Bản Nà Hẩu', focusArea: 'dao-co-to',
  value: 80_000_000, funding: 'social', startDate: '2023-06-10', handoverDate: '2023-06-30', state: 'handed_over',
};

describe('activities', () => {
  it('lets the campaign\'s root unit set its work kinds, programmes and focus areas; nobody else', async () => {
    const setup = {
      workKinds: [{ code: 'nha', name: 'Nhà nhân ái, nhà tình nghĩa' }, { code: 'pho', name: 'Tuyến phố văn minh' }],
      programmes: [{ code: 'mua-he-xanh', name: 'Chiến dịch Mùa hè xanh', startDate: '2023-06-05', endDate: '2023-07-16' }],
      focusAreas: [
        { code: 'dao-co-to', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Cô Tô', unitCode: p1().code },
        { code: 'bien-gioi-1', kind: 'Xã biên giới', name: 'Xã biên giới số 1', place: 'Huyện A', unitCode: p2().code },
      ],
    };
    const refused = await call(manager, 'PUT', `${unitPath(p1().code)}/activity-setup`, setup);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('đơn vị chủ trì');
    const bad = await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, {
      workKinds: [{ code: 'Nhà', name: '' }], programmes: [{ code: 'x', name: 'X', startDate: '2023-05-01', endDate: '2023-06-01' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['workKinds.0.code', 'workKinds.0.name', 'programmes.0.startDate']);
    const res = await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, setup);
    expect(res.statusCode).toBe(200);
    expect(res.json().focusAreas.map((f: { code: string }) => f.code)).toEqual(['bien-gioi-1', 'dao-co-to']);
    // The same lists again, or none: nothing changes, nothing is audited.
    const audited = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_log where action = 'activity.setup'`))[0]!.n;
    const once = await audited();
    expect((await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, setup)).statusCode).toBe(200);
    expect((await call(admin, 'PUT', `${unitPath(t.world.root.code)}/activity-setup`, {})).statusCode).toBe(200);
    expect(await audited()).toBe(once);
    const read = (await call(reporter, 'GET', `/api/v1/campaigns/${campaign()}/activity-setup`)).json();
    expect(read.workKinds).toEqual(setup.workKinds);
    expect(read.programmes[0]).toMatchObject({ code: 'mua-he-xanh', startDate: { text: '05/06/2023' } });
  });

  it('keeps a province\'s records, each checked, and refuses bad input whole with every field named, nothing written', async () => {
    const before = await countRecords();
    const bad = await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, {
      kind: 'work', fields: { ...house, value: -5, startDate: '2023-09-01', handoverDate: null, color: 'đỏ' },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['value', 'startDate', 'color']));
    const badUrl = await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, {
      kind: 'press', fields: { channel: 'online', outlet: 'Báo Thanh Niên', title: 'Tin', url: 'khong-phai-dia-chi', date: '2023-06-12' },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.fields[0]).toMatchObject({ field: 'url' });
    expect(badUrl.json().error.message).toMatch(/địa chỉ web/);
    expect((await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, { kind: 'explosion', fields: {} })).statusCode).toBe(400);
    expect(await countRecords()).toBe(before);

    const work = await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, { kind: 'work', programme: 'mua-he-xanh', fields: house });
    expect(work.statusCode).toBe(201);
    expect(work.json().record).toMatchObject({
      kind: 'work', kindLabel: 'công trình, phần việc thanh niên', unit: { code: p1().code }, programme: 'mua-he-xanh', onBehalf: false, version: 1,
      date: { iso: '2023-06-10', text: '10/06/2023' }, summary: `${house.name} · Nhà nhân ái, nhà tình nghĩa · 80 triệu đồng · đã bàn giao`,
    });
    const records = [
      { kind: 'work', fields: { name: 'Tuyến phố văn minh Lê Lợi', workKind: 'pho', value: 1_250_500_000, funding: 'budget', startDate: '2023-06-15', state: 'in_progress' } },
      { kind: 'team', fields: { name: 'Đội hình tiếp sức mùa thi', field: 'Giáo dục', members: 120, fromDate: '2023-06-26', focusArea: 'dao-co-to' } },
      { kind: 'press', fields: { channel: 'online', outlet: 'Báo Tiền Phong', title: 'Sôi nổi chiến dịch hè', url: 'https://tienphong.vn/bai-1', date: '2023-06-12', reach: 5_000 } },
      { kind: 'press', fields: { channel: 'print', outlet: 'Báo Thanh Niên', title: 'Tình nguyện hè', date: '2023-06-13' } },
      { kind: 'press', fields: { channel: 'online', outlet: 'VnExpress', title: 'Mùa hè xanh', date: '2023-06-14', views: 12_000 } },
      { kind: 'linkage', fields: { linkKind: 'locality', partners: [p2().code], description: 'Cùng xây nhà nhân ái ở xã biên giới', fromDate: '2023-06-20' } },
    ];
    for (const body of records) expect((await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, body)).statusCode).toBe(201);
    // The centre's inspection of Province 1 and the border commune.
    const visit = await call(admin, 'POST', `${unitPath(t.world.root.code)}/activities`, {
      kind: 'inspection', fields: { team: 'Đoàn kiểm tra số 1', date: '2023-07-01', visitedUnits: [p1().code], visitedFocusAreas: ['bien-gioi-1'], findings: 'Triển khai đúng kế hoạch.', followUp: 'open' },
    });
    expect(visit.statusCode).toBe(201);
    // A manager enters a team for a district: on its behalf.
    const district = t.world.districts[0]!;
    const behalf = await call(manager, 'POST', `${unitPath(district.code)}/activities`, { kind: 'team', fields: { name: 'Đội hình y tế', field: 'Y tế', members: 30, fromDate: '2023-06-20' } });
    expect(behalf.json().record).toMatchObject({ onBehalf: true, unit: { code: district.code } });
    // Another province's reporter cannot write Province 1's records.
    expect((await call(other, 'POST', `${unitPath(p1().code)}/activities`, { kind: 'press', fields: records[3]!.fields })).statusCode).toBe(403);
    // …but sees the linkage Province 1 made with it.
    const ofP2 = (await call(other, 'GET', `${unitPath(p2().code)}/activities?kind=linkage`)).json();
    expect(ofP2.records).toEqual([expect.objectContaining({ kind: 'linkage', unit: { code: p1().code, name: p1().name } })]);
  });

  it('totals a subtree as the recompute from its records does, and words them as the documents do', async () => {
    const res = await call(admin, 'GET', `${unitPath(t.world.root.code)}/activity-totals`);
    expect(res.statusCode).toBe(200);
    const totals = res.json();
    expect(totals.works).toMatchObject({ count: 2, value: 1_330_500_000, valueText: 'hơn 1,3 tỉ đồng' });
    expect(totals.teams).toEqual({ count: 2, members: 150 });
    expect(totals.press).toMatchObject({ count: 3, reach: 5_000, views: 12_000 });
    expect(totals.inspections).toEqual({ count: 1, openFollowUps: 1 });
    expect(totals.linkages.count).toBe(1);
    expect(totals.focusAreas).toEqual({ covered: 2, total: 2, text: '2/2' });
    expect(totals.sentences.join(' ')).toContain('đã có 03 tin, bài tuyên truyền về Chiến dịch, bao gồm 02 tin, bài trên báo điện tử; 01 tin, bài trên báo giấy');
    const recomputed = await recomputeActivityTotals(t.ctx, { campaign: campaign(), unit: t.world.root.code });
    expect(totals.works.count).toBe(recomputed.works.count);
    expect(totals.works.value).toBe(recomputed.works.value);
    expect(totals.press.count).toBe(recomputed.press.count);
    expect(totals.teams.members).toBe(recomputed.teams.members);
    // Province 2's subtree: the linkage it is a partner in, and its focus area visited by the centre.
    const ofP2 = (await call(other, 'GET', `${unitPath(p2().code)}/activity-totals`)).json();
    expect(ofP2).toMatchObject({ works: { count: 0 }, linkages: { count: 1 }, focusAreas: { covered: 1, total: 1 } });
    expect(await recomputeActivityTotals(t.ctx, { campaign: campaign(), unit: p2().code })).toMatchObject({ linkages: { count: 1 } });
    // Filters: the programme, a kind's state, dates typed the Vietnamese way.
    const handedOver = (await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities?kind=work&state=handed_over`)).json();
    expect(handedOver.records.map((r: { fields: { name: string } }) => r.fields.name)).toEqual([house.name]);
    expect((await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities?programme=mua-he-xanh`)).json().total).toBe(1);
    expect((await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities?from=12/06/2023&to=13/06/2023`)).json().total).toBe(2);
    expect((await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities?programme=khong-co`)).statusCode).toBe(400);
  });

  it('exports the subtree\'s records as a workbook, a sheet per kind, a column per field', async () => {
    const res = await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="hoat-dong-${campaign()}-${t.world.root.code}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Công trình, phần việc', 'Đội hình tình nguyện', 'Tin, bài tuyên truyền', 'Kiểm tra', 'Liên kết']);
    const works = book.getWorksheet('Công trình, phần việc')!;
    expect(works.getRow(2).getCell(3).value).toBe('Tên công trình, phần việc');
    const rows = [3, 4].map((n) => works.getRow(n));
    const house = rows.find((r) => String(r.getCell(3).value).startsWith('Nhà nhân ái'))!;
    expect(house.getCell(4).value).toBe('Nhà nhân ái, nhà tình nghĩa');
    expect(house.getCell(7).value).toBe(80_000_000);
    expect(house.getCell(8).value).toBe('xã hội hóa');
    expect(house.getCell(9).value).toBe('10/06/2023');
    const pressOnly = await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities.xlsx?kind=press`);
    const one = new ExcelJS.Workbook();
    await one.xlsx.load(pressOnly.rawPayload as unknown as ArrayBuffer);
    expect(one.worksheets.map((w) => w.name)).toEqual(['Tin, bài tuyên truyền']);
    expect(one.worksheets[0]!.rowCount).toBe(2 + 3);
  });

  it('puts the subtree\'s activities into the documents, in words, as of their day', async () => {
    const final = (await call(admin, 'GET', `/api/v1/campaigns/${campaign()}/units/${t.world.root.code}/documents/final`)).json();
    expect(final.text).toContain('Các hoạt động, công trình, phần việc');
    expect(final.text).toContain('đã có 03 tin, bài tuyên truyền về Chiến dịch, bao gồm 02 tin, bài trên báo điện tử; 01 tin, bài trên báo giấy.');
    expect(final.text).toContain('với tổng giá trị hơn 1,3 tỉ đồng');
    // Province 1's progress report of the week 12–18/6 counts only what was done by its end.
    const week = (await call(reporter, 'GET', `/api/v1/campaigns/${campaign()}/units/${p1().code}/documents/progress/2023-W24`)).json();
    expect(week.text).toContain('Tính đến ngày 18/6, đã có 03 tin, bài');
    expect(week.text).not.toContain('đội hình');
  });

  it('corrects a record of every kind, and the totals over each subtree equal the recompute from the records in full', async () => {
    const model = await call(reporter, 'POST', `${unitPath(p1().code)}/activities`, {
      kind: 'model', fields: { modelKind: 'model', title: 'Mô hình "Chủ nhật xanh"', proposedLevel: 'province' },
    });
    expect(model.statusCode).toBe(201);
    const changes: Record<string, (fields: Record<string, unknown>) => Record<string, unknown>> = {
      team: (f) => ({ ...f, members: 140 }),
      model: (f) => ({ ...f, modelKind: 'person', title: 'Anh Lò Văn Páo' }),
      press: (f) => ({ ...f, channel: 'television', reach: 8_000 }),
      linkage: (f) => ({ ...f, linkKind: 'forces' }),
      work: (f) => ({ ...f, place: 'Phố Lê Lợi' }),
    };
    for (const [kind, change] of Object.entries(changes)) {
      const [first] = (await call(reporter, 'GET', `${unitPath(p1().code)}/activities?kind=${kind}`)).json().records as { id: number; version: number; fields: Record<string, unknown> }[];
      const res = await call(reporter, 'PUT', `${unitPath(p1().code)}/activities/${first!.id}`, { version: first!.version, reason: `Sửa ${kind}`, fields: change(first!.fields) });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
      expect(res.json().record.version).toBe(first!.version + 1);
    }
    // The centre closes its inspection's follow-up.
    const [visit] = (await call(admin, 'GET', `${unitPath(t.world.root.code)}/activities?kind=inspection`)).json().records as { id: number; version: number; fields: Record<string, unknown>; unit: { code: string } }[];
    const closed = await call(admin, 'PUT', `${unitPath(visit!.unit.code)}/activities/${visit!.id}`, { version: visit!.version, reason: 'Đã khắc phục', fields: { ...visit!.fields, followUp: 'done' } });
    expect(closed.statusCode).toBe(200);
    for (const unit of [t.world.root.code, p1().code, p2().code, t.world.districts[0]!.code]) {
      const ref = { campaign: campaign(), unit };
      expect((await getActivityTotals(t.ctx, ref)).totals, unit).toEqual(await recomputeActivityTotals(t.ctx, ref));
    }
    const national = (await getActivityTotals(t.ctx, { campaign: campaign(), unit: t.world.root.code })).totals;
    expect(national.models).toEqual({ count: 1, models: 0, people: 1 });
    expect(national.inspections).toEqual({ count: 1, openFollowUps: 0 });
    expect(national.press.byChannel.television).toEqual({ count: 1, reach: 8_000, views: 12_000 });
    expect(national.linkages.byKind).toMatchObject({ forces: 1, locality: 0 });
  });

  it('corrects a record at the version read, with a reason, audited; withdraws one, counted nowhere', async () => {
    const list = (await call(reporter, 'GET', `${unitPath(p1().code)}/activities?kind=work&state=handed_over`)).json();
    const record = list.records[0];
    const path = `${unitPath(p1().code)}/activities/${record.id}`;
    const noReason = await call(reporter, 'PUT', path, { version: record.version, reason: ' ', fields: { ...house, value: 90_000_000 } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const fixed = await call(reporter, 'PUT', path, { version: record.version, reason: 'Cộng thiếu tiền vật liệu', programme: 'mua-he-xanh', fields: { ...house, value: 90_000_000 } });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json().record).toMatchObject({ version: 2, fields: { value: 90_000_000 } });
    const stale = await call(reporter, 'PUT', path, { version: record.version, reason: 'Lần nữa', fields: house });
    expect(stale.statusCode).toBe(409);
    // Another unit's address does not reach it.
    expect((await call(admin, 'PUT', `${unitPath(p2().code)}/activities/${record.id}`, { version: 2, reason: 'x', fields: house })).statusCode).toBe(404);
    const audit = await queryRows<{ action: string; reason: string | null }>(t.ctx.db, sql`select action, reason from audit_log where action like 'activity.%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['activity.setup', 'activity.create', 'activity.correct']));
    expect(audit.filter((a) => a.action === 'activity.correct').map((a) => a.reason)).toContain('Cộng thiếu tiền vật liệu');

    const gone = await call(reporter, 'POST', `${path}/withdraw`, { version: 2, reason: 'Ghi trùng' });
    expect(gone.statusCode).toBe(200);
    const totals = (await call(admin, 'GET', `${unitPath(t.world.root.code)}/activity-totals`)).json();
    expect(totals.works).toMatchObject({ count: 1, value: 1_250_500_000 });
    expect((await call(reporter, 'POST', `${path}/withdraw`, { version: 3, reason: 'Lần nữa' })).statusCode).toBe(404);
  });
});
