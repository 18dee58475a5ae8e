/**
 * Response shapes shared by several resources. The routes declare them as response
 * schemas (so a response that drifts from its type fails), and the web app's client is
 * typed by them (`@giaoban/server/api`, type-only: no schema code reaches the browser).
 */
import { z } from 'zod';
import { REPORT_STATES, REPORTING_MODES, UNIT_LEVELS, VALUE_KINDS } from '@giaoban/core';

/** A date both ways: ISO for machines, dd/mm/yyyy for people. */
export const dateTextSchema = z.object({ iso: z.string(), text: z.string() });

export const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Tên viết tắt, when the unit has one. */
  shortName: z.string().nullable(),
  level: z.enum(UNIT_LEVELS),
  levelLabel: z.string(),
  tags: z.array(z.string()),
  region: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

export const indicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  unitOfMeasure: z.string(),
  valueKind: z.enum(VALUE_KINDS),
  reportingMode: z.enum(REPORTING_MODES),
});

export const errorSchema = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    field: z.string().optional(),
    /** kind 'outlier': the figure is accepted once confirmed with an explanation. */
    fields: z.array(z.object({ field: z.string(), message: z.string(), kind: z.literal('outlier').optional() })).optional(),
    /** A file refused by row: `row`/`field` say where (the same as `line`/`column`). */
    rows: z.array(z.object({ line: z.number(), column: z.string(), row: z.number(), field: z.string(), message: z.string() })).optional(),
  }),
});

/** A report's approval state, or 'missing' when the unit has none for the week. */
export const reportStatusSchema = z.enum([...REPORT_STATES, 'missing']);

/** Where a report stands against its deadline. */
export const timelinessSchema = z.enum(['on_time', 'late', 'missing', 'pending']);

/** An instant both ways: ISO for machines, "dd/mm/yyyy HH:mm" (Asia/Ho_Chi_Minh) for people. */
export const instantTextSchema = z.object({ iso: z.string(), text: z.string() });

/** One recorded change (a figure, a state, a target, the rules), as the history and the audit search show it. */
export const historyEntrySchema = z.object({
  id: z.number(),
  at: instantTextSchema,
  user: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  ip: z.string().nullable(),
  action: z.enum(['report.value', 'report.state', 'report.on_behalf', 'target.value', 'campaign.rules', 'unit.create', 'unit.update', 'tag.create', 'account.create', 'account.update', 'account.password', 'account.sessions', 'unit.reorganise', 'activity.setup', 'activity.create', 'activity.correct', 'activity.remove', 'activity.photo', 'activity.photo_remove']),
  campaign: z.string().nullable(),
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  period: z.string().nullable(),
  indicator: z.object({ code: z.string(), name: z.string() }).nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  /** The change in words, in the user's language ("Đã gửi → Đã duyệt", "1.200 → 1.350"). */
  summary: z.string(),
  reason: z.string().nullable(),
});
