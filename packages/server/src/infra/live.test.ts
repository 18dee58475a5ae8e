/** The payloads of live-update notifications: each change once, every payload under PostgreSQL's limit. */
import { describe, expect, it } from 'vitest';
import { packChanges, type LiveChange } from './live.ts';

const change = (unitId: number, period = '2023-W27', at = '2023-07-06T03:00:00.000Z'): LiveChange =>
  ({ campaignId: 1, unitId, period, ancestors: [unitId + 100_000, 200_000, 300_000, 1], at });

describe('packChanges', () => {
  it('keeps the latest of equal changes', () => {
    const [payload, ...rest] = packChanges([change(5, 'W27', 'a'), change(6), change(5, 'W27', 'b'), change(5, 'W28')]);
    expect(rest).toEqual([]);
    expect(JSON.parse(payload!)).toEqual([change(5, 'W27', 'b'), change(6), change(5, 'W28')]);
  });

  it('splits a deadline storm into payloads under 8.000 bytes, losing none', () => {
    const storm = Array.from({ length: 2_000 }, (_, i) => change(i + 1));
    const payloads = packChanges(storm);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8_000);
    expect(payloads.flatMap((p) => JSON.parse(p) as LiveChange[])).toEqual(storm);
  });
});
