/**
 * Campaign activities (issue 20): the records units keep (works, teams, models, press items,
 * inspections, linkages), the campaign's work kinds, focus areas and programmes, and the
 * totals over a subtree. Totals are one grouped query over the subtree (unit_closure) on the
 * columns a record repeats from its fields, so a national total reads no record one by one.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ActivityKind, CountableRecord } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import type { activityPhotos, activityRecords, campaignProgrammes, focusAreas } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';

export type ActivityRecordRow = Readonly<Omit<typeof activityRecords.$inferSelect, 'createdAt' | 'updatedAt' | 'removedAt'> & {
  createdAt: string; updatedAt: string; removedAt: string | null;
  /** The recording unit's code and name, and its partners' / visited units' codes. */
  unitCode: string; unitName: string; partnerCodes: string[]; visitedCodes: string[]; visitedFocusAreaCodes: string[];
  focusAreaCode: string | null; programmeCode: string | null; photoCount: number;
  /** Its live photos, oldest first. */
  photos: { id: number; width: number; height: number }[];
}>;
export type ProgrammeRow = Readonly<Omit<typeof campaignProgrammes.$inferSelect, 'createdAt'>>;
export type FocusAreaRow = Readonly<Omit<typeof focusAreas.$inferSelect, 'createdAt'> & { unitCode: string; unitName: string }>;
export type WorkKindRow = Readonly<{ code: string; name: string }>;
export type ActivityPhotoRow = Readonly<Omit<typeof activityPhotos.$inferSelect, 'createdAt' | 'removedAt'> & { createdAt: string }>;

/** What a record stores: its fields, and the columns totals and filters group by. */
export type ActivityRecordValues = Readonly<{
  kind: string;
  fields: Readonly<Record<string, unknown>>;
  programmeId: number | null;
  date: string | null;
  workKind: string | null;
  state: string | null;
  funding: string | null;
  channel: string | null;
  linkKind: string | null;
  modelKind: string | null;
  followUp: string | null;
  focusAreaId: number | null;
  value: number;
  members: number;
  reach: number;
  views: number;
}>;

/** One group of a subtree's records, as core activityTotals reads them. */
export type ActivityGroupDbRow = Readonly<{
  kind: ActivityKind; workKind: string | null; state: string | null; funding: string | null; channel: string | null;
  linkKind: string | null; modelKind: string | null; followUp: string | null;
  count: number; value: number; members: number; reach: number; views: number;
}>;

export interface ActivityFilter {
  readonly kind?: string | undefined;
  readonly programmeId?: number | undefined;
  readonly workKind?: string | undefined;
  readonly state?: string | undefined;
  readonly channel?: string | undefined;
  readonly focusAreaId?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** The records of days up to this one, and those with no day (a model): what a document as of that day counts. */
  readonly until?: string | undefined;
}

const RECORD_COLUMNS = sql`
  r.id, r.campaign_id as "campaignId", r.programme_id as "programmeId", r.unit_id as "unitId", r.kind, r.fields, r.date,
  r.work_kind as "workKind", r.state, r.funding, r.channel, r.link_kind as "linkKind", r.model_kind as "modelKind",
  r.follow_up as "followUp", r.focus_area_id as "focusAreaId", r.value, r.members, r.reach, r.views,
  r.on_behalf_by as "onBehalfBy", r.created_by as "createdBy", r.version, r.created_at as "createdAt",
  r.updated_at as "updatedAt", r.removed_at as "removedAt",
  u.code as "unitCode", u.name as "unitName",
  coalesce((select array_agg(pu.code order by pu.code) from activity_record_units x join units pu on pu.id = x.unit_id where x.record_id = r.id and x.role = 'partner'), '{}') as "partnerCodes",
  coalesce((select array_agg(vu.code order by vu.code) from activity_record_units x join units vu on vu.id = x.unit_id where x.record_id = r.id and x.role = 'visited'), '{}') as "visitedCodes",
  coalesce((select array_agg(f.code order by f.code) from activity_record_focus_areas y join focus_areas f on f.id = y.focus_area_id where y.record_id = r.id), '{}') as "visitedFocusAreaCodes",
  (select f.code from focus_areas f where f.id = r.focus_area_id) as "focusAreaCode",
  (select p.code from campaign_programmes p where p.id = r.programme_id) as "programmeCode",
  (select count(*)::int from activity_photos ph where ph.record_id = r.id and ph.removed_at is null) as "photoCount",
  coalesce((select json_agg(json_build_object('id', ph.id, 'width', ph.width, 'height', ph.height) order by ph.id)
    from activity_photos ph where ph.record_id = r.id and ph.removed_at is null), '[]'::json) as photos`;

