import { sql } from 'drizzle-orm';
import type { OutlierFlag, ReportState } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import { intArray, textArray } from './sql-helpers.ts';

export type ReportStatus = ReportState;

/** A flagged value submitted with its explanation (what the approver sees). */
export interface ReportFlag {
  readonly flag: OutlierFlag;
  readonly explanation: string;
}

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
  readonly firstSubmittedAt: string | null;
  readonly submittedAt: string | null;
  readonly submittedBy: number | null;
  /** indicator code → the flag and the unit's explanation, from the last submission. */
  readonly flags: Readonly<Record<string, ReportFlag>>;
  readonly reviewedAt: string | null;
  readonly reviewedBy: number | null;
  readonly returnReason: string | null;
  readonly correctionReason: string | null;
  readonly viewedAt: string | null;
  readonly viewedBy: number | null;
  readonly updatedAt: string;
  readonly updatedBy: number | null;
}

/** The fields a write sets (all of them: callers spread the row they locked). */
export type ReportFields = Pick<ReportRow,
  'status' | 'consolidated' | 'highlights' | 'difficulties' | 'proposals' | 'draft' | 'submittedBy' | 'flags' |
  'reviewedBy' | 'returnReason' | 'correctionReason' | 'viewedBy' | 'updatedBy'> & {
  readonly firstSubmittedAt: Date | string | null;
  readonly submittedAt: Date | string | null;
  readonly reviewedAt: Date | string | null;
  readonly viewedAt: Date | string | null;
};

export interface ReportValueRow {
  readonly indicatorId: number;
  readonly value: number;
  readonly consolidated: boolean;
}

const COLUMNS = sql`id, campaign_id as "campaignId", unit_id as "unitId", period, status, consolidated, highlights,
  difficulties, proposals, draft, version, first_submitted_at as "firstSubmittedAt", submitted_at as "submittedAt",
  submitted_by as "submittedBy", flags, reviewed_at as "reviewedAt", reviewed_by as "reviewedBy",
  return_reason as "returnReason", correction_reason as "correctionReason", viewed_at as "viewedAt", viewed_by as "viewedBy",
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

/** Writes every field of a report and moves its version on (versioned writes). */
async function update(ex: Executor, id: number, f: ReportFields): Promise<ReportRow> {
  const [row] = await queryRows<ReportRow>(ex, sql`
    update reports set status = ${f.status}, consolidated = ${f.consolidated},
      highlights = ${f.highlights}, difficulties = ${f.difficulties}, proposals = ${f.proposals},
      draft = ${f.draft === null ? null : JSON.stringify(f.draft)}::jsonb,
      first_submitted_at = ${f.firstSubmittedAt}, submitted_at = ${f.submittedAt}, submitted_by = ${f.submittedBy},
      flags = ${JSON.stringify(f.flags)}::jsonb,
      reviewed_at = ${f.reviewedAt}, reviewed_by = ${f.reviewedBy},
      return_reason = ${f.returnReason}, correction_reason = ${f.correctionReason},
      viewed_at = ${f.viewedAt}, viewed_by = ${f.viewedBy},
      updated_by = ${f.updatedBy}, updated_at = now(), version = version + 1
    where id = ${id} returning ${COLUMNS}`);
  if (!row) throw new Error('report vanished during update');
  return row;
}

/**
 * Records that a manager of the parent opened the report as it now stands. Not a change
 * of the report: the version stays, so the unit's open form is not made stale. Only the
 * version seen is marked, so a submission in between leaves it unviewed.
 */
async function markViewed(ex: Executor, id: number, version: number, userId: number, at: Date): Promise<void> {
  await ex.execute(sql`
    update reports set viewed_at = ${at}, viewed_by = ${userId}
    where id = ${id} and version = ${version} and viewed_at is null`);
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

/** What a report's form shows beside its own figures, read in one round trip. */
export interface ReportFigures {
  /** The week's submitted figures, by indicator id. */
  readonly values: Map<number, ReportValueRow>;
  /** The previous week's submitted figures. */
  readonly lastWeek: Map<number, ReportValueRow>;
  /** The unit's own figures summed over the weeks before. */
  readonly toDateBefore: Map<number, number>;
  /** The unit's targets. */
  readonly targets: Map<number, number | null>;
}

/** The week's figures, last week's, the sums before and the targets of one unit, as one statement. */
async function figuresFor(ex: Executor, campaignId: number, unitId: number, period: string, previousPeriod: string): Promise<ReportFigures> {
  const rows = await queryRows<{ kind: 'v' | 'l' | 'b' | 't'; indicatorId: number; value: number | null; consolidated: boolean | null }>(ex, sql`
    select 'v' as kind, indicator_id as "indicatorId", value, consolidated from report_values
      where campaign_id = ${campaignId} and unit_id = ${unitId} and period = ${period}
    union all
    select 'l', indicator_id, value, consolidated from report_values
      where campaign_id = ${campaignId} and unit_id = ${unitId} and period = ${previousPeriod}
    union all
    select 'b', indicator_id, sum(value), null from report_values
      where campaign_id = ${campaignId} and unit_id = ${unitId} and period < ${period} group by indicator_id
    union all
    select 't', indicator_id, target, null from targets where campaign_id = ${campaignId} and unit_id = ${unitId}`);
  const figures: ReportFigures = { values: new Map(), lastWeek: new Map(), toDateBefore: new Map(), targets: new Map() };
  for (const r of rows) {
    if (r.kind === 'v' || r.kind === 'l') {
      (r.kind === 'v' ? figures.values : figures.lastWeek).set(r.indicatorId, { indicatorId: r.indicatorId, value: r.value ?? 0, consolidated: r.consolidated ?? false });
    } else if (r.kind === 'b') {
      figures.toDateBefore.set(r.indicatorId, r.value ?? 0);
    } else {
      figures.targets.set(r.indicatorId, r.value);
    }
  }
  return figures;
}

export interface SubmissionRow {
  readonly unitId: number;
  readonly period: string;
  readonly status: ReportStatus;
  readonly firstSubmittedAt: string | null;
  readonly submittedAt: string | null;
  readonly flagCount: number;
  readonly returnReason: string | null;
}

/** Report states of every unit of a subtree for the given weeks (timeliness, quality). */
async function listSubmissions(ex: Executor, campaignId: number, rootUnitId: number, periods: readonly string[]): Promise<SubmissionRow[]> {
  return queryRows<SubmissionRow>(ex, sql`
    select r.unit_id as "unitId", r.period, r.status, r.first_submitted_at as "firstSubmittedAt",
           r.submitted_at as "submittedAt", (select count(*)::int from jsonb_object_keys(r.flags)) as "flagCount",
           r.return_reason as "returnReason"
    from reports r join unit_closure c on c.descendant_id = r.unit_id and c.ancestor_id = ${rootUnitId}
    where r.campaign_id = ${campaignId} and r.period = any(${textArray(periods)})`);
}

/** Reports of a subtree with flagged values (of one week, or all), newest week first (the data-quality view). */
async function listFlagged(ex: Executor, campaignId: number, rootUnitId: number, period: string | null, limit: number): Promise<ReportRow[]> {
  return queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports r join unit_closure c on c.descendant_id = r.unit_id and c.ancestor_id = ${rootUnitId}
    where r.campaign_id = ${campaignId} and r.flags <> '{}'::jsonb ${period === null ? sql`` : sql`and r.period = ${period}`}
    order by r.period desc, r.unit_id limit ${limit}`);
}

