import { sql, type SQL } from 'drizzle-orm';
import { foldForSearch } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import type { units } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';

/** What `insert` takes: every column but the generated ones and the successor (which insert does not write). */
export type NewUnit = Readonly<
  Omit<typeof units.$inferInsert, 'id' | 'successorId' | 'createdAt' | 'parentId' | 'searchText'>
  & Required<Pick<typeof units.$inferInsert, 'parentId'>>
>;

/** A unit as the repository reads it (core's Unit and its region): every column but created_at. */
export type UnitRow = Readonly<Omit<typeof units.$inferSelect, 'createdAt' | 'searchText'>>;

/** What search reads of a unit: its code, name and short name, folded (units.search_text). */
export function unitSearchText(u: Pick<UnitRow, 'code' | 'name'> & { readonly shortName?: string | null | undefined }): string {
  return foldForSearch([u.code, u.name, u.shortName ?? ''].join(' '));
}

const COLUMNS = sql`id, code, name, short_name as "shortName", level, parent_id as "parentId", tags, region,
  valid_from as "validFrom", valid_to as "validTo", successor_id as "successorId"`;
/** COLUMNS of the alias u (a query that joins units to itself). */
const COLUMNS_OF_U = `u.id, u.code, u.name, u.short_name as "shortName", u.level, u.parent_id as "parentId", u.tags, u.region,
  u.valid_from as "validFrom", u.valid_to as "validTo", u.successor_id as "successorId"`;

