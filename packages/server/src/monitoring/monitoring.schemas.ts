import { z } from 'zod';
import { dateTextSchema, instantTextSchema, reportStatusSchema, timelinessSchema, unitSchema, campaignCodeParam, unitCodeParam } from '../http/index.ts';
import { historyEntrySchema } from '../http/index.ts';
import { groupFilterSchema, groupQuery, unitGroupSchema } from '../planning/index.ts';

export const workflowParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam });

export const timelinessQuery = z.object({
  period: z.string().max(10).optional(),
  /** How the late units are listed: by code, or by name in Vietnamese dictionary order. */
  order: z.enum(['code', 'name']).default('code'),
  kind: z.enum(['late', 'missing', 'late_or_missing']).default('late_or_missing'),
  subject: z.string().max(60).optional(),
  lang: z.enum(['vi', 'en']).optional(),
  /** Only the units of a unit group (a code of unit_tags; unknown: 400 on `group`). */
  group: groupQuery,
});

const summarySchema = z.object({
  expected: z.number(),
  submitted: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  pending: z.number(),
  completeness: z.number().nullable(),
  timeliness: z.number().nullable(),
  completenessText: z.string().nullable(),
  timelinessText: z.string().nullable(),
});

const weekSchema = z.object({ week: z.string(), start: dateTextSchema, end: dateTextSchema });

export const timelinessResponse = z.object({
  campaign: z.string(),
  unit: unitSchema,
  weeks: z.array(z.object({ week: weekSchema, summary: summarySchema })),
  selected: z.object({
    week: weekSchema,
    summary: summarySchema,
    rows: z.array(z.object({
      unit: unitSchema,
      /** The unit is a direct child of the unit asked about (the rows the sentence names). */
      isChild: z.boolean(),
      dueAt: instantTextSchema,
      submittedAt: instantTextSchema.nullable(),
      status: timelinessSchema,
      statusLabel: z.string(),
      reportStatus: reportStatusSchema,
      returnReason: z.string().nullable(),
      flagCount: z.number(),
      /** Entered on the unit's behalf (nhập thay): `submittedAt` is when the report reached the level above. */
      onBehalf: z.boolean(),
    })),
  }).nullable(),
  /** "Công tác thông tin, báo cáo của một số … không đảm bảo tiến độ, cụ thể: …" (the unit's children). */
  lateUnits: z.object({ names: z.array(z.string()), sentence: z.string() }).nullable(),
  /** The unit group the rows, counts and sentence are limited to (null: every expected unit). */
  group: groupFilterSchema.nullable(),
  unitGroups: z.array(unitGroupSchema),
});

export const qualityResponse = z.object({
  timeliness: timelinessResponse,
  flagged: z.array(z.object({
    unit: unitSchema, period: z.string(), status: reportStatusSchema, indicator: z.object({ code: z.string(), name: z.string() }),
    message: z.string(), explanation: z.string(),
  })),
  allocationGaps: z.array(z.object({
    code: z.string(), name: z.string(), target: z.number(), allocated: z.number(), gap: z.number(),
    state: z.enum(['under', 'over']), text: z.object({ target: z.string(), allocated: z.string(), gap: z.string() }),
  })),
});

export const auditQuery = z.object({
  campaign: campaignCodeParam.optional(),
  unit: unitCodeParam.optional(),
  /** Include the unit's whole subtree. */
  subtree: z.enum(['true', 'false']).default('false'),
  user: z.string().max(64).optional(),
  period: z.string().max(10).optional(),
  /** Dates as typed (02/07/2023 or 2023-07-02), inclusive, in Asia/Ho_Chi_Minh. */
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  lang: z.enum(['vi', 'en']).optional(),
});

export const auditResponse = z.object({
  entries: z.array(historyEntrySchema),
  /** Pass as `before` for the next page (null: no more). */
  next: z.number().nullable(),
});
