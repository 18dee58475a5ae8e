import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDERS,
  REMINDER_STAGES,
  dueStages,
  reminderTimes,
  validateReminderSettings,
  type ReminderSettings,
  type ReminderStage,
} from './reminders.ts';

// Friday 7/7/2023 17:00 in Hà Nội.
const DUE = '2023-07-07T10:00:00.000Z';
const HOUR = 3_600_000;
const at = (hours: number, ms = 0) => new Date(Date.parse(DUE) + hours * HOUR + ms).toISOString();

const validationOn = (field: string) =>
  expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field, messageEn: expect.any(String) }) });

describe('DEFAULT_REMINDERS', () => {
  it('reminds a day before, escalates 2 and 48 hours after, and is stale after three days', () => {
    expect(DEFAULT_REMINDERS).toEqual({ remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 });
    expect(Object.isFrozen(DEFAULT_REMINDERS)).toBe(true);
    expect(validateReminderSettings(DEFAULT_REMINDERS)).toEqual(DEFAULT_REMINDERS);
  });

  it('lists the stages in the order they fire', () => {
    expect(REMINDER_STAGES).toEqual(['reminder', 'escalation', 'escalation_above']);
  });
});

describe('reminderTimes', () => {
  it('counts each stage from the deadline', () => {
    expect(reminderTimes(DUE, DEFAULT_REMINDERS)).toEqual({
      reminder: '2023-07-06T10:00:00.000Z',
      escalation: '2023-07-07T12:00:00.000Z',
      escalation_above: '2023-07-09T10:00:00.000Z',
    });
  });

  it('reads a deadline written in local time and counts half hours', () => {
    const settings = { ...DEFAULT_REMINDERS, remindBeforeHours: 1.5, escalateAfterHours: 0.5 };
    expect(reminderTimes('2023-07-07T17:00:00+07:00', settings)).toMatchObject({
      reminder: '2023-07-07T08:30:00.000Z',
      escalation: '2023-07-07T10:30:00.000Z',
    });
  });

  it('refuses what is not an instant', () => {
    expect(() => reminderTimes('thứ Sáu', DEFAULT_REMINDERS)).toThrow(RangeError);
  });
});

describe('dueStages with the defaults', () => {
  it.each<[string, string, ReminderStage[]]>([
    ['a millisecond before the reminder time', at(-24, -1), []],
    ['exactly at the reminder time', at(-24), ['reminder']],
    ['a millisecond before the deadline', at(0, -1), ['reminder']],
    // At the deadline itself the report is still on time, but a reminder is no longer news.
    ['exactly at the deadline', at(0), []],
    ['a millisecond before the escalation', at(2, -1), []],
    ['exactly at the escalation time', at(2), ['escalation']],
    ['a millisecond before the escalation to the level above', at(48, -1), ['escalation']],
    ['exactly at the escalation to the level above', at(48), ['escalation', 'escalation_above']],
    ['a millisecond before the escalation goes stale', at(2 + 72, -1), ['escalation', 'escalation_above']],
    ['exactly when the escalation goes stale', at(2 + 72), ['escalation_above']],
    ['a millisecond before everything is stale', at(48 + 72, -1), ['escalation_above']],
    ['exactly when everything is stale', at(48 + 72), []],
    ['a month later', at(24 * 30), []],
    ['a month earlier', at(-24 * 30), []],
  ])('%s', (_case, now, expected) => {
    expect(dueStages(DUE, DEFAULT_REMINDERS, now)).toEqual(expected);
  });

  it('reads `now` in any offset', () => {
    expect(dueStages(DUE, DEFAULT_REMINDERS, '2023-07-07T16:59:00+07:00')).toEqual(['reminder']);
    expect(dueStages(DUE, DEFAULT_REMINDERS, '2023-07-07T19:00:00+07:00')).toEqual(['escalation']);
  });

  it('refuses a `now` that is not an instant', () => {
    expect(() => dueStages(DUE, DEFAULT_REMINDERS, '')).toThrow(RangeError);
  });
});

