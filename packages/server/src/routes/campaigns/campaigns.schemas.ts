import { z } from 'zod';
import { dateTextSchema, indicatorSchema } from '../common.schemas.ts';
import { unitCodeParam } from '../common.ts';

const date = z.string().min(8).max(10);

export const createCampaignBody = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(300),
  startDate: date,
  endDate: date,
  rootUnitCode: unitCodeParam,
  phases: z.array(z.object({ number: z.number().int().positive(), name: z.string().min(1).max(100), startDate: date, endDate: date })).max(20).default([]),
  targets: z.array(z.object({ indicatorCode: z.string().min(1).max(48), target: z.union([z.number(), z.string().max(40)]) })).min(1).max(100),
});

export const campaignSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  startDate: dateTextSchema.nullable(),
  endDate: dateTextSchema.nullable(),
  /** The unit the campaign is run from (its targets are the campaign's targets). */
  rootUnitCode: z.string(),
});

export const campaignSchema = campaignSummarySchema.extend({
  phases: z.array(z.object({ number: z.number(), name: z.string(), startDate: dateTextSchema.nullable(), endDate: dateTextSchema.nullable() })),
  indicators: z.array(indicatorSchema.extend({ target: z.number().nullable(), targetText: z.string().nullable() })),
});

export const campaignListResponse = z.object({ campaigns: z.array(campaignSummarySchema) });
export const campaignResponse = z.object({ campaign: campaignSchema });
