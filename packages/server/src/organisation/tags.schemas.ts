import { z } from 'zod';

export const unitTagSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() });
export const unitTagListResponse = z.object({ tags: z.array(unitTagSchema) });
export const createUnitTagBody = z.object({ code: z.string().max(64), name: z.string().max(200), nameEn: z.string().max(200).nullable().optional() });
export const unitTagResponse = z.object({ tag: unitTagSchema });
