/**
 * The live roll-up (DESIGN.md "The numbers must be right"). For every unit u below the
 * campaign's root, rollup_summary holds S(u) = Σ total(child) per indicator and week, where
 * total(u) = consolidated(u) ? value(u) : value(u) + S(u). Submissions add their delta to
 * the S rows of their ancestors in the same transaction (core/rollup.ts decides which);
 * the root's figure is summed from its children when read.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { campaigns, indicators, reportValues, rollupSummary, units } from './schema.ts';
import { intArray, numericArray, type Read } from './sql-helpers.ts';

type Summary = typeof rollupSummary.$inferSelect;
type Value = Summary['value'];

/** What a write adds to one S row of the week. */
export type SummaryDelta = Readonly<Pick<Summary, 'unitId' | 'indicatorId'> & { delta: Value }>;

/** total(u) of one unit, indicator and week (computed: own value ⊕ S). */
export type PeriodTotalRow = Readonly<Pick<Summary, 'unitId' | 'indicatorId' | 'period'> & { total: Value }>;

/** total(u) to date and of the last week, per unit and indicator (computed). */
export type TotalRow = Readonly<Pick<Summary, 'unitId' | 'indicatorId'> & { toDate: Value; thisWeek: Value }>;

/** One (unit, indicator, week) where the live S and its recompute disagree, named by codes (joined). */
export type RollupDifference = Readonly<{
  campaignCode: (typeof campaigns.$inferSelect)['code'];
  unitCode: (typeof units.$inferSelect)['code'];
  indicatorCode: (typeof indicators.$inferSelect)['code'];
  period: Summary['period'];
  summary: Value;
  recomputed: Value;
}>;

/** 2023-W21 → 202321, the second half of the advisory-lock key. */
function periodKey(period: string): number {
  return Number(period.slice(0, 4)) * 100 + Number(period.slice(6));
}

/** One advisory lock a write takes on (unit, week): shared on an ancestor, exclusive on the unit written. */
export interface WriteLock {
  readonly unitId: number;
  /** Distance from the top of the hierarchy: locks are taken in (depth, unit id) order. */
  readonly depth: number;
  readonly exclusive: boolean;
}

/**
 * Serialises writes to (unit, week) against a change of consolidation above them: shared
 * locks on the ancestors (writers in one subtree never block each other), exclusive locks on
 * the units written. Every writer takes its locks in one global order — by depth, then unit
 * id, so an ancestor always before its descendants — before any row lock, so no cycle can
 * form however many units a transaction writes.
 */
async function lockForWrite(ex: Executor, period: string, locks: readonly WriteLock[]): Promise<void> {
  if (locks.length === 0) return;
  const ordered = [...locks].sort((a, b) => a.depth - b.depth || a.unitId - b.unitId);
  const flags = `{${ordered.map((l) => (l.exclusive ? 't' : 'f')).join(',')}}`;
  await ex.execute(sql`
    select case when e then pg_advisory_xact_lock(a, ${periodKey(period)}) else pg_advisory_xact_lock_shared(a, ${periodKey(period)}) end
    from unnest(${intArray(ordered.map((l) => l.unitId))}, ${flags}::bool[]) with ordinality as t(a, e, n) order by n`);
}

/** What a write to some units' figures of one week depends on, below them and above them. */
export interface WriteContext {
  /** S(u) of each unit written: unit id → indicator id → value. */
  readonly childrenSums: Map<number, Map<number, number>>;
  /** Which of the units above report the week consolidated, per indicator id. */
  readonly consolidatedAbove: Map<number, Set<number>>;
}

