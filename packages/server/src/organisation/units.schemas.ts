import { z } from 'zod';
import { unitSchema } from '../http/index.ts';

export const unitResponse = z.object({ unit: unitSchema, ancestors: z.array(unitSchema), childCount: z.number() });
export const unitChildrenResponse = z.object({ children: z.array(unitSchema) });
export const unitTreeResponse = z.object({ units: z.array(unitSchema.extend({ parentCode: z.string().nullable() })) });
