import { z } from 'zod';
import { campaignCodeParam, unitCodeParam } from '../http/index.ts';

export const templateParams = z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam });

export const templateQuery = z.object({
  /** The week to enter, e.g. 2023-W27. */
  period: z.string().max(10),
  /** true: one block of rows for the unit and one for each of its children. */
  children: z.enum(['true', 'false']).default('false'),
  lang: z.enum(['vi', 'en']).optional(),
});

export const importParams = z.object({ campaignCode: campaignCodeParam });

export const importQuery = z.object({
  /** workbook: everything or nothing; unit: each unit's report on its own (the others still go in). */
  mode: z.enum(['workbook', 'unit']).default('workbook'),
  /**
   * nhập thay for the whole file (managers of units above): why, and when the reports really
   * reached the importer (ISO instant with its offset); applies to the units below the importer.
   */
  onBehalfReason: z.string().max(2_000).optional(),
  onBehalfReceivedAt: z.string().max(40).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/** One thing wrong in an uploaded workbook, where a person finds it in the spreadsheet. */
export const importRowErrorSchema = z.object({
  sheet: z.string(),
  /** 1-based row number as the spreadsheet shows it; 0 when the problem is the whole file. */
  row: z.number(),
  /** Column letter as the spreadsheet shows it (A, B, …); '' when the problem is a whole row or file. */
  column: z.string(),
  message: z.string(),
});

export const importUnitOutcomeSchema = z.object({
  code: z.string(),
  name: z.string(),
  period: z.string(),
  /** written: figures stored; unchanged: the same figures were already there; refused: errors below. */
  outcome: z.enum(['written', 'unchanged', 'refused']),
});

export const importJobSchema = z.object({
  id: z.string(),
  campaign: z.string(),
  mode: z.enum(['workbook', 'unit']),
  fileName: z.string().nullable(),
  state: z.enum(['running', 'succeeded', 'failed']),
  /** reading the file, checking every row, writing the reports, finished. */
  stage: z.enum(['reading', 'checking', 'writing', 'finished']),
  /** Reports handled so far out of `total` (0/0 while reading). */
  processed: z.number(),
  total: z.number(),
  /** Figure rows found in the workbook. */
  rows: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The outcome in one sentence, in the user's language (null while running). */
  message: z.string().nullable(),
  /** The first problems (at most 1.000), in sheet order. */
  errors: z.array(importRowErrorSchema),
  /** Every problem found, listed in `errors` or not. */
  errorCount: z.number(),
  units: z.array(importUnitOutcomeSchema),
});

export const importJobResponse = z.object({ job: importJobSchema });
export const importJobParams = z.object({ id: z.string().max(64) });