/** WriteContext of the units `unitIds` with the ancestors `aboveIds`, in one statement (a Read: sent with others, `readTogether`). */
function writeContext(campaignId: number, unitIds: readonly number[], aboveIds: readonly number[], period: string): Read<WriteContext> {
  return {
    sql: sql`
      select 's' as kind, unit_id as "unitId", indicator_id as "indicatorId", value from rollup_summary
      where campaign_id = ${campaignId} and unit_id = any(${intArray(unitIds)}) and period = ${period}
      union all
      select 'c', unit_id, indicator_id, null from report_values
      where campaign_id = ${campaignId} and period = ${period} and consolidated and unit_id = any(${intArray(aboveIds)})`,
    from: (rows) => {
      const context: WriteContext = { childrenSums: new Map(unitIds.map((id) => [id, new Map()])), consolidatedAbove: new Map() };
      for (const r of rows as { kind: 's' | 'c'; unitId: number; indicatorId: number; value: number | null }[]) {
        if (r.kind === 's') {
          context.childrenSums.get(r.unitId)?.set(r.indicatorId, r.value ?? 0);
        } else {
          const set = context.consolidatedAbove.get(r.indicatorId) ?? new Set<number>();
          set.add(r.unitId);
          context.consolidatedAbove.set(r.indicatorId, set);
        }
      }
      return context;
    },
  };
}

/**
 * Adds deltas to S rows, merged per row and in a fixed order so concurrent writers cannot
 * deadlock: the statement (null when nothing moves), sent with the other writes (`together`).
 */
function applyDeltasSql(campaignId: number, period: string, deltas: readonly SummaryDelta[]): SQL | null {
  const merged = new Map<string, SummaryDelta>();
  for (const d of deltas) {
    if (d.delta === 0) continue;
    const key = `${d.unitId}:${d.indicatorId}`;
    const prev = merged.get(key);
    merged.set(key, { ...d, delta: (prev?.delta ?? 0) + d.delta });
  }
  const rows = [...merged.values()].sort((a, b) => a.unitId - b.unitId || a.indicatorId - b.indicatorId);
  if (rows.length === 0) return null;
  // Three array parameters however many rows: thousands of parameters cost more to build, send and bind.
  return sql`
    insert into rollup_summary (campaign_id, unit_id, indicator_id, period, value)
    select ${campaignId}, unit_id, indicator_id, ${period}, delta
    from unnest(${intArray(rows.map((r) => r.unitId))}, ${intArray(rows.map((r) => r.indicatorId))}, ${numericArray(rows.map((r) => r.delta))})
      as t(unit_id, indicator_id, delta)
    on conflict (campaign_id, unit_id, indicator_id, period)
    do update set value = rollup_summary.value + excluded.value`;
}

/** total(u) per unit, indicator and week up to `upTo`, for a set of units (own value ⊕ S). */
function periodTotalsQuery(campaignId: number, unitIds: readonly number[], upTo: string): SQL {
  const ids = intArray(unitIds);
  return sql`
    select coalesce(v.unit_id, s.unit_id) as unit_id, coalesce(v.indicator_id, s.indicator_id) as indicator_id,
           coalesce(v.period, s.period) as period,
           case when v.consolidated then v.value else coalesce(v.value, 0) + coalesce(s.value, 0) end as total
    from (select unit_id, indicator_id, period, value, consolidated from report_values
          where campaign_id = ${campaignId} and unit_id = any(${ids}) and period <= ${upTo}) v
    full join (select unit_id, indicator_id, period, value from rollup_summary
          where campaign_id = ${campaignId} and unit_id = any(${ids}) and period <= ${upTo}) s
      on s.unit_id = v.unit_id and s.indicator_id = v.indicator_id and s.period = v.period`;
}

/** To date (weeks ≤ upTo) and this week (= upTo) for each unit and indicator. */
async function totals(ex: Executor, campaignId: number, unitIds: readonly number[], upTo: string): Promise<TotalRow[]> {
  if (unitIds.length === 0) return [];
  return queryRows<TotalRow>(ex, sql`
    select t.unit_id as "unitId", t.indicator_id as "indicatorId", sum(t.total) as "toDate",
           coalesce(sum(t.total) filter (where t.period = ${upTo}), 0) as "thisWeek"
    from (${periodTotalsQuery(campaignId, unitIds, upTo)}) t
    group by t.unit_id, t.indicator_id`);
}

/** total(u) per indicator and week up to `upTo` for one unit (its weekly trend). */
async function periodTotals(ex: Executor, campaignId: number, unitId: number, upTo: string): Promise<PeriodTotalRow[]> {
  return queryRows<PeriodTotalRow>(ex, sql`
    select unit_id as "unitId", indicator_id as "indicatorId", period, total
    from (${periodTotalsQuery(campaignId, [unitId], upTo)}) t`);
}

