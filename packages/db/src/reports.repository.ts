import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import { intArray } from './sql-helpers.ts';

export type ReportStatus = 'draft' | 'submitted';

/** Unsubmitted edits, kept apart from the submitted figures so a draft never moves a roll-up. */
export interface ReportDraft {
  readonly values: Readonly<Record<string, number>>;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

export interface ReportRow {
  readonly id: number;
  readonly campaignId: number;
  readonly unitId: number;
  readonly period: string;
  readonly status: ReportStatus;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
  readonly draft: ReportDraft | null;
  readonly version: number;
  /** Timestamps come back as ISO text from both drivers (drizzle's parsers). */
  readonly submittedAt: string | null;
  readonly submittedBy: number | null;
  readonly updatedAt: string;
  readonly updatedBy: number | null;
}

export interface ReportValueRow {
  readonly indicatorId: number;
  readonly value: number;
  readonly consolidated: boolean;
}

const COLUMNS = sql`id, campaign_id as "campaignId", unit_id as "unitId", period, status, consolidated, highlights,
  difficulties, proposals, draft, version, submitted_at as "submittedAt", submitted_by as "submittedBy",
  updated_at as "updatedAt", updated_by as "updatedBy"`;

async function get(ex: Executor, campaignId: number, unitId: number, period: string): Promise<ReportRow | undefined> {
  const [row] = await queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports where campaign_id = ${campaignId} and unit_id = ${unitId} and period = ${period}`);
  return row;
}

/**
 * Returns the report row locked for this transaction, creating an empty draft first when
 * the unit has none for the week (so two first saves cannot both insert).
 */
async function getOrCreateForUpdate(
  ex: Executor, campaignId: number, unitId: number, period: string, userId: number | null,
): Promise<{ row: ReportRow; created: boolean }> {
  const inserted = await queryRows<ReportRow>(ex, sql`
    insert into reports (campaign_id, unit_id, period, status, updated_by)
    values (${campaignId}, ${unitId}, ${period}, 'draft', ${userId})
    on conflict (campaign_id, unit_id, period) do nothing
    returning ${COLUMNS}`);
  if (inserted[0]) return { row: inserted[0], created: true };
  const [row] = await queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports where campaign_id = ${campaignId} and unit_id = ${unitId} and period = ${period}
    for update`);
  if (!row) throw new Error('report vanished while locking it');
  return { row, created: false };
}

async function update(
  ex: Executor,
  id: number,
  fields: {
    status: ReportStatus; consolidated: boolean; highlights: string; difficulties: string; proposals: string;
    draft: ReportDraft | null; submittedAt: Date | string | null; submittedBy: number | null; updatedBy: number | null;
  },
): Promise<ReportRow> {
  const [row] = await queryRows<ReportRow>(ex, sql`
    update reports set status = ${fields.status}, consolidated = ${fields.consolidated},
      highlights = ${fields.highlights}, difficulties = ${fields.difficulties}, proposals = ${fields.proposals},
      draft = ${fields.draft === null ? null : JSON.stringify(fields.draft)}::jsonb,
      submitted_at = ${fields.submittedAt}, submitted_by = ${fields.submittedBy},
      updated_by = ${fields.updatedBy}, updated_at = now(), version = version + 1
    where id = ${id} returning ${COLUMNS}`);
  if (!row) throw new Error('report vanished during update');
  return row;
}

/** The submitted figures of one report, by indicator id. */
async function listValues(ex: Executor, campaignId: number, unitId: number, period: string): Promise<Map<number, ReportValueRow>> {
  const rows = await queryRows<ReportValueRow>(ex, sql`
    select indicator_id as "indicatorId", value, consolidated from report_values
    where campaign_id = ${campaignId} and unit_id = ${unitId} and period = ${period}`);
  return new Map(rows.map((r) => [r.indicatorId, r]));
}

/** Replaces the submitted figures of a report with `values` (indicator id → increment). */
async function replaceValues(
  ex: Executor, report: { id: number; campaignId: number; unitId: number; period: string },
  values: ReadonlyMap<number, number>, consolidated: boolean,
): Promise<void> {
  const ids = [...values.keys()];
  await ex.execute(sql`
    delete from report_values where campaign_id = ${report.campaignId} and unit_id = ${report.unitId}
      and period = ${report.period} and not (indicator_id = any(${intArray(ids)}))`);
  if (ids.length === 0) return;
  const rows = [...values].map(([indicatorId, value]) =>
    sql`(${report.campaignId}, ${report.unitId}, ${indicatorId}, ${report.period}, ${value}, ${consolidated}, ${report.id})`);
  await ex.execute(sql`
    insert into report_values (campaign_id, unit_id, indicator_id, period, value, consolidated, report_id)
    values ${sql.join(rows, sql`, `)}
    on conflict (campaign_id, unit_id, indicator_id, period)
    do update set value = excluded.value, consolidated = excluded.consolidated, report_id = excluded.report_id`);
}

/** The unit's own submitted figures summed over weeks before `beforePeriod` (for "to date" forms). */
async function sumOwnBefore(ex: Executor, campaignId: number, unitId: number, beforePeriod: string): Promise<Map<number, number>> {
  const rows = await queryRows<{ indicatorId: number; total: number }>(ex, sql`
    select indicator_id as "indicatorId", sum(value) as total from report_values
    where campaign_id = ${campaignId} and unit_id = ${unitId} and period < ${beforePeriod}
    group by indicator_id`);
  return new Map(rows.map((r) => [r.indicatorId, r.total]));
}

/** Report state of several units for one week (for the children table). */
async function listStatuses(ex: Executor, campaignId: number, unitIds: readonly number[], period: string): Promise<Map<number, { status: ReportStatus; submittedAt: string | null }>> {
  const rows = await queryRows<{ unitId: number; status: ReportStatus; submittedAt: string | null }>(ex, sql`
    select unit_id as "unitId", status, submitted_at as "submittedAt" from reports
    where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(unitIds)})`);
  return new Map(rows.map((r) => [r.unitId, { status: r.status, submittedAt: r.submittedAt }]));
}

export const reportsRepository = Object.freeze({
  get, getOrCreateForUpdate, update, listValues, replaceValues, sumOwnBefore, listStatuses,
});
