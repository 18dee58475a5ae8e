/**
 * Loads the 2023 summer campaign demo through the same services the API uses, with its
 * reporting history replayed in time order: each report submitted at its own moment (on
 * time or late), reviewed by a manager of its parent (TW for the provinces; Hà Nội, Ba Đình
 * and Lào Cai for the units below them) who approves it or returns it with a reason, fixed and
 * resubmitted or corrected after approval — so timeliness, the audit and the data-quality
 * view have something real to show.
 */
import { readFileSync } from 'node:fs';
import { campaignWeeks, dueAt, reminderTimes } from '@giaoban/core';
import {
  actorOf, allocateTargets, approveMany, approveReport, childrenReports, correctReport, createCampaign, createIndicator, createUnit, createUser,
  deadlinesOf, markChildrenViewed, markReportViewed, remindersOf, returnReport, runReminders, submitReport, type Actor, type ServiceContext,
} from '@giaoban/server';
import { buildDemoData, type DemoReport } from './demo-data.ts';
import { DEMO_UNITS_CSV_PATH } from './demo-files.ts';

export async function loadDemo(ctx: ServiceContext, log: (line: string) => void = () => {}): Promise<{ accounts: ReturnType<typeof buildDemoData>['accounts'] }> {
  const demo = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));
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
  // Each parent allocates to its children: TW to the provinces, then Hà Nội, Ba Đình and Lào Cai below them.
  const parentOf = new Map(demo.units.map((u) => [u.code, u.parentCode]));
  const targetsByParent = new Map<string, Record<string, Record<string, number>>>();
  for (const a of demo.allocations) {
    const parent = parentOf.get(a.unitCode);
    if (!parent) throw new Error(`demo allocation to ${a.unitCode}, which has no parent`);
    const targets = targetsByParent.get(parent) ?? {};
    (targets[a.unitCode] ??= {})[a.indicatorCode] = a.target;
    targetsByParent.set(parent, targets);
  }
  for (const [parent, targets] of targetsByParent) await allocateTargets(ctx, { campaign: demo.campaign.code, unit: parent }, null, { targets });
  log(`Đã tạo ${demo.units.length} đơn vị, ${demo.indicators.length} chỉ tiêu và chiến dịch ${demo.campaign.code}.`);

  const actors = new Map<string, Actor>();
  for (const a of demo.accounts) {
    const user = await createUser(ctx, { username: a.username, password: a.password, displayName: a.displayName, role: a.role, unitCode: a.unitCode });
    actors.set(a.username, actorOf(user));
  }
  const reviewerOf = (username: string = demo.reviewer): Actor => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`demo reviewer ${username} has no account`);
    return actor;
  };

  // Reports are entered as a cadre would: figures "to date" for indicators reported that way.
  const cumulative = new Set(demo.indicators.filter((i) => i.reportingMode === 'cumulative').map((i) => i.code));
  const toDate = new Map<string, number>();
  const entered = new Map<DemoReport, Record<string, number>>();
  for (const r of [...demo.reports].sort((a, b) => a.week.localeCompare(b.week) || a.unitCode.localeCompare(b.unitCode))) {
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
  const reportOf = new Map(demo.reports.map((r) => [`${r.unitCode}|${r.week}`, r]));
  const at = (iso: string): ServiceContext => ({ ...ctx, now: () => new Date(iso) });
  const input = (r: DemoReport, withMistake: boolean) => ({
    values: { ...entered.get(r), ...(withMistake && r.mistake ? { [r.mistake.indicatorCode]: r.mistake.value } : {}) },
    consolidated: r.consolidated, highlights: r.highlights, difficulties: r.difficulties, proposals: r.proposals,
  });
  const approve = async (when: ServiceContext, unitCode: string, week: string, reviewer: Actor) => {
    await markReportViewed(when, { campaign: demo.campaign.code, unit: unitCode, period: week }, reviewer); // approving needs the report opened
    await approveReport(when, { campaign: demo.campaign.code, unit: unitCode, period: week }, reviewer);
  };
  // Below TW the managers approve from the list: the figures of the week's children shown,
  // then several approved at once (one review of the list, not one report opened after another).
  const approveFromList = async (when: ServiceContext, parentCode: string, week: string, unitCodes: readonly string[], reviewer: Actor) => {
    const ref = { campaign: demo.campaign.code, unit: parentCode, period: week };
    const shown = (await childrenReports(when, ref)).children
      .filter((c) => unitCodes.includes(c.unit.code)).map((c) => ({ unit: c.unit.code, version: c.report.version }));
    await markChildrenViewed(when, ref, reviewer, shown);
    const { refused } = await approveMany(when, ref, reviewer, unitCodes);
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
  const events: { at: string; run: () => Promise<unknown> }[] = [
    ...demo.reports.map((r) => ({
      at: r.submittedAt,
      run: () => submitReport(at(r.submittedAt), { campaign: demo.campaign.code, unit: r.unitCode, period: r.week }, null, input(r, true)),
    })),
    ...[...fromList.values()].map((l) => ({
      at: l.at,
      run: () => approveFromList(at(l.at), l.parentCode, l.week, l.unitCodes, reviewerOf(l.reviewer)),
    })),
    ...demo.reviews.filter((v) => v.action === 'return' || v.reviewer === undefined).map((v) => ({
      at: v.at,
      run: () => (v.action === 'approve'
        ? approve(at(v.at), v.unitCode, v.week, reviewerOf(v.reviewer))
        : returnReport(at(v.at), { campaign: demo.campaign.code, unit: v.unitCode, period: v.week }, reviewerOf(v.reviewer), { reason: v.reason })),
    })),
    ...demo.fixes.map((f) => ({
      at: f.at,
      run: async () => {
        const r = reportOf.get(`${f.unitCode}|${f.week}`);
        if (!r) throw new Error(`demo fix of a report that does not exist: ${f.unitCode} ${f.week}`);
        const when = at(f.at);
        if (f.action === 'submit') await submitReport(when, { campaign: demo.campaign.code, unit: f.unitCode, period: f.week }, null, input(r, false));
        else await correctReport(when, { campaign: demo.campaign.code, unit: f.unitCode, period: f.week }, null, { ...input(r, false), reason: f.reason });
        if (f.reapprove) await approve(at(new Date(Date.parse(f.at) + 3_600_000).toISOString()), f.unitCode, f.week, reviewerOf(f.reviewer));
      },
    })),
  ];
  // The reminder job ran all along: a pass at each moment a stage of a deadline of the demo's
  // levels fell due (as the server's scheduler would have, just after), up to the history's
  // last event, so its late units were reminded and TW told of the missing ones. A pass at
  // the same moment as a report comes after it (the sort is stable).
  const end = events.reduce((last, e) => (e.at > last ? e.at : last), '');
  const levels = new Set<string>(demo.units.map((u) => u.level));
  const rules = Object.entries(deadlinesOf(created)).flatMap(([level, rule]) => (rule && levels.has(level) ? [rule] : []));
  const passes = new Set(campaignWeeks(created.startDate, created.endDate).flatMap((week) =>
    rules.flatMap((rule) => Object.values(reminderTimes(dueAt(rule, week), remindersOf(created))))));
  for (const pass of [...passes].filter((p) => p <= end)) events.push({ at: pass, run: () => runReminders(at(pass), { campaignCode: created.code }) });
  events.sort((a, b) => a.at.localeCompare(b.at));
  for (const e of events) await e.run();
  log(`Đã nhập ${demo.reports.length} báo cáo tuần, ${demo.reviews.length} lượt duyệt hoặc trả lại và ${demo.fixes.length} lần sửa.`);
  return { accounts: demo.accounts };
}
