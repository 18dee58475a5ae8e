/**
 * The audit search (issue 18) words a figure change of an indicator reported to date (số liệu
 * lũy kế) as the report's history does: the value to date as typed, with the week's increment
 * beside it; an indicator reported by the week keeps its plain increments. The weeks before are
 * read for the whole page in one statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
beforeAll(async () => { t = await openTestApp(); });
afterAll(() => t?.close());

const code = (key: string) => `${t.world.prefix}${key}`;
const reportUrl = (unit: string, week: string) => `/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${week}`;

async function submit(s: Session, unit: string, week: string, version: number, values: Record<string, string>) {
  const res = await t.app.inject({
    method: 'POST', url: `${reportUrl(unit, week)}/submit`, headers: s.headers,
    payload: { version, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [code(k), v])) },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { version: number };
}

type Entry = { id: number; action: string; period: string | null; indicator: { code: string } | null; summary: string };

describe('the audit search of a figure reported to date', () => {
  it('shows the value to date as typed, with the week\'s increment beside it, in either language', async () => {
    const reporter = await t.signIn('p1d1.baocao');
    const admin = await t.signIn('tw.admin');
    const d1 = t.world.districts[0]!.code;
    await submit(reporter, d1, '2023-W23', 0, { 'ky-nang-so': '15.007', 'tuyen-pho': '2' });
    const first = await submit(reporter, d1, '2023-W24', 0, { 'ky-nang-so': '18.900', 'tuyen-pho': '3' });
    await submit(reporter, d1, '2023-W24', first.version, { 'ky-nang-so': '19.000', 'tuyen-pho': '3' });

    const lines = async (lang: 'vi' | 'en', query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit?unit=${d1}&lang=${lang}${query}`, headers: admin.headers });
      expect(res.statusCode).toBe(200);
      return (res.json().entries as Entry[]).filter((e) => e.action === 'report.value')
        .map((e) => `${e.period} ${e.indicator?.code}: ${e.summary}`);
    };
    // Week 24: 18.900 − 15.007 = 3.893, then 19.000 − 15.007 = 3.993. Week 23 has no weeks before.
    // Newest first; the road figure (reported by the week) stays as stored.
    const ky = code('ky-nang-so');
    expect((await lines('vi')).filter((l) => l.includes(`${ky}:`))).toEqual([
      `2023-W24 ${ky}: 18.900 → 19.000 (lũy kế; tăng trong tuần: 3.893 → 3.993)`,
      `2023-W24 ${ky}: (trống) → 18.900 (lũy kế; tăng trong tuần: 3.893)`,
      `2023-W23 ${ky}: (trống) → 15.007 (lũy kế; tăng trong tuần: 15.007)`,
    ]);
    expect((await lines('vi')).filter((l) => l.includes(`${code('tuyen-pho')}:`))).toEqual([
      `2023-W24 ${code('tuyen-pho')}: (trống) → 3`,
      `2023-W23 ${code('tuyen-pho')}: (trống) → 2`,
    ]);
    expect((await lines('en')).find((l) => l.startsWith(`2023-W24 ${ky}: (empty)`)))
      .toBe(`2023-W24 ${ky}: (empty) → 18.900 (to date; the week's increase: 3.893)`);
    // A page of one entry still finds its weeks before.
    const paged = await t.app.inject({ method: 'GET', url: `/api/v1/audit?unit=${d1}&period=2023-W24&limit=500`, headers: admin.headers });
    const all = (paged.json().entries as Entry[]).filter((e) => e.action === 'report.value' && e.indicator?.code === ky);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/audit?unit=${d1}&limit=1&before=${all.at(-1)!.id + 1}`, headers: admin.headers });
    expect((one.json().entries as Entry[])[0]?.summary).toBe('(trống) → 18.900 (lũy kế; tăng trong tuần: 3.893)');
  });
});
