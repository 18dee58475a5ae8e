/**
 * Reorganisations and what they leave: successions between units and the names units had
 * before a rename. The units themselves are written through unitsRepository (insert) and
 * the few updates here (re-key, close, rename), so that a reorganisation's transaction
 * changes the past of nothing: reports, figures, roll-ups and targets keep their units.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { reorganisations, unitSuccessions } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';
import { unitSearchText } from './units.repository.ts';

export type ReorganisationRow = Readonly<Omit<typeof reorganisations.$inferSelect, 'createdAt' | 'accountsDoneAt'> & { createdAt: string; accountsDoneAt: string | null }>;
/** What a reorganisation does to the accounts of one old unit: moves them to `toUnitId`, or closes them (null). */
export type AccountsFateRow = Readonly<{ fromUnitId: number; toUnitId: number | null }>;
export type SuccessionRow = Readonly<Pick<typeof unitSuccessions.$inferSelect, 'predecessorId' | 'successorId' | 'primary'>>;
/** A succession named by codes, for the regrouping in core (regroupAsOf). */
export type SuccessionByCode = Readonly<{ predecessor: string; successor: string; primary: boolean }>;

async function insert(
  ex: Executor,
  r: Readonly<Pick<typeof reorganisations.$inferInsert, 'name' | 'effectiveDate' | 'steps' | 'plan' | 'createdBy'> & { accounts: readonly AccountsFateRow[]; accountsDoneAt: Date | null }>,
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(ex, sql`
    insert into reorganisations (name, effective_date, steps, plan, accounts, accounts_done_at, created_by)
    values (${r.name}, ${r.effectiveDate}, ${JSON.stringify(r.steps)}::jsonb, ${JSON.stringify(r.plan)}::jsonb, ${JSON.stringify(r.accounts)}::jsonb,
      ${r.accountsDoneAt?.toISOString() ?? null}, ${r.createdBy ?? null})
    returning id`);
  if (!row) throw new Error('insert into reorganisations returned nothing');
  return row.id;
}

async function list(ex: Executor): Promise<ReorganisationRow[]> {
  return queryRows<ReorganisationRow>(ex, sql`
    select id, name, effective_date as "effectiveDate", steps, plan, accounts, accounts_done_at as "accountsDoneAt", created_by as "createdBy", created_at as "createdAt"
    from reorganisations order by effective_date, id`);
}

/**
 * The reorganisations whose date has come (on or before `today`) and whose accounts have not
 * moved yet, oldest first, locked until the transaction ends (another process skips them).
 */
async function lockAccountsDue(ex: Executor, today: string): Promise<Pick<ReorganisationRow, 'id' | 'name' | 'effectiveDate' | 'accounts'>[]> {
  return queryRows(ex, sql`
    select id, name, effective_date as "effectiveDate", accounts from reorganisations
    where accounts_done_at is null and effective_date <= ${today}
    order by effective_date, id for update skip locked`);
}

/** Records what the reorganisation does to the old units' accounts (once its units have ids). */
async function setAccounts(ex: Executor, id: number, accounts: readonly AccountsFateRow[]): Promise<void> {
  await ex.execute(sql`update reorganisations set accounts = ${JSON.stringify(accounts)}::jsonb where id = ${id}`);
}

async function markAccountsDone(ex: Executor, id: number, at: Date): Promise<void> {
  await ex.execute(sql`update reorganisations set accounts_done_at = ${at.toISOString()} where id = ${id}`);
}

/** Gives a unit another key (its search text follows); the unit, its reports and its history are untouched. */
async function rekey(ex: Executor, from: string, to: string): Promise<void> {
  const [unit] = await queryRows<{ name: string; shortName: string | null }>(ex, sql`select name, short_name as "shortName" from units where code = ${from}`);
  if (!unit) throw new Error(`rekey: no unit has code ${from}`);
  await ex.execute(sql`update units set code = ${to}, search_text = ${unitSearchText({ ...unit, code: to })} where code = ${from}`);
}

/** Closes units by code: `closeOn` is their last day. */
async function closeUnits(ex: Executor, codes: readonly string[], closeOn: string): Promise<void> {
  if (codes.length === 0) return;
  await ex.execute(sql`update units set valid_to = ${closeOn} where code = any(${textArray(codes)})`);
}

/** Renames a unit from the day after `validTo`, keeping the name it had up to then. */
async function rename(
  ex: Executor, u: { unitId: number; code: string; validTo: string; name: string; shortName: string | null; reorganisationId: number },
): Promise<void> {
  await ex.execute(sql`
    insert into unit_names (unit_id, valid_to, name, short_name, reorganisation_id)
    select id, ${u.validTo}, name, short_name, ${u.reorganisationId} from units where id = ${u.unitId}`);
  await ex.execute(sql`
    update units set name = ${u.name}, short_name = ${u.shortName}, search_text = ${unitSearchText(u)} where id = ${u.unitId}`);
}

