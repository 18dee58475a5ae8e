import { sql } from 'drizzle-orm';
import type { CountRule } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import type { IndicatorRow } from './indicators.repository.ts';
import type { campaignIndicators, campaignPhases, campaigns, targets, units } from './schema.ts';
import { intArray } from './sql-helpers.ts';

type Campaign = typeof campaigns.$inferSelect;

/**
 * A campaign with the code of its root unit (joined); without who created it and when.
 * `deadlines` and `reminders` as stored: null means the defaults (the service resolves them).
 */
export type CampaignRow = Readonly<Omit<Campaign, 'createdBy' | 'createdAt'> & { rootUnitCode: (typeof units.$inferSelect)['code'] }>;

/** The workflow rules of a campaign, written together (`precision` absent: unchanged). */
export type CampaignRules = Readonly<Pick<Campaign, 'deadlines' | 'crossRules' | 'reminders'> & Partial<Pick<Campaign, 'precision'>>>;

/** What `insert` takes: the campaign's columns, its rules optional (the defaults). */
export type NewCampaign = Readonly<
  Pick<Campaign, 'code' | 'name' | 'startDate' | 'endDate' | 'rootUnitId' | 'createdBy'> & Partial<CampaignRules>
>;

/**
 * An indicator of a campaign: the indicator, its place and bounds in the campaign
 * (upperBound, noticeTarget and noticeDone: null for none, generic; countedFrom: how its weekly
 * figure is counted from activity records, null when typed; programmeId: the programme inside
 * the campaign it belongs to, null for the campaign as a whole), and the national target,
 * the target at the campaign's root unit (left-joined: null when not set).
 */
export type CampaignIndicatorRow = IndicatorRow & Readonly<
  Pick<typeof campaignIndicators.$inferSelect, 'position' | 'upperBound' | 'noticeTarget' | 'noticeDone' | 'countedFrom' | 'programmeId'>
  & { target: (typeof targets.$inferSelect)['target'] | null }
>;

/** A phase of a campaign (core's Phase). */
export type PhaseRow = Readonly<Omit<typeof campaignPhases.$inferSelect, 'campaignId'>>;

export interface CampaignDetail extends CampaignRow {
  readonly phases: readonly PhaseRow[];
  readonly indicators: readonly CampaignIndicatorRow[];
  /** Units not asked to report on this campaign. */
  readonly exemptUnitIds: readonly number[];
  readonly exemptUnitCodes: readonly string[];
}

const COLUMNS = sql`id, code, name, start_date as "startDate", end_date as "endDate", root_unit_id as "rootUnitId",
  (select u.code from units u where u.id = root_unit_id) as "rootUnitCode",
  deadlines, cross_rules as "crossRules", reminders, precision`;

