import { sql, type SQL } from 'drizzle-orm';
import type { ReportState } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import type { reports, reportValues } from './schema.ts';
import { boolArray, intArray, numericArray, read, textArray, type Read } from './sql-helpers.ts';

export type { ReportDraft, ReportFlag } from './schema.ts';

export type ReportStatus = ReportState;

/**
 * A report, every column (timestamps as text from both drivers; `flags`: indicator code → the
 * flag and the unit's explanation, from the last submission).
 */
export type ReportRow = Readonly<typeof reports.$inferSelect>;

/** The fields a write sets (all of them: callers spread the row they locked). */
export type ReportFields = Pick<ReportRow,
  'status' | 'consolidated' | 'highlights' | 'difficulties' | 'proposals' | 'draft' | 'submittedBy' | 'flags' |
  'reviewedBy' | 'returnReason' | 'correctionReason' | 'viewedBy' | 'onBehalfBy' | 'onBehalfReason' | 'updatedBy'> & {
  readonly firstSubmittedAt: Date | string | null;
  readonly submittedAt: Date | string | null;
  readonly reviewedAt: Date | string | null;
  readonly viewedAt: Date | string | null;
  readonly receivedAt: Date | string | null;
};

export type ReportValueRow = Readonly<Pick<typeof reportValues.$inferSelect, 'indicatorId' | 'value' | 'consolidated'>>;

/** The report's columns as ReportRow names, of the table or of the alias `t`. */
function columnsOf(t = ''): SQL {
  const p = t === '' ? '' : `${t}.`;
  return sql.raw(`${p}id, ${p}campaign_id as "campaignId", ${p}unit_id as "unitId", ${p}period, ${p}status, ${p}consolidated,
  ${p}highlights, ${p}difficulties, ${p}proposals, ${p}draft, ${p}version, ${p}first_submitted_at as "firstSubmittedAt",
  ${p}submitted_at as "submittedAt", ${p}submitted_by as "submittedBy", ${p}flags, ${p}reviewed_at as "reviewedAt",
  ${p}reviewed_by as "reviewedBy", ${p}return_reason as "returnReason", ${p}correction_reason as "correctionReason",
  ${p}viewed_at as "viewedAt", ${p}viewed_by as "viewedBy", ${p}received_at as "receivedAt", ${p}on_behalf_by as "onBehalfBy",
  ${p}on_behalf_reason as "onBehalfReason", ${p}updated_at as "updatedAt", ${p}updated_by as "updatedBy"`);
}
const COLUMNS = columnsOf();

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
  const found = (await getOrCreateManyForUpdate(ex, campaignId, period, [{ unitId, userId }])).get(unitId);
  if (!found) throw new Error('report vanished while locking it');
  return found;
}

