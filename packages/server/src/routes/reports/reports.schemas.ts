import { z } from 'zod';
import { dateTextSchema, indicatorSchema, unitSchema } from '../common.schemas.ts';
import { campaignCodeParam, figureInput, unitCodeParam } from '../common.ts';

export const reportParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam, period: z.string().min(1).max(10) });

export const reportBody = z.object({
  values: z.record(z.string().max(48), figureInput).default({}),
  consolidated: z.boolean().optional(),
  highlights: z.string().max(20_000).optional(),
  difficulties: z.string().max(20_000).optional(),
  proposals: z.string().max(20_000).optional(),
  version: z.number().int().nonnegative().optional(),
});

const nullableText = z.string().nullable();

export const reportResponse = z.object({
  campaign: z.string(),
  unit: unitSchema,
  period: z.string(),
  periodStart: dateTextSchema.nullable(),
  periodEnd: dateTextSchema.nullable(),
  status: z.enum(['draft', 'submitted', 'missing']),
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
    text: z.object({ target: nullableText, lastWeek: nullableText, toDateBefore: nullableText, submitted: nullableText, draft: nullableText }),
  })),
});