async function insert(ex: Executor, c: NewCampaign): Promise<CampaignRow> {
  const [row] = await queryRows<CampaignRow>(ex, sql`
    insert into campaigns (code, name, start_date, end_date, root_unit_id, created_by, deadlines, cross_rules, reminders, precision)
    values (${c.code}, ${c.name}, ${c.startDate}, ${c.endDate}, ${c.rootUnitId}, ${c.createdBy},
            ${json(c.deadlines)}::jsonb, ${JSON.stringify(c.crossRules ?? [])}::jsonb, ${json(c.reminders)}::jsonb, ${c.precision ?? 2})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into campaigns returned nothing');
  return row;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

async function updateRules(ex: Executor, campaignId: number, rules: CampaignRules): Promise<void> {
  await ex.execute(sql`
    update campaigns set deadlines = ${json(rules.deadlines)}::jsonb, cross_rules = ${JSON.stringify(rules.crossRules)}::jsonb,
      reminders = ${json(rules.reminders)}::jsonb, precision = coalesce(${rules.precision ?? null}::int, precision)
    where id = ${campaignId}`);
}

async function setUpperBound(ex: Executor, campaignId: number, indicatorId: number, upperBound: number | null): Promise<void> {
  await ex.execute(sql`
    update campaign_indicators set upper_bound = ${upperBound} where campaign_id = ${campaignId} and indicator_id = ${indicatorId}`);
}

async function setCountedFrom(ex: Executor, campaignId: number, indicatorId: number, rule: CountRule | null): Promise<void> {
  await ex.execute(sql`
    update campaign_indicators set counted_from = ${json(rule)}::jsonb where campaign_id = ${campaignId} and indicator_id = ${indicatorId}`);
}

async function setProgramme(ex: Executor, campaignId: number, indicatorId: number, programmeId: number | null): Promise<void> {
  await ex.execute(sql`
    update campaign_indicators set programme_id = ${programmeId} where campaign_id = ${campaignId} and indicator_id = ${indicatorId}`);
}

async function setNoticePhrasing(
  ex: Executor, campaignId: number, indicatorId: number, phrasing: { target: string; done: string } | null,
): Promise<void> {
  await ex.execute(sql`
    update campaign_indicators set notice_target = ${phrasing?.target ?? null}, notice_done = ${phrasing?.done ?? null}
    where campaign_id = ${campaignId} and indicator_id = ${indicatorId}`);
}

async function replaceExemptions(ex: Executor, campaignId: number, unitIds: readonly number[]): Promise<void> {
  await ex.execute(sql`delete from campaign_exemptions where campaign_id = ${campaignId}`);
  if (unitIds.length === 0) return;
  await ex.execute(sql`
    insert into campaign_exemptions (campaign_id, unit_id) select ${campaignId}::int, unnest(${intArray(unitIds)})`);
}

async function replacePhases(ex: Executor, campaignId: number, phases: readonly PhaseRow[]): Promise<void> {
  await ex.execute(sql`delete from campaign_phases where campaign_id = ${campaignId}`);
  for (const p of phases) {
    await ex.execute(sql`
      insert into campaign_phases (campaign_id, number, name, start_date, end_date)
      values (${campaignId}, ${p.number}, ${p.name}, ${p.startDate}, ${p.endDate})`);
  }
}

async function addIndicator(ex: Executor, campaignId: number, indicatorId: number, position: number): Promise<void> {
  await ex.execute(sql`
    insert into campaign_indicators (campaign_id, indicator_id, position) values (${campaignId}, ${indicatorId}, ${position})
    on conflict (campaign_id, indicator_id) do update set position = excluded.position`);
}

/**
 * A campaign with its phases, indicators and exemptions in one round trip (every report
 * request reads it, so it is one query, not four).
 */
async function getByCode(ex: Executor, code: string): Promise<CampaignDetail | undefined> {
  const [row] = await queryRows<CampaignRow & {
    phases: PhaseRow[] | null; indicators: CampaignIndicatorRow[] | null; exempt: { unitId: number; code: string }[] | null;
  }>(ex, sql`
    select ${COLUMNS},
      (select json_agg(json_build_object('number', p.number, 'name', p.name, 'startDate', p.start_date, 'endDate', p.end_date) order by p.number)
         from campaign_phases p where p.campaign_id = campaigns.id) as phases,
      (select json_agg(json_build_object(
                'id', i.id, 'code', i.code, 'name', i.name, 'unitOfMeasure', i.unit_of_measure, 'valueKind', i.value_kind,
                'reportingMode', i.reporting_mode, 'position', ci.position, 'target', t.target, 'upperBound', ci.upper_bound,
                'noticeTarget', ci.notice_target, 'noticeDone', ci.notice_done, 'countedFrom', ci.counted_from, 'programmeId', ci.programme_id) order by ci.position, i.code)
         from campaign_indicators ci
         join indicators i on i.id = ci.indicator_id
         left join targets t on t.campaign_id = ci.campaign_id and t.indicator_id = ci.indicator_id and t.unit_id = campaigns.root_unit_id
         where ci.campaign_id = campaigns.id) as indicators,
      (select json_agg(json_build_object('unitId', e.unit_id, 'code', u.code) order by u.code)
         from campaign_exemptions e join units u on u.id = e.unit_id where e.campaign_id = campaigns.id) as exempt
    from campaigns where code = ${code}`);
  if (!row) return undefined;
  const { phases, indicators, exempt, ...campaign } = row;
  const list = exempt ?? [];
  return {
    ...campaign,
    phases: phases ?? [],
    indicators: (indicators ?? []).map((i) => ({ ...i, target: i.target === null ? null : Number(i.target), upperBound: i.upperBound === null ? null : Number(i.upperBound) })),
    exemptUnitIds: list.map((e) => e.unitId),
    exemptUnitCodes: list.map((e) => e.code),
  };
}

async function listAll(ex: Executor): Promise<CampaignRow[]> {
  return queryRows<CampaignRow>(ex, sql`select ${COLUMNS} from campaigns order by start_date desc, code`);
}

export const campaignsRepository = Object.freeze({
  insert, updateRules, setUpperBound, setCountedFrom, setProgramme, setNoticePhrasing, replaceExemptions, replacePhases, addIndicator, getByCode, listAll,
});
