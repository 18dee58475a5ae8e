import { z } from 'zod';
import { unitSchema, campaignCodeParam, figureInput, unitCodeParam } from '../http/index.ts';

export const targetsParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam });

/** child unit code → indicator code → target (a number, Vietnamese-written text, or null to clear). */
export const allocationBody = z.object({ targets: z.record(z.string().max(32), z.record(z.string().max(48), figureInput)) });

export const allocationResponse = z.object({
  campaign: z.string(),
  unit: unitSchema,
  children: z.array(unitSchema),
  indicators: z.array(z.object({
    code: z.string(),
    name: z.string(),
    unitOfMeasure: z.string(),
    target: z.number().nullable(),
    targetText: z.string().nullable(),
    /** child unit code → its target (null: none yet). */
    children: z.record(z.string(), z.number().nullable()),
    gap: z.object({
      target: z.number(),
      allocated: z.number(),
      gap: z.number(),
      state: z.enum(['under', 'exact', 'over']),
      text: z.object({ allocated: z.string(), gap: z.string(), state: z.string() }),
    }).nullable(),
  })),
});
