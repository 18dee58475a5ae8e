/**
 * One round of errors (issue 18): a submission's problems come back in one 400, whatever
 * their kind: figures that cannot be read (letters, a decimal written with a dot, a number
 * too large), figures out of range (negative), a value to date that falls, and an unusual
 * figure without its explanation; nothing is written. And the history of a figure reported
 * to date shows it to date, with the week's increment beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/index.ts';
import { DEFAULT_INDICATORS } from '../../test/factories.ts';
import { openTestApp, PASSWORD, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({
    indicators: [
      ...DEFAULT_INDICATORS,
      { key: 'tinh-nguyen', name: 'Tình nguyện viên tham gia', unitOfMeasure: 'người', valueKind: 'integer', reportingMode: 'increment', target: 9000 },
      { key: 'nha', name: 'Nhà nhân ái', unitOfMeasure: 'nhà', valueKind: 'integer', reportingMode: 'increment', target: 100 },
      { key: 'kinh-phi', name: 'Kinh phí vận động', unitOfMeasure: 'đồng', valueKind: 'vnd', reportingMode: 'increment', target: 1e9 },
    ],
  });
});
afterAll(() => t?.close());

const code = (key: string) => `${t.world.prefix}${key}`;
const reportUrl = (unit: string, week: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${week}`;

async function submit(s: Session, unit: string, week: string, values: Record<string, string | number>, language?: 'en') {
  const res = await t.app.inject({
    method: 'POST', url: `${reportUrl(unit, week)}/submit${language ? `?lang=${language}` : ''}`, headers: s.headers,
    payload: { version: 0, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [code(k), v])) },
  });
  return { status: res.statusCode, body: res.json() };
}

describe('one round of errors', () => {
  it('answers letters, a dotted decimal, a huge number, a negative, a falling to-date and a missing explanation in one 400', async () => {
    const reporter = await t.signIn('p1d1.baocao');
    const d1 = t.world.districts[0]!.code;
    // Four ordinary weeks: 20–23 volunteers (median 21,5), 30 trained to date.
    for (const [i, week] of ['2023-W23', '2023-W24', '2023-W25', '2023-W26'].entries()) {
      const res = await submit(reporter, d1, week, { 'tinh-nguyen': 20 + i, 'ky-nang-so': 30 });
      expect(res.status).toBe(200);
    }
    const huge = '123456789012345678901234567890123456789012345';
    const refused = await submit(reporter, d1, '2023-W27', {
      'tuyen-pho': 'mười hai', nha: '1.5', 'kinh-phi': huge, 'km-duong': '-3', 'ky-nang-so': '25', 'tinh-nguyen': '900',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([
      { field: `values.${code('tuyen-pho')}`, message: 'Giá trị "mười hai" không phải là số.' },
      { field: `values.${code('nha')}`, message: 'Giá trị "1.5" không đọc được: số thập phân viết với dấu phẩy, hãy viết 1,5 (dấu chấm chỉ để tách hàng nghìn, như 1.500).' },
      { field: `values.${code('kinh-phi')}`, message: `Chỉ tiêu "Kinh phí vận động" không nhận số lớn hơn 1.000.000.000.000.000 (${huge}).` },
      { field: `values.${code('km-duong')}`, message: 'Chỉ tiêu "Đường giao thông nông thôn" không nhận số âm (-3).' },
      {
        field: `values.${code('ky-nang-so')}`,
        message: 'Chỉ tiêu "Thanh niên được phổ cập kỹ năng số": số liệu lũy kế 25 thấp hơn số liệu lũy kế đã báo cáo trước đó (30). Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.',
      },
      {
        field: `values.${code('tinh-nguyen')}`, kind: 'outlier',
        message: 'Chỉ tiêu "Tình nguyện viên tham gia": Số liệu 900 cao bất thường so với các tuần trước (trung vị 21,5). Vui lòng xác nhận và ghi giải thích ngắn.',
      },
    ]);
    // Nothing was written.
    const after = await t.app.inject({ method: 'GET', url: reportUrl(d1, '2023-W27'), headers: reporter.headers });
    expect(after.json().status).toBe('missing');
  });

  it('says the same in English, quoting the typing, never in scientific notation', async () => {
    const reporter = await t.signIn('p1d1.baocao');
    const huge = '99999999999999999999999';
    const refused = await submit(reporter, t.world.districts[0]!.code, '2023-W28', { nha: huge, 'km-duong': '2.5' }, 'en');
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f: { message: string }) => f.message)).toEqual([
      `Indicator "Nhà nhân ái" does not take numbers above 1000000000000000 (${huge}).`,
      'Value "2.5" cannot be read: decimals follow a comma, write 2,5 (a dot only separates thousands, as in 1.500).',
    ]);
  });
});

describe('the history of a figure reported to date', () => {
  it('shows the value to date as typed, with the week\'s increment beside it', async () => {
    const d2 = t.world.districts[1]!.code;
    await createUser(t.ctx, { username: 'p1d2.baocao', password: PASSWORD, displayName: 'p1d2.baocao', role: 'reporter', unitCode: d2 });
    const reporter = await t.signIn('p1d2.baocao');
    expect((await submit(reporter, d2, '2023-W23', { 'ky-nang-so': '15.007' })).status).toBe(200);
    const first = await submit(reporter, d2, '2023-W24', { 'ky-nang-so': '18.900' });
    expect(first.status).toBe(200);
    const res = await t.app.inject({
      method: 'POST', url: `${reportUrl(d2, '2023-W24')}/submit`, headers: reporter.headers,
      payload: { version: first.body.version, values: { [code('ky-nang-so')]: '19.000' } },
    });
    expect(res.statusCode).toBe(200);
    const lines = (res.json().history as { action: string; summary: string }[]).filter((h) => h.action === 'report.value').map((h) => h.summary);
    // 18.900 − 15.007 = 3.893 that week; 19.000 − 15.007 = 3.993. Newest first.
    expect(lines).toEqual([
      '18.900 → 19.000 (lũy kế; tăng trong tuần: 3.893 → 3.993)',
      '(trống) → 18.900 (lũy kế; tăng trong tuần: 3.893)',
    ]);
    const en = await t.app.inject({ method: 'GET', url: `${reportUrl(d2, '2023-W24')}?lang=en`, headers: reporter.headers });
    expect((en.json().history as { action: string; summary: string }[]).filter((h) => h.action === 'report.value').at(-1)?.summary)
      .toBe("(empty) → 18.900 (to date; the week's increase: 3.893)");
  });
});
