import { z } from 'zod';
import { campaignCodeParam, unitCodeParam } from '../http/index.ts';

export const noticeParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam, phase: z.coerce.number().int().min(1).max(50) });

const line = z.string().max(300);
const long = z.string().max(20_000);

export const noticeFormSchema = z.object({
  /** A progress or final report of one programme of the campaign (its code). */
  programme: z.string().max(64).optional(),
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
  /** How the late and missing units are listed: by unit code (default) or by name. */
  lateOrder: z.enum(['code', 'name']).optional(),
});

export const noticeBody = z.object({ form: noticeFormSchema, version: z.number().int().nonnegative() });

const run = z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional(), footnote: z.string().optional() });

const tableBlock = z.object({
  kind: z.literal('table'),
  caption: z.string().optional(),
  header: z.array(z.array(z.object({ text: z.string(), colSpan: z.number().int().optional(), rowSpan: z.number().int().optional() }))),
  rows: z.array(z.object({ cells: z.array(z.string()), bold: z.boolean().optional() })),
  widths: z.array(z.number()),
  align: z.array(z.enum(['left', 'center', 'right'])),
});

const block = z.union([
  z.object({ kind: z.literal('heading'), text: z.string() }),
  z.object({ kind: z.literal('paragraph'), runs: z.array(run) }),
  z.object({ kind: z.literal('bullet'), runs: z.array(run) }),
  tableBlock,
]);

export const officialDocumentSchema = z.object({
  superiorBody: z.string(),
  issuer: z.string(),
  number: z.string(),
  dateLine: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.array(block),
  recipients: z.array(z.string()),
  signer: z.object({ authority: z.string(), title: z.string(), name: z.string() }),
  /** Appendices after the signer (the reports' table of the children's figures). */
  annexes: z.array(z.object({ title: z.string(), subtitle: z.string().optional(), landscape: z.boolean().optional(), body: z.array(block) })).optional(),
});

export const noticeResponse = z.object({
  form: noticeFormSchema,
  version: z.number(),
  updatedAt: z.string().nullable(),
  /** The notice drafted from the form and today's data (a preview renders it). */
  document: officialDocumentSchema,
  text: z.string(),
  /** A unit's weekly report: its unit by name and its week by its dates (dd/mm/yyyy); null for the other documents. */
  subject: z.object({
    unit: z.object({ code: z.string(), name: z.string() }),
    week: z.object({ week: z.string(), number: z.number(), start: z.string(), end: z.string() }),
  }).nullable(),
});

/** A unit's weekly progress report: the week as '2023-W26'. */
export const progressReportParams = z.object({
  campaignCode: campaignCodeParam, unitCode: unitCodeParam, period: z.string().regex(/^\d{4}-W\d{2}$/, 'yyyy-Www'),
});
export const finalReportParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam });

/** The reports' form: the notice's fields (their free-text sections read as the reports name them). */
export const reportDocumentFormSchema = noticeFormSchema;
export const reportDocumentBody = z.object({ form: reportDocumentFormSchema, version: z.number().int().nonnegative() });
export const reportDocumentResponse = noticeResponse;
