/**
 * Checks after a fault, against the ledger of what the clients were told:
 * - through the API (a read-only viewer): each unit's report of the stormed week holds the
 *   figures of its last acknowledged submission, or of one sent after it without an answer,
 *   whole (every indicator or none), with a version no older than the acknowledged one;
 * - in the database: no report without its values or values without their report; the audit
 *   log of the week replayed submission by submission ends in exactly the stored figures, each
 *   submission a value entry per changed figure and one change of state; every acknowledged
 *   submission is one of those, in order, with exactly its figures, and nothing is there that
 *   no client sent;
 * - `giaoban verify-rollups` (a separate process) finds the summary equal to a recomputation.
 */
import { queryRows, sql, type Database } from '@giaoban/db';
import { inParallel, type Api, type Session } from './http.ts';
import { runCli, type CliResult } from './processes.ts';
import { sameFigures, showFigures, type Figures, type SubmissionLedger } from './storm.ts';
import type { FaultTarget } from './targets.ts';
import type { FaultWorld } from './world.ts';

interface ReportJson {
  status: string;
  version: number;
  indicators: { code: string; submitted: { increment: number; entered: number } | null }[];
  history: { action: string; period: string | null }[];
}

export interface ApiCheck {
  readonly checked: number;
  /** Units whose report holds the last acknowledged figures (or what the last check found). */
  readonly asAcknowledged: number;
  /** Units whose report holds figures of a submission that got no answer. */
  readonly unansweredStored: number;
  readonly problems: readonly string[];
}

/** Reads each unit's report through the API and compares it with the ledger; settles the ledger on what it found. */
export async function checkThroughApi(
  api: Api, viewer: Session, world: FaultWorld, ledger: SubmissionLedger, unitCodes: readonly string[],
): Promise<ApiCheck> {
  const problems: string[] = [];
  let asAcknowledged = 0;
  let unansweredStored = 0;
  await inParallel(unitCodes, 4, async (unitCode) => {
    const view = await api.getJson<ReportJson>(`/api/v1/campaigns/${world.campaignCode}/units/${unitCode}/reports/${world.week}`, viewer);
    const submitted = view.indicators.filter((i) => i.submitted !== null);
    if (submitted.length > 0 && submitted.length < world.indicators.length) {
      problems.push(`${unitCode}: half-written report — figures for ${submitted.length} of ${world.indicators.length} indicators (${submitted.map((i) => i.code).join(', ')})`);
    }
    const figures: Figures | null = submitted.length === 0 ? null : Object.fromEntries(submitted.map((i) => [i.code, i.submitted!.entered]));
    if (figures !== null && view.status !== 'submitted') problems.push(`${unitCode}: status ${view.status}, expected submitted`);
    const { candidates, minVersion } = ledger.expected(unitCode);
    const match = candidates.findIndex((c) => sameFigures(c.figures, figures));
    if (match < 0) {
      problems.push(`${unitCode}: stored ${showFigures(figures)} is none of ${candidates.map((c) => `${showFigures(c.figures)} (${c.what})`).join('; ')}`);
    } else if (match === 0) asAcknowledged++;
    else unansweredStored++;
    if (view.version < minVersion) problems.push(`${unitCode}: version ${view.version} older than the acknowledged ${minVersion}`);
    // Each applied submission leaves one change of state in the audit (the history shows up to 200 entries).
    const states = view.history.filter((h) => h.action === 'report.state').length;
    const sent = ledger.sentFor(unitCode);
    const acked = sent.filter((s) => s.outcome === 'acknowledged').length;
    const maybe = sent.filter((s) => s.outcome === 'unanswered').length;
    if (view.history.length < 200 && (states < acked || states > acked + maybe)) {
      problems.push(`${unitCode}: ${states} changes of state in the audit for ${acked} acknowledged and ${maybe} unanswered submissions`);
    }
    ledger.settle(unitCode, { figures, version: view.version });
  });
  return { checked: unitCodes.length, asAcknowledged, unansweredStored, problems };
}

