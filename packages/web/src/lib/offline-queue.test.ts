import { describe, expect, it } from 'vitest';
import type { ReportResponse } from '@giaoban/server/api';
import { createOfflineQueueStore, flushQueue, OfflineQueue, outcomeOf, queueKey, sameAsQueued, STORAGE_KEY, type QueuedBody, type QueuedReport, type QueueStorage } from './offline-queue.ts';

const T0 = new Date('2023-07-06T03:00:00Z');
const T1 = new Date('2023-07-06T03:05:00Z');
const address = { username: 'p01.baocao', campaign: 'tntn-he-2023', unit: '01', period: '2023-W27' };
const body = (version: number, value = '12'): QueuedBody => ({ values: { c1: value, c2: null }, consolidated: false, highlights: 'Tốt', difficulties: '', proposals: '', version });
const report = (version: number) => ({ version, status: 'submitted' }) as unknown as ReportResponse;

function memoryStorage(): QueueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
}

describe('OfflineQueue', () => {
  it('keeps one entry per account and report, the latest send replacing the earlier one whatever its state', () => {
    let q = OfflineQueue.enqueue([], { ...address, kind: 'draft', body: body(3, '10') }, T0);
    q = OfflineQueue.startSending(q, queueKey(address));
    q = OfflineQueue.enqueue(q, { ...address, kind: 'submit', body: body(3, '12') }, T1);
    q = OfflineQueue.enqueue(q, { ...address, username: 'p02.baocao', kind: 'submit', body: body(0) }, T1);
    expect(q.map((e) => [e.username, e.kind, e.state, e.queuedAt, e.body.values?.c1])).toEqual([
      ['p01.baocao', 'submit', 'waiting', '2023-07-06T03:05:00.000Z', '12'],
      ['p02.baocao', 'submit', 'waiting', '2023-07-06T03:05:00.000Z', '12'],
    ]);
    expect(OfflineQueue.waiting(q, 'p02.baocao').map((e) => e.unit)).toEqual(['01']);
    expect(OfflineQueue.find(q, { ...address, period: '2023-W26' })).toBeNull();
  });

  // state before → outcome → state after, attempts, answer kind
  const cases: { name: string; from: QueuedReport['state']; outcome: Parameters<typeof OfflineQueue.settle>[2]; state: QueuedReport['state']; attempts: number; answer: string | null }[] = [
    { name: 'no answer: waits again, one attempt more', from: 'sending', outcome: { kind: 'unanswered' }, state: 'waiting', attempts: 1, answer: null },
    { name: 'accepted', from: 'sending', outcome: { kind: 'accepted', report: report(4) }, state: 'answered', attempts: 0, answer: 'accepted' },
    { name: 'refused', from: 'sending', outcome: { kind: 'refused', status: 400, error: { id: 'invalid', message: 'Sai' } }, state: 'answered', attempts: 0, answer: 'refused' },
    { name: 'conflict', from: 'sending', outcome: { kind: 'conflict', message: 'Đã có phiên bản mới hơn' }, state: 'answered', attempts: 0, answer: 'conflict' },
    { name: 'an answer for an entry replaced meanwhile (waiting again) is not taken', from: 'waiting', outcome: { kind: 'accepted', report: report(4) }, state: 'waiting', attempts: 0, answer: null },
  ];
  it.each(cases)('settle: $name', ({ from, outcome, state, attempts, answer }) => {
    let q = OfflineQueue.enqueue([], { ...address, kind: 'submit', body: body(3) }, T0);
    if (from === 'sending') q = OfflineQueue.startSending(q, queueKey(address));
    const [entry] = OfflineQueue.settle(q, queueKey(address), outcome, T1);
    expect([entry!.state, entry!.attempts, entry!.answer?.kind ?? null]).toEqual([state, attempts, answer]);
    expect(entry!.answeredAt).toBe(answer ? '2023-07-06T03:05:00.000Z' : null);
  });

  it('sends only a waiting entry, and puts back to waiting an entry a closed page left sending', () => {
    let q = OfflineQueue.enqueue([], { ...address, kind: 'submit', body: body(3) }, T0);
    q = OfflineQueue.settle(OfflineQueue.startSending(q, queueKey(address)), queueKey(address), { kind: 'conflict', message: 'x' }, T1);
    expect(OfflineQueue.startSending(q, queueKey(address))).toEqual(q);
    expect(OfflineQueue.waiting(q, address.username)).toEqual([]);
    const left = OfflineQueue.startSending(OfflineQueue.enqueue([], { ...address, kind: 'submit', body: body(3) }, T0), queueKey(address));
    expect(OfflineQueue.recovered(left)[0]!.state).toBe('waiting');
    expect(OfflineQueue.dismiss(q, queueKey(address))).toEqual([]);
  });
});