/** Records successions, and a primary successor in units.successor_id too. */
async function insertSuccessions(ex: Executor, rows: readonly SuccessionRow[], reorganisationId: number): Promise<void> {
  if (rows.length === 0) return;
  await ex.execute(sql`
    insert into unit_successions (predecessor_id, successor_id, "primary", reorganisation_id)
    select p, s, f, ${reorganisationId} from unnest(${intArray(rows.map((r) => r.predecessorId))}, ${intArray(rows.map((r) => r.successorId))},
      ${`{${rows.map((r) => (r.primary ? 't' : 'f')).join(',')}}`}::bool[]) as t(p, s, f)`);
  const primary = rows.filter((r) => r.primary);
  if (primary.length > 0) {
    await ex.execute(sql`
      update units set successor_id = t.s from unnest(${intArray(primary.map((r) => r.predecessorId))}, ${intArray(primary.map((r) => r.successorId))}) as t(p, s)
      where units.id = t.p`);
  }
}

/** Every succession, by the units' codes (what regrouping reads). */
async function listSuccessionsByCode(ex: Executor): Promise<SuccessionByCode[]> {
  return queryRows<SuccessionByCode>(ex, sql`
    select p.code as predecessor, s.code as successor, x."primary" as primary
    from unit_successions x join units p on p.id = x.predecessor_id join units s on s.id = x.successor_id
    order by x.predecessor_id, x.successor_id`);
}

/** The names a unit had on `date`, for those of `unitIds` renamed after it (the others keep today's). */
async function namesOn(ex: Executor, unitIds: readonly number[], date: string): Promise<Map<number, { name: string; shortName: string | null }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unitId: number; name: string; shortName: string | null }>(ex, sql`
    select distinct on (unit_id) unit_id as "unitId", name, short_name as "shortName"
    from unit_names where unit_id = any(${intArray(unitIds)}) and valid_to >= ${date}
    order by unit_id, valid_to`);
  return new Map(rows.map((r) => [r.unitId, { name: r.name, shortName: r.shortName }]));
}

/** The latest effective date of a reorganisation after `date` (null: the structure has not changed since). */
async function latestEffectiveAfter(ex: Executor, date: string): Promise<string | null> {
  const [row] = await queryRows<{ date: string | null }>(ex, sql`select max(effective_date) as date from reorganisations where effective_date > ${date}`);
  return row?.date ?? null;
}

/** One reorganisation at a time (until the transaction ends): each plans on the structure the previous one left. */
async function lockApplying(ex: Executor): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext('giaoban.reorganisation'))`);
}

/** The reorganisations whose scope (the stored plan's root) holds `unitId` or lies below it, by date. */
async function listTouching(ex: Executor, unitId: number): Promise<(Pick<ReorganisationRow, 'id' | 'name' | 'plan' | 'accountsDoneAt'> & { date: string })[]> {
  return queryRows(ex, sql`
    select r.id, r.name, r.effective_date as date, r.plan, r.accounts_done_at as "accountsDoneAt" from reorganisations r
    where (r.plan->>'root')::int in (select ancestor_id from unit_closure where descendant_id = ${unitId})
       or (r.plan->>'root')::int in (select descendant_id from unit_closure where ancestor_id = ${unitId})
    order by r.effective_date, r.id`);
}

/** Moves the accounts of a unit to another; the accounts moved. */
async function moveAccounts(ex: Executor, fromUnitId: number, toUnitId: number): Promise<{ id: number; username: string }[]> {
  return queryRows(ex, sql`update users set unit_id = ${toUnitId} where unit_id = ${fromUnitId} returning id, username`);
}

/** Disables the active accounts of a unit and ends their sessions; the accounts closed. */
async function closeAccounts(ex: Executor, unitId: number): Promise<{ id: number; username: string }[]> {
  const closed = await queryRows<{ id: number; username: string }>(ex, sql`update users set active = false where unit_id = ${unitId} and active returning id, username`);
  if (closed.length > 0) await ex.execute(sql`delete from sessions where user_id = any(${intArray(closed.map((c) => c.id))})`);
  return closed;
}

/** The campaigns running on or after `date` (ending then or later), and of those the ones with a target on one of `unitIds`. */
async function campaignsRunningOn(ex: Executor, date: string, unitIds: readonly number[]): Promise<{ id: number; hasTargets: boolean }[]> {
  return queryRows(ex, sql`
    select c.id, exists (select 1 from targets t where t.campaign_id = c.id and t.unit_id = any(${intArray(unitIds)})) as "hasTargets"
    from campaigns c where c.end_date >= ${date} order by c.id`);
}

export const reorganisationsRepository = Object.freeze({
  insert, list, lockAccountsDue, setAccounts, markAccountsDone, latestEffectiveAfter, lockApplying, listTouching, moveAccounts, closeAccounts, campaignsRunningOn, rekey, closeUnits, rename, insertSuccessions, listSuccessionsByCode, namesOn,
});
