import { z } from 'zod';
import { UNIT_LEVELS } from '@giaoban/core';

const code = z.string().trim().min(1).max(40);
const newUnit = z.object({
  code, name: z.string().max(200), shortName: z.string().max(60).nullable().optional(),
  level: z.enum(UNIT_LEVELS).optional(), parentCode: code.optional(), tags: z.array(z.string().max(32)).max(20).optional(),
  region: z.string().max(100).nullable().optional(),
});
const accounts = z.enum(['move', 'close']).optional();

/** A reorganisation as asked: its date, its name and its steps (core ReorganisationStep). */
export const reorganisationBody = z.object({
  name: z.string().max(300),
  date: z.string().max(10),
  steps: z.array(z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('merge'), from: z.array(code).max(20), into: newUnit, accounts }),
    z.object({ kind: z.literal('split'), from: code, into: z.array(newUnit).max(20), children: z.record(z.string(), code).optional(), accounts }),
    z.object({ kind: z.literal('rename'), unit: code, name: z.string().max(200), shortName: z.string().max(60).nullable().optional() }),
    z.object({ kind: z.literal('move'), unit: code, to: code }),
    z.object({ kind: z.literal('abolish-level'), level: z.enum(UNIT_LEVELS), under: code.optional(), accounts }),
  ])).max(500),
});

const planSchema = z.object({
  date: z.object({ iso: z.string(), text: z.string() }),
  closeOn: z.object({ iso: z.string(), text: z.string() }),
  open: z.array(z.object({ code: z.string(), name: z.string(), level: z.enum(UNIT_LEVELS), parentCode: z.string() })),
  close: z.array(z.string()),
  rekeys: z.array(z.object({ from: z.string(), to: z.string() })),
  versions: z.array(z.object({ code: z.string(), retiredAs: z.string(), parentCode: z.string() })),
  renames: z.array(z.object({ code: z.string(), from: z.string(), to: z.string() })),
  successions: z.array(z.object({ predecessor: z.string(), successor: z.string(), primary: z.boolean() })),
  accounts: z.array(z.object({ unit: z.string(), action: z.enum(['move', 'close']), to: z.string().optional() })),
  /** The plan in words, one line per effect, for the page's preview. */
  summary: z.array(z.string()),
});

export const reorganisationPreviewResponse = z.object({ plan: planSchema });
export const reorganisationAppliedResponse = z.object({
  id: z.number(), plan: planSchema, accountsMoved: z.number(), accountsClosed: z.number(), targetsPassed: z.number(),
  /** When the old units' accounts will move or close (a reorganisation recorded ahead of its date); null: done at once. */
  accountsDueOn: z.object({ iso: z.string(), text: z.string() }).nullable(),
});
export const reorganisationListResponse = z.object({
  reorganisations: z.array(z.object({
    id: z.number(), name: z.string(), date: z.object({ iso: z.string(), text: z.string() }),
    opened: z.number(), closed: z.number(), versions: z.number(), renamed: z.number(),
    /** The day the old units' accounts move or close, while it is still to come; null once done. */
    accountsDueOn: z.object({ iso: z.string(), text: z.string() }).nullable(),
  })),
});
