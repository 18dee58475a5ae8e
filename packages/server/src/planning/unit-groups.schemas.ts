import { z } from 'zod';

/** A unit group (unit_tags): its code and names. */
export const unitGroupSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() });

/** A filter by unit group: its code, its name and the sentence that says the rows are filtered. */
export const groupFilterSchema = z.object({ code: z.string(), name: z.string(), text: z.string() });

/** `?group=urban`: a code of unit_tags (checked by the service, 400 on `group` when unknown). */
export const groupQuery = z.string().max(64).optional();