/** Inserts a unit and its closure rows (one per ancestor, and itself at depth 0). */
async function insert(ex: Executor, unit: NewUnit): Promise<UnitRow> {
  const [row] = await queryRows<UnitRow>(ex, sql`
    insert into units (code, name, short_name, search_text, level, parent_id, tags, region, valid_from, valid_to)
    values (${unit.code}, ${unit.name}, ${unit.shortName ?? null}, ${unitSearchText(unit)}, ${unit.level}, ${unit.parentId}, ${textArray(unit.tags ?? [])},
            ${unit.region ?? null}, ${unit.validFrom ?? null}, ${unit.validTo ?? null})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into units returned nothing');
  await ex.execute(sql`
    insert into unit_closure (ancestor_id, descendant_id, depth)
    select ancestor_id, ${row.id}::int, depth + 1 from unit_closure where descendant_id = ${unit.parentId}::int
    union all select ${row.id}::int, ${row.id}::int, 0`);
  return row;
}

async function getByCode(ex: Executor, code: string): Promise<UnitRow | undefined> {
  const [row] = await queryRows<UnitRow>(ex, sql`select ${COLUMNS} from units where code = ${code}`);
  return row;
}

/**
 * Units by code, each with its strict ancestors (nearest first), in one statement; codes not
 * found are missing from the answer.
 */
async function listByCodesWithAncestors(ex: Executor, codes: readonly string[]): Promise<(UnitRow & { ancestorIds: number[] })[]> {
  if (codes.length === 0) return [];
  return queryRows<UnitRow & { ancestorIds: number[] }>(ex, sql`
    select ${COLUMNS},
      array(select c.ancestor_id from unit_closure c where c.descendant_id = units.id and c.depth > 0 order by c.depth) as "ancestorIds"
    from units where code = any(${textArray(codes)})`);
}

/** A unit by code and whether it lies in `rootId`'s subtree (itself included), in one query. */
/**
 * Whether the unit `unit` lies in the scope of an account of `root`: root's subtree, or the
 * subtree of a unit root continues (its predecessors through every reorganisation, so an
 * account moved to a successor still reads and reports its old units' past). The second
 * test runs only when the first fails.
 */
export function inScopeSql(root: SQL, unit: SQL): SQL {
  return sql`(exists (select 1 from unit_closure c where c.ancestor_id = ${root} and c.descendant_id = ${unit})
    or exists (
      with recursive lineage(id) as (
        select predecessor_id from unit_successions where successor_id = ${root}
        union select s.predecessor_id from unit_successions s join lineage l on s.successor_id = l.id)
      select 1 from lineage l join unit_closure c on c.ancestor_id = l.id and c.descendant_id = ${unit}))`;
}

/** A unit by code and whether it lies in the scope of an account of `rootId` (inScopeSql), in one query. */
async function getByCodeUnder(ex: Executor, code: string, rootId: number): Promise<{ unit: UnitRow; inSubtree: boolean } | undefined> {
  const [row] = await queryRows<UnitRow & { inSubtree: boolean }>(ex, sql`
    select ${COLUMNS}, ${inScopeSql(sql`${rootId}::int`, sql`units.id`)} as "inSubtree"
    from units where code = ${code}`);
  if (!row) return undefined;
  const { inSubtree, ...unit } = row;
  return { unit, inSubtree };
}

async function getById(ex: Executor, id: number): Promise<UnitRow | undefined> {
  const [row] = await queryRows<UnitRow>(ex, sql`select ${COLUMNS} from units where id = ${id}`);
  return row;
}

async function listByIds(ex: Executor, ids: readonly number[]): Promise<UnitRow[]> {
  return queryRows<UnitRow>(ex, sql`select ${COLUMNS} from units where id = any(${intArray(ids)}) order by code`);
}

/** Children of a unit, by code; `validOn` keeps only those that exist during [from, to]. */
async function listByParent(ex: Executor, parentId: number, validBetween?: { from: string; to: string }): Promise<UnitRow[]> {
  const validity = validBetween
    ? sql`and (valid_from is null or valid_from <= ${validBetween.to}) and (valid_to is null or valid_to >= ${validBetween.from})`
    : sql``;
  return queryRows<UnitRow>(ex, sql`select ${COLUMNS} from units where parent_id = ${parentId} ${validity} order by code`);
}

/** The whole subtree of a unit (itself included), parents before children. */
async function listSubtree(ex: Executor, rootId: number): Promise<UnitRow[]> {
  return queryRows<UnitRow>(ex, sql`
    select ${COLUMNS} from units u join unit_closure c on c.descendant_id = u.id
    where c.ancestor_id = ${rootId} order by c.depth, u.code`);
}

/** Strict ancestors, nearest first. */
async function listAncestorIds(ex: Executor, unitId: number): Promise<number[]> {
  return (await listAncestorIdsOf(ex, [unitId])).get(unitId) ?? [];
}

/** Strict ancestors of several units (nearest first), in one statement; a unit without any maps to []. */
async function listAncestorIdsOf(ex: Executor, unitIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(unitIds.map((id) => [id, []]));
  if (unitIds.length === 0) return out;
  const rows = await queryRows<{ unitId: number; id: number }>(ex, sql`
    select descendant_id as "unitId", ancestor_id as id from unit_closure
    where descendant_id = any(${intArray(unitIds)}) and depth > 0 order by descendant_id, depth`);
  for (const r of rows) out.get(r.unitId)?.push(r.id);
  return out;
}

async function listAncestors(ex: Executor, unitId: number): Promise<UnitRow[]> {
  return queryRows<UnitRow>(ex, sql`
    select ${COLUMNS} from units u join unit_closure c on c.ancestor_id = u.id
    where c.descendant_id = ${unitId} and c.depth > 0 order by c.depth desc`);
}

async function isInSubtree(ex: Executor, rootId: number, unitId: number): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`
    select 1 as one from unit_closure where ancestor_id = ${rootId} and descendant_id = ${unitId}`);
  return rows.length > 0;
}

/** Whether `unitId` lies in the scope of an account of `rootId` (inScopeSql: its subtree or its predecessors'). */
async function isInScope(ex: Executor, rootId: number, unitId: number): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(ex, sql`select ${inScopeSql(sql`${rootId}::int`, sql`${unitId}::int`)} as ok`);
  return row?.ok ?? false;
}

async function countChildren(ex: Executor, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await queryRows<{ id: number; n: number }>(ex, sql`
    select parent_id as id, count(*)::int as n from units where parent_id = any(${intArray(ids)}) group by parent_id`);
  return new Map(rows.map((r) => [r.id, r.n]));
}

async function countAll(ex: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`select count(*)::int as n from units`);
  return row?.n ?? 0;
}

/** What `update` may change; a field left out stays as it is. The parent changes only through `move`. */
export type UnitChanges = Readonly<Partial<Pick<UnitRow, 'code' | 'name' | 'shortName' | 'level' | 'tags' | 'region' | 'validFrom' | 'validTo'>>>;

/** Changes a unit's own fields and keeps its search text (code, name, short name folded); undefined for no such unit. */
async function update(ex: Executor, id: number, changes: UnitChanges): Promise<UnitRow | undefined> {
  const current = await getById(ex, id);
  if (!current) return undefined;
  const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as UnitRow;
  const [row] = await queryRows<UnitRow>(ex, sql`
    update units set code = ${next.code}, name = ${next.name}, short_name = ${next.shortName}, search_text = ${unitSearchText(next)},
      level = ${next.level}, tags = ${textArray(next.tags)}, region = ${next.region}, valid_from = ${next.validFrom}, valid_to = ${next.validTo}
    where id = ${id} returning ${COLUMNS}`);
  return row;
}

/**
 * Moves a unit (and its whole subtree) under `parentId`: the closure rows that tied the
 * subtree to its old ancestors are removed and the new ancestors' written, depth for depth.
 * The caller has checked that the new parent is not in the subtree (no cycle).
 */
async function move(ex: Executor, id: number, parentId: number): Promise<void> {
  await ex.execute(sql`
    delete from unit_closure
    where descendant_id in (select descendant_id from unit_closure where ancestor_id = ${id})
      and ancestor_id not in (select descendant_id from unit_closure where ancestor_id = ${id})`);
  await ex.execute(sql`
    insert into unit_closure (ancestor_id, descendant_id, depth)
    select a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
    from unit_closure a cross join unit_closure d
    where a.descendant_id = ${parentId} and d.ancestor_id = ${id}`);
  await ex.execute(sql`update units set parent_id = ${parentId} where id = ${id}`);
}

/** A unit found by search, with its parent's code and name (null at a root). */
export type UnitSearchRow = UnitRow & { readonly parentCode: string | null; readonly parentName: string | null };

const LEVEL_ORDER = sql`array['central','province','affiliated','district','grassroots','branch']`;
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Units of `rootId`'s subtree (itself included) whose folded search text holds every folded
 * word of `query`, or whose code starts with it (any case). The exact code first, then the
 * units open on `today` before the closed ones, then higher levels, then by folded name.
 */
async function search(ex: Executor, rootId: number, query: string, options: { limit: number; today: string }): Promise<UnitSearchRow[]> {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  const code = query.trim().toLowerCase();
  if (words.length === 0 && code === '') return [];
  const wordsMatch = words.length === 0 ? sql`false` : sql`u.search_text like all(${textArray(words.map((w) => `%${likeEscaped(w)}%`))})`;
  // search_text is the folded code, a space, then the folded name and short name: what follows the code orders by name.
  return queryRows<UnitSearchRow>(ex, sql`
    select ${sql.raw(COLUMNS_OF_U)}, p.code as "parentCode", p.name as "parentName"
    from units u join unit_closure c on c.descendant_id = u.id left join units p on p.id = u.parent_id
    where c.ancestor_id = ${rootId} and (${wordsMatch} or lower(u.code) like ${`${likeEscaped(code)}%`})
    order by (lower(u.code) = ${code}) desc, (u.valid_to is null or u.valid_to >= ${options.today}::date) desc,
      array_position(${LEVEL_ORDER}::text[], u.level), substr(u.search_text, length(u.code) + 2) collate "C", u.code collate "C"
    limit ${options.limit}`);
}

/** Whether any unit of `unitId`'s subtree (itself included) has a report, a reported figure or a target: its history would move with it. */
async function hasHistory(ex: Executor, unitId: number): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(ex, sql`
    with subtree as (select descendant_id as id from unit_closure where ancestor_id = ${unitId})
    select exists (select 1 from reports where unit_id in (select id from subtree))
      or exists (select 1 from report_values where unit_id in (select id from subtree))
      or exists (select 1 from targets where unit_id in (select id from subtree)) as found`);
  return row?.found ?? false;
}

/** How many children of a unit are open on `date` (not closed before it). */
async function countOpenChildren(ex: Executor, unitId: number, date: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`
    select count(*)::int as n from units where parent_id = ${unitId} and (valid_to is null or valid_to >= ${date}::date)`);
  return row?.n ?? 0;
}

export const unitsRepository = Object.freeze({
  update, move, search, hasHistory, countOpenChildren,
  countAll, insert, getByCode, listByCodesWithAncestors, getByCodeUnder, getById, listByIds, listByParent, listSubtree, listAncestorIds, listAncestorIdsOf, listAncestors, isInSubtree, isInScope, countChildren,
});