/** getOrCreateForUpdate for several units of one week, in two statements, rows locked in unit order. */
async function getOrCreateManyForUpdate(
  ex: Executor, campaignId: number, period: string, units: readonly { unitId: number; userId: number | null }[],
): Promise<Map<number, { row: ReportRow; created: boolean }>> {
  const out = new Map<number, { row: ReportRow; created: boolean }>();
  if (units.length === 0) return out;
  const sorted = [...units].sort((a, b) => a.unitId - b.unitId);
  const inserted = await queryRows<ReportRow>(ex, sql`
    insert into reports (campaign_id, unit_id, period, status, updated_by)
    select ${campaignId}, unit_id, ${period}, 'draft', user_id
    from unnest(${intArray(sorted.map((u) => u.unitId))}, ${intArray(sorted.map((u) => u.userId))}) with ordinality as t(unit_id, user_id, n)
    order by n
    on conflict (campaign_id, unit_id, period) do nothing
    returning ${COLUMNS}`);
  for (const row of inserted) out.set(row.unitId, { row, created: true });
  const existing = sorted.filter((u) => !out.has(u.unitId)).map((u) => u.unitId);
  if (existing.length === 0) return out;
  const locked = await queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(existing)})
    order by unit_id for update`);
  for (const row of locked) out.set(row.unitId, { row, created: false });
  return out;
}

/** Removes reports by id (rows a batch created for submissions it then refused). */
async function removeMany(ex: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await ex.execute(sql`delete from reports where id = any(${intArray(ids)})`);
}

/** Writes every field of a report and moves its version on (versioned writes). */
async function update(ex: Executor, id: number, f: ReportFields): Promise<ReportRow> {
  const [row] = await updateMany(ex, [{ id, fields: f }]);
  if (!row) throw new Error('report vanished during update');
  return row;
}

/** `update` for several reports in one statement; returns the rows written. */
async function updateMany(ex: Executor, changes: readonly { id: number; fields: ReportFields }[]): Promise<ReportRow[]> {
  if (changes.length === 0) return [];
  return queryRows<ReportRow>(ex, updateManySql(changes));
}

/** The statement of updateMany (returning ReportRow), to send with others (`together`). */
function updateManySql(changes: readonly { id: number; fields: ReportFields }[]): SQL {
  const json = JSON.stringify(changes.map(({ id, fields: f }) => ({
    id, status: f.status, consolidated: f.consolidated, highlights: f.highlights, difficulties: f.difficulties,
    proposals: f.proposals, draft: f.draft, first_submitted_at: f.firstSubmittedAt, submitted_at: f.submittedAt,
    submitted_by: f.submittedBy, flags: f.flags, reviewed_at: f.reviewedAt, reviewed_by: f.reviewedBy,
    return_reason: f.returnReason, correction_reason: f.correctionReason, viewed_at: f.viewedAt, viewed_by: f.viewedBy,
    received_at: f.receivedAt, on_behalf_by: f.onBehalfBy, on_behalf_reason: f.onBehalfReason, updated_by: f.updatedBy,
  })));
  return sql`
    update reports r set status = v.status, consolidated = v.consolidated,
      highlights = v.highlights, difficulties = v.difficulties, proposals = v.proposals,
      draft = case when jsonb_typeof(v.draft) = 'null' then null else v.draft end,
      first_submitted_at = v.first_submitted_at, submitted_at = v.submitted_at, submitted_by = v.submitted_by,
      flags = v.flags, reviewed_at = v.reviewed_at, reviewed_by = v.reviewed_by,
      return_reason = v.return_reason, correction_reason = v.correction_reason,
      viewed_at = v.viewed_at, viewed_by = v.viewed_by,
      received_at = v.received_at, on_behalf_by = v.on_behalf_by, on_behalf_reason = v.on_behalf_reason,
      updated_by = v.updated_by, updated_at = now(), version = r.version + 1
    from jsonb_to_recordset(${json}::jsonb) as v(id int, status text, consolidated boolean, highlights text,
      difficulties text, proposals text, draft jsonb, first_submitted_at timestamptz, submitted_at timestamptz,
      submitted_by int, flags jsonb, reviewed_at timestamptz, reviewed_by int, return_reason text,
      correction_reason text, viewed_at timestamptz, viewed_by int, received_at timestamptz, on_behalf_by int,
      on_behalf_reason text, updated_by int)
    where r.id = v.id returning ${columnsOf('r')}`;
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

/** The reports of the given units for one week (a parent reviewing its children's), in unit order. */
async function listForUnits(ex: Executor, campaignId: number, unitIds: readonly number[], period: string): Promise<ReportRow[]> {
  if (unitIds.length === 0) return [];
  return queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(unitIds)})
    order by unit_id`);
}

/**
 * markViewed for several reports in one statement (a reviewer shown their figures in a list):
 * each is marked only at the version shown and only if not yet viewed. Returns the ids marked.
 */
async function markViewedMany(ex: Executor, seen: readonly { id: number; version: number }[], userId: number, at: Date): Promise<number[]> {
  if (seen.length === 0) return [];
  const rows = await queryRows<{ id: number }>(ex, sql`
    update reports r set viewed_at = ${at}, viewed_by = ${userId}
    from unnest(${intArray(seen.map((s) => s.id))}, ${intArray(seen.map((s) => s.version))}) as v(id, version)
    where r.id = v.id and r.version = v.version and r.viewed_at is null and r.status = 'submitted'
    returning r.id`);
  return rows.map((r) => r.id);
}

