/**
 * One round of errors on the campaign forms (issue 18): a rules save and a campaign creation
 * with several mistakes are refused in one 400 that lists every one of them (the reminder
 * hours as typed, read by the server), and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let manager: Session;
beforeAll(async () => {
  t = await openTestApp();
  manager = await t.signIn('p1.quanly');
});
afterAll(() => t?.close());

const province = () => t.world.provinces[0]!.code;
const indicators = () => Object.values(t.world.indicators).map((i) => i.code);

function campaignBody(code: string, patch: Record<string, unknown> = {}) {
  return {
    code, name: 'Chiến dịch thử một lượt lỗi', startDate: '2023-06-05', endDate: '2023-08-27',
    rootUnitCode: province(), phases: [], targets: [{ indicatorCode: indicators()[0]!, target: 10 }], ...patch,
  };
}

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: manager.headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
}

const fieldsOf = (body: { error: { fields?: { field: string }[] } }) => (body.error.fields ?? []).map((f) => f.field);

describe('a rules save with several mistakes', () => {
  it('lists bad hours, a bad bound and a bad precision in one 400 and changes nothing', async () => {
    const code = 'mot-luot-quy-dinh';
    expect((await call('POST', '/api/v1/campaigns', campaignBody(code))).status).toBe(201);
    const rules = `/api/v1/campaigns/${code}/units/${province()}/rules`;
    const before = (await call('GET', `/api/v1/campaigns/${code}`)).body.campaign.rules;
    const bad = await call('PUT', rules, {
      reminders: { remindBeforeHours: '1.5', escalateAfterHours: 'hai', escalateFurtherAfterHours: '48', staleAfterHours: '72' },
      upperBounds: { [indicators()[0]!]: 'nhiều' },
      precision: 3,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual([
      'rules.reminders.remindBeforeHours', 'rules.reminders.escalateAfterHours', `rules.upperBounds.${indicators()[0]!}`, 'rules.precision',
    ]);
    // The dot decimal is answered with how to write it.
    expect(bad.body.error.fields[0].message).toContain('1,5');
    const after = (await call('GET', `/api/v1/campaigns/${code}`)).body.campaign;
    expect(after.rules).toEqual(before);
    expect(after.indicators[0].upperBound).toBeNull();
  });

  it('reads hours typed the Vietnamese way, then checks them together', async () => {
    const code = 'mot-luot-gio';
    expect((await call('POST', '/api/v1/campaigns', campaignBody(code))).status).toBe(201);
    const rules = `/api/v1/campaigns/${code}/units/${province()}/rules`;
    const ok = await call('PUT', rules, { reminders: { remindBeforeHours: '1,5', escalateAfterHours: '2', escalateFurtherAfterHours: 48, staleAfterHours: ' 72 ' } });
    expect(ok.status).toBe(200);
    expect(ok.body.campaign.rules.reminders).toEqual({ remindBeforeHours: 1.5, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 });
    const order = await call('PUT', rules, { reminders: { remindBeforeHours: '1,5', escalateAfterHours: '50', escalateFurtherAfterHours: '48', staleAfterHours: '72' } });
    expect(order.status).toBe(400);
    expect(fieldsOf(order.body)).toEqual(['rules.reminders.escalateFurtherAfterHours']);
  });
});

describe('a campaign creation with several mistakes', () => {
  it('lists every bad field in one 400 and creates nothing', async () => {
    const code = 'mot-luot-tao';
    const bad = await call('POST', '/api/v1/campaigns', campaignBody(code, {
      name: '   ', startDate: '2023-08-31', endDate: '2023-06-01',
      targets: [{ indicatorCode: indicators()[0]!, target: 'mười' }, { indicatorCode: 'khong-co', target: 5 }],
      rules: { reminders: { remindBeforeHours: 'x', escalateAfterHours: '2', escalateFurtherAfterHours: '48', staleAfterHours: '72' }, precision: 5 },
    }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual([
      'targets.0.target', 'name', 'endDate', 'targets.1.indicatorCode', 'rules.reminders.remindBeforeHours', 'rules.precision',
    ]);
    expect((await call('GET', `/api/v1/campaigns/${code}`)).status).toBe(404);
  });

  it('answers an empty code, empty dates and no indicator in the same list, not as a schema refusal first', async () => {
    const bad = await call('POST', '/api/v1/campaigns', campaignBody('', { name: 'Có tên', startDate: '', endDate: '', targets: [] }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['code', 'startDate', 'endDate', 'targets']);
    expect(bad.body.error.fields[3].message).toBe('Chọn ít nhất một chỉ tiêu cho chiến dịch.');
  });

  it('names a code already in use with the other mistakes', async () => {
    const code = 'mot-luot-trung';
    expect((await call('POST', '/api/v1/campaigns', campaignBody(code))).status).toBe(201);
    const again = await call('POST', '/api/v1/campaigns', campaignBody(code, { endDate: '2023-06-01' }));
    expect(again.status).toBe(400);
    expect(fieldsOf(again.body)).toEqual(['endDate', 'code']);
  });
});
