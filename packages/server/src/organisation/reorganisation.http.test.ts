/** The reorganisation routes: preview, apply, list; who may, and bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitsRepository } from '@giaoban/db';
import { submitReport } from '../reporting/index.ts';
import { settleDueReorganisations } from './reorganisation.service.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
let reporter: Session;

beforeAll(async () => {
  t = await openTestApp();
  [manager, reporter] = await Promise.all([t.signIn('p1.quanly'), t.signIn('p1.baocao')]);
});
afterAll(() => t?.close());

const call = (session: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(session ? { headers: session.headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
const p1 = () => t.world.provinces[0]!.code;
const abolish = { name: 'Bỏ cấp huyện', date: '2025-07-01', steps: [{ kind: 'abolish-level', level: 'district' }] };

describe('reorganisations', () => {
  it('previews a province\'s abolition of its district level, in words, without writing anything', async () => {
    const res = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, abolish);
    expect(res.statusCode).toBe(200);
    const plan = res.json().plan;
    expect(plan.close).toEqual([`${p1()}-D1`, `${p1()}-D2`]);
    expect(plan.closeOn).toEqual({ iso: '2025-06-30', text: '30/06/2025' });
    expect(plan.versions.map((v: { code: string }) => v.code)).toEqual([`${p1()}-D1-G1`, `${p1()}-D1-G2`, `${p1()}-D2-G1`, `${p1()}-D2-G2`]);
    expect(plan.summary[0]).toBe(`2 đơn vị kết thúc hoạt động ngày 30/06/2025: ${p1()}-D1, ${p1()}-D2.`);
    expect((await unitsRepository.getByCode(t.ctx.db, `${p1()}-D1`))?.validTo).toBeNull();
  });

  it('refuses what lies outside the manager\'s units, the manager\'s own unit, and bad input, each with the field', async () => {
    const outside = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, {
      name: 'Hợp nhất', date: '2025-07-01', steps: [{ kind: 'merge', from: [`${p1()}-D1`, t.world.districts.at(-1)!.code], into: { code: 'MOI', name: 'Huyện Đoàn mới' } }],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields).toContainEqual(expect.objectContaining({ field: 'steps.0.from.1', message: `Không có đơn vị mã "${t.world.districts.at(-1)!.code}".` }));
    const own = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, {
      name: 'Đổi tên', date: '2025-07-01', steps: [{ kind: 'merge', from: [p1(), `${p1()}-D1`], into: { code: 'X', name: 'X' } }],
    });
    expect(own.statusCode).toBe(400);
    const badDate = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, { ...abolish, date: '31/06/2025' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields[0]).toMatchObject({ field: 'date', message: 'Ngày hiệu lực "31/06/2025" không hợp lệ.' });
    const badKind = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, { ...abolish, steps: [{ kind: 'explode' }] });
    expect(badKind.statusCode).toBe(400);
    const noName = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, { ...abolish, name: ' ' });
    expect(noName.json().error.fields).toContainEqual(expect.objectContaining({ field: 'name', message: 'Hãy đặt tên cho đợt sắp xếp.' }));
  });

  it('lets a reporter read but not reorganise', async () => {
    expect((await call(reporter, 'POST', `/api/v1/units/${p1()}/reorganisations/preview`, abolish)).statusCode).toBe(403);
    expect((await call(reporter, 'GET', `/api/v1/units/${p1()}/reorganisations`)).statusCode).toBe(200);
  });

  it('applies it: districts closed, grassroots units continued under the province, audited, listed; a second time is refused', async () => {
    const res = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations`, abolish);
    expect(res.statusCode).toBe(201);
    // Recorded ahead of its date (the test's clock is in 2023): the district's reporter
    // (p1d1.baocao) works as before until 01/07/2025, then is closed with its unit.
    expect(res.json()).toMatchObject({ accountsMoved: 0, accountsClosed: 0, accountsDueOn: { iso: '2025-07-01', text: '01/07/2025' } });
    await t.signIn('p1d1.baocao');
    expect(await settleDueReorganisations({ ...t.ctx, now: () => new Date('2025-06-30T16:59:00Z') })).toEqual({ reorganisations: 0, accountsMoved: 0, accountsClosed: 0 });
    expect(await settleDueReorganisations({ ...t.ctx, now: () => new Date('2025-06-30T17:05:00Z') })).toEqual({ reorganisations: 1, accountsMoved: 0, accountsClosed: 1 });
    expect(await settleDueReorganisations({ ...t.ctx, now: () => new Date('2025-07-02T00:00:00Z') })).toEqual({ reorganisations: 0, accountsMoved: 0, accountsClosed: 0 });
    await expect(t.signIn('p1d1.baocao')).rejects.toThrow(/401/);
    const g = await unitsRepository.getByCode(t.ctx.db, `${p1()}-D1-G1`);
    expect(g).toMatchObject({ validFrom: '2025-07-01', parentId: t.world.provinces[0]!.id });
    expect(await unitsRepository.getByCode(t.ctx.db, `${p1()}-D1-G1.2025`)).toMatchObject({ validTo: '2025-06-30' });
    const list = await call(manager, 'GET', `/api/v1/units/${p1()}/reorganisations`);
    expect(list.json().reorganisations).toEqual([{ id: res.json().id, name: 'Bỏ cấp huyện', date: { iso: '2025-07-01', text: '01/07/2025' }, opened: 0, closed: 2, versions: 4, renamed: 0, accountsDueOn: null }]);
    const admin = await t.signIn('tw.admin');
    const audit = await call(admin, 'GET', `/api/v1/audit?unit=${p1()}`);
    expect(audit.json().entries.some((e: { action: string }) => e.action === 'unit.reorganise')).toBe(true);
    const again = await call(manager, 'POST', `/api/v1/units/${p1()}/reorganisations`, abolish);
    expect(again.statusCode).toBe(400);
  });
});

describe('a unit renamed by a reorganisation', () => {
  it('keeps its old name in the weeks before the date (dashboard, timeliness), today\'s after it', async () => {
    const p2 = t.world.provinces[1]!;
    const district = t.world.districts.find((d) => d.parentId === p2.id)!;
    const admin = await t.signIn('tw.admin');
    const renamed = await call(admin, 'POST', `/api/v1/units/${p2.code}/reorganisations`, {
      name: 'Đổi tên huyện', date: '2024-01-01', steps: [{ kind: 'rename', unit: district.code, name: 'Thị Đoàn mới' }],
    });
    expect(renamed.statusCode).toBe(201);
    expect((await unitsRepository.getByCode(t.ctx.db, district.code))?.name).toBe('Thị Đoàn mới');
    const campaignPath = `/api/v1/campaigns/${t.world.campaign.code}/units/${p2.code}`;
    const progress = (await call(admin, 'GET', `${campaignPath}/progress?asOf=2023-07-16`)).json();
    expect(progress.children.find((c: { unit: { code: string } }) => c.unit.code === district.code).unit.name).toBe(district.name);
    const timeliness = (await call(admin, 'GET', `${campaignPath}/timeliness`)).json();
    expect(timeliness.selected.rows.find((r: { unit: { code: string } }) => r.unit.code === district.code).unit.name).toBe(district.name);
  });
});

describe('the dashboard regrouped under a later structure', () => {
  it('shows the 2023 campaign by the units of 01/08/2025, each the sum of its predecessors, and offers the switch', async () => {
    const [p1Code, p2Code] = [t.world.provinces[0]!.code, t.world.provinces[1]!.code];
    const streets = t.world.indicators['tuyen-pho']!.code;
    await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: p1Code, period: t.world.weeks[0]! }, null, { values: { [streets]: 7 } });
    await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: p2Code, period: t.world.weeks[0]! }, null, { values: { [streets]: 5 } });
    const admin = await t.signIn('tw.admin');
    const merged = await call(admin, 'POST', `/api/v1/units/${t.world.root.code}/reorganisations`, {
      name: 'Hợp nhất hai tỉnh', date: '2025-08-01', steps: [{ kind: 'merge', from: [p1Code, p2Code], into: { code: 'P12', name: 'Tỉnh Đoàn hợp nhất' } }],
    });
    expect(merged.statusCode).toBe(201);
    await settleDueReorganisations({ ...t.ctx, now: () => new Date('2025-08-01T01:00:00Z') }); // the date comes: accounts move
    const url = `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/progress?asOf=2023-07-16`;
    const own = (await call(admin, 'GET', url)).json();
    expect(own.children.map((c: { unit: { code: string } }) => c.unit.code)).toEqual([p1Code, p2Code]);
    expect(own.regroup).toBeNull();
    expect(own.structureChangedOn).toEqual({ iso: '2025-08-01', text: '01/08/2025' });
    const res = await call(admin, 'GET', `${url}&regroupAsOf=2025-08-01`);
    expect(res.statusCode).toBe(200);
    const regrouped = res.json();
    expect(regrouped.regroup).toEqual({ asOf: { iso: '2025-08-01', text: '01/08/2025' }, unmatched: [] });
    expect(regrouped.children).toHaveLength(1);
    expect(regrouped.children[0]).toMatchObject({ unit: { code: 'P12', name: 'Tỉnh Đoàn hợp nhất' }, members: [{ code: p1Code }, { code: p2Code }] });
    // The nation's figures are the same under both structures.
    expect(regrouped.unit.indicators).toEqual(own.unit.indicators);
    expect(regrouped.unit.indicators.find((i: { code: string }) => i.code === streets).toDate).toBe(12);
    const xlsx = await call(admin, 'GET', `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/progress.xlsx?asOf=2023-07-16&regroupAsOf=2025-08-01`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('-theo-don-vi-2025-08-01.xlsx');
    expect((await call(admin, 'GET', `${url}&regroupAsOf=01-07-2025`)).statusCode).toBe(400);
    // p1.quanly moved with its unit to the merged one: it still reads (and only reads) the past of both predecessors.
    const moved = await t.signIn('p1.quanly');
    expect((await call(moved, 'GET', '/api/v1/session')).json().unit.code).toBe('P12');
    const campaignPath = `/api/v1/campaigns/${t.world.campaign.code}/units`;
    expect((await call(moved, 'GET', `${campaignPath}/${p1Code}/progress?asOf=2023-07-16`)).statusCode).toBe(200);
    expect((await call(moved, 'GET', `${campaignPath}/${p2Code}/progress?asOf=2023-07-16`)).statusCode).toBe(200);
    expect((await call(moved, 'GET', `${campaignPath}/${t.world.districts.at(-1)!.code}/progress?asOf=2023-07-16`)).statusCode).toBe(200);
    expect((await call(moved, 'GET', `${campaignPath}/${t.world.root.code}/progress?asOf=2023-07-16`)).statusCode).toBe(403);
  });
});
