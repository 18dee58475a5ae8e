/**
 * Loads the demo through the same services the API uses, with its history replayed in time
 * order, as it stood at a moment (`until`, by default the context's clock):
 * - the 2023 summer campaign: each report submitted at its own moment (on time or late),
 *   reviewed by a manager of its parent (TW for the provinces; Hà Nội, Ba Đình and Lào Cai
 *   for the units below them) who approves it or returns it with a reason, fixed and
 *   resubmitted or corrected after approval — so timeliness, the audit and the data-quality
 *   view have something real to show;
 * - 2025 (demo-2025.ts): the reorganisation into the 34 provinces recorded by TW ahead of
 *   01/07/2025, its accounts moved on the day, and a four-week campaign in July under the
 *   new provinces, reported and reviewed.
 * A clock before 2025 (the browser tests' 06/07/2023) gets the demo as it was then.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_DEADLINES, campaignWeeks, dueAt, planReorganisation, reminderTimes, type DeadlineRules } from '@giaoban/core';
import {
  createActivity, setActivitySetup, actorOf, allocateTargets, applyReorganisation, approveMany, approveReport, childrenReports, correctReport, createCampaign, createIndicator, createUnit,
  createUser, deadlinesOf, markChildrenViewed, markReportViewed, remindersOf, returnReport, runReminders, settleDueReorganisations, submitReport,
  type Actor, type ServiceContext,
} from '@giaoban/server';
import { provinceTable } from '../commands/reorganise.ts';
import { buildDemo2025, CAMPAIGN_2025_CREATED_AT, REORGANISATION_RECORDED_AT } from './demo-2025.ts';
import { DEMO_ACTIVITY_SETUP, demoActivities } from './demo-activities.ts';
import { buildDemoData, DEMO_PASSWORD, sizeOf, type DemoAccount, type DemoAllocation, type DemoData, type DemoReport, type DemoReview } from './demo-data.ts';
import { DEMO_PROVINCES_2025_CSV_PATH, DEMO_UNITS_CSV_PATH } from './demo-files.ts';

/** Something that happened in the demo's history, at its moment. */
interface DemoEvent { readonly at: string; readonly run: () => Promise<unknown> }

export interface LoadDemoOptions {
  /** The demo as it stood at this moment: later events are left out (default: the context's clock). */
  readonly until?: Date;
}

/** The 2023 demo and its 2025 part, as the loader replays them (pure: the same on every call). */
export function demoHistory(): { demo: DemoData; y2025: ReturnType<typeof buildDemo2025> } {
  const demo = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));
  const y2025 = buildDemo2025({
    provinces: provinceTable(readFileSync(DEMO_PROVINCES_2025_CSV_PATH, 'utf8')),
    units2023: demo.units.filter((u) => u.parentCode === 'TW'), indicators: demo.indicators, sizeOf, password: DEMO_PASSWORD,
  });
  return { demo, y2025 };
}

/**
 * The demo's accounts as they stand once its history has run up to `until` (default: now):
 * each on its unit of then (an old unit's account moved to its successor on 01/07/2025), or
 * closed with its unit.
 */
export function demoAccountsToday(until: Date = new Date()): (DemoAccount & { unitName: string; closedOn: string | null })[] {
  const { demo, y2025 } = demoHistory();
  const plan = planReorganisation(demo.units.map((u) => ({ ...u, validFrom: null, validTo: null })), y2025.reorganisation);
  const keyOf = new Map<string, string>([...plan.rekeys.map((r) => [r.from, r.to] as const), ...plan.versions.map((v) => [v.code, v.retiredAs] as const)]);
  const nameOf = new Map([...demo.units, ...y2025.members].map((u) => [u.code, u.name]));
  // As the history has it: accounts move on the date, the 2025 ones come with the campaign.
  const moved = until.getTime() >= Date.parse(`${y2025.reorganisation.date}T00:00:00+07:00`);
  const accounts = until.getTime() >= Date.parse(CAMPAIGN_2025_CREATED_AT) ? [...demo.accounts, ...y2025.accounts] : demo.accounts;
  return accounts.map((a) => {
    const fate = moved && !y2025.accounts.includes(a) ? plan.accounts.find((f) => f.unit === (keyOf.get(a.unitCode) ?? a.unitCode)) : undefined;
    const unitCode = fate?.action === 'move' ? fate.to : a.unitCode;
    return { ...a, unitCode, unitName: nameOf.get(unitCode) ?? unitCode, closedOn: fate?.action === 'close' ? plan.closeOn : null };
  });
}

