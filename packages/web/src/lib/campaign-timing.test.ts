import { describe, expect, it } from 'vitest';
import { campaignTiming, chooseCampaign, openingAsOf, type DatedCampaign } from './campaign-timing.ts';

// The demo's summer campaign (27/05 – 31/08/2023), one that ended before it, two after it.
const summer: DatedCampaign = { code: 'he-2023', startDate: '2023-05-27', endDate: '2023-08-31' };
const spring: DatedCampaign = { code: 'xuan-2023', startDate: '2023-01-15', endDate: '2023-04-30' };
const autumn: DatedCampaign = { code: 'thu-2023', startDate: '2023-09-15', endDate: '2023-11-30' };
const winter: DatedCampaign = { code: 'dong-2023', startDate: '2023-12-01', endDate: '2024-02-28' };
// Running inside the summer campaign, started after it.
const july: DatedCampaign = { code: 'thang-7', startDate: '2023-07-01', endDate: '2023-07-31' };
const open: DatedCampaign = { code: 'mo', startDate: null, endDate: null };

describe('campaignTiming', () => {
  it.each([
    ['the day before the first day', summer, '2023-05-26', 'coming'],
    ['its first day', summer, '2023-05-27', 'running'],
    ['a day inside', summer, '2023-07-06', 'running'],
    ['its last day', summer, '2023-08-31', 'running'],
    ['the day after the last day', summer, '2023-09-01', 'finished'],
    ['three years later (the issue: 03/12/2026)', summer, '2026-12-03', 'finished'],
    ['no dates at all', open, '2023-07-06', 'running'],
    ['no end, after its start', { code: 'x', startDate: '2023-01-01', endDate: null }, '2030-01-01', 'running'],
    ['no start, before its end', { code: 'x', startDate: null, endDate: '2023-01-01' }, '2000-01-01', 'running'],
  ] as const)('%s → %s', (_, campaign, today, expected) => {
    expect(campaignTiming(campaign, today)).toBe(expected);
  });
});

describe('chooseCampaign', () => {
  it.each([
    ['nothing listed', [], '2023-07-06', null, null],
    ['the running one among finished and coming', [spring, summer, autumn], '2023-07-06', null, 'he-2023'],
    ['the same whatever the order of the list', [autumn, summer, spring], '2023-07-06', null, 'he-2023'],
    ['of two running, the one that started last', [summer, july], '2023-07-06', null, 'thang-7'],
    ['of two running, the one that started last, listed first', [july, summer], '2023-07-06', null, 'thang-7'],
    ['the remembered running one over the one that started last', [summer, july], '2023-07-06', 'he-2023', 'he-2023'],
    ['the remembered finished one over a running one (the user picked it)', [spring, summer], '2023-07-06', 'xuan-2023', 'xuan-2023'],
    ['a remembered code no longer listed is ignored', [spring, summer], '2023-07-06', 'da-xoa', 'he-2023'],
    ['none running: the next to start, not a later one', [spring, summer, winter, autumn], '2023-09-05', null, 'thu-2023'],
    ['none running: the next to start over the one just ended', [summer, autumn], '2023-09-05', null, 'thu-2023'],
    ['none running nor coming: the one that ended last (the issue: 03/12/2026)', [spring, summer], '2026-12-03', null, 'he-2023'],
    ['none running nor coming, listed the other way', [summer, spring], '2026-12-03', null, 'he-2023'],
    ['between campaigns on the very last day: still running', [summer, autumn], '2023-08-31', null, 'he-2023'],
  ] as const)('%s', (_, campaigns, today, remembered, expected) => {
    expect(chooseCampaign(campaigns, today, remembered)).toBe(expected);
  });
});

describe('openingAsOf', () => {
  it.each([
    ['running: now (null, the live figures)', summer, '2023-07-06', null],
    ['running on its last day: now', summer, '2023-08-31', null],
    ['finished: its last day', summer, '2023-09-01', '2023-08-31'],
    ['finished long ago: its last day, not today (the issue: 03/12/2026)', summer, '2026-12-03', '2023-08-31'],
    ['coming: its first day', autumn, '2023-07-06', '2023-09-15'],
    ['no dates: now', open, '2023-07-06', null],
  ] as const)('%s', (_, campaign, today, expected) => {
    expect(openingAsOf(campaign, today)).toBe(expected);
  });
});
