/** Ready dashboard answers: kept until a change at or below their unit, never kept across a change. */
import { describe, expect, it } from 'vitest';
import { ProgressCache } from './progress-cache.ts';

const answer = (unitId: number, body: string) => async () => ({ campaignId: 1, unitId, body });
const change = (unitId: number, ancestors: number[]) => ({ campaignId: 1, unitId, ancestors });

describe('ProgressCache', () => {
  it('answers from the cache until a change at or below the unit', async () => {
    const cache = new ProgressCache();
    expect(await cache.answer('TW', answer(1, 'a'))).toBe('a');
    expect(await cache.answer('P1', answer(2, 'p'))).toBe('p');
    expect(await cache.answer('TW', answer(1, 'b'))).toBe('a');
    // A district of P2 changed: the national answer goes, P1's stays.
    cache.invalidate([change(30, [3, 1])]);
    expect(await cache.answer('TW', answer(1, 'b'))).toBe('b');
    expect(await cache.answer('P1', answer(2, 'q'))).toBe('p');
    expect(cache.stats).toMatchObject({ entries: 2, hits: 2, misses: 3 });
  });

  it('does not keep an answer computed while a change came in', async () => {
    const cache = new ProgressCache();
    expect(await cache.answer('TW', async () => {
      cache.invalidate([change(2, [1])]);
      return { campaignId: 1, unitId: 1, body: 'from before the change' };
    })).toBe('from before the change');
    expect(await cache.answer('TW', answer(1, 'after'))).toBe('after');
  });

  it('keeps nothing when disabled (a read replica)', async () => {
    const cache = new ProgressCache({ enabled: false });
    expect(await cache.answer('TW', answer(1, 'a'))).toBe('a');
    expect(await cache.answer('TW', answer(1, 'b'))).toBe('b');
  });

  it('lets the least recently used answers go first when full', async () => {
    const cache = new ProgressCache({ max: 2 });
    await cache.answer('A', answer(1, 'a'));
    await cache.answer('B', answer(2, 'b'));
    await cache.answer('A', answer(1, 'a2'));
    await cache.answer('C', answer(3, 'c'));
    expect(await cache.answer('A', answer(1, 'a3'))).toBe('a');
    expect(await cache.answer('B', answer(2, 'b2'))).toBe('b2');
  });
});
