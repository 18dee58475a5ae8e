import { describe, expect, it } from 'vitest';
import { paths } from './routes.ts';

describe('paths.quality', () => {
  it('names the week and the order only when chosen (by code is the default)', () => {
    expect(paths.quality('tntn-he-2023', 'TW')).toBe('/quality/tntn-he-2023/TW');
    expect(paths.quality('tntn-he-2023', 'TW', { period: '2023-W26' })).toBe('/quality/tntn-he-2023/TW?period=2023-W26');
    expect(paths.quality('tntn-he-2023', 'TW', { period: '2023-W26', order: 'name' })).toBe('/quality/tntn-he-2023/TW?period=2023-W26&order=name');
    expect(paths.quality('tntn-he-2023', 'TW', { order: 'code' })).toBe('/quality/tntn-he-2023/TW');
  });

  it('escapes codes', () => {
    expect(paths.quality('a b', 'Đ/1')).toBe('/quality/a%20b/%C4%90%2F1');
  });
});

describe('paths.rules', () => {
  it('names the campaign, escaped', () => {
    expect(paths.rules('tntn-he-2023')).toBe('/rules/tntn-he-2023');
    expect(paths.rules('hè 2023')).toBe('/rules/h%C3%A8%202023');
  });
});

describe('the unit-group filter in the address', () => {
  it('keeps the day and the group of the dashboard, each only when chosen', () => {
    expect(paths.dashboard('tntn-he-2023', 'TW')).toBe('/dashboard/tntn-he-2023/TW');
    expect(paths.dashboard('tntn-he-2023', 'TW', { asOf: '02/07/2023' })).toBe('/dashboard/tntn-he-2023/TW?asOf=02%2F07%2F2023');
    expect(paths.dashboard('tntn-he-2023', 'TW', { asOf: '02/07/2023', group: 'urban' })).toBe('/dashboard/tntn-he-2023/TW?asOf=02%2F07%2F2023&group=urban');
    expect(paths.dashboard('tntn-he-2023', 'TW', { group: 'public-administration' })).toBe('/dashboard/tntn-he-2023/TW?group=public-administration');
  });

  it('names the group of the quality page after the week and the order', () => {
    expect(paths.quality('tntn-he-2023', '01', { period: '2023-W26', order: 'name', group: 'urban' })).toBe('/quality/tntn-he-2023/01?period=2023-W26&order=name&group=urban');
    expect(paths.quality('tntn-he-2023', '01', { group: undefined })).toBe('/quality/tntn-he-2023/01');
  });
});

describe('paths of the units and accounts pages', () => {
  it('name the unit, escaped', () => {
    expect(paths.units('01')).toBe('/units/01');
    expect(paths.accounts('01-BD')).toBe('/accounts/01-BD');
    expect(paths.units('Đ/1')).toBe('/units/%C4%90%2F1');
  });
});

describe('paths.reorganisations', () => {
  it('names the unit of the scope, escaped', () => {
    expect(paths.reorganisations('01')).toBe('/reorganisations/01');
    expect(paths.reorganisations('Đ/1')).toBe('/reorganisations/%C4%90%2F1');
  });
});
