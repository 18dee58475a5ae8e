/**
 * nhập thay over HTTP: a manager of a unit above enters a child's report with a reason and
 * the time it really arrived; timeliness is judged on that time, and the entry is audited and
 * shown. Refusals: a future time, a time before the week began, no reason, one's own unit,
 * a reporter, a unit outside one's subtree; a refused entry writes nothing.
 *
 * The test clock reads 10:00 on Monday 03/07/2023 in Hà Nội; a district's report of week
 * 2023-W26 (26/06 – 02/07) was due on Saturday 01/07/2023 at 12:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => { t = await openTestApp(); });
afterAll(() => t?.close());

const code = (key: string) => `${t.world.prefix}${key}`;
const base = () => `/api/v1/campaigns/${t.world.campaign.code}`;
const reportUrl = (unit: string, week: string) => `${base()}/units/${unit}/reports/${week}`;
const WEEK = '2023-W26';
const REASON = 'Huyện báo qua điện thoại do mất mạng';

async function call(s: Session | null | undefined, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

const entry = (onBehalf: unknown, value = 7) => ({ version: 0, values: { [code('tuyen-pho')]: value }, onBehalf });

describe('entry on behalf (nhập thay)', () => {
  it('refuses a future time, a time before the week, no reason; a reporter, one\'s own unit and units outside; writes nothing', async () => {
    const d1 = t.world.districts[0]!.code; // a district of P1
    const p2District = t.world.districts.find((d) => d.code.startsWith(t.world.provinces[1]!.code))?.code ?? t.world.districts.at(-1)!.code;
    const [manager, d1Reporter, p1Reporter] = await Promise.all([t.signIn('p1.quanly'), t.signIn('p1d1.baocao'), t.signIn('p1.baocao')]);
    const url = `${reportUrl(d1, WEEK)}/submit`;

    const future = await call(manager, 'POST', url, entry({ reason: REASON, receivedAt: '2023-07-03T10:05:00+07:00' }));
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({ field: 'onBehalf.receivedAt', message: 'Thời điểm nhận báo cáo (10:05 ngày 03/07/2023) không thể ở tương lai.' });

    const early = await call(manager, 'POST', url, entry({ reason: REASON, receivedAt: '2023-06-25T23:00:00+07:00' }));
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe('Thời điểm nhận báo cáo (23:00 ngày 25/06/2023) không thể trước khi tuần bắt đầu (00:00 ngày 26/06/2023).');

    const noReason = await call(manager, 'POST', url, entry({ reason: ' ', receivedAt: '2023-07-01T09:30:00+07:00' }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ field: 'onBehalf.reason', message: 'Cần ghi lý do nhập thay (ví dụ: đơn vị báo qua điện thoại, gửi bản giấy).' });

    // Every problem of the form at once: the figure and the entry's fields.
    const both = await call(manager, 'POST', url, { version: 0, values: { [code('tuyen-pho')]: 'abc' }, onBehalf: {} });
    expect(both.status).toBe(400);
    expect((both.body.error.fields as { field: string }[]).map((f) => f.field))
      .toEqual(expect.arrayContaining([`values.${code('tuyen-pho')}`, 'onBehalf.reason', 'onBehalf.receivedAt']));

    const english = await t.app.inject({
      method: 'POST', url: `${url}?lang=en`, headers: { ...manager.headers, 'accept-language': 'en' },
      payload: entry({ reason: REASON, receivedAt: '2023-07-04T08:00:00+07:00' }),
    });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toBe('The received time (08:00 on 04/07/2023) cannot be in the future.');

    const own = await call(d1Reporter, 'POST', url, entry({ reason: REASON, receivedAt: '2023-07-01T09:30:00+07:00' }));
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.');

    const ownProvince = await call(manager, 'POST', `${reportUrl(t.world.provinces[0]!.code, WEEK)}/submit`, entry({ reason: REASON, receivedAt: '2023-07-01T09:30:00+07:00' }));
    expect(ownProvince.status).toBe(403);
    expect(ownProvince.body.error.message).toBe('Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.');

    // A reporter of the parent writes only its own unit; a manager only inside its subtree.
    expect((await call(p1Reporter, 'POST', url, entry({ reason: REASON, receivedAt: '2023-07-01T09:30:00+07:00' }))).status).toBe(403);
    expect((await call(manager, 'POST', `${reportUrl(p2District, WEEK)}/submit`, entry({ reason: REASON, receivedAt: '2023-07-01T09:30:00+07:00' }))).status).toBe(403);
    // Without onBehalf a manager above still cannot submit the unit's report.
    expect((await call(manager, 'POST', url, { version: 0, values: { [code('tuyen-pho')]: 7 } })).status).toBe(403);

    const after = await call(manager, 'GET', reportUrl(d1, WEEK));
    expect(after.body).toMatchObject({ status: 'missing', onBehalf: null, history: [] });
    // The page offers the entry to a manager above, not to the unit nor to a reporter above.
    expect(after.body.mayEnterOnBehalf).toBe(true);
    expect((await call(d1Reporter, 'GET', reportUrl(d1, WEEK))).body.mayEnterOnBehalf).toBe(false);
    expect((await call(p1Reporter, 'GET', reportUrl(d1, WEEK))).body.mayEnterOnBehalf).toBe(false);
    expect((await call(manager, 'GET', reportUrl(t.world.provinces[0]!.code, WEEK))).body.mayEnterOnBehalf).toBe(false);
  });

  it('is judged on the received time, audited and shown; the timeliness list says so', async () => {
    const d1 = t.world.districts[0]!.code;
    const manager = await t.signIn('p1.quanly');
    const url = reportUrl(d1, WEEK);
    // Entered now (Monday 03/07 10:00, after the deadline), received Saturday 01/07 at 09:30 (before it).
    const done = await call(manager, 'POST', `${url}/submit`, entry({ reason: REASON, receivedAt: '2023-07-01T09:30:00+07:00' }, 9));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'submitted', timeliness: 'on_time', dueAt: { text: '01/07/2023 12:00' },
      firstSubmittedAt: '2023-07-01T02:30:00.000Z',
      onBehalf: { by: { username: 'p1.quanly' }, reason: REASON, receivedAt: '2023-07-01T02:30:00.000Z', receivedAtText: '09:30 ngày 01/07/2023' },
    });
    expect(done.body.submittedAt).toBe('2023-07-03T03:00:00.000Z');
    const entries = done.body.history as { action: string; summary: string; reason: string | null; user: { username: string } | null }[];
    expect(entries.find((h) => h.action === 'report.on_behalf')).toMatchObject({
      summary: 'nhập thay · nhận lúc 09:30 ngày 01/07/2023', reason: REASON, user: { username: 'p1.quanly' },
    });

    // The report's unit sees the same; the parent approves it as any other.
    const own = await call(await t.signIn('p1d1.baocao'), 'GET', url);
    expect(own.body.onBehalf).toMatchObject({ receivedAtText: '09:30 ngày 01/07/2023' });

    const list = await call(manager, 'GET', `${base()}/units/${t.world.provinces[0]!.code}/timeliness?period=${WEEK}`);
    const row = (list.body.selected.rows as { unit: { code: string }; status: string; onBehalf: boolean; submittedAt: { text: string } | null }[])
      .find((r) => r.unit.code === d1);
    expect(row).toMatchObject({ status: 'on_time', onBehalf: true, submittedAt: { text: '01/07/2023 09:30' } });

    // In English too.
    const en = await call(manager, 'GET', `${url}?lang=en`);
    expect(en.body.onBehalf.receivedAtText).toBe('09:30 on 01/07/2023');
  });

  it('a received time after the deadline is late, however early it was entered', async () => {
    const d2 = t.world.districts[1]!.code; // the other district of P1
    const steering = await t.signIn('tw.chidao'); // two levels up
    const done = await call(steering, 'POST', `${reportUrl(d2, WEEK)}/submit`, entry({ reason: 'Bản giấy gửi qua bưu điện', receivedAt: '2023-07-02T16:00:00+07:00' }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ timeliness: 'late', onBehalf: { by: { username: 'tw.chidao' }, receivedAtText: '16:00 ngày 02/07/2023' } });
  });
});
