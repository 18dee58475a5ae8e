import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetKeptReads, withKeptCopy } from './offline-reads.ts';

class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string) { return this.data.get(key) ?? null; }
  setItem(key: string, value: string) { this.data.set(key, value); }
  removeItem(key: string) { this.data.delete(key); }
}

class Offline extends Error {}
const isOffline = (error: unknown) => error instanceof Offline;
const fails = (error: Error) => () => Promise.reject(error);

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
});
afterEach(() => { vi.unstubAllGlobals(); });

describe('withKeptCopy', () => {
  it('answers a network failure with the last answer kept, and nothing else', async () => {
    expect(await withKeptCopy('report|a', async () => ({ version: 3 }), isOffline)).toEqual({ version: 3 });
    expect(await withKeptCopy('report|a', async () => ({ version: 4 }), isOffline)).toEqual({ version: 4 });
    expect(await withKeptCopy('report|a', fails(new Offline()), isOffline)).toEqual({ version: 4 });
    // A refusal is the server's answer: never replaced by a copy.
    await expect(withKeptCopy('report|a', fails(new Error('403')), isOffline)).rejects.toThrow('403');
    // Nothing kept: the failure itself.
    await expect(withKeptCopy('report|b', fails(new Offline('offline')), isOffline)).rejects.toThrow('offline');
  });

  it('keeps the 12 newest answers, and forgets them all on signing out', async () => {
    for (let n = 1; n <= 14; n++) await withKeptCopy(`k${n}`, async () => n, isOffline);
    // k1 and k2 went; k3, read again, is the newest now, so k15 pushes out k4.
    await withKeptCopy('k3', async () => 30, isOffline);
    await withKeptCopy('k15', async () => 15, isOffline);
    const kept = [...storage.data.keys()].filter((k) => !k.endsWith('index')).map((k) => Number(k.replace('giaoban.kept-read.k', ''))).sort((a, b) => a - b);
    expect(kept).toEqual([3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(await withKeptCopy('k3', fails(new Offline()), isOffline)).toBe(30);
    forgetKeptReads();
    expect(storage.data.size).toBe(0);
    await expect(withKeptCopy('k3', fails(new Offline('gone')), isOffline)).rejects.toThrow('gone');
  });
});
