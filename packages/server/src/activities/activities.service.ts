/**
 * Campaign activities (issue 20): the records a unit keeps for a campaign — works, volunteer
 * teams, good models, press items, inspections, linkages — checked by core checkActivity,
 * stored with the columns their totals group by, corrected at the version the user read with
 * a reason, withdrawn (kept, counted nowhere), every change audited. A record entered by a
 * unit above for a unit below is marked so (nhập thay). Totals over any subtree are one
 * grouped query, turned into words by core.
 */
import {
  ACTIVITY_KINDS, DomainError, FieldProblems, FieldProblemsError, NotFoundError, activitySentences, activityTotals, checkActivity, checkCountRule, codesOfList, groupRowsOf,
  isActivityKind, localDateOf, type ActivityKind, type ActivityRecord, type ActivityTotals, type CountRule,
} from '@giaoban/core';
import {
  activitiesRepository, auditRepository, campaignsRepository, reportsRepository, unitsRepository, type ActivityFilter, type ActivityRecordRow, type ActivityRecordValues,
  type CampaignDetail, type Executor, type FocusAreaRow, type ProgrammeRow, type UnitRow, type WorkKindRow,
} from '@giaoban/db';
import { ancestorsBelowRoot, notifyChange, requireCampaign, requireUnit, type Actor, type ServiceContext, type UnitRef } from '../infra/index.ts';
import { recountReports, weeksOfRecord } from '../reporting/index.ts';
import { MAX_PHOTOS_PER_RECORD, checkPhoto, type PhotoStore } from './photos.ts';

/** What a campaign's records are checked against and grouped by. */
export interface ActivitySetup {
  readonly campaign: CampaignDetail;
  readonly workKinds: readonly WorkKindRow[];
  readonly focusAreas: readonly FocusAreaRow[];
  readonly programmes: readonly ProgrammeRow[];
}

export async function getActivitySetup(ex: Executor, campaignCode: string): Promise<ActivitySetup> {
  const campaign = await requireCampaign(ex, campaignCode);
  const [workKinds, focusAreas, programmes] = await Promise.all([
    activitiesRepository.listWorkKinds(ex, campaign.id), activitiesRepository.listFocusAreas(ex, campaign.id), activitiesRepository.listProgrammes(ex, campaign.id),
  ]);
  return { campaign, workKinds, focusAreas, programmes };
}

export interface ActivitySetupInput {
  readonly workKinds?: readonly { readonly code: string; readonly name: string }[] | undefined;
  /** `indicators`: the codes of the campaign's indicators that belong to the programme (given: exactly these). */
  readonly programmes?: readonly {
    readonly code: string; readonly name: string; readonly startDate: string; readonly endDate: string; readonly indicators?: readonly string[] | undefined;
  }[] | undefined;
  readonly focusAreas?: readonly { readonly code: string; readonly kind: string; readonly name: string; readonly place?: string | null | undefined; readonly unitCode: string }[] | undefined;
  /** Indicator code → how its weekly figure is counted from the records (core checkCountRule reads it); null: typed again. */
  readonly countedIndicators?: Readonly<Record<string, unknown>> | undefined;
}

const CODE = /^[a-z0-9][a-z0-9-]{0,47}$/;

/**
 * Adds to (or renames in) a campaign's lists: work kinds, programmes (with the campaign's
 * indicators that belong to each), focus areas, and sets how indicators are counted. Every
 * entry is checked first (a code's form, a programme's dates inside the campaign's, a focus
 * area's unit inside the campaign), all or nothing; nothing listed is removed (records may
 * name it). Audited as activity.setup.
 */