/** The unit's own weekly figures before `beforePeriod` (its history, for outliers). */
async function listOwnHistory(ex: Executor, campaignId: number, unitId: number, beforePeriod: string): Promise<Map<number, number[]>> {
  const rows = await queryRows<{ indicatorId: number; value: number }>(ex, sql`
    select indicator_id as "indicatorId", value from report_values
    where campaign_id = ${campaignId} and unit_id = ${unitId} and period < ${beforePeriod}
    order by period`);
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.indicatorId, [...(out.get(r.indicatorId) ?? []), r.value]);
  return out;
}

/** The week's figures of other units (peers). */
async function listPeerValuesByUnit(
  ex: Executor, campaignId: number, unitIds: readonly number[], period: string,
): Promise<{ unitId: number; indicatorId: number; value: number }[]> {
  return queryRows(ex, sql`
    select unit_id as "unitId", indicator_id as "indicatorId", value from report_values
    where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(unitIds)})`);
}

/** Report state of several units for one week (for the children table). */
async function listStatuses(ex: Executor, campaignId: number, unitIds: readonly number[], period: string): Promise<Map<number, { status: ReportStatus; submittedAt: string | null }>> {
  const rows = await queryRows<{ unitId: number; status: ReportStatus; submittedAt: string | null }>(ex, sql`
    select unit_id as "unitId", status, submitted_at as "submittedAt" from reports
    where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(unitIds)})`);
  return new Map(rows.map((r) => [r.unitId, { status: r.status, submittedAt: r.submittedAt }]));
}

export const reportsRepository = Object.freeze({
  get, getOrCreateForUpdate, update, markViewed, listValues, figuresFor, replaceValues, sumOwnBefore, listStatuses, listSubmissions,
  listFlagged, listOwnHistory, listPeerValuesByUnit,
});