describe('outcomeOf', () => {
  const refusal = (status: number) => Object.assign(new Error('Số liệu không hợp lệ'), { status, id: 'invalid', fields: [{ field: 'values.c1', message: 'Phải là số' }] });
  it.each([
    { error: new Error('network'), kind: 'unanswered' },
    { error: refusal(401), kind: 'unanswered' },
    { error: refusal(503), kind: 'unanswered' },
    { error: refusal(500), kind: 'unanswered' },
    { error: refusal(409), kind: 'conflict' },
    { error: refusal(400), kind: 'refused' },
    { error: refusal(403), kind: 'refused' },
    { error: refusal(422), kind: 'refused' },
  ])('a $error.status failure is $kind', ({ error, kind }) => {
    expect(outcomeOf(error).kind).toBe(kind);
  });
  it('keeps the field problems of a refusal for the form', () => {
    expect(outcomeOf(refusal(400))).toEqual({ kind: 'refused', status: 400, error: { id: 'invalid', message: 'Số liệu không hợp lệ', fields: [{ field: 'values.c1', message: 'Phải là số' }] } });
  });
});

describe('flushQueue', () => {
  function storeWith(...entries: { unit: string; username?: string }[]) {
    const storage = memoryStorage();
    const store = createOfflineQueueStore(storage);
    for (const e of entries) store.update((q) => OfflineQueue.enqueue(q, { ...address, ...e, kind: 'submit', body: body(3) }, T0));
    return { storage, store };
  }

  it("sends this account's entries in order, keeps each answer, and leaves another account's alone", async () => {
    const { store, storage } = storeWith({ unit: '01' }, { unit: '02' }, { unit: '03', username: 'other' }, { unit: '04' });
    const sent: string[] = [];
    const answered = await flushQueue(store, {
      username: address.username,
      now: () => T1,
      send: async (e) => {
        sent.push(e.unit);
        if (e.unit === '02') throw Object.assign(new Error('Đã có phiên bản mới hơn'), { status: 409 });
        return report(4);
      },
    });
    expect(sent).toEqual(['01', '02', '04']);
    expect(answered).toBe(3);
    const stored = JSON.parse(storage.data.get(STORAGE_KEY)!) as QueuedReport[];
    expect(stored.map((e) => [e.unit, e.state, e.answer?.kind ?? null])).toEqual([
      ['01', 'answered', 'accepted'], ['02', 'answered', 'conflict'], ['03', 'waiting', null], ['04', 'answered', 'accepted'],
    ]);
  });

  it('stops at the first send without an answer, the entry waiting again', async () => {
    const { store } = storeWith({ unit: '01' }, { unit: '02' });
    const sent: string[] = [];
    const answered = await flushQueue(store, {
      username: address.username,
      now: () => T1,
      send: async (e) => { sent.push(e.unit); throw new Error('network'); },
    });
    expect([answered, sent]).toEqual([0, ['01']]);
    expect(store.read().map((e) => [e.state, e.attempts])).toEqual([['waiting', 1], ['waiting', 0]]);
  });

  it('tells its listeners of every change and reads what another tab stored', () => {
    const { store, storage } = storeWith();
    let calls = 0;
    const stop = store.subscribe(() => { calls++; });
    store.update((q) => OfflineQueue.enqueue(q, { ...address, kind: 'draft', body: body(1) }, T0));
    expect(calls).toBe(1);
    expect(store.read()).toBe(store.read());
    storage.setItem(STORAGE_KEY, '[]');
    store.changedElsewhere();
    expect([calls, store.read()]).toEqual([2, []]);
    stop();
    storage.setItem(STORAGE_KEY, 'not json');
    expect(store.read()).toEqual([]);
  });
});

describe('sameAsQueued', () => {
  const typed = { values: { c1: ' 12 ', c2: '' }, consolidated: false, highlights: 'Tốt', difficulties: '', proposals: '' };
  it('compares the typing as the form would send it', () => {
    expect(sameAsQueued(body(3, '12'), typed)).toBe(true);
    expect(sameAsQueued(body(3, '13'), typed)).toBe(false);
    expect(sameAsQueued(body(3, '12'), { ...typed, proposals: 'Thêm' })).toBe(false);
  });
});