export async function loadDemo(ctx: ServiceContext, log: (line: string) => void = () => {}, options: LoadDemoOptions = {}): Promise<{ accounts: DemoAccount[] }> {
  const until = (options.until ?? ctx.now()).toISOString();
  const { demo, y2025 } = demoHistory();
  const at = (iso: string): ServiceContext => ({ ...ctx, now: () => new Date(iso) });
  for (const u of demo.units) {
    await createUnit(ctx, { code: u.code, name: u.name, level: u.level, parentCode: u.parentCode, tags: u.tags, region: u.region });
  }
  for (const i of demo.indicators) {
    await createIndicator(ctx, { code: i.code, name: i.name, unitOfMeasure: i.unitOfMeasure, valueKind: i.valueKind, reportingMode: i.reportingMode });
  }
  const root = demo.units.find((u) => u.parentCode === null);
  if (!root) throw new Error('demo data has no root unit');
  const { noticePhrasing, ...campaign } = demo.campaign;
  const created = await createCampaign(ctx, null, { ...campaign, rootUnitCode: root.code, rules: { noticePhrasing } });
  const parentOf = new Map(demo.units.map((u) => [u.code, u.parentCode]));
  await allocateAll(ctx, demo.campaign.code, demo.allocations, parentOf);
  log(`Đã tạo ${demo.units.length} đơn vị, ${demo.indicators.length} chỉ tiêu và chiến dịch ${demo.campaign.code}.`);

  const actors = new Map<string, Actor>();
  const addAccounts = async (when: ServiceContext, accounts: readonly DemoAccount[]) => {
    for (const a of accounts) {
      const user = await createUser(when, { username: a.username, password: a.password, displayName: a.displayName, role: a.role, unitCode: a.unitCode });
      actors.set(a.username, actorOf(user));
    }
  };
  await addAccounts(ctx, demo.accounts);
  const reviewerOf = (username: string = demo.reviewer): Actor => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`demo reviewer ${username} has no account`);
    return actor;
  };

  const cumulative = new Set(demo.indicators.filter((i) => i.reportingMode === 'cumulative').map((i) => i.code));
  const history2023 = campaignHistory(demo.campaign.code, demo.reports, cumulative, at);
  const reportOf = new Map(demo.reports.map((r) => [`${r.unitCode}|${r.week}`, r]));
  const ref = (unit: string, period: string) => ({ campaign: demo.campaign.code, unit, period });
  // Below TW the managers approve from the list: the figures of the week's children shown,
  // then several approved at once (one review of the list, not one report opened after another).
  const approveFromList = async (when: ServiceContext, parentCode: string, week: string, unitCodes: readonly string[], reviewer: Actor) => {
    const list = ref(parentCode, week);
    const shown = (await childrenReports(when, list)).children
      .filter((c) => unitCodes.includes(c.unit.code)).map((c) => ({ unit: c.unit.code, version: c.report.version }));
    await markChildrenViewed(when, list, reviewer, shown);
    const { refused } = await approveMany(when, list, reviewer, unitCodes);
    if (refused.length > 0) throw new Error(`demo: ${parentCode} could not approve ${refused.map((r) => r.unitCode).join(', ')} for ${week}`);
  };
  const parentCodeOf = (unitCode: string): string => {
    const parent = parentOf.get(unitCode);
    if (!parent) throw new Error(`demo review of ${unitCode}, which has no parent`);
    return parent;
  };
  const fromList = new Map<string, { at: string; parentCode: string; week: string; unitCodes: string[]; reviewer: string }>();
  for (const v of demo.reviews) {
    if (v.action !== 'approve' || v.reviewer === undefined) continue;
    const key = `${v.reviewer}|${parentCodeOf(v.unitCode)}|${v.week}|${v.at}`;
    const list = fromList.get(key) ?? { at: v.at, parentCode: parentCodeOf(v.unitCode), week: v.week, unitCodes: [], reviewer: v.reviewer };
    list.unitCodes.push(v.unitCode);
    fromList.set(key, list);
  }

  // Every event in the order it happened.
  const events: DemoEvent[] = [
    ...history2023.submissions,
    ...[...fromList.values()].map((l) => ({
      at: l.at,
      run: () => approveFromList(at(l.at), l.parentCode, l.week, l.unitCodes, reviewerOf(l.reviewer)),
    })),
    ...history2023.reviews(demo.reviews.filter((v) => v.action === 'return' || v.reviewer === undefined), reviewerOf),
    ...demo.fixes.map((f) => ({
      at: f.at,
      run: async () => {
        const r = reportOf.get(`${f.unitCode}|${f.week}`);
        if (!r) throw new Error(`demo fix of a report that does not exist: ${f.unitCode} ${f.week}`);
        const when = at(f.at);
        if (f.action === 'submit') await submitReport(when, ref(f.unitCode, f.week), null, history2023.input(r, false));
        else await correctReport(when, ref(f.unitCode, f.week), null, { ...history2023.input(r, false), reason: f.reason });
        if (f.reapprove) await history2023.approve(at(new Date(Date.parse(f.at) + 3_600_000).toISOString()), f.unitCode, f.week, reviewerOf(f.reviewer));
      },
    })),
  ];
  const levels = new Set<string>(demo.units.map((u) => u.level));
  events.push(...reminderPasses(created, levels, events, at));
  // The campaign's activities (illustrative): its lists when it starts, then each record on its day.
  const activitiesFrom = `${demo.campaign.startDate}T08:00:00+07:00`;
  events.push(
    { at: new Date(activitiesFrom).toISOString(), run: async () => { await setActivitySetup(at(activitiesFrom), reviewerOf('admin'), { campaign: demo.campaign.code, unit: root.code }, DEMO_ACTIVITY_SETUP); } },
    ...demoActivities().map((a) => ({
      at: new Date(a.at).toISOString(),
      run: async () => { await createActivity(at(a.at), null, { campaign: demo.campaign.code, unit: a.unitCode }, a.kind, { fields: a.fields, programme: a.programme ?? null }); },
    })),
  );

  // 2025: TW records the reorganisation ahead of its date; on the date the scheduler's pass
  // moves and closes the old units' accounts; then the July campaign under the 34 provinces.
  const history2025 = campaignHistory(y2025.campaign.code, y2025.reports, cumulative, at);
  const reporting = new Set<string>(y2025.reportingLevels);
  const deadlines2025: DeadlineRules = Object.fromEntries(Object.entries(DEFAULT_DEADLINES).filter(([level]) => reporting.has(level)));
  let created2025 = false;
  const events2025: DemoEvent[] = [
    { at: new Date(REORGANISATION_RECORDED_AT).toISOString(), run: () => applyReorganisation(at(REORGANISATION_RECORDED_AT), reviewerOf('admin'), 'TW', y2025.reorganisation) },
    { at: `${y2025.reorganisation.date}T00:00:00+07:00`, run: () => settleDueReorganisations(at(`${y2025.reorganisation.date}T00:01:00+07:00`)) },
    {
      at: new Date(CAMPAIGN_2025_CREATED_AT).toISOString(),
      run: async () => {
        const when = at(CAMPAIGN_2025_CREATED_AT);
        const { noticePhrasing: _, ...c } = y2025.campaign;
        // A level without a rule does not report this campaign.
        const off = Object.fromEntries(Object.keys(DEFAULT_DEADLINES).filter((level) => !reporting.has(level)).map((level) => [level, null]));
        await createCampaign(when, reviewerOf('admin'), { ...c, rootUnitCode: root.code, rules: { deadlines: off } });
        created2025 = true;
        await allocateAll(when, y2025.campaign.code, y2025.allocations, new Map(y2025.members.map((m) => [m.code, 'TW'])));
        await addAccounts(when, y2025.accounts);
      },
    },
    ...history2025.submissions,
    ...history2025.reviews(y2025.reviews, reviewerOf),
  ];
  events.push(...events2025, ...reminderPasses({ ...y2025.campaign, deadlines: deadlines2025, reminders: null }, reporting, events2025, at));
  events.sort((a, b) => a.at.localeCompare(b.at));
  for (const e of events) {
    if (e.at > until) break;
    await e.run();
  }
  log(`Đã nhập ${demo.reports.length} báo cáo tuần, ${demo.reviews.length} lượt duyệt hoặc trả lại và ${demo.fixes.length} lần sửa.`);
  if (created2025) {
    log(`Năm 2025: "${y2025.reorganisation.name}" (34 tỉnh, thành và 4 đơn vị trực thuộc), chiến dịch ${y2025.campaign.code} với ${y2025.reports.length} báo cáo tuần.`);
  }
  return { accounts: [...demo.accounts, ...(created2025 ? y2025.accounts : [])] };
}

