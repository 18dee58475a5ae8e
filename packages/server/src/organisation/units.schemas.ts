import { z } from 'zod';
import { UNIT_LEVELS } from '@giaoban/core';
import { unitSchema } from '../http/index.ts';

export const unitResponse = z.object({ unit: unitSchema, ancestors: z.array(unitSchema), childCount: z.number() });
export const unitChildrenResponse = z.object({ children: z.array(unitSchema) });
export const unitTreeResponse = z.object({ units: z.array(unitSchema.extend({ parentCode: z.string().nullable() })) });

/** A unit found by search, with its parent. */
export const unitSearchResultSchema = unitSchema.extend({ parentCode: z.string().nullable(), parentName: z.string().nullable() });
export const unitSearchQuery = z.object({
  /** Words of the name (no diacritics needed) or the start of a code. */
  q: z.string().max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const unitSearchResponse = z.object({ units: z.array(unitSearchResultSchema) });

const optionalText = (max: number) => z.string().max(max).nullable().optional();
const tagList = z.array(z.string().max(32)).max(20);

export const createChildUnitBody = z.object({
  code: z.string().max(64),
  name: z.string().max(200),
  shortName: optionalText(100),
  level: z.enum(UNIT_LEVELS),
  tags: tagList.optional(),
  region: optionalText(100),
  /** yyyy-mm-dd or dd/mm/yyyy; today (Asia/Ho_Chi_Minh) when absent. */
  validFrom: z.string().max(10).nullable().optional(),
});
export const createdUnitResponse = z.object({ unit: unitSchema });

export const updateUnitBody = z.object({
  name: z.string().max(200).optional(),
  shortName: optionalText(100),
  code: z.string().max(64).optional(),
  level: z.enum(UNIT_LEVELS).optional(),
  tags: tagList.optional(),
  region: optionalText(100),
  /** Moves the unit under another of the user's subtree. */
  parentCode: z.string().max(64).optional(),
  /** The first day the unit no longer exists (yyyy-mm-dd or dd/mm/yyyy); null reopens it. */
  closeFrom: z.string().max(10).nullable().optional(),
});
export const updateUnitResponse = z.object({ unit: unitSchema, disabledAccounts: z.number() });

export const unitUploadResponse = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });
