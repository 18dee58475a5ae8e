import { z } from 'zod';
import { REPORT_ACTIONS } from '@giaoban/core';
import { dateTextSchema, historyEntrySchema, indicatorSchema, instantTextSchema, reportStatusSchema, timelinessSchema, unitSchema, campaignCodeParam, figureInput, unitCodeParam } from '../http/index.ts';

export const reportParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam, period: z.string().min(1).max(10) });

export const reportBody = z.object({
  values: z.record(z.string().max(48), figureInput).default({}),
  consolidated: z.boolean().optional(),
  highlights: z.string().max(20_000).optional(),
  difficulties: z.string().max(20_000).optional(),
  proposals: z.string().max(20_000).optional(),
  /**
   * The version of the report this write was made from (0 when there was none yet): a write
   * made from an older one is refused, so a stale writer never overwrites silently.
   */
  version: z.number().int().nonnegative(),
  /** Indicator code → explanation confirming a figure flagged as unusual. */
  explanations: z.record(z.string().max(48), z.string().max(2_000).nullable()).optional(),
  /**
   * nhập thay: a manager of a unit above enters the report for the unit, with why and when it
   * really reached them (an ISO instant with its offset); timeliness is judged on that time.
   * Both are checked by core (on-behalf.ts), so a missing one is told in words.
   */
  onBehalf: z.object({ reason: z.string().max(2_000).optional(), receivedAt: z.string().max(40).optional() }).nullable().optional(),
});

export const correctBody = reportBody.extend({ reason: z.string().max(2_000) });

export const reviewBody = z.object({
  version: z.number().int().nonnegative(),
  reason: z.string().max(2_000).optional(),
});

export const approveChildrenBody = z.object({ units: z.array(z.string().min(1).max(32)).min(1).max(1_000) });

/** The reports whose figures the list displayed, each at the version displayed. */
export const childrenViewedBody = z.object({
  reports: z.array(z.object({ unit: z.string().min(1).max(32), version: z.number().int().nonnegative() })).min(1).max(1_000),
});

export const childrenViewedResponse = z.object({ viewed: z.array(z.string()) });

export const childrenReportsResponse = z.object({
  unit: unitSchema,
  period: z.string(),
  children: z.array(z.object({
    unit: unitSchema,
    status: reportStatusSchema,
    statusLabel: z.string(),
    version: z.number(),
    viewed: z.boolean(),
    submittedAt: instantTextSchema.nullable(),
    onBehalf: z.object({ receivedAtText: z.string(), reason: z.string() }).nullable(),
    figures: z.array(z.object({
      code: z.string(), name: z.string(), unitOfMeasure: z.string(),
      reportingMode: z.enum(['increment', 'cumulative']),
      target: z.number().nullable(), entered: z.number().nullable(), toDate: z.number(),
      text: z.object({ target: z.string().nullable(), entered: z.string().nullable(), toDate: z.string(), achievement: z.string().nullable() }),
    })),
    flags: z.array(z.object({ code: z.string(), name: z.string(), message: z.string(), explanation: z.string() })),
  })),
});

export const approveChildrenResponse = z.object({
  approved: z.array(z.string()),
  refused: z.array(z.object({ unitCode: z.string(), state: z.string(), message: z.string() })),
});


const nullableText = z.string().nullable();

export const reportResponse = z.object({
  campaign: z.string(),
  unit: unitSchema,
  period: z.string(),
  periodStart: dateTextSchema.nullable(),
  periodEnd: dateTextSchema.nullable(),
  status: reportStatusSchema,
  statusLabel: z.string(),
  /** What the signed-in user may do to the report now. */
  actions: z.array(z.enum(REPORT_ACTIONS)),
  dueAt: instantTextSchema.nullable(),
  timeliness: timelinessSchema.nullable(),
  firstSubmittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  correctionReason: z.string().nullable(),
  /** A manager of the parent has opened the report as it now stands (approving needs it). */
  viewed: z.boolean(),
  /** The signed-in manager of a unit above may submit this report on the unit's behalf (nhập thay) now. */
  mayEnterOnBehalf: z.boolean(),
  /** Entered on the unit's behalf by a manager above (nhập thay): by whom, why, when the report really arrived. */
  onBehalf: z.object({
    by: z.object({ username: z.string(), displayName: z.string() }).nullable(),
    reason: z.string(),
    receivedAt: z.string(),
    receivedAtText: z.string(),
  }).nullable(),
  /** Figures flagged as unusual at submission, with the unit's explanation. */
  flags: z.array(z.object({ code: z.string(), name: z.string(), message: z.string(), explanation: z.string() })),
  history: z.array(historyEntrySchema),
  consolidated: z.boolean(),
  highlights: z.string(),
  difficulties: z.string(),
  proposals: z.string(),
  /** Send it back with the next save: a save against a newer version is refused. */
  version: z.number(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  draft: z.object({
    values: z.record(z.string(), z.number()),
    consolidated: z.boolean(),
    highlights: z.string(),
    difficulties: z.string(),
    proposals: z.string(),
  }).nullable(),
  indicators: z.array(indicatorSchema.extend({
    target: z.number().nullable(),
    lastWeek: z.number().nullable(),
    toDateBefore: z.number(),
    submitted: z.object({ increment: z.number(), entered: z.number() }).nullable(),
    draft: z.number().nullable(),
    /** Counted from the unit's activity records of the week (issue 20): the count now, and the rule in words; the form shows it read-only and sends nothing for it. */
    counted: z.object({ value: z.number(), valueText: z.string(), text: z.string() }).nullable(),
    text: z.object({ target: nullableText, lastWeek: nullableText, toDateBefore: nullableText, submitted: nullableText, draft: nullableText }),
  })),
});