/** What a unit's submission is checked and added up against: its own figures up to the week. */
export interface OwnFigures {
  /** The week's submitted figures, by indicator id. */
  readonly values: Map<number, ReportValueRow>;
  /** Its figures summed over the weeks before (exact: summed by the database). */
  readonly toDateBefore: Map<number, number>;
  /** Its weekly figures before the week, oldest first (for outliers). */
  readonly history: Map<number, number[]>;
}

/** OwnFigures of several units for one week, read in one pass over their figures. */
async function ownFiguresOf(ex: Executor, campaignId: number, unitIds: readonly number[], period: string): Promise<Map<number, OwnFigures>> {
  const query = ownFigures(campaignId, unitIds, period);
  return unitIds.length === 0 ? query.from([]) : read(ex, query);
}

/** ownFiguresOf as a Read (to send with others, `readTogether`). */
function ownFigures(campaignId: number, unitIds: readonly number[], period: string): Read<Map<number, OwnFigures>> {
  return {
    sql: sql`
      select unit_id as "unitId", indicator_id as "indicatorId",
             max(value) filter (where period = ${period}) as value, bool_or(consolidated) filter (where period = ${period}) as consolidated,
             sum(value) filter (where period < ${period}) as before,
             array_agg(value::float8 order by period) filter (where period < ${period}) as history
      from report_values where campaign_id = ${campaignId} and unit_id = any(${intArray(unitIds)}) and period <= ${period}
      group by unit_id, indicator_id`,
    from: (rows) => {
      const out = new Map<number, OwnFigures>(unitIds.map((id) => [id, { values: new Map(), toDateBefore: new Map(), history: new Map() }]));
      for (const r of rows as {
        unitId: number; indicatorId: number; value: number | null; consolidated: boolean | null; before: number | null; history: (number | string)[] | null;
      }[]) {
        const own = out.get(r.unitId);
        if (!own) continue;
        if (r.value !== null) own.values.set(r.indicatorId, { indicatorId: r.indicatorId, value: r.value, consolidated: r.consolidated ?? false });
        if (r.before !== null) own.toDateBefore.set(r.indicatorId, r.before);
        if (r.history !== null) own.history.set(r.indicatorId, r.history.map(Number));
      }
      return out;
    },
  };
}

/** What one report's figures become: indicator id → increment, with the report's consolidated flag. */
export interface ReportValuesWrite {
  readonly report: { readonly id: number; readonly unitId: number };
  readonly values: ReadonlyMap<number, number>;
  readonly consolidated: boolean;
}

/**
 * The statements that replace the submitted figures of several reports of one campaign and week
 * (figures not given are dropped), sent with the other writes (`together`): they touch different
 * rows (the figures dropped, the figures kept), so they may share one snapshot.
 */