/** Each parent allocates to its children: TW to the provinces, then Hà Nội, Ba Đình and Lào Cai below them. */
async function allocateAll(ctx: ServiceContext, campaign: string, allocations: readonly DemoAllocation[], parentOf: ReadonlyMap<string, string | null>): Promise<void> {
  const targetsByParent = new Map<string, Record<string, Record<string, number>>>();
  for (const a of allocations) {
    const parent = parentOf.get(a.unitCode);
    if (!parent) throw new Error(`demo allocation to ${a.unitCode}, which has no parent`);
    const targets = targetsByParent.get(parent) ?? {};
    (targets[a.unitCode] ??= {})[a.indicatorCode] = a.target;
    targetsByParent.set(parent, targets);
  }
  for (const [parent, targets] of targetsByParent) await allocateTargets(ctx, { campaign, unit: parent }, null, { targets });
}

/**
 * A campaign's reports as events, entered as a cadre would (figures "to date" for the
 * indicators reported that way), and its reviews by one reviewer at a time.
 */
function campaignHistory(campaign: string, reports: readonly DemoReport[], cumulative: ReadonlySet<string>, at: (iso: string) => ServiceContext) {
  const toDate = new Map<string, number>();
  const entered = new Map<DemoReport, Record<string, number>>();
  for (const r of [...reports].sort((a, b) => a.week.localeCompare(b.week) || a.unitCode.localeCompare(b.unitCode))) {
    const values: Record<string, number> = {};
    for (const [code, increment] of Object.entries(r.values)) {
      if (!cumulative.has(code)) { values[code] = increment; continue; }
      const key = `${r.unitCode}|${code}`;
      const sum = (toDate.get(key) ?? 0) + increment;
      toDate.set(key, sum);
      values[code] = sum;
    }
    entered.set(r, values);
  }
  const input = (r: DemoReport, withMistake: boolean) => ({
    values: { ...entered.get(r), ...(withMistake && r.mistake ? { [r.mistake.indicatorCode]: r.mistake.value } : {}) },
    consolidated: r.consolidated, highlights: r.highlights, difficulties: r.difficulties, proposals: r.proposals,
  });
  const ref = (unit: string, period: string) => ({ campaign, unit, period });
  const approve = async (when: ServiceContext, unitCode: string, week: string, reviewer: Actor) => {
    await markReportViewed(when, ref(unitCode, week), reviewer); // approving needs the report opened
    await approveReport(when, ref(unitCode, week), reviewer);
  };
  return {
    input,
    approve,
    submissions: reports.map((r): DemoEvent => ({ at: r.submittedAt, run: () => submitReport(at(r.submittedAt), ref(r.unitCode, r.week), null, input(r, true)) })),
    reviews: (reviews: readonly DemoReview[], reviewerOf: (username?: string) => Actor): DemoEvent[] => reviews.map((v) => ({
      at: v.at,
      run: () => (v.action === 'approve'
        ? approve(at(v.at), v.unitCode, v.week, reviewerOf(v.reviewer))
        : returnReport(at(v.at), ref(v.unitCode, v.week), reviewerOf(v.reviewer), { reason: v.reason })),
    })),
  };
}

/**
 * The reminder job ran all along: a pass at each moment a stage of a deadline of the
 * campaign's levels fell due (as the server's scheduler would have, just after), up to the
 * last of `events`, so its late units were reminded and TW told of the missing ones. A pass
 * at the same moment as a report comes after it (the sort is stable).
 */
function reminderPasses(
  campaign: Parameters<typeof deadlinesOf>[0] & Parameters<typeof remindersOf>[0] & { readonly code: string; readonly startDate: string; readonly endDate: string },
  levels: ReadonlySet<string>, events: readonly DemoEvent[], at: (iso: string) => ServiceContext): DemoEvent[] {
  const end = events.reduce((last, e) => (e.at > last ? e.at : last), '');
  const rules = Object.entries(deadlinesOf(campaign)).flatMap(([level, rule]) => (rule && levels.has(level) ? [rule] : []));
  const passes = new Set(campaignWeeks(campaign.startDate, campaign.endDate).flatMap((week) =>
    rules.flatMap((rule) => Object.values(reminderTimes(dueAt(rule, week), remindersOf(campaign))))));
  return [...passes].filter((p) => p <= end).map((pass) => ({ at: pass, run: () => runReminders(at(pass), { campaignCode: campaign.code }) }));
}