export async function setActivitySetup(ctx: ServiceContext, actor: Actor | null, ref: UnitRef, input: ActivitySetupInput): Promise<ActivitySetup> {
  const campaign = await requireCampaign(ctx.db, ref.campaign);
  if (campaign.rootUnitCode !== ref.unit) {
    throw new DomainError('forbidden', `Danh mục hoạt động của chiến dịch do đơn vị chủ trì (${campaign.rootUnitCode}) quản lý.`, {
      messageEn: `The campaign's activity lists are kept by its root unit (${campaign.rootUnitCode}).`,
    });
  }
  const problems = new FieldProblems();
  const say = (field: string, message: string, messageEn: string) => problems.add(field, message, messageEn);
  const checkCode = (field: string, code: string) => {
    if (!CODE.test(code)) say(field, `Mã "${code}" chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 48 ký tự).`, `The code "${code}" uses lowercase letters, digits and hyphens (at most 48).`);
  };
  const seen = (list: readonly { code: string }[] | undefined, path: string) => {
    const codes = new Set<string>();
    list?.forEach((e, i) => {
      if (codes.has(e.code)) say(`${path}.${i}.code`, `Mã "${e.code}" có hai lần.`, `The code "${e.code}" is given twice.`);
      codes.add(e.code);
    });
  };
  input.workKinds?.forEach((k, i) => {
    checkCode(`workKinds.${i}.code`, k.code);
    if (k.name.trim() === '') say(`workKinds.${i}.name`, 'Tên loại công trình không được để trống.', 'The kind of work needs a name.');
  });
  seen(input.workKinds, 'workKinds');
  input.programmes?.forEach((p, i) => {
    checkCode(`programmes.${i}.code`, p.code);
    if (p.name.trim() === '') say(`programmes.${i}.name`, 'Tên chương trình không được để trống.', 'The programme needs a name.');
    if (p.startDate < campaign.startDate || p.endDate > campaign.endDate || p.endDate < p.startDate) {
      say(`programmes.${i}.startDate`, 'Thời gian của chương trình phải nằm trong thời gian chiến dịch, ngày kết thúc không trước ngày bắt đầu.',
        'A programme runs within the campaign\'s dates and ends no earlier than it starts.');
    }
  });
  seen(input.programmes, 'programmes');
  // A programme's indicators: the campaign's, each in one programme at most.
  const inProgramme = new Map<string, string>();
  input.programmes?.forEach((p, i) => p.indicators?.forEach((code, j) => {
    if (!campaign.indicators.some((x) => x.code === code)) say(`programmes.${i}.indicators.${j}`, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
    else if (inProgramme.has(code) && inProgramme.get(code) !== p.code) say(`programmes.${i}.indicators.${j}`, `Chỉ tiêu "${code}" đã thuộc chương trình "${inProgramme.get(code)}".`, `Indicator "${code}" already belongs to the programme "${inProgramme.get(code)}".`);
    else inProgramme.set(code, p.code);
  }));
  const focusUnits = new Map<string, UnitRow>();
  for (const [i, f] of (input.focusAreas ?? []).entries()) {
    checkCode(`focusAreas.${i}.code`, f.code);
    if (f.name.trim() === '' || f.kind.trim() === '') say(`focusAreas.${i}.name`, 'Địa bàn cần có loại và tên.', 'A focus area needs a kind and a name.');
    const unit = await unitsRepository.getByCodeUnder(ctx.db, f.unitCode, campaign.rootUnitId);
    if (!unit?.inSubtree) say(`focusAreas.${i}.unitCode`, `Đơn vị "${f.unitCode}" không thuộc chiến dịch.`, `The unit "${f.unitCode}" is not in the campaign.`);
    else focusUnits.set(f.unitCode, unit.unit);
  }
  seen(input.focusAreas, 'focusAreas');
  // The rules of counting, against the work kinds as they will stand.
  const current = await getActivitySetup(ctx.db, ref.campaign);
  const kindsAfter = [...current.workKinds.filter((k) => !input.workKinds?.some((n) => n.code === k.code)), ...input.workKinds ?? []];
  const counted = await resolveCounted(ctx.db, campaign, kindsAfter, input.countedIndicators ?? {}, problems);
  problems.throwIfAny();
  // Only what differs from the lists as they stand is written and audited: the same lists sent
  // again (or none) change nothing.
  const workKinds = (input.workKinds ?? []).map((k) => ({ code: k.code, name: k.name.trim() }))
    .filter((k) => current.workKinds.find((w) => w.code === k.code)?.name !== k.name);
  // The indicators whose programme changes: those listed under a programme, and those no longer listed under theirs.
  const programmeIdOf = (code: string) => current.programmes.find((p) => p.code === code)?.id ?? null;
  const listedFor = new Set((input.programmes ?? []).filter((p) => p.indicators !== undefined).map((p) => p.code));
  const moves = campaign.indicators.flatMap((i) => {
    const wanted = inProgramme.get(i.code) ?? (i.programmeId !== null && listedFor.has(current.programmes.find((p) => p.id === i.programmeId)?.code ?? '') ? null : undefined);
    if (wanted === undefined) return [];
    const now = i.programmeId === null ? null : current.programmes.find((p) => p.id === i.programmeId)?.code ?? null;
    return now === wanted ? [] : [{ indicator: i, programme: wanted }];
  });
  const programmes = (input.programmes ?? []).map((p) => ({ code: p.code, name: p.name.trim(), startDate: p.startDate, endDate: p.endDate }))
    .filter((p) => { const c = current.programmes.find((x) => x.code === p.code); return !c || c.name !== p.name || c.startDate !== p.startDate || c.endDate !== p.endDate; });
  const focusAreas = (input.focusAreas ?? []).map((f) => ({ code: f.code, kind: f.kind.trim(), name: f.name.trim(), place: f.place?.trim() || null, unitId: focusUnits.get(f.unitCode)!.id }))
    .filter((f) => { const c = current.focusAreas.find((x) => x.code === f.code); return !c || c.kind !== f.kind || c.name !== f.name || c.place !== f.place || c.unitId !== f.unitId; });
  if (workKinds.length + programmes.length + focusAreas.length + counted.length + moves.length === 0) return current;
  await ctx.db.transaction(async (tx) => {
    await activitiesRepository.upsertWorkKinds(tx, campaign.id, workKinds);
    const written = new Map<string, number>();
    for (const p of programmes) written.set(p.code, await activitiesRepository.upsertProgramme(tx, { campaignId: campaign.id, ...p }));
    for (const m of moves) {
      const id = m.programme === null ? null : written.get(m.programme) ?? programmeIdOf(m.programme);
      await campaignsRepository.setProgramme(tx, campaign.id, m.indicator.id, id);
    }
    for (const f of focusAreas) await activitiesRepository.upsertFocusArea(tx, { campaignId: campaign.id, ...f });
    for (const c of counted) await campaignsRepository.setCountedFrom(tx, campaign.id, c.indicator.id, c.rule);
    await auditRepository.append(tx, [{
      at: ctx.now(), userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.setup', campaignId: campaign.id,
      newValue: {
        workKinds, programmes, focusAreas: focusAreas.map(({ unitId: _, ...f }) => f),
        ...(counted.length > 0 ? { countedIndicators: Object.fromEntries(counted.map((c) => [c.indicator.code, c.rule])) } : {}),
        ...(moves.length > 0 ? { programmeIndicators: Object.fromEntries(moves.map((m) => [m.indicator.code, m.programme])) } : {}),
      },
    }]);
    // A rule set or changed: the reports of the units with records of its kind (or of the kind it
    // counted before) take the count at once.
    const kinds = new Set(counted.flatMap((c) => (c.rule === null ? [] : [c.rule.kind, c.indicator.countedFrom?.kind ?? c.rule.kind])));
    if (kinds.size > 0) {
      const units = await unitsRepository.listByIds(tx, await activitiesRepository.unitsWithRecords(tx, campaign.id, [...kinds]));
      await recountReports(tx, await requireCampaign(tx, ref.campaign), units, null, actor, ctx.now(), 'Đặt cách đếm chỉ tiêu từ hoạt động');
    }
  });
  // A programme's indicators changed: its dashboards' ready answers are no longer right (no figure
  // changed, so nothing is announced; other processes' within the cache's backstop age).
  if (moves.length > 0) ctx.progressCache.clear();
  return getActivitySetup(ctx.db, ref.campaign);
}

/** Whether two rules of counting are the same (a stored one comes back from jsonb in its own key order). */
const sameRule = (a: CountRule | null, b: CountRule | null): boolean =>
  a === null || b === null ? a === b : a.kind === b.kind && a.measure === b.measure && a.workKind === b.workKind && a.state === b.state && a.channel === b.channel;

/** A rule of counting that changes: the indicator, and its rule (null: typed again). */
interface CountedChange {
  readonly indicator: CampaignDetail['indicators'][number];
  readonly rule: CountRule | null;
}

/**
 * The rules of counting asked for, checked (core checkCountRule, against the campaign's work
 * kinds), those that change only: a rule is refused on an indicator whose figures were typed
 * (they would contradict it); null goes back to typed figures, the counted ones staying.
 */
async function resolveCounted(
  ex: Executor, campaign: CampaignDetail, workKinds: readonly WorkKindRow[], asked: Readonly<Record<string, unknown>>, problems: FieldProblems,
): Promise<CountedChange[]> {
  const changes: CountedChange[] = [];
  for (const [code, raw] of Object.entries(asked)) {
    const field = `countedIndicators.${code}`;
    const indicator = campaign.indicators.find((i) => i.code === code);
    if (!indicator) {
      problems.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
      continue;
    }
    const rule = raw === null ? null : problems.capture(null, () => checkCountRule(raw, { indicator, workKinds }, field));
    if (rule === undefined || sameRule(rule, indicator.countedFrom ?? null)) continue;
    if (rule !== null && !indicator.countedFrom && await reportsRepository.hasFigures(ex, campaign.id, indicator.id)) {
      problems.add(`${field}.kind`, `Chỉ tiêu "${indicator.name}" đã có số liệu các đơn vị nhập; chỉ đặt được cách đếm từ hoạt động cho chỉ tiêu chưa có số liệu nào.`,
        `Indicator "${indicator.name}" already has typed figures; only an indicator with no figures yet can be counted from records.`);
      continue;
    }
    changes.push({ indicator, rule });
  }
  return changes;
}

/** What a create or a correction sends beside the kind's fields. */
export interface ActivityWrite {
  readonly fields: Readonly<Record<string, unknown>>;
  /** The programme the record belongs to (its code), or none. */
  readonly programme?: string | null | undefined;
}

export interface Resolved {
  readonly record: ActivityRecord;
  readonly values: ActivityRecordValues;
  readonly partnerIds: readonly number[];
  readonly visitedIds: readonly number[];
  readonly visitedFocusIds: readonly number[];
}

/** Checks a record's fields against the campaign and resolves the codes it names to ids. */
export async function resolve(ex: Executor, setup: ActivitySetup, unit: UnitRow, kind: ActivityKind, input: ActivityWrite): Promise<Resolved> {
  const { campaign } = setup;
  // The units a record may name: those of the campaign (a linkage may reach another province).
  const named = [...new Set([...codesOfList(input.fields.partners) ?? [], ...codesOfList(input.fields.visitedUnits) ?? []])];
  const found = named.length === 0 ? [] : await unitsRepository.listByCodesWithAncestors(ex, named);
  const inCampaign = new Map(found.filter((u) => u.id === campaign.rootUnitId || u.ancestorIds.includes(campaign.rootUnitId)).map((u) => [u.code, u.id]));
  const programme = input.programme ? setup.programmes.find((p) => p.code === input.programme) : undefined;
  // Every problem at once: the kind's fields, and the programme beside them.
  const problems = new FieldProblems();
  const checked = problems.capture(null, () => checkActivity(kind, input.fields, {
    campaign: { startDate: campaign.startDate, endDate: campaign.endDate },
    workKinds: setup.workKinds, focusAreas: setup.focusAreas.map((f) => f.code), unitCode: unit.code, knownUnits: new Set(inCampaign.keys()),
  }));
  if (input.programme && !programme) problems.add('programme', `Chiến dịch không có chương trình "${input.programme}".`, `The campaign has no programme "${input.programme}".`);
  problems.throwIfAny();
  const record = checked!;
  const focusId = (code: string | null) => (code === null ? null : setup.focusAreas.find((f) => f.code === code)?.id ?? null);
  const base: ActivityRecordValues = {
    kind, fields: record.fields as unknown as Record<string, unknown>, programmeId: programme?.id ?? null, date: null, workKind: null, state: null, funding: null,
    channel: null, linkKind: null, modelKind: null, followUp: null, focusAreaId: null, value: 0, members: 0, reach: 0, views: 0,
  };
  const ids = (codes: readonly string[] | null) => (codes ?? []).map((c) => inCampaign.get(c)!).filter((id) => id !== undefined);
  switch (record.kind) {
    case 'work': {
      const f = record.fields;
      return { record, values: { ...base, date: f.startDate, workKind: f.workKind, state: f.state, funding: f.funding, focusAreaId: focusId(f.focusArea), value: f.value }, partnerIds: [], visitedIds: [], visitedFocusIds: [] };
    }
    case 'team': {
      const f = record.fields;
      return { record, values: { ...base, date: f.fromDate, members: f.members, focusAreaId: focusId(f.focusArea) }, partnerIds: [], visitedIds: [], visitedFocusIds: [] };
    }
    case 'model':
      return { record, values: { ...base, modelKind: record.fields.modelKind }, partnerIds: [], visitedIds: [], visitedFocusIds: [] };
    case 'press': {
      const f = record.fields;
      return { record, values: { ...base, date: f.date, channel: f.channel, reach: f.reach ?? 0, views: f.views ?? 0 }, partnerIds: [], visitedIds: [], visitedFocusIds: [] };
    }
    case 'inspection': {
      const f = record.fields;
      return {
        record, values: { ...base, date: f.date, followUp: f.followUp }, partnerIds: [], visitedIds: ids(f.visitedUnits),
        visitedFocusIds: (f.visitedFocusAreas ?? []).map((c) => focusId(c)!).filter((id) => id !== null),
      };
    }
    case 'linkage': {
      const f = record.fields;
      return { record, values: { ...base, date: f.fromDate, linkKind: f.linkKind }, partnerIds: ids(f.partners), visitedIds: [], visitedFocusIds: [] };
    }
  }
}

export function requireKind(kind: string): ActivityKind {
  if (!isActivityKind(kind)) {
    throw new FieldProblemsError([{ field: 'kind', message: `Không có loại hoạt động "${kind}". Các loại: ${ACTIVITY_KINDS.join(', ')}.`, messageEn: `There is no activity kind "${kind}".` }]);
  }
  return kind;
}

/** The campaign and the unit a request names, the unit inside the campaign. */
export async function place(ex: Executor, ref: UnitRef): Promise<{ setup: ActivitySetup; unit: UnitRow }> {
  const setup = await getActivitySetup(ex, ref.campaign);
  const unit = await requireUnit(ex, ref.unit);
  await ancestorsBelowRoot(ex, unit.id, setup.campaign.rootUnitId);
  return { setup, unit };
}

/** Entered for a unit by an account of a unit above it: marked as on its behalf. */
const onBehalfOf = (actor: Actor | null, unit: UnitRow) => (actor && actor.unitId !== unit.id ? actor.userId : null);

/** A record as written, with the campaign's lists it was checked against (what presenting it needs). */
export interface ActivityWritten {
  readonly record: ActivityRecordRow;
  readonly setup: ActivitySetup;
}

export async function createActivity(ctx: ServiceContext, actor: Actor | null, ref: UnitRef, kindText: string, input: ActivityWrite): Promise<ActivityWritten> {
  const kind = requireKind(kindText);
  const { setup, unit } = await place(ctx.db, ref);
  const r = await resolve(ctx.db, setup, unit, kind, input);
  const at = ctx.now();
  const id = await ctx.db.transaction((tx) => insertResolved(tx, { setup, unit, r, programme: input.programme ?? null, actor, at }));
  return { record: (await activitiesRepository.getRecord(ctx.db, id))!, setup };
}

/**
 * Writes a checked record inside `tx`: the record, the units and focus areas it names, its
 * audit entry; recounts the reports that count it and tells the open dashboards. Its id.
 */
export async function insertResolved(tx: Executor, w: {
  readonly setup: ActivitySetup; readonly unit: UnitRow; readonly r: Resolved; readonly programme: string | null;
  readonly actor: Actor | null; readonly at: Date;
  /** 'import': one of a file's rows, whose caller recounts the reports once for them all. */
  readonly via?: 'import' | undefined;
}): Promise<number> {
  const { setup, unit, r, actor, at } = w;
  const id = await activitiesRepository.insertRecord(tx, {
    ...r.values, campaignId: setup.campaign.id, unitId: unit.id, createdBy: actor?.userId ?? null, onBehalfBy: onBehalfOf(actor, unit), at,
  });
  await writeLinks(tx, id, r);
  await auditRepository.append(tx, [{
    at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.create', campaignId: setup.campaign.id, unitId: unit.id,
    newValue: { id, kind: r.record.kind, programme: w.programme, fields: r.values.fields, ...(w.via ? { via: w.via } : {}) },
  }]);
  if (w.via !== 'import') {
    await recountReports(tx, setup.campaign, [unit], weeksOfRecord({ ...r.values, createdAt: at }), actor, at, `Thêm hoạt động: ${titleOf(r.values.fields)}`, r.record.kind);
  }
  await announce(tx, setup.campaign.id, [unit.id, ...r.partnerIds], at);
  return id;
}

async function writeLinks(ex: Executor, id: number, r: Resolved): Promise<void> {
  if (r.record.kind === 'linkage') await activitiesRepository.setRecordUnits(ex, id, 'partner', r.partnerIds);
  if (r.record.kind === 'inspection') {
    await activitiesRepository.setRecordUnits(ex, id, 'visited', r.visitedIds);
    await activitiesRepository.setRecordFocusAreas(ex, id, r.visitedFocusIds);
  }
}

/**
 * Open dashboards of the units (the record's, its linkage partners') and of everything above
 * them hear of the change once it commits, as of a figure's: their activity totals move live.
 */
async function announce(tx: Executor, campaignId: number, unitIds: readonly number[], at: Date): Promise<void> {
  for (const unitId of new Set(unitIds)) await notifyChange(tx, { campaignId, unitId, period: null, at });
}

/** A record's name or title, as a recount's reason names it. */
const titleOf = (fields: Readonly<Record<string, unknown>>): string => String(fields.name ?? fields.title ?? fields.team ?? fields.description ?? '').slice(0, 200);

/** A record of the unit the request names, or 404 (a record of another unit is not found there). */
async function requireRecord(ex: Executor, setup: ActivitySetup, unit: UnitRow, id: number): Promise<ActivityRecordRow> {
  const record = await activitiesRepository.getRecord(ex, id);
  if (!record || record.campaignId !== setup.campaign.id || record.unitId !== unit.id || record.removedAt !== null) {
    throw new NotFoundError('hoạt động', String(id), 'activity record');
  }
  return record;
}

function requireReason(reason: string | null | undefined): string {
  const text = reason?.trim() ?? '';
  if (text === '') throw new FieldProblemsError([{ field: 'reason', message: 'Hãy ghi lý do sửa hoặc rút bản ghi.', messageEn: 'Give the reason for the correction or withdrawal.' }]);
  return text;
}

function staleVersion(): DomainError {
  return new DomainError('conflict', 'Bản ghi vừa được người khác sửa. Không có gì được ghi; hãy tải lại để xem bản mới rồi sửa lại.', {
    messageEn: 'Someone changed this record meanwhile. Nothing was saved; reload it and correct it again.',
  });
}

/** Corrects a record at the version the user read, with a reason; audited with the fields before and after. */
export async function correctActivity(
  ctx: ServiceContext, actor: Actor | null, ref: UnitRef, id: number, input: ActivityWrite & { readonly version: number; readonly reason: string },
): Promise<ActivityWritten> {
  const { setup, unit } = await place(ctx.db, ref);
  const before = await requireRecord(ctx.db, setup, unit, id);
  const reason = requireReason(input.reason);
  const r = await resolve(ctx.db, setup, unit, requireKind(before.kind), input);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await activitiesRepository.updateRecord(tx, id, input.version, { ...r.values, at }))) throw staleVersion();
    await writeLinks(tx, id, r);
    await auditRepository.append(tx, [{
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.correct', campaignId: setup.campaign.id, unitId: unit.id, reason,
      oldValue: { id, fields: before.fields, programme: before.programmeCode }, newValue: { id, fields: r.values.fields, programme: input.programme ?? null },
    }]);
    const weeks = [...new Set([...weeksOfRecord(before), ...weeksOfRecord({ ...r.values, createdAt: before.createdAt })])];
    await recountReports(tx, setup.campaign, [unit], weeks, actor, at, `Sửa hoạt động "${titleOf(r.values.fields)}": ${reason}`, before.kind);
    await announce(tx, setup.campaign.id, [unit.id, ...r.partnerIds], at);
  });
  return { record: (await activitiesRepository.getRecord(ctx.db, id))!, setup };
}

