import { z } from 'zod';
import { reportStatusSchema, dateTextSchema, unitSchema } from '../http/index.ts';
import { groupFilterSchema, unitGroupSchema } from '../planning/index.ts';

const figureTexts = z.object({
  target: z.string().nullable(),
  thisWeek: z.string(),
  toDate: z.string(),
  achievement: z.string().nullable(),
  status: z.string().nullable(),
});

export const indicatorProgressSchema = z.object({
  code: z.string(),
  name: z.string(),
  unitOfMeasure: z.string(),
  target: z.number().nullable(),
  thisWeek: z.number(),
  toDate: z.number(),
  /** to date ÷ target (1 = 100%), null without a target. */
  achievement: z.number().nullable(),
  /** 'not_met' (chưa đạt) from the campaign's last day on, in place of 'behind'. */
  status: z.enum(['achieved', 'ahead', 'behind', 'not_met']).nullable(),
  text: figureTexts,
});

export const unitProgressSchema = z.object({
  unit: unitSchema,
  /** The unit's report for the week the figures run up to. */
  reportStatus: reportStatusSchema,
  hasChildren: z.boolean(),
  indicators: z.array(indicatorProgressSchema),
});

/** A child's line: what the table and the map show (progress.presenter.ts). */
export const childProgressSchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  reportStatus: reportStatusSchema,
  hasChildren: z.boolean(),
  indicators: z.array(indicatorProgressSchema.pick({ code: true, achievement: true, status: true }).extend({
    text: z.object({ achievement: z.string().nullable() }),
  })),
  /** Regrouped under another date's structure: the units of the campaign's own structure this row adds up. */
  members: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
});

export const progressResponse = z.object({
  campaign: z.object({ code: z.string(), name: z.string(), startDate: dateTextSchema.nullable(), endDate: dateTextSchema.nullable() }),
  asOf: dateTextSchema.nullable(),
  week: z.object({ week: z.string(), start: z.string(), end: z.string(), partial: z.boolean() }).nullable(),
  /** Share of the campaign's days elapsed on the as-of date (0…1). */
  elapsedShare: z.number(),
  elapsedShareText: z.string(),
  precision: z.number(),
  unit: unitProgressSchema,
  children: z.array(childProgressSchema),
  /** The unit's figures week by week, from the campaign's first week to the as-of week. */
  trend: z.object({
    weeks: z.array(z.object({ week: z.string(), start: z.string(), end: z.string() })),
    indicators: z.array(z.object({ code: z.string(), thisWeek: z.array(z.number()), toDate: z.array(z.number()) })),
  }),
  /** The unit group the children's rows are filtered by (null: all of them); the unit's own figures are the whole unit's. */
  group: groupFilterSchema.nullable(),
  /** The programme shown alone (only its indicators; issue 20), or null: the campaign whole; and the campaign's programmes. */
  programme: z.object({ code: z.string(), name: z.string() }).nullable(),
  programmes: z.array(z.object({ code: z.string(), name: z.string() })),
  /** The unit groups the rows may be filtered by. */
  unitGroups: z.array(unitGroupSchema),
  /** The rows are another date's units (regroupAsOf), each the sum of the units it continues; null: the campaign's own structure. */
  regroup: z.object({ asOf: dateTextSchema, unmatched: z.array(z.object({ code: z.string(), name: z.string() })) }).nullable(),
  /** The structure changed after the campaign began (the last reorganisation's date): the page offers to regroup. */
  structureChangedOn: dateTextSchema.nullable(),
});
