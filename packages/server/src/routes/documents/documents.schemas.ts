import { z } from 'zod';
import { campaignCodeParam, unitCodeParam } from '../common.ts';

export const noticeParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam, phase: z.coerce.number().int().min(1).max(50) });

const line = z.string().max(300);
const long = z.string().max(20_000);

export const noticeFormSchema = z.object({
  number: z.union([line, z.number()]).optional(),
  documentType: line.optional(),
  issuerSymbol: line.optional(),
  department: line.optional(),
  place: line.optional(),
  /** dd/mm/yyyy or yyyy-mm-dd; default: today in Hà Nội. */
  date: z.string().max(10).optional(),
  superiorBody: line.optional(),
  issuer: line.optional(),
  title: line.optional(),
  introduction: long.optional(),
  assessment: long.optional(),
  limitations: long.optional(),
  directions: long.optional(),
  closing: long.optional(),
  recipients: z.array(line).max(40).optional(),
  signer: z.object({ authority: line, title: line, name: line }).optional(),
  precision: z.number().int().min(0).max(4).optional(),
});

export const noticeBody = z.object({ form: noticeFormSchema, version: z.number().int().nonnegative().optional() });

const run = z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional(), footnote: z.string().optional() });

export const officialDocumentSchema = z.object({
  superiorBody: z.string(),
  issuer: z.string(),
  number: z.string(),
  dateLine: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.array(z.union([
    z.object({ kind: z.literal('heading'), text: z.string() }),
    z.object({ kind: z.literal('paragraph'), runs: z.array(run) }),
    z.object({ kind: z.literal('bullet'), runs: z.array(run) }),
  ])),
  recipients: z.array(z.string()),
  signer: z.object({ authority: z.string(), title: z.string(), name: z.string() }),
});

export const noticeResponse = z.object({
  form: noticeFormSchema,
  version: z.number(),
  updatedAt: z.string().nullable(),
  /** The notice drafted from the form and today's data (a preview renders it). */
  document: officialDocumentSchema,
  text: z.string(),
});
