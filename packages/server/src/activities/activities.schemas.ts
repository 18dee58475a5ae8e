/** The activities routes' shapes (issue 20). */
import { z } from 'zod';
import { dateTextSchema, instantTextSchema } from '../http/index.ts';

const code = z.string().min(1).max(64);
/** A record's fields as a phone form or a script sends them: checked by core checkActivity, field by field. */
const fields = z.record(z.string().max(64), z.union([z.string().max(4000), z.number(), z.boolean(), z.null(), z.array(z.string().max(64)).max(200)]));

export const activityKindParam = z.object({ campaignCode: z.string().min(1).max(64), unitCode: z.string().min(1).max(32) });
export const activityRecordParams = activityKindParam.extend({ recordId: z.coerce.number().int().positive().max(2_147_483_647) });

export const createActivityBody = z.object({ kind: z.string().max(32), programme: code.nullable().optional(), fields });
export const correctActivityBody = z.object({
  version: z.number().int().min(1), reason: z.string().max(1000), programme: code.nullable().optional(), fields,
});
export const withdrawActivityBody = z.object({ version: z.number().int().min(1), reason: z.string().max(1000) });

export const activityQuery = z.object({
  kind: z.string().max(32).optional(), programme: code.optional(), workKind: code.optional(), state: z.string().max(32).optional(),
  channel: z.string().max(32).optional(), focusArea: code.optional(), from: z.string().max(10).optional(), to: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const activityListQuery = activityQuery.omit({ limit: true, offset: true });
/** The totals' query: the list's filters, and the day they are as of (dd/mm/yyyy or ISO; default today, or the campaign's last day). */
export const activityTotalsQuery = activityListQuery.extend({ asOf: z.string().max(10).optional() });

export const activitySetupBody = z.object({
  workKinds: z.array(z.object({ code: z.string().max(64), name: z.string().max(200) })).max(200).optional(),
  programmes: z.array(z.object({
    code: z.string().max(64), name: z.string().max(300), startDate: z.iso.date(), endDate: z.iso.date(),
    /** The codes of the campaign's indicators that belong to it (given: exactly these). */
    indicators: z.array(z.string().max(48)).max(100).optional(),
  })).max(50).optional(),
  focusAreas: z.array(z.object({
    code: z.string().max(64), kind: z.string().max(100), name: z.string().max(300), place: z.string().max(300).nullable().optional(), unitCode: z.string().max(32),
  })).max(2_000).optional(),
  /** Indicator code → how its weekly figure is counted from the records (checked by core checkCountRule), null: typed again. */
  countedIndicators: z.record(z.string().max(48), z.object({
    kind: z.string().max(20), measure: z.string().max(20).optional(), workKind: z.string().max(64).nullable().optional(),
    state: z.string().max(20).nullable().optional(), channel: z.string().max(20).nullable().optional(),
  }).nullable()).optional(),
});

/** A rule of counting as the API answers it, with its words. */
export const countRuleSchema = z.object({
  kind: z.string(), measure: z.string(), workKind: z.string().nullable(), state: z.string().nullable(), channel: z.string().nullable(), text: z.string(),
});

const named = z.object({ code: z.string(), name: z.string() });
export const activitySetupResponse = z.object({
  campaign: z.string(),
  kinds: z.array(z.object({ code: z.string(), label: z.string() })),
  workKinds: z.array(named),
  programmes: z.array(named.extend({ startDate: dateTextSchema, endDate: dateTextSchema, indicators: z.array(z.string()) })),
  focusAreas: z.array(named.extend({ kind: z.string(), place: z.string().nullable(), unit: named })),
  /** The campaign's indicators, each with its rule of counting from the records (null: typed). */
  indicators: z.array(named.extend({ valueKind: z.string(), reportingMode: z.string(), countedFrom: countRuleSchema.nullable(), programme: z.string().nullable() })),
});

export const activityRecordSchema = z.object({
  id: z.number(),
  kind: z.string(),
  kindLabel: z.string(),
  unit: named,
  programme: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  date: dateTextSchema.nullable(),
  /** What a list shows of it in one line ("Nhà nhân ái … · 1,2 tỉ đồng · đã bàn giao"). */
  summary: z.string(),
  onBehalf: z.boolean(),
  photoCount: z.number(),
  /** Its photos: the file as sent (`url`) and its display copy (`displayUrl`), both for those who may read the unit's records. */
  photos: z.array(z.object({ id: z.number(), width: z.number(), height: z.number(), url: z.string(), displayUrl: z.string() })),
  version: z.number(),
  createdAt: instantTextSchema,
  updatedAt: instantTextSchema,
});
export const activityRecordResponse = z.object({ record: activityRecordSchema });
export const activityListResponse = z.object({ records: z.array(activityRecordSchema), total: z.number() });

const counted = z.object({ count: z.number() });
export const activityTotalsResponse = z.object({
  unit: named,
  asOf: dateTextSchema,
  works: counted.extend({
    value: z.number(), valueText: z.string(),
    byState: z.array(z.object({ code: z.string(), label: z.string(), count: z.number() })),
    byKind: z.array(z.object({ code: z.string(), name: z.string(), count: z.number(), handedOver: z.number(), value: z.number() })),
    byFunding: z.array(z.object({ code: z.string(), label: z.string(), value: z.number(), valueText: z.string() })),
  }),
  teams: counted.extend({ members: z.number() }),
  models: counted.extend({ models: z.number(), people: z.number() }),
  press: counted.extend({ reach: z.number(), views: z.number(), byChannel: z.array(z.object({ code: z.string(), label: z.string(), count: z.number(), reach: z.number(), views: z.number() })) }),
  inspections: counted.extend({ openFollowUps: z.number() }),
  linkages: counted.extend({ byKind: z.array(z.object({ code: z.string(), label: z.string(), count: z.number() })) }),
  focusAreas: z.object({ covered: z.number(), total: z.number(), text: z.string() }).nullable(),
  /** The totals as the documents write them. */
  sentences: z.array(z.string()),
});

export const activityPhotoParams = activityRecordParams.extend({ photoId: z.coerce.number().int().positive().max(2_147_483_647) });
export const activityPhotoQuery = z.object({ size: z.enum(['original', 'display']).default('original') });
export const activityImportQuery = z.object({ kind: z.string().max(32) });
export const activityImportResponse = z.object({ created: z.number(), unchanged: z.number() });
export const withdrawPhotoBody = z.object({ reason: z.string().max(1_000) });
