import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { auditLog, campaigns, indicators, units, users } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';

export type { AuditAction } from './schema.ts';

type Audit = typeof auditLog.$inferSelect;
type AuditInsert = typeof auditLog.$inferInsert;

/**
 * An entry to append: `at` is when the change happened, by the service's clock; who and from
 * where are always said (null for none), what it is about only when it applies.
 */
export type AuditEntry = Readonly<
  Pick<AuditInsert, 'action' | 'campaignId' | 'unitId' | 'period' | 'indicatorId' | 'oldValue' | 'newValue' | 'reason'>
  & Required<Pick<AuditInsert, 'userId' | 'ip'>>
  & { at: Date }
>;

/** An entry as searched: its columns, and the names of its user, campaign, unit and indicator (left-joined: null when none). */
export type AuditRow = Readonly<
  Omit<Audit, 'campaignId' | 'unitId' | 'indicatorId'> & {
    username: (typeof users.$inferSelect)['username'] | null;
    userDisplayName: (typeof users.$inferSelect)['displayName'] | null;
    campaignCode: (typeof campaigns.$inferSelect)['code'] | null;
    unitCode: (typeof units.$inferSelect)['code'] | null;
    unitName: (typeof units.$inferSelect)['name'] | null;
    indicatorCode: (typeof indicators.$inferSelect)['code'] | null;
    indicatorName: (typeof indicators.$inferSelect)['name'] | null;
  }
>;

export interface AuditQuery {
  readonly campaignId?: number | undefined;
  /** Entries about this unit, or about any unit of its subtree with `subtree`. */
  readonly unitId?: number | undefined;
  readonly subtree?: boolean | undefined;
  readonly userId?: number | undefined;
  readonly period?: string | undefined;
  /** Inclusive instants (ISO). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  /** Entries with a smaller id than this (the next page). */
  readonly before?: number | undefined;
}

/** Appends entries (never updates: the table refuses it), in one statement with one parameter however many. */
async function append(ex: Executor, entries: readonly AuditEntry[]): Promise<void> {
  const statement = appendSql(entries);
  if (statement) await ex.execute(statement);
}

/** The statement of append (null for no entries), to send with others (`together`). */
function appendSql(entries: readonly AuditEntry[]): SQL | null {
  if (entries.length === 0) return null;
  // A column per array parameter, however many entries: PostgreSQL reads arrays faster than
  // a JSON document of rows, and a submission's dozen entries share one instant, written once.
  const at: string[] = [];
  entries.forEach((e, i) => at.push(i > 0 && e.at === entries[i - 1]!.at ? at[i - 1]! : e.at.toISOString()));
  // JSON null (or no value) in old/new value is stored as SQL null ("no value").
  const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
  return sql`
    insert into audit_log (at, user_id, ip, action, campaign_id, unit_id, period, indicator_id, old_value, new_value, reason)
    select at, user_id, ip, action, campaign_id, unit_id, period, indicator_id, old_value::jsonb, new_value::jsonb, reason
    from unnest(${textArray(at)}::timestamptz[], ${intArray(entries.map((e) => e.userId))}, ${textArray(entries.map((e) => e.ip))},
      ${textArray(entries.map((e) => e.action))}, ${intArray(entries.map((e) => e.campaignId ?? null))}, ${intArray(entries.map((e) => e.unitId ?? null))},
      ${textArray(entries.map((e) => e.period ?? null))}, ${intArray(entries.map((e) => e.indicatorId ?? null))},
      ${textArray(entries.map((e) => json(e.oldValue)))}, ${textArray(entries.map((e) => json(e.newValue)))}, ${textArray(entries.map((e) => e.reason ?? null))})
      as t(at, user_id, ip, action, campaign_id, unit_id, period, indicator_id, old_value, new_value, reason)`;
}

/** Newest first. */
async function search(ex: Executor, q: AuditQuery): Promise<AuditRow[]> {
  const where = [sql`true`];
  if (q.campaignId !== undefined) where.push(sql`a.campaign_id = ${q.campaignId}`);
  if (q.unitId !== undefined) {
    where.push(q.subtree
      ? sql`a.unit_id in (select descendant_id from unit_closure where ancestor_id = ${q.unitId})`
      : sql`a.unit_id = ${q.unitId}`);
  }
  if (q.userId !== undefined) where.push(sql`a.user_id = ${q.userId}`);
  if (q.period !== undefined) where.push(sql`a.period = ${q.period}`);
  if (q.from !== undefined) where.push(sql`a.at >= ${q.from}::timestamptz`);
  if (q.to !== undefined) where.push(sql`a.at <= ${q.to}::timestamptz`);
  if (q.before !== undefined) where.push(sql`a.id < ${q.before}`);
  return queryRows<AuditRow>(ex, sql`
    select a.id, a.at, a.user_id as "userId", us.username, us.display_name as "userDisplayName", a.ip, a.action,
           c.code as "campaignCode", u.code as "unitCode", u.name as "unitName", a.period,
           i.code as "indicatorCode", i.name as "indicatorName",
           a.old_value as "oldValue", a.new_value as "newValue", a.reason
    from audit_log a
    left join users us on us.id = a.user_id
    left join campaigns c on c.id = a.campaign_id
    left join units u on u.id = a.unit_id
    left join indicators i on i.id = a.indicator_id
    where ${sql.join(where, sql` and `)}
    order by a.id desc
    limit ${q.limit}`);
}

/**
 * For the figure changes among the given entries whose indicator is reported to date (số liệu
 * lũy kế): the unit's total of that indicator over the weeks before the entry's week, as the
 * figures now stand (0 for none), by entry id. One statement for a whole page of entries.
 */
async function toDateBeforeOf(ex: Executor, entryIds: readonly number[]): Promise<Map<number, number>> {
  if (entryIds.length === 0) return new Map();
  const rows = await queryRows<{ id: number; before: number | string | null }>(ex, sql`
    select a.id, (select sum(v.value) from report_values v
                  where v.campaign_id = a.campaign_id and v.unit_id = a.unit_id
                    and v.indicator_id = a.indicator_id and v.period < a.period) as before
    from audit_log a join indicators i on i.id = a.indicator_id
    where a.id = any(${intArray(entryIds)}) and a.action = 'report.value' and i.reporting_mode = 'cumulative'
      and a.unit_id is not null and a.campaign_id is not null and a.period is not null`);
  return new Map(rows.map((r) => [r.id, r.before === null ? 0 : Number(r.before)]));
}

export const auditRepository = Object.freeze({ append, appendSql, search, toDateBeforeOf });
