import { describe, expect, it } from 'vitest';
import { compareLsn, isLsn } from './replication.repository.ts';

describe('WAL positions', () => {
  it.each([
    ['0/3000060', '0/3000060', 0],
    ['0/3000060', '0/30000A0', -1],
    ['1/0', '0/FFFFFFFF', 1],
    ['16/B374D848', '16/b374d847', 1],
  ])('compares %s with %s', (a, b, expected) => {
    expect(compareLsn(a, b)).toBe(expected);
  });

  it.each([['0/0', true], ['16/B374D848', true], ['', false], ['16-B374D848', false], ['1/2/3', false], ['123456789/0', false]])(
    'knows whether %j is a position', (value, expected) => {
      expect(isLsn(value)).toBe(expected);
    },
  );
});