export interface DatabaseCheck {
  readonly reports: number;
  readonly values: number;
  readonly auditEntries: number;
  readonly acknowledged: number;
  /** Acknowledged submissions found in the audit, in order, with exactly their figures (and the last one stored). */
  readonly acknowledgedFound: number;
  readonly unanswered: number;
  /** Unanswered submissions that were applied all the same. */
  readonly unansweredApplied: number;
  readonly problems: readonly string[];
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** The database checks (see the file's comment); `database` is opened by the caller. */
export async function checkDatabase(database: Database, world: FaultWorld, ledger: SubmissionLedger): Promise<DatabaseCheck> {
  const db = database.db;
  const problems: string[] = [];
  const campaignId = world.campaignId;
  const n = world.indicators.length;

  // --- Reports and values hang together, in every week.
  const incomplete = await queryRows<{ unit: string; period: string; values: number }>(db, sql`
    select u.code as unit, r.period, count(v.indicator_id)::int as values
    from reports r join units u on u.id = r.unit_id
    left join report_values v on v.report_id = r.id and v.campaign_id = r.campaign_id and v.unit_id = r.unit_id and v.period = r.period
    where r.campaign_id = ${campaignId} and r.status <> 'draft'
    group by u.code, r.period having count(v.indicator_id) <> ${n}`);
  for (const r of incomplete) problems.push(`${r.unit} ${r.period}: report with ${r.values} of ${n} values`);
  const orphans = await queryRows<{ unitId: number; period: string; indicatorId: number }>(db, sql`
    select v.unit_id as "unitId", v.period, v.indicator_id as "indicatorId" from report_values v
    left join reports r on r.id = v.report_id and r.campaign_id = v.campaign_id and r.unit_id = v.unit_id and r.period = v.period
    where v.campaign_id = ${campaignId} and r.id is null`);
  for (const o of orphans.slice(0, 20)) problems.push(`value without its report: unit ${o.unitId}, ${o.period}, indicator ${o.indicatorId}`);
  if (orphans.length > 20) problems.push(`… and ${orphans.length - 20} more values without their report`);
  const [totals] = await queryRows<{ reports: number; values: number; audit: number }>(db, sql`
    select (select count(*) from reports where campaign_id = ${campaignId})::int as reports,
           (select count(*) from report_values where campaign_id = ${campaignId})::int as values,
           (select count(*) from audit_log where campaign_id = ${campaignId} and period = ${world.week})::int as audit`);

  // --- The stormed week: stored figures, versions and the audit log, unit by unit.
  const indicatorById = new Map(world.indicators.map((i) => [i.id, i]));
  const unitById = new Map(world.units.map((u) => [u.id, u]));
  const toEntered = (unitId: number, increments: ReadonlyMap<number, number>): Figures => Object.fromEntries([...increments].map(([id, v]) => {
    const i = indicatorById.get(id);
    const before = i?.reportingMode === 'cumulative' ? (unitById.get(unitId)?.toDateBefore[i.code] ?? 0) : 0;
    return [i?.code ?? `#${id}`, round4(v + before)];
  }));
  const stored = new Map<number, { version: number; status: string; values: Map<number, number> }>();
  for (const r of await queryRows<{ unitId: number; version: number; status: string; indicatorId: number | null; value: number | null }>(db, sql`
    select r.unit_id as "unitId", r.version, r.status, v.indicator_id as "indicatorId", v.value
    from reports r left join report_values v on v.report_id = r.id
    where r.campaign_id = ${campaignId} and r.period = ${world.week}`)) {
    const s = stored.get(r.unitId) ?? { version: r.version, status: r.status, values: new Map<number, number>() };
    if (r.indicatorId !== null && r.value !== null) s.values.set(r.indicatorId, r.value);
    stored.set(r.unitId, s);
  }
  const auditOf = new Map<number, { id: number; at: string; action: string; indicatorId: number | null; newValue: unknown }[]>();
  for (const a of await queryRows<{ id: number; at: string; unitId: number; action: string; indicatorId: number | null; newValue: unknown }>(db, sql`
    select id, at::text as at, unit_id as "unitId", action, indicator_id as "indicatorId", new_value as "newValue"
    from audit_log where campaign_id = ${campaignId} and period = ${world.week} order by unit_id, at, id`)) {
    const list = auditOf.get(a.unitId) ?? [];
    list.push(a);
    auditOf.set(a.unitId, list);
  }

  let acknowledged = 0;
  let acknowledgedFound = 0;
  let unanswered = 0;
  let unansweredApplied = 0;
  for (const unit of world.units) {
    const sent = ledger.sentFor(unit.code);
    acknowledged += sent.filter((s) => s.outcome === 'acknowledged').length;
    unanswered += sent.filter((s) => s.outcome === 'unanswered').length;
    // Replay the audit: value entries, then the change of state that closes each submission.
    const applied: Figures[] = [];
    const fold = new Map<number, number>();
    let open: { at: string; values: number } | null = null;
    for (const a of auditOf.get(unit.id) ?? []) {
      if (open && open.at !== a.at) problems.push(`${unit.code}: audit entries of one submission at two moments (${open.at}, ${a.at})`);
      open ??= { at: a.at, values: 0 };
      if (a.action === 'report.value' && a.indicatorId !== null) {
        if (a.newValue === null) fold.delete(a.indicatorId);
        else fold.set(a.indicatorId, Number(a.newValue));
        open.values++;
      } else if (a.action === 'report.state') {
        applied.push(toEntered(unit.id, fold));
        open = null;
      }
    }
    if (open) problems.push(`${unit.code}: ${open.values} value entries in the audit with no change of state after them (at ${open.at})`);
    const row = stored.get(unit.id);
    const storedFigures = row && row.values.size > 0 ? toEntered(unit.id, row.values) : null;
    const replayed = applied.at(-1) ?? null;
    if (!sameFigures(storedFigures, replayed)) {
      problems.push(`${unit.code}: stored ${showFigures(storedFigures)}, but the audit replayed gives ${showFigures(replayed)}`);
    }
    // The applied submissions are sent ones in the order sent, every acknowledged one among them.
    let j = 0;
    for (const s of sent) {
      if (s.outcome === 'refused') {
        if (j < applied.length && sameFigures(applied[j]!, s.figures)) problems.push(`${unit.code}: a refused submission (${s.status}) was applied: ${showFigures(s.figures)}`);
        continue;
      }
      if (j < applied.length && sameFigures(applied[j]!, s.figures)) {
        j++;
        if (s.outcome === 'acknowledged') acknowledgedFound++;
        else unansweredApplied++;
      } else if (s.outcome === 'acknowledged') {
        problems.push(`${unit.code}: acknowledged submission of cycle ${s.cycle} (version ${s.version ?? '?'}) not found in the audit: ${showFigures(s.figures)}`);
      }
    }
    if (j < applied.length) problems.push(`${unit.code}: ${applied.length - j} applied submissions no client sent, first ${showFigures(applied[j]!)}`);
    const lastAck = sent.filter((s) => s.outcome === 'acknowledged').at(-1);
    if (lastAck && row && lastAck.version !== null && row.version < lastAck.version) {
      problems.push(`${unit.code}: version ${row.version} older than the acknowledged ${lastAck.version}`);
    }
    if (row && row.status !== 'submitted') problems.push(`${unit.code}: status ${row.status}, expected submitted`);
    if (!row && sent.some((s) => s.outcome === 'acknowledged')) problems.push(`${unit.code}: no report for ${world.week}, though submissions were acknowledged`);
  }
  return {
    reports: totals?.reports ?? 0, values: totals?.values ?? 0, auditEntries: totals?.audit ?? 0,
    acknowledged, acknowledgedFound, unanswered, unansweredApplied, problems,
  };
}

/** `giaoban verify-rollups --campaign …` on the target, in its own process. */
export function verifyRollupsCli(target: FaultTarget, world: FaultWorld): Promise<CliResult> {
  return runCli(target, ['verify-rollups', '--campaign', world.campaignCode]);
}