/** Withdraws a record (kept, counted nowhere) at the version read, with a reason. */
export async function removeActivity(ctx: ServiceContext, actor: Actor | null, ref: UnitRef, id: number, input: { readonly version: number; readonly reason: string }): Promise<void> {
  const { setup, unit } = await place(ctx.db, ref);
  const before = await requireRecord(ctx.db, setup, unit, id);
  const reason = requireReason(input.reason);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await activitiesRepository.removeRecord(tx, id, input.version, at))) throw staleVersion();
    await auditRepository.append(tx, [{
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.remove', campaignId: setup.campaign.id, unitId: unit.id, reason,
      oldValue: { id, kind: before.kind, fields: before.fields },
    }]);
    await recountReports(tx, setup.campaign, [unit], weeksOfRecord(before), actor, at, `Rút hoạt động "${titleOf(before.fields)}": ${reason}`, before.kind);
    await announce(tx, setup.campaign.id, [unit.id], at);
  });
}

export interface ActivityQuery {
  readonly kind?: string | undefined;
  readonly programme?: string | undefined;
  readonly workKind?: string | undefined;
  readonly state?: string | undefined;
  readonly channel?: string | undefined;
  readonly focusArea?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** A query's codes as the repository's filter; an unknown programme or focus area is a 400 on its field. */
function filterOf(setup: ActivitySetup, q: ActivityQuery): ActivityFilter {
  const programme = q.programme ? setup.programmes.find((p) => p.code === q.programme) : undefined;
  if (q.programme && !programme) throw new FieldProblemsError([{ field: 'programme', message: `Chiến dịch không có chương trình "${q.programme}".`, messageEn: `No programme "${q.programme}".` }]);
  const focus = q.focusArea ? setup.focusAreas.find((f) => f.code === q.focusArea) : undefined;
  if (q.focusArea && !focus) throw new FieldProblemsError([{ field: 'focusArea', message: `Chiến dịch không có địa bàn "${q.focusArea}".`, messageEn: `No focus area "${q.focusArea}".` }]);
  return {
    kind: q.kind === undefined ? undefined : requireKind(q.kind), programmeId: programme?.id, workKind: q.workKind, state: q.state, channel: q.channel,
    focusAreaId: focus?.id, from: q.from, to: q.to,
  };
}

export async function listActivities(
  ctx: ServiceContext, ref: UnitRef, query: ActivityQuery, page: { limit: number; offset: number },
): Promise<{ setup: ActivitySetup; unit: UnitRow; rows: readonly ActivityRecordRow[]; total: number }> {
  const ex = ctx.readDb;
  const { setup, unit } = await place(ex, ref);
  const { rows, total } = await activitiesRepository.listRecords(ex, setup.campaign.id, unit.id, filterOf(setup, query), page);
  return { setup, unit, rows, total };
}

/**
 * The totals of a subtree's records (live: every acknowledged write is in them), with its
 * focus areas' coverage; `asOf` (a document's day) counts the records of days up to it only,
 * by default today (or the campaign's last day once it has ended).
 */
export async function getActivityTotals(
  ctx: ServiceContext, ref: UnitRef, query: ActivityQuery = {}, options: { readonly asOf?: string | undefined } = {},
): Promise<{ setup: ActivitySetup; unit: UnitRow; totals: ActivityTotals; asOf: string }> {
  const ex = ctx.readDb;
  const { setup, unit } = await place(ex, ref);
  const today = localDateOf(ctx.now());
  const asOf = options.asOf ?? (today < setup.campaign.endDate ? today : setup.campaign.endDate);
  const [rows, focus] = await Promise.all([
    activitiesRepository.groupedTotals(ex, setup.campaign.id, unit.id, { ...filterOf(setup, query), until: asOf }),
    activitiesRepository.focusCoverage(ex, setup.campaign.id, unit.id, asOf),
  ]);
  return { setup, unit, totals: activityTotals(rows, focus.total > 0 ? focus : undefined), asOf };
}

/** The sentences a document of the subtree (of one programme, if given) writes of its activities as of `asOf` (none when it has no records). */
export async function activityParagraph(ctx: ServiceContext, ref: UnitRef, asOf: string, programme?: string | undefined): Promise<string[]> {
  const { totals } = await getActivityTotals(ctx, ref, { programme }, { asOf });
  return activitySentences(totals, { asOf });
}

/**
 * The totals recomputed from every record of the subtree, read one by one (what a check
 * compares with the grouped query): core's grouping of the records' own fields.
 */
export async function recomputeActivityTotals(ctx: ServiceContext, ref: UnitRef): Promise<ActivityTotals> {
  const { setup, unit } = await place(ctx.db, ref);
  const records: ActivityRecord[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const { rows } = await activitiesRepository.listRecords(ctx.db, setup.campaign.id, unit.id, {}, { limit: 1_000, offset });
    records.push(...rows.map((row) => ({ kind: row.kind, fields: row.fields } as unknown as ActivityRecord)));
    if (rows.length < 1_000) break;
  }
  const focus = await activitiesRepository.focusCoverage(ctx.db, setup.campaign.id, unit.id);
  return activityTotals(groupRowsOf(records), focus.total > 0 ? focus : undefined);
}

/**
 * Adds a photo to a record of the unit: checked by its content (photos.ts checkPhoto), written
 * with its display copy before the row that makes it part of the record, audited. A file the
 * database then refuses is removed again; nothing half-written stays.
 */
export async function addActivityPhoto(
  ctx: ServiceContext, store: PhotoStore, actor: Actor | null, ref: UnitRef, id: number, bytes: Buffer,
): Promise<ActivityWritten> {
  const { setup, unit } = await place(ctx.db, ref);
  const record = await requireRecord(ctx.db, setup, unit, id);
  if (record.photoCount >= MAX_PHOTOS_PER_RECORD) {
    throw new FieldProblemsError([{ field: 'photo', message: `Mỗi hoạt động có tối đa ${MAX_PHOTOS_PER_RECORD} ảnh.`, messageEn: `An activity takes at most ${MAX_PHOTOS_PER_RECORD} photos.` }]);
  }
  const photo = await checkPhoto(bytes, store.maxBytes);
  const paths = await store.save(setup.campaign.id, record.id, bytes, photo);
  try {
    await ctx.db.transaction(async (tx) => {
      const photoId = await activitiesRepository.insertPhoto(tx, {
        recordId: record.id, ...paths, mime: photo.mime, bytes: bytes.length, width: photo.width, height: photo.height, createdBy: actor?.userId ?? null,
      });
      await auditRepository.append(tx, [{
        at: ctx.now(), userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.photo', campaignId: setup.campaign.id, unitId: unit.id,
        newValue: { record: record.id, photo: photoId, mime: photo.mime, bytes: bytes.length, width: photo.width, height: photo.height },
      }]);
    });
  } catch (error) {
    await store.discard(paths);
    throw error;
  }
  return { record: (await activitiesRepository.getRecord(ctx.db, record.id))!, setup };
}

/** A photo of a record of the unit, as sent or its display copy; 404 for a photo of another record. */
export async function readActivityPhoto(
  ctx: ServiceContext, store: PhotoStore, ref: UnitRef, id: number, photoId: number, size: 'original' | 'display',
): Promise<{ bytes: Buffer; mime: string }> {
  const { setup, unit } = await place(ctx.readDb, ref);
  await requireRecord(ctx.readDb, setup, unit, id);
  const photo = await activitiesRepository.getPhoto(ctx.readDb, photoId);
  if (!photo || photo.recordId !== id) throw new NotFoundError('ảnh', String(photoId), 'photo');
  return size === 'display' ? { bytes: await store.read(photo.displayPath), mime: 'image/jpeg' } : { bytes: await store.read(photo.path), mime: photo.mime };
}

/** Takes a photo off a record of the unit, with a reason (the files stay, for the audit); audited. */
export async function removeActivityPhoto(
  ctx: ServiceContext, actor: Actor | null, ref: UnitRef, id: number, photoId: number, input: { readonly reason: string },
): Promise<ActivityWritten> {
  const { setup, unit } = await place(ctx.db, ref);
  await requireRecord(ctx.db, setup, unit, id);
  const photo = await activitiesRepository.getPhoto(ctx.db, photoId);
  if (!photo || photo.recordId !== id) throw new NotFoundError('ảnh', String(photoId), 'photo');
  const reason = requireReason(input.reason);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await activitiesRepository.removePhoto(tx, photoId, at))) throw new NotFoundError('ảnh', String(photoId), 'photo');
    await auditRepository.append(tx, [{
      at, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'activity.photo_remove', campaignId: setup.campaign.id, unitId: unit.id, reason,
      oldValue: { record: id, photo: photoId },
    }]);
  });
  return { record: (await activitiesRepository.getRecord(ctx.db, id))!, setup };
}