function replaceValuesSql(campaignId: number, period: string, writes: readonly ReportValuesWrite[]): SQL[] {
  if (writes.length === 0) return [];
  const kept = writes.flatMap((w) => [...w.values.keys()].map((indicatorId) => ({ unitId: w.report.unitId, indicatorId })));
  const drop = sql`
    delete from report_values where campaign_id = ${campaignId} and period = ${period}
      and unit_id = any(${intArray(writes.map((w) => w.report.unitId))})
      and (unit_id, indicator_id) not in (select * from unnest(${intArray(kept.map((k) => k.unitId))}, ${intArray(kept.map((k) => k.indicatorId))}))`;
  const rows = writes.flatMap((w) => [...w.values].map(([indicatorId, value]) => ({ w, indicatorId, value })));
  if (rows.length === 0) return [drop];
  // An array parameter per column however many figures (thousands of parameters cost more to
  // send and bind, and PostgreSQL reads arrays faster than a JSON document of rows).
  return [drop, sql`
    insert into report_values (campaign_id, unit_id, indicator_id, period, value, consolidated, report_id)
    select ${campaignId}, unit_id, indicator_id, ${period}, value, consolidated, report_id
    from unnest(${intArray(rows.map((r) => r.w.report.unitId))}, ${intArray(rows.map((r) => r.indicatorId))},
      ${numericArray(rows.map((r) => r.value))}, ${boolArray(rows.map((r) => r.w.consolidated))}, ${intArray(rows.map((r) => r.w.report.id))})
      as t(unit_id, indicator_id, value, consolidated, report_id)
    order by unit_id, indicator_id
    on conflict (campaign_id, unit_id, indicator_id, period)
    do update set value = excluded.value, consolidated = excluded.consolidated, report_id = excluded.report_id`];
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

/** A report's state, with how many values it flagged (counted in SQL). */
export type SubmissionRow = Readonly<
  Pick<ReportRow, 'unitId' | 'period' | 'status' | 'firstSubmittedAt' | 'submittedAt' | 'returnReason' | 'receivedAt' | 'onBehalfBy'> & { flagCount: number }
>;

/** Report states of every unit of a subtree for the given weeks (timeliness, quality). */
async function listSubmissions(ex: Executor, campaignId: number, rootUnitId: number, periods: readonly string[]): Promise<SubmissionRow[]> {
  return queryRows<SubmissionRow>(ex, sql`
    select r.unit_id as "unitId", r.period, r.status, r.first_submitted_at as "firstSubmittedAt",
           r.submitted_at as "submittedAt", (select count(*)::int from jsonb_object_keys(r.flags)) as "flagCount",
           r.return_reason as "returnReason", r.received_at as "receivedAt", r.on_behalf_by as "onBehalfBy"
    from reports r join unit_closure c on c.descendant_id = r.unit_id and c.ancestor_id = ${rootUnitId}
    where r.campaign_id = ${campaignId} and r.period = any(${textArray(periods)})`);
}

/** A report whose figures stand (submitted or approved), with its unit and its stored figures of some indicators. */
export type StandingReportRow = Readonly<{
  unitId: number; unitCode: string; period: string; status: ReportStatus; values: Readonly<Record<string, number>>;
}>;

/**
 * The reports of a campaign whose figures stand (submitted, approved), with their stored
 * figures of the indicators given (by id), of the units given or of every unit: what a
 * recount or a check of indicators counted from records goes through.
 */
async function listStanding(
  ex: Executor, campaignId: number, indicatorIds: readonly number[], unitIds: readonly number[] | null = null,
): Promise<StandingReportRow[]> {
  const rows = await queryRows<StandingReportRow & { values: Record<string, number | string> | null }>(ex, sql`
    select r.unit_id as "unitId", u.code as "unitCode", r.period, r.status,
      (select jsonb_object_agg(v.indicator_id::text, v.value) from report_values v
        where v.report_id = r.id and v.indicator_id = any(${intArray(indicatorIds)})) as values
    from reports r join units u on u.id = r.unit_id
    where r.campaign_id = ${campaignId} and r.status in ('submitted', 'approved')
      ${unitIds === null ? sql`` : sql`and r.unit_id = any(${intArray(unitIds)})`}
    order by r.period, u.code`);
  return rows.map((row) => ({ ...row, values: Object.fromEntries(Object.entries(row.values ?? {}).map(([id, v]) => [id, Number(v)])) }));
}

/** Whether any unit has a figure of the indicator in the campaign (typed figures a rule of counting would contradict). */
async function hasFigures(ex: Executor, campaignId: number, indicatorId: number): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(ex, sql`
    select exists (select 1 from report_values where campaign_id = ${campaignId} and indicator_id = ${indicatorId}) as found`);
  return row?.found === true;
}

/** Reports of a subtree with flagged values (of one week, or all), newest week first (the data-quality view). */
async function listFlagged(ex: Executor, campaignId: number, rootUnitId: number, period: string | null, limit: number): Promise<ReportRow[]> {
  return queryRows<ReportRow>(ex, sql`
    select ${COLUMNS} from reports r join unit_closure c on c.descendant_id = r.unit_id and c.ancestor_id = ${rootUnitId}
    where r.campaign_id = ${campaignId} and r.flags <> '{}'::jsonb ${period === null ? sql`` : sql`and r.period = ${period}`}
    order by r.period desc, r.unit_id limit ${limit}`);
}