describe('dueStages with campaign settings', () => {
  const settings = (s: Partial<ReminderSettings>): ReminderSettings => ({ ...DEFAULT_REMINDERS, ...s });

  it('drops a reminder sent too long before the deadline once it is stale', () => {
    // Reminded 100 hours before, stale after 72: from 28 hours before the deadline on, nothing.
    const early = settings({ remindBeforeHours: 100 });
    expect(dueStages(DUE, early, at(-100))).toEqual(['reminder']);
    expect(dueStages(DUE, early, at(-28, -1))).toEqual(['reminder']);
    expect(dueStages(DUE, early, at(-28))).toEqual([]);
    expect(dueStages(DUE, early, at(-1))).toEqual([]);
  });

  it('never reminds after the deadline, even while the reminder is not yet stale', () => {
    const late = settings({ remindBeforeHours: 1, staleAfterHours: 72 });
    expect(dueStages(DUE, late, at(-1))).toEqual(['reminder']);
    expect(dueStages(DUE, late, at(0))).toEqual([]);
    expect(dueStages(DUE, late, at(0, 60_000))).toEqual([]);
  });

  it('never reminds when the reminder is set at the deadline itself', () => {
    const none = settings({ remindBeforeHours: 0 });
    for (const hours of [-24, -1, 0, 1]) expect(dueStages(DUE, none, at(hours))).not.toContain('reminder');
  });

  it('escalates at the deadline itself when asked to', () => {
    const immediate = settings({ escalateAfterHours: 0 });
    expect(dueStages(DUE, immediate, at(0))).toEqual(['escalation']);
    expect(dueStages(DUE, immediate, at(0, -1))).toEqual(['reminder']);
  });

  it('keeps a short stale window short', () => {
    const short = settings({ staleAfterHours: 1 });
    expect(dueStages(DUE, short, at(2))).toEqual(['escalation']);
    expect(dueStages(DUE, short, at(3, -1))).toEqual(['escalation']);
    expect(dueStages(DUE, short, at(3))).toEqual([]);
    expect(dueStages(DUE, short, at(48, 30 * 60_000))).toEqual(['escalation_above']);
  });
});

describe('validateReminderSettings', () => {
  it('returns a frozen copy of good settings', () => {
    const s = { remindBeforeHours: 0, escalateAfterHours: 0.5, escalateFurtherAfterHours: 672, staleAfterHours: 1 };
    const checked = validateReminderSettings(s);
    expect(checked).toEqual(s);
    expect(checked).not.toBe(s);
    expect(Object.isFrozen(checked)).toBe(true);
  });

  it.each<[Partial<ReminderSettings>, string]>([
    [{ remindBeforeHours: -1 }, 'reminders.remindBeforeHours'],
    [{ remindBeforeHours: 673 }, 'reminders.remindBeforeHours'],
    [{ remindBeforeHours: 0.25 }, 'reminders.remindBeforeHours'],
    [{ remindBeforeHours: Number.NaN }, 'reminders.remindBeforeHours'],
    [{ escalateAfterHours: Number.POSITIVE_INFINITY }, 'reminders.escalateAfterHours'],
    [{ escalateFurtherAfterHours: '48' as unknown as number }, 'reminders.escalateFurtherAfterHours'],
    [{ staleAfterHours: -0.5 }, 'reminders.staleAfterHours'],
    // The level above hears of it after the parent, never at the same time.
    [{ escalateAfterHours: 48, escalateFurtherAfterHours: 48 }, 'reminders.escalateFurtherAfterHours'],
    [{ escalateAfterHours: 50, escalateFurtherAfterHours: 48 }, 'reminders.escalateFurtherAfterHours'],
    [{ staleAfterHours: 0.5 }, 'reminders.staleAfterHours'],
    [{ staleAfterHours: 0 }, 'reminders.staleAfterHours'],
  ])('refuses %j on %s', (change, field) => {
    expect(() => validateReminderSettings({ ...DEFAULT_REMINDERS, ...change })).toThrow(validationOn(field));
  });

  it('names the field it was given and says what is wrong in Vietnamese and English', () => {
    expect(() => validateReminderSettings({ ...DEFAULT_REMINDERS, remindBeforeHours: 700 }, 'campaign.reminders')).toThrow(
      expect.objectContaining({
        message: 'Số giờ phải từ 0 đến 672, theo bước nửa giờ.',
        details: expect.objectContaining({
          field: 'campaign.reminders.remindBeforeHours', messageEn: 'Hours must be between 0 and 672, in half hours.', value: 700,
        }),
      }),
    );
    expect(() => validateReminderSettings({ ...DEFAULT_REMINDERS, escalateFurtherAfterHours: 1 })).toThrow(
      'Báo lên cấp trên nữa phải muộn hơn lần báo cho cấp trên trực tiếp.',
    );
  });
});
