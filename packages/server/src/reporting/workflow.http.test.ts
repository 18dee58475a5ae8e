/**
 * The reporting workflow over HTTP: submit → return with a reason → correct → approve,
 * who may do each, versioned writes, data-quality checks and outliers, deadlines and
 * timeliness, the audit log (searchable by admins, append-only for everyone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { createUnit } from '../organisation/index.ts';
import { openTestApp, PASSWORD, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  // Each unit writes its own report: accounts for a grassroots unit and its district.
  const g = t.world.grassroots.find((u) => u.code.startsWith(`${t.world.districts[2]!.code}-`))!;
  const extra = [
    { username: 'p2d1g1.baocao', role: 'reporter', unitCode: g.code },
    { username: 'p2d1.quanly', role: 'manager', unitCode: t.world.districts[2]!.code },
    { username: 'cuoi.baocao', role: 'reporter', unitCode: t.world.grassroots.at(-1)!.code },
  ] as const;
  for (const a of extra) await createUser(t.ctx, { ...a, password: PASSWORD, displayName: a.username });
});
afterAll(() => t?.close());

const code = (key: string) => `${t.world.prefix}${key}`;
const base = () => `/api/v1/campaigns/${t.world.campaign.code}`;
const reportUrl = (unit: string, week: string) => `${base()}/units/${unit}/reports/${week}`;

async function call(s: Session | null | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: s?.headers ?? {}, remoteAddress: '10.1.2.3', ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

describe('approval: submit → return with a reason → correct → approve', () => {
  it('moves through every state, each step by the right person, and keeps the history', async () => {
    const d1 = t.world.districts[0]!.code; // a district of P1
    const [reporter, manager, steering, p1Reporter] = await Promise.all(['p1d1.baocao', 'p1.quanly', 'tw.chidao', 'p1.baocao'].map((u) => t.signIn(u)));
    const week = '2023-W27';
    const url = reportUrl(d1, week);

    const submitted = await call(reporter, 'POST', `${url}/submit`, { version: 0, values: { [code('tuyen-pho')]: 12 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', statusLabel: 'đã gửi', actions: ['save_draft', 'submit'], viewed: false });

    // Approving needs the report opened first.
    const blind = await call(manager, 'POST', `${url}/approve`, { version: submitted.body.version });
    expect(blind.status).toBe(409);
    expect(blind.body.error.message).toBe('Cần mở xem báo cáo của đơn vị trước khi duyệt.');
    // Neither a reporter of the parent unit nor the level above reviews it.
    expect((await call(p1Reporter, 'POST', `${url}/approve`, {})).status).toBe(403);
    const above = await call(steering, 'POST', `${url}/return`, { reason: 'x', version: submitted.body.version });
    expect(above.status).toBe(403);
    expect(above.body.error.message).toBe('Chỉ cán bộ quản lý của đơn vị cấp trên trực tiếp mới được trả lại báo cáo.');
    // The unit cannot approve itself (the reporter lacks the permission at all).
    expect((await call(reporter, 'POST', `${url}/approve`, {})).status).toBe(403);

    // Reading the report changes nothing; opening it for review is its own request.
    expect((await call(manager, 'GET', url)).body).toMatchObject({ viewed: false });
    expect((await call(p1Reporter, 'POST', `${url}/viewed`)).status).toBe(403);
    expect((await call(reporter, 'POST', `${url}/viewed`)).status).toBe(403);
    const opened = await call(manager, 'POST', `${url}/viewed`);
    expect(opened.body).toMatchObject({ viewed: true, actions: ['approve', 'return'] });

    const noReason = await call(manager, 'POST', `${url}/return`, { reason: '  ', version: opened.body.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ field: 'reason', message: 'Cần ghi lý do trả lại báo cáo.' });
    const returned = await call(manager, 'POST', `${url}/return`, { reason: 'Số tuyến phố chưa khớp biên bản', version: opened.body.version });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', statusLabel: 'bị trả lại', returnReason: 'Số tuyến phố chưa khớp biên bản' });

    // The unit sees the reason, fixes the figure and submits again; the approver must look again.
    const seen = await call(reporter, 'GET', url);
    expect(seen.body).toMatchObject({ status: 'returned', returnReason: 'Số tuyến phố chưa khớp biên bản', actions: ['save_draft', 'submit'] });
    const resubmitted = await call(reporter, 'POST', `${url}/submit`, { values: { [code('tuyen-pho')]: 10 }, version: seen.body.version });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', returnReason: null, viewed: false });
    expect((await call(manager, 'POST', `${url}/approve`, { version: resubmitted.body.version })).status).toBe(409);
    const reopened = await call(manager, 'POST', `${url}/viewed`);
    const approved = await call(manager, 'POST', `${url}/approve`, { version: reopened.body.version });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', statusLabel: 'đã duyệt' });

    // Approved is locked: no draft, no plain submit; a correction needs a reason.
    const locked = await call(reporter, 'POST', `${url}/submit`, { values: { [code('tuyen-pho')]: 11 }, version: approved.body.version });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toBe('Báo cáo đã được duyệt và bị khóa; muốn sửa số liệu, hãy đính chính kèm lý do.');
    expect((await call(reporter, 'PUT', url, { values: { [code('tuyen-pho')]: 11 }, version: approved.body.version })).status).toBe(409);
    expect((await call(reporter, 'POST', `${url}/correct`, { values: { [code('tuyen-pho')]: 11 }, reason: '', version: approved.body.version })).body.error.field).toBe('reason');
    const corrected = await call(reporter, 'POST', `${url}/correct`, { values: { [code('tuyen-pho')]: 11 }, reason: 'Bổ sung 01 tuyến phố ở xã A', version: approved.body.version });
    expect(corrected.body).toMatchObject({ status: 'submitted', correctionReason: 'Bổ sung 01 tuyến phố ở xã A' });

    // The roll-up shows the corrected figure at once.
    const progress = await call(manager, 'GET', `${base()}/units/${t.world.provinces[0]!.code}/progress?asOf=2023-07-09`);
    const streets = progress.body.unit.indicators.find((i: { code: string }) => i.code === code('tuyen-pho'));
    expect(streets.thisWeek).toBe(11);
    const again = await call(manager, 'POST', `${url}/viewed`);
    expect((await call(manager, 'POST', `${url}/approve`, { version: again.body.version })).body.status).toBe('approved');

    // The history: every figure and state, who, from where and why, newest first.
    const history = (await call(reporter, 'GET', url)).body.history as { action: string; summary: string; reason: string | null; ip: string; user: { username: string } }[];
    const states = history.filter((h) => h.action === 'report.state').map((h) => h.summary).reverse();
    expect(states).toEqual([
      '(trống) → đã gửi', 'đã gửi → bị trả lại', 'bị trả lại → đã gửi', 'đã gửi → đã duyệt', 'đã duyệt → đã gửi', 'đã gửi → đã duyệt',
    ]);
    const values = history.filter((h) => h.action === 'report.value').map((h) => h.summary).reverse();
    expect(values).toEqual(['(trống) → 12', '12 → 10', '10 → 11']);
    expect(history.find((h) => h.summary === 'đã gửi → bị trả lại')).toMatchObject({ reason: 'Số tuyến phố chưa khớp biên bản', ip: '10.1.2.3', user: { username: 'p1.quanly' } });
    expect(history.find((h) => h.summary === '10 → 11')).toMatchObject({ reason: 'Bổ sung 01 tuyến phố ở xã A', user: { username: 'p1d1.baocao' } });
  });

  it('refuses the second of two saves made from the same version', async () => {
    // Two people of one unit with the same report open.
    const [reporter, manager] = await Promise.all([t.signIn('p1.baocao'), t.signIn('p1.quanly')]);
    const url = reportUrl(t.world.provinces[0]!.code, '2023-W25');
    const loaded = await call(reporter, 'GET', url);
    const first = await call(reporter, 'PUT', url, { values: { [code('tuyen-pho')]: 3 }, version: loaded.body.version });
    expect(first.status).toBe(200);
    await call(manager, 'POST', `${url}/submit`, { values: { [code('tuyen-pho')]: 4 }, version: first.body.version });
    const second = await call(reporter, 'PUT', url, { values: { [code('tuyen-pho')]: 5 }, version: first.body.version });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('Báo cáo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.');
  });

  it('approves several children at once and answers each one it cannot', async () => {
    const [p1, p2] = t.world.provinces;
    const [r1, r2, steering] = await Promise.all([t.signIn('p1.baocao'), t.signIn('p2.baocao'), t.signIn('tw.chidao')]);
    const week = '2023-W24';
    for (const [s, p] of [[r1, p1!], [r2, p2!]] as const) {
      expect((await call(s, 'POST', `${reportUrl(p.code, week)}/submit`, { version: 0, values: { [code('tuyen-pho')]: 2 } })).status).toBe(200);
    }
    await call(steering, 'POST', `${reportUrl(p1!.code, week)}/viewed`); // opened; P2 not
    const res = await call(steering, 'POST', `${reportUrl(t.world.root.code, week)}/approve-children`, { units: [p1!.code, p2!.code, t.world.districts[0]!.code] });
    expect(res.status).toBe(200);
    expect(res.body.approved).toEqual([p1!.code]);
    expect(res.body.refused).toEqual([
      expect.objectContaining({ unitCode: t.world.districts[0]!.code, message: expect.stringContaining('không trực thuộc') }),
      { unitCode: p2!.code, state: 'submitted', message: 'Cần mở xem báo cáo của đơn vị trước khi duyệt.' },
    ]);
  });
});

describe('data quality', () => {
  it('asks for an explanation of an unusual figure and shows it to the approver', async () => {
    const g = t.world.grassroots.find((u) => u.code.startsWith(t.world.districts[2]!.code))!; // under P2-D1
    const [reporter, manager, provinceManager] = await Promise.all([t.signIn('p2d1g1.baocao'), t.signIn('p2d1.quanly'), t.signIn('tw.admin')]);
    const weeks = ['2023-W23', '2023-W24', '2023-W25', '2023-W26'];
    for (const [i, week] of weeks.entries()) {
      const res = await call(reporter, 'POST', `${reportUrl(g.code, week)}/submit`, { version: 0, values: { [code('tuyen-pho')]: 20 + i } });
      expect(res.status).toBe(200);
    }
    const url = reportUrl(g.code, '2023-W27');
    const unusual = await call(reporter, 'POST', `${url}/submit`, { version: 0, values: { [code('tuyen-pho')]: 900 } });
    expect(unusual.status).toBe(400);
    expect(unusual.body.error.fields).toEqual([{
      field: `values.${code('tuyen-pho')}`, kind: 'outlier',
      message: 'Chỉ tiêu "Tuyến phố văn minh": Số liệu 900 cao bất thường so với các tuần trước (trung vị 21,5). Vui lòng xác nhận và ghi giải thích ngắn.',
    }]);
    const explained = await call(reporter, 'POST', `${url}/submit`, {
      version: 0, values: { [code('tuyen-pho')]: 900 }, explanations: { [code('tuyen-pho')]: 'Ra quân cao điểm toàn huyện' },
    });
    expect(explained.status).toBe(200);
    const seen = await call(manager, 'GET', url);
    expect(seen.body.flags).toEqual([{
      code: code('tuyen-pho'), name: 'Tuyến phố văn minh', explanation: 'Ra quân cao điểm toàn huyện',
      message: 'Số liệu 900 cao bất thường so với các tuần trước (trung vị 21,5).',
    }]);
    const quality = await call(provinceManager, 'GET', `${base()}/units/${t.world.provinces[1]!.code}/quality?period=2023-W27`);
    expect(quality.status).toBe(200);
    expect(quality.body.flagged).toEqual([expect.objectContaining({ period: '2023-W27', explanation: 'Ra quân cao điểm toàn huyện' })]);
  });

  it('applies the campaign rules: upper bound, to-date never falling, cross-indicator rules; only the root sets them', async () => {
    const [admin, manager] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1.quanly')]);
    const rulesUrl = (unit: string) => `${base()}/units/${unit}/rules`;
    const rules = {
      upperBounds: { [code('km-duong')]: 50 },
      crossRules: [{ left: code('ky-nang-so'), op: '>=', right: code('tuyen-pho') }],
    };
    expect((await call(manager, 'PUT', rulesUrl(t.world.provinces[0]!.code), rules)).status).toBe(403);
    const bad = await call(admin, 'PUT', rulesUrl(t.world.root.code), { crossRules: [{ left: 'khong-co', op: '>', right: code('tuyen-pho') }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['rules.crossRules.0.left']);
    expect(bad.body.error.message).toBe('Chỉ tiêu "khong-co" không thuộc chiến dịch này.');
    const set = await call(admin, 'PUT', rulesUrl(t.world.root.code), rules);
    expect(set.status).toBe(200);
    expect(set.body.campaign.rules.crossRules).toEqual(rules.crossRules);
    expect(set.body.campaign.indicators.find((i: { code: string }) => i.code === code('km-duong')).upperBound).toBe(50);

    const g = t.world.grassroots.at(-1)!.code;
    const reporter = await t.signIn('cuoi.baocao');
    expect((await call(reporter, 'POST', `${reportUrl(g, '2023-W23')}/submit`, { version: 0, values: { [code('ky-nang-so')]: 30, [code('tuyen-pho')]: 5 } })).status).toBe(200);
    const res = await call(reporter, 'POST', `${reportUrl(g, '2023-W24')}/submit`, {
      version: 0, values: { [code('km-duong')]: '50,5', [code('ky-nang-so')]: 25, [code('tuyen-pho')]: 40 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { message: string }) => f.message)).toEqual([
      'Chỉ tiêu "Đường giao thông nông thôn" không nhận số lớn hơn 50 (50,5).',
      'Chỉ tiêu "Thanh niên được phổ cập kỹ năng số": số liệu lũy kế 25 thấp hơn số liệu lũy kế đã báo cáo trước đó (30). Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.',
      'Chỉ tiêu "Thanh niên được phổ cập kỹ năng số" (25) phải lớn hơn hoặc bằng chỉ tiêu "Tuyến phố văn minh" (45).',
    ]);
    const cross = await call(reporter, 'POST', `${reportUrl(g, '2023-W24')}/submit`, { version: 0, values: { [code('ky-nang-so')]: 31, [code('tuyen-pho')]: 40 } });
    expect(cross.body.error.fields.map((f: { message: string }) => f.message)).toEqual([
      'Chỉ tiêu "Thanh niên được phổ cập kỹ năng số" (31) phải lớn hơn hoặc bằng chỉ tiêu "Tuyến phố văn minh" (45).',
    ]);
    // Nothing was written by the refused submissions.
    expect((await call(admin, 'GET', reportUrl(g, '2023-W24'))).body.status).toBe('missing');
    await call(admin, 'PUT', rulesUrl(t.world.root.code), { upperBounds: { [code('km-duong')]: null }, crossRules: [] });
  });
});

describe('deadlines and timeliness', () => {
  it('counts on-time, late and missing units of a subtree and names the late ones in the chosen order', async () => {
    // The clock stands at Monday 03/07/2023 10:00: week 26 (26/6–2/7) is past its grassroots
    // deadline (Friday 30/6 17:00) and its district deadline (Saturday 1/7 12:00).
    const [admin, d1Reporter] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1d1.baocao')]);
    const [d1, d2] = t.world.districts; // P1's districts
    const exempt = t.world.grassroots.find((u) => u.code.startsWith(`${d2!.code}-`))!;
    expect((await call(admin, 'PUT', `${base()}/units/${t.world.root.code}/rules`, { exemptUnits: [exempt.code] })).status).toBe(200);
    const late = await call(d1Reporter, 'POST', `${reportUrl(d1!.code, '2023-W26')}/submit`, { version: 0, values: { [code('tuyen-pho')]: 1 } });
    expect(late.body).toMatchObject({ timeliness: 'late', dueAt: { text: '01/07/2023 12:00' } });
    const res = await call(admin, 'GET', `${base()}/units/${t.world.provinces[0]!.code}/timeliness?period=2023-W26&order=name`);
    expect(res.status).toBe(200);
    const rows = res.body.selected.rows as { unit: { code: string }; status: string; statusLabel: string; dueAt: { text: string } }[];
    const byCode = new Map(rows.map((r) => [r.unit.code, r]));
    expect(byCode.get(d1!.code)).toMatchObject({ status: 'late', statusLabel: 'Chậm', dueAt: { text: '01/07/2023 12:00' } });
    expect(byCode.get(d2!.code)).toMatchObject({ status: 'missing' });
    expect(byCode.has(exempt.code)).toBe(false); // not asked to report
    // The province's own report is due Monday 10:00, this very minute: not yet missing.
    expect(byCode.get(t.world.provinces[0]!.code)).toMatchObject({ status: 'pending', dueAt: { text: '03/07/2023 10:00' } });
    expect(res.body.lateUnits.sentence).toBe('Công tác thông tin, báo cáo của một số huyện Đoàn không đảm bảo tiến độ, cụ thể: Huyện Đoàn 1.1, Huyện Đoàn 1.2.');
    const summary = res.body.selected.summary;
    expect(summary).toMatchObject({ expected: rows.length, late: 1 });
    expect(summary.missing + summary.late + summary.onTime + summary.pending).toBe(rows.length);
  });

  it('never expects a unit in a week it does not exist', async () => {
    const admin = await t.signIn('tw.admin');
    const d1 = t.world.districts[0]!.code;
    // Dissolved on Tuesday 20/6 (week 25), created on Sunday 2/7 (the last day of week 26).
    await createUnit(t.ctx, { code: `${d1}-GIAI-THE`, name: 'Đoàn cơ sở đã giải thể', level: 'grassroots', parentCode: d1, validTo: '2023-06-20' });
    await createUnit(t.ctx, { code: `${d1}-MOI`, name: 'Đoàn cơ sở mới thành lập', level: 'grassroots', parentCode: d1, validFrom: '2023-07-02' });
    const codesIn = async (week: string) => {
      const res = await call(admin, 'GET', `${base()}/units/${d1}/timeliness?period=${week}`);
      return (res.body.selected.rows as { unit: { code: string } }[]).map((r) => r.unit.code);
    };
    expect(await codesIn('2023-W25')).toContain(`${d1}-GIAI-THE`);
    expect(await codesIn('2023-W25')).not.toContain(`${d1}-MOI`);
    expect(await codesIn('2023-W26')).not.toContain(`${d1}-GIAI-THE`);
    expect(await codesIn('2023-W26')).toContain(`${d1}-MOI`);
    // Nor can it report for such a week.
    const closed = await call(admin, 'GET', reportUrl(`${d1}-GIAI-THE`, '2023-W26'));
    expect(closed.status).toBe(400);
    expect(closed.body.error.message).toBe('Đơn vị Đoàn cơ sở đã giải thể không tồn tại trong tuần 2023-W26.');
  });
});

describe('audit', () => {
  it('is searchable by admins only, by unit, user and dates', async () => {
    const [admin, steering] = await Promise.all([t.signIn('tw.admin'), t.signIn('tw.chidao')]);
    expect((await call(steering, 'GET', '/api/v1/audit')).status).toBe(403);
    expect((await call(null, 'GET', '/api/v1/audit')).status).toBe(401);
    const d1 = t.world.districts[0]!.code;
    const byUnit = await call(admin, 'GET', `/api/v1/audit?unit=${d1}&user=p1.quanly&from=03/07/2023&to=03/07/2023`);
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.entries.length).toBeGreaterThan(0);
    for (const e of byUnit.body.entries) expect(e).toMatchObject({ unit: { code: d1 }, user: { username: 'p1.quanly' } });
    const before = await call(admin, 'GET', `/api/v1/audit?unit=${d1}&from=02/07/2023&to=02/07/2023`);
    expect(before.body.entries).toEqual([]);
    const paged = await call(admin, 'GET', '/api/v1/audit?limit=2');
    expect(paged.body.entries).toHaveLength(2);
    const next = await call(admin, 'GET', `/api/v1/audit?limit=2&before=${paged.body.next}`);
    expect(next.body.entries[0].id).toBeLessThan(paged.body.entries[1].id);
  });

  it('cannot be changed or deleted, not even by the database owner', async () => {
    const refusal = async (query: ReturnType<typeof sql>) => {
      const error = await t.ctx.db.execute(query).then(() => null, (e: Error & { cause?: Error }) => e);
      return String(error?.cause?.message ?? error?.message);
    };
    const count = async () => (await t.ctx.db.execute(sql`select count(*)::int as n from audit_log`) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await refusal(sql`update audit_log set reason = 'sửa' where true`)).toContain('append-only');
    expect(await refusal(sql`delete from audit_log`)).toContain('append-only');
    expect(await refusal(sql`truncate audit_log`)).toContain('append-only');
    expect(await count()).toBe(before);
  });
});