/** What the outlier check compares a unit's week with: its siblings' figures and targets, and its own targets. */
export interface PeerFigures {
  /**
   * The week's figures of the children of the given parents, each with the sibling's target
   * (null for none), by "parent:indicator": each unit reads its own siblings' figures without
   * going through every parent's (a district can have hundreds of branches).
   */
  readonly peers: Map<string, { unitId: number; value: number; target: number | null }[]>;
  /** "unit:indicator" → target, for the given units. */
  readonly targets: Map<string, number | null>;
}

/** PeerFigures for units with the given parents, in one statement (a Read: sent with others, `readTogether`). */
function peerFigures(
  campaignId: number, indicatorIds: readonly number[], unitIds: readonly number[], parentIds: readonly number[], period: string,
): Read<PeerFigures> {
  // The siblings (units' parent index), then their figures of the week by the figures' key
  // (unit, indicator, week) and their targets by theirs: a district's hundreds of branches
  // cost a few exact probes each, not a walk through every week of theirs. One row per parent
  // and indicator, the figures in arrays, so a big district is not thousands of rows to parse.
  // Not through the week's reports: at the start of a week the statistics say it has none,
  // and the planner would rather walk them all by week than look each up.
  return {
    sql: sql`
      with w as (select id as unit_id, parent_id from units where parent_id = any(${intArray(parentIds)}))
      select 'p' as kind, w.parent_id as id, v.indicator_id as "indicatorId", null::numeric as value,
             array_agg(v.unit_id) as "unitIds", array_agg(v.value::float8) as values, array_agg(t.target::float8) as targets
      from w join report_values v on v.campaign_id = ${campaignId} and v.unit_id = w.unit_id
        and v.indicator_id = any(${intArray(indicatorIds)}) and v.period = ${period}
      left join targets t on t.campaign_id = ${campaignId} and t.unit_id = w.unit_id and t.indicator_id = v.indicator_id
      group by w.parent_id, v.indicator_id
      union all
      select 't', t.unit_id, t.indicator_id, t.target, null, null, null from targets t
      where t.campaign_id = ${campaignId} and t.unit_id = any(${intArray(unitIds)})`,
    from: (rows) => {
      const figures: PeerFigures = { peers: new Map(), targets: new Map() };
      for (const r of rows as {
        kind: 'p' | 't'; id: number; indicatorId: number; value: number | null;
        unitIds: number[] | null; values: number[] | null; targets: (number | null)[] | null;
      }[]) {
        if (r.kind === 't') figures.targets.set(`${r.id}:${r.indicatorId}`, r.value);
        else if (r.unitIds && r.values && r.targets) {
          const { values, targets } = r;
          figures.peers.set(`${r.id}:${r.indicatorId}`, r.unitIds.map((unitId, i) => {
            const target = targets[i];
            return { unitId, value: Number(values[i]), target: target === null || target === undefined ? null : Number(target) };
          }));
        }
      }
      return figures;
    },
  };
}

/** Report state of several units for one week (for the children table). */
async function listStatuses(ex: Executor, campaignId: number, unitIds: readonly number[], period: string): Promise<Map<number, Pick<ReportRow, 'status' | 'submittedAt'>>> {
  const rows = await queryRows<Pick<ReportRow, 'unitId' | 'status' | 'submittedAt'>>(ex, sql`
    select unit_id as "unitId", status, submitted_at as "submittedAt" from reports
    where campaign_id = ${campaignId} and period = ${period} and unit_id = any(${intArray(unitIds)})`);
  return new Map(rows.map((r) => [r.unitId, { status: r.status, submittedAt: r.submittedAt }]));
}

export const reportsRepository = Object.freeze({
  get, getOrCreateForUpdate, getOrCreateManyForUpdate, removeMany, update, updateMany, updateManySql, markViewed, markViewedMany, listForUnits, ownFiguresOf, ownFigures,
  figuresFor, replaceValuesSql, listStatuses, listSubmissions, listFlagged, peerFigures, listStanding, hasFigures,
});