function filterSql(f: ActivityFilter): SQL {
  const parts: SQL[] = [];
  if (f.kind !== undefined) parts.push(sql`and r.kind = ${f.kind}`);
  if (f.programmeId !== undefined) parts.push(sql`and r.programme_id = ${f.programmeId}`);
  if (f.workKind !== undefined) parts.push(sql`and r.work_kind = ${f.workKind}`);
  if (f.state !== undefined) parts.push(sql`and (r.state = ${f.state} or r.follow_up = ${f.state})`);
  if (f.channel !== undefined) parts.push(sql`and r.channel = ${f.channel}`);
  if (f.focusAreaId !== undefined) {
    parts.push(sql`and (r.focus_area_id = ${f.focusAreaId} or exists (select 1 from activity_record_focus_areas y where y.record_id = r.id and y.focus_area_id = ${f.focusAreaId}))`);
  }
  if (f.from !== undefined) parts.push(sql`and r.date >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`and r.date <= ${f.to}`);
  if (f.until !== undefined) parts.push(sql`and (r.date is null or r.date <= ${f.until})`);
  return sql.join(parts, sql` `);
}

/** The records of a subtree are those its units keep, and the linkages a unit of it is a partner in. */
function inSubtree(rootUnitId: number): SQL {
  return sql`(r.unit_id in (select descendant_id from unit_closure where ancestor_id = ${rootUnitId})
    or (r.kind = 'linkage' and exists (select 1 from activity_record_units x join unit_closure c on c.descendant_id = x.unit_id
      where x.record_id = r.id and x.role = 'partner' and c.ancestor_id = ${rootUnitId})))`;
}

async function insertRecord(
  ex: Executor, r: ActivityRecordValues & { campaignId: number; unitId: number; createdBy: number | null; onBehalfBy: number | null; at: Date },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(ex, sql`
    insert into activity_records (campaign_id, programme_id, unit_id, kind, fields, date, work_kind, state, funding, channel, link_kind,
      model_kind, follow_up, focus_area_id, value, members, reach, views, on_behalf_by, created_by, created_at, updated_at)
    values (${r.campaignId}, ${r.programmeId}, ${r.unitId}, ${r.kind}, ${JSON.stringify(r.fields)}::jsonb, ${r.date}, ${r.workKind}, ${r.state},
      ${r.funding}, ${r.channel}, ${r.linkKind}, ${r.modelKind}, ${r.followUp}, ${r.focusAreaId}, ${r.value}, ${r.members}, ${r.reach}, ${r.views},
      ${r.onBehalfBy}, ${r.createdBy}, ${r.at.toISOString()}, ${r.at.toISOString()})
    returning id`);
  if (!row) throw new Error('insert into activity_records returned nothing');
  return row.id;
}

/** Rewrites a record at `version` (the one the user read); false when someone changed it since (or it is gone). */
async function updateRecord(ex: Executor, id: number, version: number, r: ActivityRecordValues & { at: Date }): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(ex, sql`
    update activity_records set programme_id = ${r.programmeId}, fields = ${JSON.stringify(r.fields)}::jsonb, date = ${r.date},
      work_kind = ${r.workKind}, state = ${r.state}, funding = ${r.funding}, channel = ${r.channel}, link_kind = ${r.linkKind},
      model_kind = ${r.modelKind}, follow_up = ${r.followUp}, focus_area_id = ${r.focusAreaId}, value = ${r.value}, members = ${r.members},
      reach = ${r.reach}, views = ${r.views}, version = version + 1, updated_at = ${r.at.toISOString()}
    where id = ${id} and version = ${version} and removed_at is null
    returning id`);
  return rows.length === 1;
}

/** Withdraws a record at `version`: kept, counted nowhere. */
async function removeRecord(ex: Executor, id: number, version: number, at: Date): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(ex, sql`
    update activity_records set removed_at = ${at.toISOString()}, version = version + 1, updated_at = ${at.toISOString()}
    where id = ${id} and version = ${version} and removed_at is null returning id`);
  return rows.length === 1;
}

/** Replaces the units a record names in `role` (a linkage's partners, an inspection's visited units). */
async function setRecordUnits(ex: Executor, recordId: number, role: 'partner' | 'visited', unitIds: readonly number[]): Promise<void> {
  await ex.execute(sql`delete from activity_record_units where record_id = ${recordId} and role = ${role}`);
  if (unitIds.length === 0) return;
  await ex.execute(sql`
    insert into activity_record_units (record_id, unit_id, role) select ${recordId}, u, ${role} from unnest(${intArray(unitIds)}) as t(u)`);
}

async function setRecordFocusAreas(ex: Executor, recordId: number, focusAreaIds: readonly number[]): Promise<void> {
  await ex.execute(sql`delete from activity_record_focus_areas where record_id = ${recordId}`);
  if (focusAreaIds.length === 0) return;
  await ex.execute(sql`
    insert into activity_record_focus_areas (record_id, focus_area_id) select ${recordId}, f from unnest(${intArray(focusAreaIds)}) as t(f)`);
}

async function getRecord(ex: Executor, id: number): Promise<ActivityRecordRow | undefined> {
  const [row] = await queryRows<ActivityRecordRow>(ex, sql`
    select ${RECORD_COLUMNS} from activity_records r join units u on u.id = r.unit_id where r.id = ${id}`);
  return row;
}

/** The live records of a subtree matching the filter, newest day first. */
async function listRecords(
  ex: Executor, campaignId: number, rootUnitId: number, filter: ActivityFilter, page: { limit: number; offset: number },
): Promise<{ rows: ActivityRecordRow[]; total: number }> {
  const where = sql`r.campaign_id = ${campaignId} and r.removed_at is null and ${inSubtree(rootUnitId)} ${filterSql(filter)}`;
  const [count] = await queryRows<{ total: number }>(ex, sql`select count(*)::int as total from activity_records r where ${where}`);
  const rows = await queryRows<ActivityRecordRow>(ex, sql`
    select ${RECORD_COLUMNS} from activity_records r join units u on u.id = r.unit_id
    where ${where} order by r.date desc nulls last, r.id desc limit ${page.limit} offset ${page.offset}`);
  return { rows, total: count?.total ?? 0 };
}

/** The subtree's live records grouped by what the totals tell apart. */
async function groupedTotals(ex: Executor, campaignId: number, rootUnitId: number, filter: ActivityFilter = {}): Promise<ActivityGroupDbRow[]> {
  return queryRows<ActivityGroupDbRow>(ex, sql`
    select r.kind, r.work_kind as "workKind", r.state, r.funding, r.channel, r.link_kind as "linkKind", r.model_kind as "modelKind",
      r.follow_up as "followUp", count(*)::int as count, coalesce(sum(r.value), 0) as value, coalesce(sum(r.members), 0)::int as members,
      coalesce(sum(r.reach), 0) as reach, coalesce(sum(r.views), 0) as views
    from activity_records r
    where r.campaign_id = ${campaignId} and r.removed_at is null and ${inSubtree(rootUnitId)} ${filterSql(filter)}
    group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8`);
}

/**
 * The focus areas a subtree answers for (their responsible unit in it), and how many are
 * covered: named by a live work or team of the campaign, or visited by an inspection; with
 * `until`, by a record of a day up to it (or of no day).
 */
async function focusCoverage(ex: Executor, campaignId: number, rootUnitId: number, until?: string): Promise<{ total: number; covered: number }> {
  const upTo = until === undefined ? sql`` : sql`and (r.date is null or r.date <= ${until})`;
  const [row] = await queryRows<{ total: number; covered: number }>(ex, sql`
    select count(*)::int as total,
      count(*) filter (where exists (select 1 from activity_records r where r.campaign_id = ${campaignId} and r.removed_at is null
          and r.kind in ('work', 'team') and r.focus_area_id = f.id ${upTo})
        or exists (select 1 from activity_record_focus_areas y join activity_records r on r.id = y.record_id
          where y.focus_area_id = f.id and r.removed_at is null and r.kind = 'inspection' ${upTo}))::int as covered
    from focus_areas f
    where f.campaign_id = ${campaignId} and f.unit_id in (select descendant_id from unit_closure where ancestor_id = ${rootUnitId})`);
  return row ?? { total: 0, covered: 0 };
}

/**
 * The units' own live records of the kinds given that could count in a week `from`–`to` (core
 * countDateOf): dated in it, handed over in it, or without a date and recorded in it (the
 * day in Asia/Ho_Chi_Minh). What the write path counts the indicators counted from records by.
 */
async function countableRecords(
  ex: Executor, campaignId: number, unitIds: readonly number[], kinds: readonly string[], from: string, to: string,
): Promise<CountableRecord[]> {
  if (unitIds.length === 0 || kinds.length === 0) return [];
  return queryRows<CountableRecord>(ex, sql`
    select r.unit_id as "unitId", r.kind, r.date, (r.fields->>'handoverDate')::date as "handoverDate",
      (r.created_at at time zone 'Asia/Ho_Chi_Minh')::date as "recordedOn", r.work_kind as "workKind", r.state, r.channel,
      r.value, r.members, r.reach, r.views
    from activity_records r
    where r.campaign_id = ${campaignId} and r.unit_id = any(${intArray(unitIds)}) and r.removed_at is null and r.kind = any(${textArray(kinds)})
      and (r.date between ${from} and ${to} or (r.fields->>'handoverDate')::date between ${from} and ${to}
        or (r.date is null and (r.created_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from} and ${to}))`);
}

/** The units with live records of the kinds given in a campaign (whose reports a new rule of counting recounts). */
async function unitsWithRecords(ex: Executor, campaignId: number, kinds: readonly string[]): Promise<number[]> {
  const rows = await queryRows<{ unitId: number }>(ex, sql`
    select distinct unit_id as "unitId" from activity_records
    where campaign_id = ${campaignId} and removed_at is null and kind = any(${textArray(kinds)}) order by 1`);
  return rows.map((r) => r.unitId);
}

async function listWorkKinds(ex: Executor, campaignId: number): Promise<WorkKindRow[]> {
  return queryRows<WorkKindRow>(ex, sql`select code, name from activity_work_kinds where campaign_id = ${campaignId} order by code`);
}

/** Adds the work kinds not yet listed and renames those that are; a kind in use is never removed here. */
async function upsertWorkKinds(ex: Executor, campaignId: number, kinds: readonly WorkKindRow[]): Promise<void> {
  if (kinds.length === 0) return;
  await ex.execute(sql`
    insert into activity_work_kinds (campaign_id, code, name)
    select ${campaignId}, c, n from unnest(${textArray(kinds.map((k) => k.code))}, ${textArray(kinds.map((k) => k.name))}) as t(c, n)
    on conflict (campaign_id, code) do update set name = excluded.name`);
}

async function listFocusAreas(ex: Executor, campaignId: number): Promise<FocusAreaRow[]> {
  return queryRows<FocusAreaRow>(ex, sql`
    select f.id, f.campaign_id as "campaignId", f.code, f.kind, f.name, f.place, f.unit_id as "unitId", u.code as "unitCode", u.name as "unitName"
    from focus_areas f join units u on u.id = f.unit_id where f.campaign_id = ${campaignId} order by f.code`);
}

/** Adds a focus area, or changes the one of that code. */
async function upsertFocusArea(
  ex: Executor, f: Readonly<{ campaignId: number; code: string; kind: string; name: string; place: string | null; unitId: number }>,
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(ex, sql`
    insert into focus_areas (campaign_id, code, kind, name, place, unit_id) values (${f.campaignId}, ${f.code}, ${f.kind}, ${f.name}, ${f.place}, ${f.unitId})
    on conflict (campaign_id, code) do update set kind = excluded.kind, name = excluded.name, place = excluded.place, unit_id = excluded.unit_id
    returning id`);
  if (!row) throw new Error('upsert into focus_areas returned nothing');
  return row.id;
}

async function listProgrammes(ex: Executor, campaignId: number): Promise<ProgrammeRow[]> {
  return queryRows<ProgrammeRow>(ex, sql`
    select id, campaign_id as "campaignId", code, name, start_date as "startDate", end_date as "endDate"
    from campaign_programmes where campaign_id = ${campaignId} order by start_date, code`);
}

async function upsertProgramme(
  ex: Executor, p: Readonly<{ campaignId: number; code: string; name: string; startDate: string; endDate: string }>,
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(ex, sql`
    insert into campaign_programmes (campaign_id, code, name, start_date, end_date) values (${p.campaignId}, ${p.code}, ${p.name}, ${p.startDate}, ${p.endDate})
    on conflict (campaign_id, code) do update set name = excluded.name, start_date = excluded.start_date, end_date = excluded.end_date
    returning id`);
  if (!row) throw new Error('upsert into campaign_programmes returned nothing');
  return row.id;
}

async function insertPhoto(
  ex: Executor, p: Readonly<{ recordId: number; path: string; displayPath: string; mime: string; bytes: number; width: number; height: number; createdBy: number | null }>,
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(ex, sql`
    insert into activity_photos (record_id, path, display_path, mime, bytes, width, height, created_by)
    values (${p.recordId}, ${p.path}, ${p.displayPath}, ${p.mime}, ${p.bytes}, ${p.width}, ${p.height}, ${p.createdBy}) returning id`);
  if (!row) throw new Error('insert into activity_photos returned nothing');
  return row.id;
}

async function listPhotos(ex: Executor, recordId: number): Promise<ActivityPhotoRow[]> {
  return queryRows<ActivityPhotoRow>(ex, sql`
    select id, record_id as "recordId", path, display_path as "displayPath", mime, bytes, width, height, created_by as "createdBy", created_at as "createdAt"
    from activity_photos where record_id = ${recordId} and removed_at is null order by id`);
}

async function getPhoto(ex: Executor, id: number): Promise<ActivityPhotoRow | undefined> {
  const [row] = await queryRows<ActivityPhotoRow>(ex, sql`
    select id, record_id as "recordId", path, display_path as "displayPath", mime, bytes, width, height, created_by as "createdBy", created_at as "createdAt"
    from activity_photos where id = ${id} and removed_at is null`);
  return row;
}

/** Takes a photo off its record (kept, shown nowhere); false when it was already off. */
async function removePhoto(ex: Executor, id: number, at: Date): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(ex, sql`update activity_photos set removed_at = ${at} where id = ${id} and removed_at is null returning id`);
  return rows.length === 1;
}

export const activitiesRepository = Object.freeze({
  insertRecord, updateRecord, removeRecord, setRecordUnits, setRecordFocusAreas, getRecord, listRecords, groupedTotals, focusCoverage, countableRecords, unitsWithRecords,
  listWorkKinds, upsertWorkKinds, listFocusAreas, upsertFocusArea, listProgrammes, upsertProgramme, insertPhoto, listPhotos, getPhoto, removePhoto,
});