/** Σ total(u) over a set of units, per indicator and week (the root's S, summed in SQL). */
async function sumByPeriod(ex: Executor, campaignId: number, unitIds: readonly number[], upTo: string): Promise<Omit<PeriodTotalRow, 'unitId'>[]> {
  if (unitIds.length === 0) return [];
  return queryRows(ex, sql`
    select indicator_id as "indicatorId", period, sum(total) as total
    from (${periodTotalsQuery(campaignId, unitIds, upTo)}) t group by indicator_id, period`);
}

/** A unit's own submitted figures per week up to `upTo`, with the consolidated flag. */
async function ownValues(ex: Executor, campaignId: number, unitId: number, upTo: string): Promise<(PeriodTotalRow & Readonly<Pick<typeof reportValues.$inferSelect, 'value' | 'consolidated'>>)[]> {
  return queryRows(ex, sql`
    select unit_id as "unitId", indicator_id as "indicatorId", period, value, value as total, consolidated
    from report_values where campaign_id = ${campaignId} and unit_id = ${unitId} and period <= ${upTo}`);
}

/**
 * S recomputed from the raw values alone: a value of unit x counts towards ancestor a
 * unless some unit strictly between them reported that week consolidated; i.e. a's distance
 * to x is at most the distance to x's nearest consolidated ancestor.
 */
function recomputeQuery(campaignId: number, rootUnitId: number): SQL {
  return sql`
    with mask as (
      select y.descendant_id as unit_id, c.indicator_id, c.period, min(y.depth) as mdepth
      from report_values c join unit_closure y on y.ancestor_id = c.unit_id and y.depth > 0
      where c.campaign_id = ${campaignId} and c.consolidated
      group by 1, 2, 3
    ), below_root as (
      select descendant_id as unit_id from unit_closure where ancestor_id = ${rootUnitId} and depth > 0
    )
    select a.ancestor_id as unit_id, v.indicator_id, v.period, sum(v.value) as value
    from report_values v
    join unit_closure a on a.descendant_id = v.unit_id and a.depth > 0
    join below_root br on br.unit_id = a.ancestor_id
    left join mask m on m.unit_id = v.unit_id and m.indicator_id = v.indicator_id and m.period = v.period
    where v.campaign_id = ${campaignId} and (m.mdepth is null or a.depth <= m.mdepth)
    group by 1, 2, 3`;
}

/** Every (unit, indicator, week) where the live summary and the recompute disagree. */
async function compare(ex: Executor, campaign: { id: number; code: string; rootUnitId: number }): Promise<RollupDifference[]> {
  return queryRows<RollupDifference>(ex, sql`
    with r as (${recomputeQuery(campaign.id, campaign.rootUnitId)}),
    s as (select unit_id, indicator_id, period, value from rollup_summary where campaign_id = ${campaign.id})
    select ${campaign.code} as "campaignCode", u.code as "unitCode", i.code as "indicatorCode", d.period,
           d.summary, d.recomputed
    from (
      select coalesce(r.unit_id, s.unit_id) as unit_id, coalesce(r.indicator_id, s.indicator_id) as indicator_id,
             coalesce(r.period, s.period) as period, coalesce(s.value, 0) as summary, coalesce(r.value, 0) as recomputed
      from r full join s on s.unit_id = r.unit_id and s.indicator_id = r.indicator_id and s.period = r.period
    ) d
    join units u on u.id = d.unit_id join indicators i on i.id = d.indicator_id
    where d.summary <> d.recomputed
    order by u.code, i.code, d.period`);
}

/** Replaces a campaign's summary with the recompute (after a bulk load). */
async function rebuild(ex: Executor, campaign: { id: number; rootUnitId: number }): Promise<void> {
  await ex.execute(sql`delete from rollup_summary where campaign_id = ${campaign.id}`);
  await ex.execute(sql`
    insert into rollup_summary (campaign_id, unit_id, indicator_id, period, value)
    select ${campaign.id}, unit_id, indicator_id, period, value from (${recomputeQuery(campaign.id, campaign.rootUnitId)}) r`);
}

export const rollupRepository = Object.freeze({
  lockForWrite, writeContext, applyDeltasSql, totals, periodTotals, sumByPeriod, ownValues, compare, rebuild,
});
