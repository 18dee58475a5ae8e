/** The demo's activities, checked as the server checks them, and the totals they make (worked out from the table by hand). */
import { describe, expect, it } from 'vitest';
import { activityTotals, checkActivity, focusCoverage, groupRowsOf, type ActivityRecord } from '@giaoban/core';
import { DEMO_ACTIVITY_SETUP, demoActivities } from './demo-activities.ts';

const context = (unitCode: string) => ({
  campaign: { startDate: '2023-05-27', endDate: '2023-08-31' }, workKinds: DEMO_ACTIVITY_SETUP.workKinds,
  focusAreas: DEMO_ACTIVITY_SETUP.focusAreas.map((f) => f.code), unitCode,
});

describe('the demo\'s activities', () => {
  const records: ActivityRecord[] = demoActivities().map((a) => checkActivity(a.kind, a.fields, context(a.unitCode)));

  it('are every one valid, in the order entered, none in Hà Nội', () => {
    expect(records).toHaveLength(33);
    const at = demoActivities().map((a) => a.at);
    expect(at).toEqual([...at].sort());
    expect(demoActivities().some((a) => a.unitCode === '01' || a.unitCode.startsWith('01-'))).toBe(false);
  });

  it('add up to what the README says', () => {
    const totals = activityTotals(groupRowsOf(records), focusCoverage(DEMO_ACTIVITY_SETUP.focusAreas.map((f) => f.code), records));
    expect(totals.works).toMatchObject({ count: 12, value: 8_445_000_000 });
    expect(totals.works.byState).toEqual({ planned: 1, in_progress: 3, handed_over: 8 });
    expect(totals.teams).toEqual({ count: 6, members: 2_005 });
    expect(totals.press.count).toBe(8);
    expect(totals.models).toEqual({ count: 2, models: 1, people: 1 });
    expect(totals.inspections).toEqual({ count: 2, openFollowUps: 1 });
    expect(totals.linkages.count).toBe(3);
    expect(totals.focusAreas).toEqual({ covered: 4, total: 6 });
  });
});
