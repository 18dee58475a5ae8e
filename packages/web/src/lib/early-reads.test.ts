import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, forgetEarlyReads, readAhead } from '../api/client.ts';
import { earlyAsOf } from './early-reads.ts';

class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string) { return this.data.get(key) ?? null; }
  setItem(key: string, value: string) { this.data.set(key, value); }
  removeItem(key: string) { this.data.delete(key); }
}

const SUMMER = { code: 'he-2023', startDate: { iso: '2023-05-27', text: '27/05/2023' }, endDate: { iso: '2023-08-31', text: '31/08/2023' } };

function keep(today: string | null, campaigns: readonly object[] = [SUMMER]): void {
  localStorage.setItem('giaoban.offline-session', JSON.stringify({ session: { user: { username: 'tw.chidao' } }, campaigns, today }));
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
});
afterEach(() => {
  forgetEarlyReads();
  vi.unstubAllGlobals();
});

describe('earlyAsOf: the day the dashboard will ask for, known before the session answers', () => {
  // Expected values by hand: DashboardPage opens a running campaign on "now" (no day), a
  // finished one on its last day, a coming one on its first, written dd/mm/yyyy.
  const cases: readonly { name: string; search: string; today: string | null | 'nothing kept'; campaigns?: readonly object[]; expected: string | undefined }[] = [
    { name: 'the address names the day', search: '?asOf=01/07/2023', today: '2023-09-05', expected: '01/07/2023' },
    { name: 'nothing kept on this device: taken as running', search: '', today: 'nothing kept', expected: undefined },
    { name: 'running on the day kept', search: '', today: '2023-07-06', expected: undefined },
    { name: 'its first day is running', search: '', today: '2023-05-27', expected: undefined },
    { name: 'its last day is running', search: '', today: '2023-08-31', expected: undefined },
    { name: 'finished: its last day', search: '', today: '2023-09-01', expected: '31/08/2023' },
    { name: 'coming: its first day', search: '', today: '2023-05-26', expected: '27/05/2023' },
    { name: 'a campaign not among those kept', search: '', today: '2023-09-01', campaigns: [], expected: undefined },
    { name: 'no day kept', search: '', today: null, expected: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.today !== 'nothing kept') keep(c.today, c.campaigns);
      expect(earlyAsOf('he-2023', c.search)).toBe(c.expected);
    });
  }
});

describe('reads started ahead', () => {
  function countFetches() {
    const calls: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      calls.push(url);
      return Promise.resolve(new Response(JSON.stringify({ n: calls.length }), { status: 200, headers: { 'content-type': 'application/json' } }));
    });
    return calls;
  }

  it('are taken once by the identical read; the next one goes to the server', async () => {
    const calls = countFetches();
    readAhead.progress('he-2023', 'TW', {});
    readAhead.unit('TW');
    expect(calls).toHaveLength(2);
    expect(await api.progress('he-2023', 'TW')).toEqual({ n: 1 });
    expect(await api.unit('TW')).toEqual({ n: 2 });
    expect(calls).toHaveLength(2);
    expect(await api.progress('he-2023', 'TW')).toEqual({ n: 3 });
    expect(calls).toHaveLength(3);
  });

  it('are not taken by a read of another day, or after a sign-out', async () => {
    const calls = countFetches();
    readAhead.progress('he-2023', 'TW', {});
    await api.progress('he-2023', 'TW', { asOf: '31/08/2023' });
    expect(calls).toEqual(['/api/v1/campaigns/he-2023/units/TW/progress?lang=vi', '/api/v1/campaigns/he-2023/units/TW/progress?lang=vi&asOf=31%2F08%2F2023']);
    forgetEarlyReads();
    await api.progress('he-2023', 'TW');
    expect(calls).toHaveLength(3);
  });

  it('are not taken once stale (10 s after they went out)', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const calls = countFetches();
      readAhead.campaigns();
      vi.advanceTimersByTime(10_001);
      await api.campaigns();
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
