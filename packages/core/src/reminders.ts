import { ValidationError } from './errors.ts';

// Reminders and escalations around a report's deadline (issue 4). Before the deadline the
// units that have not submitted are reminded; after it their parent's managers get the
// list; after a further delay, the level above. Each stage fires once per unit, week and
// recipient (the server keys its notifications so), and only while it is still news: a
// server started long after a deadline does not send a flood of stale reminders.

/**
 * When the stages fire, in hours relative to the deadline.
 *
 * @example
 * const s: ReminderSettings = { remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 };
 */
export interface ReminderSettings {
  /** Hours before the deadline when units that have not submitted are reminded. */
  readonly remindBeforeHours: number;
  /** Hours after the deadline when the parent's managers get the list of missing units. */
  readonly escalateAfterHours: number;
  /** Hours after the deadline when the level above the parent gets the list. */
  readonly escalateFurtherAfterHours: number;
  /** A stage not sent within this many hours of its time is skipped (it is no longer news). */
  readonly staleAfterHours: number;
}

/**
 * The defaults: a day before, two hours after, two days after; stale after three days.
 *
 * @example
 * DEFAULT_REMINDERS.remindBeforeHours; // 24
 */
export const DEFAULT_REMINDERS: ReminderSettings = Object.freeze({
  remindBeforeHours: 24,
  escalateAfterHours: 2,
  escalateFurtherAfterHours: 48,
  staleAfterHours: 72,
});

/**
 * The stages, in the order they fire.
 *
 * @example
 * REMINDER_STAGES[0]; // 'reminder'
 */
export const REMINDER_STAGES = ['reminder', 'escalation', 'escalation_above'] as const;

/**
 * One of `REMINDER_STAGES`.
 *
 * @example
 * const stage: ReminderStage = 'escalation';
 */
export type ReminderStage = (typeof REMINDER_STAGES)[number];

const HOUR_MS = 3_600_000;
const MAX_HOURS = 24 * 28;

/**
 * Checks settings (whole or half hours from 0 to 672, escalations in order) and returns a
 * frozen copy; throws ValidationError on `<field>.<name>`.
 *
 * @example
 * validateReminderSettings({ remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 });
 */
export function validateReminderSettings(settings: ReminderSettings, field = 'reminders'): ReminderSettings {
  const names = ['remindBeforeHours', 'escalateAfterHours', 'escalateFurtherAfterHours', 'staleAfterHours'] as const;
  for (const name of names) {
    const v = settings[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_HOURS || !Number.isInteger(v * 2)) {
      throw new ValidationError(
        `${field}.${name}`,
        `Số giờ phải từ 0 đến ${MAX_HOURS}, theo bước nửa giờ.`,
        `Hours must be between 0 and ${MAX_HOURS}, in half hours.`,
        { value: v },
      );
    }
  }
  if (settings.escalateFurtherAfterHours <= settings.escalateAfterHours) {
    throw new ValidationError(
      `${field}.escalateFurtherAfterHours`,
      'Báo lên cấp trên nữa phải muộn hơn lần báo cho cấp trên trực tiếp.',
      'The escalation to the level above must come after the one to the parent.',
      { value: settings.escalateFurtherAfterHours },
    );
  }
  if (settings.staleAfterHours < 1) {
    throw new ValidationError(`${field}.staleAfterHours`, 'Thời hạn gửi nhắc tối thiểu 1 giờ.', 'A reminder must stay sendable for at least 1 hour.', {
      value: settings.staleAfterHours,
    });
  }
  return Object.freeze({ ...settings });
}

/**
 * When each stage fires for a deadline (ISO instants).
 *
 * @example
 * reminderTimes('2023-07-07T10:00:00.000Z', DEFAULT_REMINDERS).reminder; // '2023-07-06T10:00:00.000Z'
 */
export function reminderTimes(dueAt: string, settings: ReminderSettings): Readonly<Record<ReminderStage, string>> {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) throw new RangeError(`Not an instant: ${dueAt}`);
  const at = (hours: number) => new Date(due + hours * HOUR_MS).toISOString();
  return Object.freeze({
    reminder: at(-settings.remindBeforeHours),
    escalation: at(settings.escalateAfterHours),
    escalation_above: at(settings.escalateFurtherAfterHours),
  });
}

/**
 * The stages due at `now` for a deadline: their time has come and they are not stale.
 * The reminder is due only before the deadline itself (after it, it is an escalation's
 * business).
 *
 * @example
 * dueStages('2023-07-07T10:00:00.000Z', DEFAULT_REMINDERS, '2023-07-07T12:30:00.000Z'); // ['escalation']
 */
export function dueStages(dueAt: string, settings: ReminderSettings, now: string): ReminderStage[] {
  const times = reminderTimes(dueAt, settings);
  const t = Date.parse(now);
  if (Number.isNaN(t)) throw new RangeError(`Not an instant: ${now}`);
  const stale = settings.staleAfterHours * HOUR_MS;
  return REMINDER_STAGES.filter((stage) => {
    const at = Date.parse(times[stage]);
    if (t < at || t >= at + stale) return false;
    return stage !== 'reminder' || t < Date.parse(dueAt);
  });
}
