import { z } from 'zod';
import { MAX_PHASES, UNIT_LEVELS } from '@giaoban/core';
import { dateTextSchema, indicatorSchema, figureInput, unitCodeParam } from '../http/index.ts';
import { unitGroupSchema } from './unit-groups.schemas.ts';

/**
 * Dates, the code and the names are checked by the domain (validateCampaign: blank, the code's
 * form, 01/01/2000 – 31/12/2100, at most 366 days) so that all their problems come back together.
 */
const date = z.string().max(40);

/** `groups`: unit groups (codes of unit tags); only the units of the level carrying one report. Checked by the domain against the list. */
const deadlineRule = z.object({
  weekday: z.number().int(), time: z.string().max(5), weekOffset: z.number().int(), groups: z.array(z.string().max(64)).max(50).nullable().optional(),
});
const deadlineRuleOut = z.object({
  weekday: z.number().int(), time: z.string(), weekOffset: z.number().int(), groups: z.array(z.string()).readonly().optional(),
});

const reminderSettings = z.object({
  remindBeforeHours: z.number(), escalateAfterHours: z.number(), escalateFurtherAfterHours: z.number(), staleAfterHours: z.number(),
});

/** Hours as a form sends them: a number, or the text as typed ('1,5'), read by the service so its problems come back with the others. */
const hoursInput = z.union([z.number(), z.string().max(200)]);
const reminderSettingsInput = z.object({
  remindBeforeHours: hoursInput, escalateAfterHours: hoursInput, escalateFurtherAfterHours: hoursInput, staleAfterHours: hoursInput,
});

/** Deadlines per level, cross-indicator rules, reminders, weekly upper bounds, exempt units (absent: unchanged). */
export const campaignRulesBody = z.object({
  deadlines: z.partialRecord(z.enum(UNIT_LEVELS), deadlineRule.nullable()).nullable().optional(),
  crossRules: z.array(z.object({ left: z.string().max(48), op: z.string().max(2), right: z.string().max(48) })).max(50).optional(),
  reminders: reminderSettingsInput.nullable().optional(),
  upperBounds: z.record(z.string().max(48), figureInput).optional(),
  exemptUnits: z.array(unitCodeParam).max(10_000).optional(),
  /** How the notices phrase each indicator: "{target}" and "{value}" stand for the figures. */
  noticePhrasing: z.record(z.string().max(48), z.object({ target: z.string().max(2_000), done: z.string().max(2_000) }).nullable()).optional(),
  /** Decimals of the percentages (1 or 2), checked by the domain for its Vietnamese message. */
  precision: z.number().optional(),
});

export const createCampaignBody = z.object({
  code: z.string().max(64),
  name: z.string().max(300),
  startDate: date,
  endDate: date,
  rootUnitCode: unitCodeParam,
  phases: z.array(z.object({ number: z.number().int().positive(), name: z.string().max(100), startDate: date, endDate: date })).max(MAX_PHASES).default([]),
  /** At least one, checked by the service with the other fields. */
  targets: z.array(z.object({ indicatorCode: z.string().max(48), target: z.union([z.number(), z.string().max(40)]) })).max(100),
  rules: campaignRulesBody.optional(),
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
  indicators: z.array(indicatorSchema.extend({
    target: z.number().nullable(), targetText: z.string().nullable(), upperBound: z.number().nullable(),
  })),
  rules: z.object({
    /** Every level with its rule (null: does not report), in words too ("Thứ Sáu 17:00"). */
    deadlines: z.array(z.object({
      level: z.enum(UNIT_LEVELS), levelLabel: z.string(), rule: deadlineRuleOut.nullable(), text: z.string(),
      /** "Chỉ các đơn vị thuộc nhóm …" when the rule names unit groups, else null. */
      groupsText: z.string().nullable(),
    })),
    /** The unit groups a rule may name (unit_tags). */
    unitGroups: z.array(unitGroupSchema),
    crossRules: z.array(z.object({ left: z.string(), op: z.string(), right: z.string() })),
    reminders: reminderSettings,
    exemptUnits: z.array(z.string()),
    /** Decimals of the percentages in every output unless a form overrides it (1 or 2). */
    precision: z.number(),
  }),
});

export const campaignListResponse = z.object({
  campaigns: z.array(campaignSummarySchema),
  /** The server's day in Hà Nội: which campaigns are running, coming or finished is judged on it (the browser's clock may differ). */
  today: dateTextSchema,
});
export const campaignResponse = z.object({ campaign: campaignSchema });
