/**
 * Every function of every repository, run once on PGlite and, with TEST_DATABASE_URL, on
 * PostgreSQL too, each on a little real data and checked against what was written: a column
 * renamed in the schema or misspelt in a statement fails here. The expected rows are typed
 * with the repositories' row types (derived from the schema), so a column added to a table
 * fails to compile until a test says what it reads back. The last test of each database
 * fails when a repository (any *.repository.ts) has a function that no test called.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Indicator, Phase, Unit } from '@giaoban/core';
import { activitiesRepository, type ActivityRecordValues } from './activities.repository.ts';
import { auditRepository, type AuditRow } from './audit.repository.ts';
import { campaignsRepository, type CampaignDetail, type CampaignRow, type PhaseRow } from './campaigns.repository.ts';
import { openDatabase, queryRows, type Database, type Executor } from './connection.ts';
import { documentsRepository } from './documents.repository.ts';
import { indicatorsRepository, type IndicatorRow } from './indicators.repository.ts';
import { jobLeasesRepository } from './job-leases.repository.ts';
import { notificationsRepository, type NewNotification, type NotificationRow } from './notifications.repository.ts';
import { rateLimitsRepository } from './rate-limits.repository.ts';
import { compareLsn, isLsn, replicationRepository } from './replication.repository.ts';
import { reorganisationsRepository } from './reorganisations.repository.ts';
import { reportsRepository, type ReportFields, type ReportFlag, type ReportRow } from './reports.repository.ts';
import { rollupRepository, type SummaryDelta } from './rollup.repository.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { signInLinksRepository } from './sign-in-links.repository.ts';
import { read, readTogether, together } from './sql-helpers.ts';
import { targetsRepository } from './targets.repository.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';
import { unitTagsRepository } from './unit-tags.repository.ts';
import { unitsRepository, type UnitRow } from './units.repository.ts';
import { usersRepository, type UserRow } from './users.repository.ts';

/**
 * Copies of the repositories that remember which of their functions were called (the
 * originals are frozen and shared by the whole process).
 */
function trackedRepositories() {
  const called = new Map<object, Set<string>>();
  const track = <R extends object>(repository: R): R => {
    const names = new Set<string>();
    called.set(repository, names);
    const entries = Object.entries(repository).map(([name, fn]) => {
      if (typeof fn !== 'function') throw new TypeError(`${name} is not a function`);
      return [name, (...args: unknown[]) => {
        names.add(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      }];
    });
    // The same functions under the same names: the copy has the repository's type.
    return Object.freeze(Object.fromEntries(entries)) as R;
  };
  return {
    called,
    units: track(unitsRepository),
    unitTags: track(unitTagsRepository),
    indicators: track(indicatorsRepository),
    campaigns: track(campaignsRepository),
    targets: track(targetsRepository),
    reports: track(reportsRepository),
    rollup: track(rollupRepository),
    users: track(usersRepository),
    sessions: track(sessionsRepository),
    signInLinks: track(signInLinksRepository),
    audit: track(auditRepository),
    notifications: track(notificationsRepository),
    documents: track(documentsRepository),
    rateLimits: track(rateLimitsRepository),
    jobLeases: track(jobLeasesRepository),
    replication: track(replicationRepository),
    reorganisations: track(reorganisationsRepository),
    activities: track(activitiesRepository),
  };
}
type Repositories = ReturnType<typeof trackedRepositories>;

/** Every `…Repository` export of every *.repository.ts beside this file, found on disk. */
async function repositoriesOnDisk(): Promise<{ label: string; repository: object }[]> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const found: { label: string; repository: object }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.repository.ts')).sort()) {
    const exports = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    const repositories = Object.entries(exports).filter(([name, value]) => name.endsWith('Repository') && typeof value === 'object' && value !== null);
    if (repositories.length === 0) throw new Error(`${file} exports no …Repository object`);
    for (const [name, repository] of repositories) found.push({ label: `${file} ${name}`, repository: repository as object });
  }
  return found;
}

/** An instant as text from either driver ('2023-06-05 03:00:00+00') → ISO, to compare with what was written. */
const iso = (text: string | null) => (text === null ? null : new Date(text).toISOString());

const byKeys = <T extends { unitId: number; indicatorId: number; period?: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => a.unitId - b.unitId || a.indicatorId - b.indicatorId || (a.period ?? '').localeCompare(b.period ?? ''));

/** A central unit; provinces a (tagged, dated) and b; a district a1 under a. Codes start with `tag`. */
async function unitTree(r: Repositories, ex: Executor, tag: string) {
  const root = await r.units.insert(ex, { code: tag, name: `Trung ương ${tag}`, level: 'central', parentId: null });
  const a = await r.units.insert(ex, {
    code: `${tag}-a`, name: 'Thành Đoàn "A"', level: 'province', parentId: root.id,
    tags: ['urban', 'có dấu, phẩy'], region: 'Bắc Bộ', validFrom: '2023-01-01', validTo: '2023-12-31',
  });
  const b = await r.units.insert(ex, { code: `${tag}-b`, name: 'Tỉnh Đoàn B', level: 'province', parentId: root.id });
  const a1 = await r.units.insert(ex, { code: `${tag}-a1`, name: 'Quận Đoàn A1', level: 'district', parentId: a.id });
  return { root, a, b, a1 };
}

/** Two indicators, a whole-number increment and a decimal reported to date. */
async function indicatorPair(r: Repositories, ex: Executor, tag: string) {
  const x = await r.indicators.insert(ex, { code: `${tag}-x`, name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment' });
  const y = await r.indicators.insert(ex, { code: `${tag}-y`, name: 'Đường nông thôn', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'cumulative' });
  return { x, y };
}

/** The tree, the indicators and a campaign over them (W22–W30 of 2023), rooted at the tree's root. */
async function world(r: Repositories, ex: Executor, tag: string) {
  const units = await unitTree(r, ex, tag);
  const indicators = await indicatorPair(r, ex, tag);
  const campaign = await r.campaigns.insert(ex, {
    code: tag, name: `Chiến dịch ${tag}`, startDate: '2023-05-29', endDate: '2023-07-30', rootUnitId: units.root.id, createdBy: null,
  });
  await r.campaigns.addIndicator(ex, campaign.id, indicators.x.id, 1);
  await r.campaigns.addIndicator(ex, campaign.id, indicators.y.id, 2);
  return { ...units, ...indicators, campaign };
}

async function addUser(r: Repositories, ex: Executor, unit: UnitRow, username: string): Promise<UserRow> {
  return r.users.insert(ex, { username, passwordHash: `scrypt$${username}`, displayName: `Cán bộ ${username}`, role: 'manager', unitId: unit.id, language: 'en' });
}

/** The fields of a report with some of them changed (what a service writes after locking it). */
const fieldsOf = (row: ReportRow, changes: Partial<ReportFields>): ReportFields => ({
  status: row.status, consolidated: row.consolidated, highlights: row.highlights, difficulties: row.difficulties,
  proposals: row.proposals, draft: row.draft, submittedBy: row.submittedBy, flags: row.flags, reviewedBy: row.reviewedBy,
  returnReason: row.returnReason, correctionReason: row.correctionReason, viewedBy: row.viewedBy, updatedBy: row.updatedBy,
  firstSubmittedAt: row.firstSubmittedAt, submittedAt: row.submittedAt, reviewedAt: row.reviewedAt, viewedAt: row.viewedAt,
  receivedAt: row.receivedAt, onBehalfBy: row.onBehalfBy, onBehalfReason: row.onBehalfReason,
  ...changes,
});

/**
 * Submits a unit's figures of a week as the reporting service does: the report locked (or
 * created), then its figures, the roll-up deltas, the audit and the report in one statement.
 */
async function submit(
  r: Repositories, database: Database, campaignId: number, unit: UnitRow, period: string,
  values: ReadonlyMap<number, number>, options: { consolidated?: boolean; deltas?: readonly SummaryDelta[]; flags?: Record<string, ReportFlag>; at: Date },
): Promise<ReportRow> {
  return database.db.transaction(async (tx) => {
    const { row } = await r.reports.getOrCreateForUpdate(tx, campaignId, unit.id, period, null);
    const consolidated = options.consolidated ?? false;
    const [written] = await queryRows<ReportRow>(tx, together([
      ...r.reports.replaceValuesSql(campaignId, period, [{ report: row, values, consolidated }]),
      r.rollup.applyDeltasSql(campaignId, period, options.deltas ?? []),
      r.audit.appendSql([{ at: options.at, userId: null, ip: null, action: 'report.state', campaignId, unitId: unit.id, period, oldValue: row.status, newValue: 'submitted' }]),
    ], r.reports.updateManySql([{ id: row.id, fields: fieldsOf(row, {
      status: 'submitted', consolidated, flags: options.flags ?? {}, firstSubmittedAt: row.firstSubmittedAt ?? options.at, submittedAt: options.at,
    }) }])));
    if (!written) throw new Error('the submission wrote no report');
    return written;
  });
}

// The rows derived from the schema are still core's values: services hand them to core as they are.
expectTypeOf<UnitRow>().toExtend<Unit>();
expectTypeOf<IndicatorRow>().toExtend<Indicator>();
expectTypeOf<PhaseRow>().toExtend<Phase>();
expectTypeOf<Phase>().toExtend<PhaseRow>();

const TARGETS = [
  { name: 'PGlite', available: true, open: () => openDatabase({ dataDir: 'memory://' }) },
  { name: 'PostgreSQL', available: testDatabaseUrl() !== undefined, open: () => openTestDatabase() },
] as const;

for (const target of TARGETS) {
  describe.skipIf(!target.available)(`every repository query on ${target.name}`, () => {
    const r = trackedRepositories();
    let database: Database;
    let ex: Executor;
    beforeAll(async () => {
      database = await target.open();
      ex = database.db;
    });
    afterAll(() => database?.close());

    it('units: inserts a tree and reads it back by code, id, parent, subtree and ancestors', async () => {
      const before = await r.units.countAll(ex);
      const { root, a, b, a1 } = await unitTree(r, ex, 'u');
      const unit = (u: Partial<UnitRow> & Pick<UnitRow, 'id' | 'code' | 'name' | 'level' | 'parentId'>): UnitRow => ({
        tags: [], shortName: null, region: null, validFrom: null, validTo: null, successorId: null, ...u,
      });
      expect(root).toEqual(unit({ id: root.id, code: 'u', name: 'Trung ương u', level: 'central', parentId: null }));
      expect(a).toEqual(unit({
        id: a.id, code: 'u-a', name: 'Thành Đoàn "A"', level: 'province', parentId: root.id,
        tags: ['urban', 'có dấu, phẩy'], region: 'Bắc Bộ', validFrom: '2023-01-01', validTo: '2023-12-31',
      }));
      expect(b).toEqual(unit({ id: b.id, code: 'u-b', name: 'Tỉnh Đoàn B', level: 'province', parentId: root.id }));
      expect(a1).toEqual(unit({ id: a1.id, code: 'u-a1', name: 'Quận Đoàn A1', level: 'district', parentId: a.id }));

      expect(await r.units.countAll(ex)).toBe(before + 4);
      expect(await r.units.getByCode(ex, 'u-a')).toEqual(a);
      expect(await r.units.getByCode(ex, 'u-none')).toBeUndefined();
      expect(await r.units.getById(ex, a1.id)).toEqual(a1);
      expect(await r.units.listByIds(ex, [a1.id, root.id])).toEqual([root, a1]);
      expect(await r.units.listByParent(ex, root.id)).toEqual([a, b]);
      expect(await r.units.listByParent(ex, root.id, { from: '2024-01-01', to: '2024-01-07' })).toEqual([b]);
      expect(await r.units.listSubtree(ex, root.id)).toEqual([root, a, b, a1]);
      expect(await r.units.listAncestorIds(ex, a1.id)).toEqual([a.id, root.id]);
      expect(await r.units.listAncestorIdsOf(ex, [a1.id, root.id])).toEqual(new Map([[a1.id, [a.id, root.id]], [root.id, []]]));
      expect(await r.units.listAncestors(ex, a1.id)).toEqual([root, a]);
      expect(await r.units.listByCodesWithAncestors(ex, ['u-a1', 'u-none'])).toEqual([{ ...a1, ancestorIds: [a.id, root.id] }]);
      expect(await r.units.getByCodeUnder(ex, 'u-a1', a.id)).toEqual({ unit: a1, inSubtree: true });
      expect(await r.units.getByCodeUnder(ex, 'u-b', a.id)).toEqual({ unit: b, inSubtree: false });
      expect(await r.units.isInSubtree(ex, root.id, a1.id)).toBe(true);
      expect(await r.units.isInSubtree(ex, b.id, a1.id)).toBe(false);
      expect(await r.units.countChildren(ex, [root.id, a.id, a1.id])).toEqual(new Map([[root.id, 2], [a.id, 1]]));
    });

    it('units admin: updates fields with the search text, searches a subtree, moves a subtree, tells history and open children', async () => {
      const w = await world(r, ex, 'us');
      const renamed = await r.units.update(ex, w.a1.id, { name: 'Quận Đoàn Ba Đình', shortName: 'Ba Đình', tags: ['urban'] });
      expect(renamed).toEqual({ ...w.a1, name: 'Quận Đoàn Ba Đình', shortName: 'Ba Đình', tags: ['urban'] });
      expect(await r.units.update(ex, -1, { name: 'x' })).toBeUndefined();
      const today = '2024-06-01'; // a closed on 31/12/2023
      const found = (units: readonly UnitRow[]) => units.map((u) => u.code);
      const hit = (u: UnitRow, parent: UnitRow | null) => ({ ...u, parentCode: parent?.code ?? null, parentName: parent?.name ?? null });
      expect(await r.units.search(ex, w.root.id, 'BA DINH', { limit: 10, today })).toEqual([hit(renamed!, w.a)]);
      expect(found(await r.units.search(ex, w.root.id, 'US-A', { limit: 10, today }))).toEqual(['us-a', 'us-a1']); // the exact code first, though closed
      expect(found(await r.units.search(ex, w.root.id, 'đoàn', { limit: 10, today }))).toEqual(['us-b', 'us-a1', 'us-a']); // open first, then by level
      expect(found(await r.units.search(ex, w.root.id, 'doan', { limit: 1, today }))).toEqual(['us-b']);
      expect(found(await r.units.search(ex, w.a.id, 'doan', { limit: 10, today }))).toEqual(['us-a1', 'us-a']);
      expect(found(await r.units.search(ex, w.root.id, 'doan', { limit: 10, today: '2023-06-01' }))).toEqual(['us-a', 'us-b', 'us-a1']); // by folded name among provinces
      expect(await r.units.search(ex, w.root.id, '  ', { limit: 10, today })).toEqual([]);
      expect(await r.units.search(ex, w.root.id, '%', { limit: 10, today })).toEqual([]);

      const c = await r.units.insert(ex, { code: 'us-c', name: 'Huyện Đoàn C', level: 'district', parentId: w.b.id });
      const c1 = await r.units.insert(ex, { code: 'us-c1', name: 'Đoàn cơ sở C1', level: 'grassroots', parentId: c.id });
      await r.units.move(ex, c.id, w.a.id);
      expect(await r.units.getById(ex, c.id)).toEqual({ ...c, parentId: w.a.id });
      expect(await r.units.listAncestorIds(ex, c1.id)).toEqual([c.id, w.a.id, w.root.id]);
      expect(found(await r.units.listSubtree(ex, w.a.id))).toEqual(['us-a', 'us-a1', 'us-c', 'us-c1']);
      expect(found(await r.units.listSubtree(ex, w.b.id))).toEqual(['us-b']);
      await r.units.move(ex, c1.id, w.b.id);
      expect(await r.units.listAncestorIds(ex, c1.id)).toEqual([w.b.id, w.root.id]);
      expect(found(await r.units.listSubtree(ex, c.id))).toEqual(['us-c']);

      expect(await r.units.hasHistory(ex, w.a.id)).toBe(false);
      await r.targets.upsertMany(ex, w.campaign.id, [{ unitId: w.a1.id, indicatorId: w.x.id, target: 10 }], null);
      expect([await r.units.hasHistory(ex, w.a.id), await r.units.hasHistory(ex, w.a1.id), await r.units.hasHistory(ex, w.b.id)]).toEqual([true, true, false]);
      await submit(r, database, w.campaign.id, c1, '2023-W22', new Map([[w.x.id, 1]]), { at: new Date('2023-06-01T03:00:00Z') });
      expect(await r.units.hasHistory(ex, w.b.id)).toBe(true);

      expect(await r.units.countOpenChildren(ex, w.root.id, today)).toBe(1);
      expect(await r.units.countOpenChildren(ex, w.root.id, '2023-06-01')).toBe(2);
    });

    it('unit tags: lists the seeded groups, adds one and reads it back', async () => {
      const seeded = await r.unitTags.listAll(ex);
      expect(seeded.map((t) => t.code)).toEqual(expect.arrayContaining(['enterprise', 'public-administration', 'rural', 'school', 'urban']));
      const added = await r.unitTags.insert(ex, { code: 'ethnic-minority', name: 'Vùng đồng bào dân tộc thiểu số', nameEn: null });
      expect(added).toEqual({ code: 'ethnic-minority', name: 'Vùng đồng bào dân tộc thiểu số', nameEn: null });
      expect(await r.unitTags.getByCode(ex, 'ethnic-minority')).toEqual(added);
      expect(await r.unitTags.getByCode(ex, 'none')).toBeUndefined();
      expect((await r.unitTags.listAll(ex)).map((t) => t.code)).toEqual([...seeded.map((t) => t.code), 'ethnic-minority'].sort());
    });

    it('indicators: inserts and lists them', async () => {
      const { x, y } = await indicatorPair(r, ex, 'i');
      const expected: IndicatorRow[] = [
        { id: x.id, code: 'i-x', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment' },
        { id: y.id, code: 'i-y', name: 'Đường nông thôn', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'cumulative' },
      ];
      expect([x, y]).toEqual(expected);
      expect((await r.indicators.listAll(ex)).filter((i) => i.code.startsWith('i-'))).toEqual(expected);
      expect(await r.indicators.listByCodes(ex, ['i-y', 'i-none'])).toEqual([expected[1]]);
    });

    it('campaigns: inserts one, sets its rules, indicators, phases and exemptions, reads it back', async () => {
      const { root, b, x, y } = { ...await unitTree(r, ex, 'c'), ...await indicatorPair(r, ex, 'c') };
      const campaign = await r.campaigns.insert(ex, {
        code: 'c', name: 'Mùa hè xanh', startDate: '2023-05-29', endDate: '2023-07-30', rootUnitId: root.id, createdBy: null,
      });
      const row: CampaignRow = {
        id: campaign.id, code: 'c', name: 'Mùa hè xanh', startDate: '2023-05-29', endDate: '2023-07-30',
        rootUnitId: root.id, rootUnitCode: 'c', deadlines: null, crossRules: [], reminders: null, precision: 2,
      };
      expect(campaign).toEqual(row);
      const ruled = await r.campaigns.insert(ex, {
        code: 'c-ruled', name: 'Có quy tắc', startDate: '2023-06-05', endDate: '2023-06-11', rootUnitId: root.id, createdBy: null,
        deadlines: { province: { weekday: 1, time: '10:00', weekOffset: 1 } }, crossRules: [{ left: 'c-x', op: '>=', right: 'c-y' }],
        reminders: { remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 },
      });
      expect(ruled).toMatchObject({
        deadlines: { province: { weekday: 1, time: '10:00', weekOffset: 1 } }, crossRules: [{ left: 'c-x', op: '>=', right: 'c-y' }],
        reminders: { remindBeforeHours: 24, escalateAfterHours: 2, escalateFurtherAfterHours: 48, staleAfterHours: 72 },
      });

      const rules = {
        deadlines: { district: { weekday: 7, time: '17:00', weekOffset: 0 } },
        crossRules: [{ left: 'c-y', op: '<=' as const, right: 'c-x' }],
        reminders: { remindBeforeHours: 12, escalateAfterHours: 1, escalateFurtherAfterHours: 24, staleAfterHours: 48 },
        precision: 1,
      };
      await r.campaigns.updateRules(ex, campaign.id, rules);
      await r.campaigns.addIndicator(ex, campaign.id, x.id, 2);
      await r.campaigns.addIndicator(ex, campaign.id, y.id, 1);
      await r.campaigns.addIndicator(ex, campaign.id, x.id, 0);
      await r.campaigns.setUpperBound(ex, campaign.id, x.id, 1000.5);
      const pressItems = { kind: 'press', measure: 'count', workKind: null, state: null, channel: 'online' } as const;
      await r.campaigns.setCountedFrom(ex, campaign.id, x.id, pressItems);
      await r.campaigns.setNoticePhrasing(ex, campaign.id, y.id, { target: '{target} km đường', done: 'làm được {value} km' });
      await r.targets.upsertMany(ex, campaign.id, [{ unitId: root.id, indicatorId: x.id, target: 500 }], null);
      const phases = [
        { number: 1, name: 'Đợt 01', startDate: '2023-05-29', endDate: '2023-06-25' },
        { number: 2, name: 'Đợt 02', startDate: '2023-06-26', endDate: '2023-07-30' },
      ];
      await r.campaigns.replacePhases(ex, campaign.id, phases);
      await r.campaigns.replaceExemptions(ex, campaign.id, [b.id]);

      const detail: CampaignDetail = {
        ...row, ...rules, phases,
        indicators: [
          { id: x.id, code: 'c-x', name: x.name, unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', position: 0, target: 500, upperBound: 1000.5, noticeTarget: null, noticeDone: null, countedFrom: pressItems, programmeId: null },
          { id: y.id, code: 'c-y', name: y.name, unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'cumulative', position: 1, target: null, upperBound: null, noticeTarget: '{target} km đường', noticeDone: 'làm được {value} km', countedFrom: null, programmeId: null },
        ],
        exemptUnitIds: [b.id], exemptUnitCodes: ['c-b'],
      };
      expect(await r.campaigns.getByCode(ex, 'c')).toEqual(detail);

      await r.campaigns.replaceExemptions(ex, campaign.id, []);
      await r.campaigns.replacePhases(ex, campaign.id, []);
      await r.campaigns.setUpperBound(ex, campaign.id, x.id, null);
      await r.campaigns.setCountedFrom(ex, campaign.id, x.id, null);
      await r.campaigns.setNoticePhrasing(ex, campaign.id, y.id, null);
      // Without a precision the rules keep the one set.
      await r.campaigns.updateRules(ex, campaign.id, { deadlines: null, crossRules: [], reminders: null });
      expect(await r.campaigns.getByCode(ex, 'c')).toEqual({
        ...row, precision: 1, phases: [], exemptUnitIds: [], exemptUnitCodes: [],
        indicators: detail.indicators.map((i) => ({ ...i, upperBound: null, noticeTarget: null, noticeDone: null, countedFrom: null })),
      });
      expect(await r.campaigns.getByCode(ex, 'c-none')).toBeUndefined();
      expect((await r.campaigns.listAll(ex)).filter((c) => c.rootUnitId === root.id)).toEqual([ruled, { ...row, precision: 1 }]);
    });

    it('targets: sets, changes and clears targets, and lists them per unit', async () => {
      const w = await world(r, ex, 't');
      await r.targets.upsertMany(ex, w.campaign.id, [
        { unitId: w.a.id, indicatorId: w.x.id, target: 300 },
        { unitId: w.a.id, indicatorId: w.y.id, target: 12.5 },
        { unitId: w.b.id, indicatorId: w.x.id, target: 200 },
      ], null);
      expect(byKeys(await r.targets.listForUnits(ex, w.campaign.id, [w.a.id, w.b.id]))).toEqual([
        { unitId: w.a.id, indicatorId: w.x.id, target: 300 },
        { unitId: w.a.id, indicatorId: w.y.id, target: 12.5 },
        { unitId: w.b.id, indicatorId: w.x.id, target: 200 },
      ]);
      const user = await addUser(r, ex, w.root, 't-admin');
      await r.targets.upsertMany(ex, w.campaign.id, [
        { unitId: w.a.id, indicatorId: w.x.id, target: 350.25 },
        { unitId: w.a.id, indicatorId: w.y.id, target: null },
      ], user.id);
      expect(await r.targets.listForUnits(ex, w.campaign.id, [w.a.id])).toEqual([{ unitId: w.a.id, indicatorId: w.x.id, target: 350.25 }]);
      expect(await queryRows(ex, sql`select updated_by as "updatedBy" from targets where campaign_id = ${w.campaign.id} and unit_id = ${w.a.id}`))
        .toEqual([{ updatedBy: user.id }]);
    });

    it('users and sessions: inserts an account and a session, finds it with the unit a request names, expires and removes it', async () => {
      const { a, a1, b } = await unitTree(r, ex, 's');
      const user = await addUser(r, ex, a, 's-manager');
      const expected: UserRow = { id: user.id, username: 's-manager', displayName: 'Cán bộ s-manager', role: 'manager', unitId: a.id, language: 'en', active: true, mustChangePassword: false };
      expect(user).toEqual(expected);
      expect(await r.users.getById(ex, user.id)).toEqual(expected);
      expect(await r.users.getByUsernameWithHash(ex, 's-manager')).toEqual({ ...expected, passwordHash: 'scrypt$s-manager' });
      expect(await r.users.getByUsernameWithHash(ex, 's-none')).toBeUndefined();

      const now = new Date('2023-06-05T03:00:00.000Z');
      const expiresAt = new Date('2023-06-05T11:00:00.123Z');
      await r.sessions.insert(ex, { tokenHash: 's-live', userId: user.id, csrfToken: 'csrf-1', expiresAt, ip: '10.0.0.1' });
      await r.sessions.insert(ex, { tokenHash: 's-old', userId: user.id, csrfToken: 'csrf-2', expiresAt: new Date('2023-06-05T02:59:59Z'), ip: null });
      const answers = await r.sessions.getActiveNamingMany(ex, [
        { tokenHash: 's-live', unitCode: 's-a', now },
        { tokenHash: 's-live', unitCode: 's-a1', now },
        { tokenHash: 's-live', unitCode: 's-b', now },
        { tokenHash: 's-live', unitCode: null, now },
        { tokenHash: 's-old', unitCode: null, now },
        { tokenHash: 's-none', unitCode: 's-a', now },
      ]);
      const session = { csrfToken: 'csrf-1', expiresAt: expect.any(String), user: expected };
      expect(answers).toEqual([
        { session, named: { unit: a, inSubtree: true } },
        { session, named: { unit: a1, inSubtree: true } },
        { session, named: { unit: b, inSubtree: false } },
        { session, named: null },
        undefined,
        undefined,
      ]);
      expect(iso(answers[0]!.session.expiresAt)).toBe(expiresAt.toISOString());

      expect(await r.sessions.removeExpired(ex, now)).toBe(1);
      expect(await queryRows(ex, sql`select token_hash as "tokenHash", ip from sessions where user_id = ${user.id}`)).toEqual([{ tokenHash: 's-live', ip: '10.0.0.1' }]);
      await r.sessions.remove(ex, 's-live');
      expect(await r.sessions.getActiveNamingMany(ex, [{ tokenHash: 's-live', unitCode: null, now }])).toEqual([undefined]);
    });

    it('accounts: lists a subtree\'s accounts, updates them, sets passwords, marks sign-ins, signs them out, uses sign-in links', async () => {
      const { a, a1, b } = await unitTree(r, ex, 'acc');
      const boss = await addUser(r, ex, a, 'acc-boss');
      const [x, y] = await r.users.insertMany(ex, [
        { username: 'acc-y1', passwordHash: 'h1', displayName: 'Người Y', role: 'reporter', unitId: a1.id, language: 'vi', email: 'y@doan.vn', mustChangePassword: true, createdBy: boss.id },
        { username: 'acc-x2', passwordHash: 'h2', displayName: 'Người X', role: 'viewer', unitId: b.id, language: 'vi' },
      ]);
      expect([x, y]).toEqual([
        { id: x!.id, username: 'acc-y1', displayName: 'Người Y', role: 'reporter', unitId: a1.id, language: 'vi', active: true, mustChangePassword: true },
        { id: y!.id, username: 'acc-x2', displayName: 'Người X', role: 'viewer', unitId: b.id, language: 'vi', active: true, mustChangePassword: false },
      ]);
      expect(await r.users.insertMany(ex, [])).toEqual([]);
      expect(await queryRows(ex, sql`select created_by as "createdBy", email from users where id = ${x!.id}`)).toEqual([{ createdBy: boss.id, email: 'y@doan.vn' }]);
      expect(await r.users.listTakenUsernames(ex, ['acc-x2', 'acc-none', 'acc-y1'])).toEqual(['acc-x2', 'acc-y1']);
      expect(await r.users.listTakenUsernames(ex, [])).toEqual([]);

      // The subtree of a: a itself (acc-a), then a1 (acc-a1), by unit code then username.
      const listed = await r.users.listByUnit(ex, a.id, { subtree: true });
      expect(listed.map((u) => [u.unitCode, u.username])).toEqual([['acc-a', 'acc-boss'], ['acc-a1', 'acc-y1']]);
      expect(listed[1]).toEqual({
        ...x, email: 'y@doan.vn', lastSignInAt: null, passwordChangedAt: null, createdAt: expect.any(String), unitCode: 'acc-a1', unitName: 'Quận Đoàn A1',
      });
      expect((await r.users.listByUnit(ex, a.id, { subtree: false })).map((u) => u.username)).toEqual(['acc-boss']);
      expect(await r.users.getAccountByUsername(ex, 'acc-y1')).toEqual(listed[1]);
      expect(await r.users.getAccountByUsername(ex, 'acc-none')).toBeUndefined();

      expect(await r.users.update(ex, x!.id, { displayName: 'Người Y mới', role: 'manager', active: false, email: null }))
        .toEqual({ ...x, displayName: 'Người Y mới', role: 'manager', active: false });
      expect(await r.users.update(ex, x!.id, {})).toEqual({ ...x, displayName: 'Người Y mới', role: 'manager', active: false });
      expect(await r.users.update(ex, -1, { active: true })).toBeUndefined();

      const at = new Date('2023-06-05T03:00:00.000Z');
      await r.users.setPassword(ex, x!.id, { passwordHash: 'h-new', mustChangePassword: false, at });
      await r.users.markSignedIn(ex, x!.id, new Date('2023-06-05T04:00:00.000Z'));
      const after = await r.users.getAccountByUsername(ex, 'acc-y1');
      expect([after!.mustChangePassword, iso(after!.passwordChangedAt), iso(after!.lastSignInAt), after!.email]).toEqual([false, at.toISOString(), '2023-06-05T04:00:00.000Z', null]);
      expect((await r.users.getByUsernameWithHash(ex, 'acc-y1'))!.passwordHash).toBe('h-new');

      const later = new Date('2023-06-06T00:00:00Z');
      for (const hash of ['acc-s1', 'acc-s2', 'acc-s3']) await r.sessions.insert(ex, { tokenHash: hash, userId: x!.id, csrfToken: 'c', expiresAt: later, ip: null });
      await r.sessions.insert(ex, { tokenHash: 'acc-other', userId: y!.id, csrfToken: 'c', expiresAt: later, ip: null });
      expect(await r.sessions.removeAllOfUserBut(ex, x!.id, 'acc-s2')).toBe(2);
      expect(await r.sessions.removeAllOfUser(ex, x!.id)).toBe(1);
      expect(await r.sessions.removeAllOfUser(ex, x!.id)).toBe(0);
      expect(await queryRows(ex, sql`select token_hash as "tokenHash" from sessions where user_id in (${x!.id}, ${y!.id})`)).toEqual([{ tokenHash: 'acc-other' }]);

      await r.signInLinks.insert(ex, { tokenHash: 'acc-l1', userId: x!.id, createdBy: boss.id, expiresAt: new Date('2023-06-08T03:00:00Z') });
      await r.signInLinks.insert(ex, { tokenHash: 'acc-l2', userId: x!.id, createdBy: null, expiresAt: new Date('2023-06-05T02:00:00Z') });
      await r.signInLinks.insert(ex, { tokenHash: 'acc-l3', userId: x!.id, createdBy: null, expiresAt: new Date('2023-06-08T03:00:00Z') });
      expect(await r.signInLinks.lastUsedAt(ex, x!.id)).toBeNull();
      expect(await r.signInLinks.use(ex, 'acc-l2', at)).toBeUndefined(); // expired
      expect(await r.signInLinks.use(ex, 'acc-none', at)).toBeUndefined();
      expect(await r.signInLinks.use(ex, 'acc-l1', at)).toBe(x!.id);
      expect(await r.signInLinks.use(ex, 'acc-l1', at)).toBeUndefined(); // once only
      expect(iso(await r.signInLinks.lastUsedAt(ex, x!.id))).toBe(at.toISOString());
      expect(await r.signInLinks.removeUnusedOfUser(ex, x!.id)).toBe(2);
      expect(await queryRows(ex, sql`select token_hash as "tokenHash" from sign_in_links where user_id = ${x!.id}`)).toEqual([{ tokenHash: 'acc-l1' }]);
    });

    it('reports: creates, locks, updates, views and removes reports, and reads their figures, states and flags', async () => {
      const w = await world(r, ex, 'r');
      const user = await addUser(r, ex, w.a, 'r-manager');
      const at = new Date('2023-06-05T03:00:00.000Z');
      const later = new Date('2023-06-06T04:30:00.250Z');

      const first = await database.db.transaction(async (tx) => {
        const created = await r.reports.getOrCreateForUpdate(tx, w.campaign.id, w.a1.id, '2023-W22', user.id);
        expect(await r.reports.getOrCreateForUpdate(tx, w.campaign.id, w.a1.id, '2023-W22', null)).toEqual({ row: created.row, created: false });
        return created;
      });
      const empty: ReportRow = {
        id: first.row.id, campaignId: w.campaign.id, unitId: w.a1.id, period: '2023-W22', status: 'draft', consolidated: false,
        highlights: '', difficulties: '', proposals: '', draft: null, version: 1, firstSubmittedAt: null, submittedAt: null,
        submittedBy: null, flags: {}, reviewedAt: null, reviewedBy: null, returnReason: null, correctionReason: null,
        viewedAt: null, viewedBy: null, receivedAt: null, onBehalfBy: null, onBehalfReason: null, updatedAt: expect.any(String), updatedBy: user.id,
      };
      expect(first).toEqual({ row: empty, created: true });

      const draft = { values: { 'r-x': 10 }, consolidated: false, highlights: 'Nháp', difficulties: '', proposals: '' };
      const drafted = await r.reports.update(ex, first.row.id, fieldsOf(first.row, { draft, highlights: 'Tuần "đầu"' }));
      expect(drafted).toEqual({ ...empty, draft, highlights: 'Tuần "đầu"', version: 2 });

      const flag: ReportFlag = {
        flag: { kind: 'history', direction: 'high', score: 4.5, median: 2, message: { vi: 'Cao bất thường', en: 'Unusually high' } },
        explanation: 'Có đợt ra quân',
      };
      const submitted = await submit(r, database, w.campaign.id, w.a1, '2023-W22', new Map([[w.x.id, 10], [w.y.id, 1.5]]), {
        at, flags: { 'r-x': flag }, deltas: [{ unitId: w.a.id, indicatorId: w.x.id, delta: 10 }, { unitId: w.a.id, indicatorId: w.y.id, delta: 1.5 }],
      });
      expect({ ...submitted, firstSubmittedAt: iso(submitted.firstSubmittedAt), submittedAt: iso(submitted.submittedAt) }).toEqual({
        ...empty, draft, highlights: 'Tuần "đầu"', version: 3, status: 'submitted', flags: { 'r-x': flag },
        firstSubmittedAt: at.toISOString(), submittedAt: at.toISOString(),
      });
      expect(await r.reports.get(ex, w.campaign.id, w.a1.id, '2023-W22')).toEqual(submitted);
      expect(await r.reports.get(ex, w.campaign.id, w.a1.id, '2023-W30')).toBeUndefined();

      // The next week, two units at once; the figures the first week wrote are the week before.
      await r.targets.upsertMany(ex, w.campaign.id, [{ unitId: w.a1.id, indicatorId: w.x.id, target: 100 }], null);
      const many = await database.db.transaction((tx) => r.reports.getOrCreateManyForUpdate(tx, w.campaign.id, '2023-W23', [
        { unitId: w.a1.id, userId: null }, { unitId: w.b.id, userId: user.id },
      ]));
      expect([...many.keys()].sort()).toEqual([w.a1.id, w.b.id].sort());
      expect(many.get(w.b.id)).toEqual({ row: { ...empty, id: many.get(w.b.id)!.row.id, unitId: w.b.id, period: '2023-W23' }, created: true });
      const written = await r.reports.updateMany(ex, [
        { id: many.get(w.a1.id)!.row.id, fields: fieldsOf(many.get(w.a1.id)!.row, { proposals: 'Đề xuất', submittedBy: user.id }) },
        { id: many.get(w.b.id)!.row.id, fields: fieldsOf(many.get(w.b.id)!.row, { difficulties: 'Mưa lớn', correctionReason: 'Sửa số' }) },
      ]);
      const a1Week = written.find((row) => row.unitId === w.a1.id);
      const bWeek = written.find((row) => row.unitId === w.b.id)!;
      expect(written).toHaveLength(2);
      expect(a1Week).toMatchObject({ proposals: 'Đề xuất', submittedBy: user.id, version: 2, updatedBy: null });
      expect(bWeek).toMatchObject({ difficulties: 'Mưa lớn', correctionReason: 'Sửa số', version: 2, updatedBy: user.id });
      await submit(r, database, w.campaign.id, w.a1, '2023-W23', new Map([[w.x.id, 5]]), { at: later, deltas: [{ unitId: w.a.id, indicatorId: w.x.id, delta: 5 }] });
      await submit(r, database, w.campaign.id, w.b, '2023-W23', new Map([[w.x.id, 3]]), { at: later, consolidated: true });

      // An approval (updateMany's statement alone), then the parent opens it.
      const [approved] = await queryRows<ReportRow>(ex, r.reports.updateManySql([{ id: submitted.id, fields: fieldsOf(submitted, {
        status: 'approved', reviewedAt: later, reviewedBy: user.id, returnReason: null,
      }) }]));
      expect(approved).toMatchObject({ status: 'approved', reviewedBy: user.id, version: 4 });
      expect(iso(approved!.reviewedAt)).toBe(later.toISOString());
      await r.reports.markViewed(ex, submitted.id, 3, user.id, later); // a version no longer current: no mark
      expect(await r.reports.get(ex, w.campaign.id, w.a1.id, '2023-W22')).toEqual(approved);
      await r.reports.markViewed(ex, submitted.id, 4, user.id, later);
      const viewed = await r.reports.get(ex, w.campaign.id, w.a1.id, '2023-W22');
      expect({ ...viewed, viewedAt: iso(viewed!.viewedAt) }).toEqual({ ...approved, viewedAt: later.toISOString(), viewedBy: user.id });

      const own = new Map([
        [w.a1.id, {
          values: new Map([[w.x.id, { indicatorId: w.x.id, value: 5, consolidated: false }]]),
          toDateBefore: new Map([[w.x.id, 10], [w.y.id, 1.5]]),
          history: new Map([[w.x.id, [10]], [w.y.id, [1.5]]]),
        }],
        [w.a.id, { values: new Map(), toDateBefore: new Map(), history: new Map() }],
      ]);
      expect(await r.reports.ownFiguresOf(ex, w.campaign.id, [w.a1.id, w.a.id], '2023-W23')).toEqual(own);
      expect(await r.reports.ownFiguresOf(ex, w.campaign.id, [], '2023-W23')).toEqual(new Map());
      expect(await readTogether(ex, [r.reports.ownFigures(w.campaign.id, [w.a1.id, w.a.id], '2023-W23')])).toEqual([own]);

      expect(await r.reports.figuresFor(ex, w.campaign.id, w.a1.id, '2023-W23', '2023-W22')).toEqual({
        values: new Map([[w.x.id, { indicatorId: w.x.id, value: 5, consolidated: false }]]),
        lastWeek: new Map([[w.x.id, { indicatorId: w.x.id, value: 10, consolidated: false }], [w.y.id, { indicatorId: w.y.id, value: 1.5, consolidated: false }]]),
        toDateBefore: new Map([[w.x.id, 10], [w.y.id, 1.5]]),
        targets: new Map([[w.x.id, 100]]),
      });

      const statuses = await r.reports.listStatuses(ex, w.campaign.id, [w.a1.id, w.b.id, w.a.id], '2023-W23');
      expect([...statuses.keys()].sort()).toEqual([w.a1.id, w.b.id].sort());
      expect(statuses.get(w.a1.id)?.status).toBe('submitted');
      expect(iso(statuses.get(w.b.id)?.submittedAt ?? null)).toBe(later.toISOString());

      const submissions = await r.reports.listSubmissions(ex, w.campaign.id, w.a.id, ['2023-W22', '2023-W23']);
      expect(submissions.map((s) => ({ ...s, firstSubmittedAt: iso(s.firstSubmittedAt), submittedAt: iso(s.submittedAt) }))
        .sort((p, q) => p.period.localeCompare(q.period))).toEqual([
        { unitId: w.a1.id, period: '2023-W22', status: 'approved', firstSubmittedAt: at.toISOString(), submittedAt: at.toISOString(), flagCount: 1, returnReason: null, receivedAt: null, onBehalfBy: null },
        { unitId: w.a1.id, period: '2023-W23', status: 'submitted', firstSubmittedAt: later.toISOString(), submittedAt: later.toISOString(), flagCount: 0, returnReason: null, receivedAt: null, onBehalfBy: null },
      ]);

      // The reports whose figures stand, with their figures of the indicators asked for.
      expect(await r.reports.listStanding(ex, w.campaign.id, [w.x.id], [w.a1.id])).toEqual([
        { unitId: w.a1.id, unitCode: w.a1.code, period: '2023-W22', status: 'approved', values: { [w.x.id]: 10 } },
        { unitId: w.a1.id, unitCode: w.a1.code, period: '2023-W23', status: 'submitted', values: { [w.x.id]: 5 } },
      ]);
      expect(await r.reports.hasFigures(ex, w.campaign.id, w.x.id)).toBe(true);
      expect((await r.reports.listStanding(ex, w.campaign.id, [w.y.id])).find((row) => row.unitId === w.a1.id && row.period === '2023-W23')?.values).toEqual({});

      // The review list: a week's reports of some units; those shown are marked viewed at the version shown, if waiting for review.
      const week23 = await r.reports.listForUnits(ex, w.campaign.id, [w.b.id, w.a1.id, w.a.id], '2023-W23');
      expect(week23.map((row) => row.unitId)).toEqual([w.a1.id, w.b.id].sort((p, q) => p - q));
      expect(await r.reports.listForUnits(ex, w.campaign.id, [], '2023-W23')).toEqual([]);
      const a1Week23 = week23.find((row) => row.unitId === w.a1.id)!;
      expect(await r.reports.markViewedMany(ex, [{ id: a1Week23.id, version: a1Week23.version + 1 }], user.id, later)).toEqual([]);
      expect(await r.reports.markViewedMany(ex, [{ id: a1Week23.id, version: a1Week23.version }, { id: submitted.id, version: 4 }], user.id, later)).toEqual([a1Week23.id]);
      expect(await r.reports.markViewedMany(ex, [{ id: a1Week23.id, version: a1Week23.version }], user.id, later)).toEqual([]);
      expect(await r.reports.markViewedMany(ex, [], user.id, later)).toEqual([]);
      expect((await r.reports.get(ex, w.campaign.id, w.a1.id, '2023-W23'))?.viewedBy).toBe(user.id);
      expect(await r.reports.listFlagged(ex, w.campaign.id, w.root.id, null, 10)).toEqual([viewed]);
      expect(await r.reports.listFlagged(ex, w.campaign.id, w.root.id, '2023-W23', 10)).toEqual([]);

      const peers = r.reports.peerFigures(w.campaign.id, [w.x.id], [w.a1.id], [w.a.id, w.root.id], '2023-W23');
      const expectedPeers = {
        peers: new Map([
          [`${w.a.id}:${w.x.id}`, [{ unitId: w.a1.id, value: 5, target: 100 }]],
          [`${w.root.id}:${w.x.id}`, [{ unitId: w.b.id, value: 3, target: null }]],
        ]),
        targets: new Map([[`${w.a1.id}:${w.x.id}`, 100]]),
      };
      expect(await read(ex, peers)).toEqual(expectedPeers);
      expect(await readTogether(ex, [peers])).toEqual([expectedPeers]);

      // Figures given again replace the week's: those left out are dropped.
      await submit(r, database, w.campaign.id, w.a1, '2023-W22', new Map([[w.y.id, 2]]), { at: later });
      expect((await r.reports.figuresFor(ex, w.campaign.id, w.a1.id, '2023-W23', '2023-W22')).lastWeek)
        .toEqual(new Map([[w.y.id, { indicatorId: w.y.id, value: 2, consolidated: false }]]));

      await r.reports.removeMany(ex, [bWeek.id]);
      expect(await r.reports.get(ex, w.campaign.id, w.b.id, '2023-W23')).toBeUndefined();
      expect(await queryRows(ex, sql`select 1 from report_values where report_id = ${bWeek.id}`)).toEqual([]);
    });

    it('rollup: locks, applies deltas, totals, compares with the recompute and rebuilds', async () => {
      const w = await world(r, ex, 'ru');
      const at = new Date('2023-06-05T03:00:00Z');
      // a1 (under a) reports 10 then 5 of x; a reports 7 of x in W23 consolidated (its subtree included); b reports 3.
      await submit(r, database, w.campaign.id, w.a1, '2023-W22', new Map([[w.x.id, 10]]), { at, deltas: [{ unitId: w.a.id, indicatorId: w.x.id, delta: 10 }] });
      await submit(r, database, w.campaign.id, w.a1, '2023-W23', new Map([[w.x.id, 5]]), {
        at, deltas: [{ unitId: w.a.id, indicatorId: w.x.id, delta: 2 }, { unitId: w.a.id, indicatorId: w.x.id, delta: 3 }, { unitId: w.a.id, indicatorId: w.y.id, delta: 0 }],
      });
      await submit(r, database, w.campaign.id, w.a, '2023-W23', new Map([[w.x.id, 7]]), { at, consolidated: true });
      await submit(r, database, w.campaign.id, w.b, '2023-W23', new Map([[w.x.id, 3]]), { at });
      expect(r.rollup.applyDeltasSql(w.campaign.id, '2023-W23', [{ unitId: w.a.id, indicatorId: w.x.id, delta: 0 }])).toBeNull();

      await database.db.transaction(async (tx) => {
        await r.rollup.lockForWrite(tx, '2023-W23', [{ unitId: w.a1.id, depth: 2, exclusive: true }, { unitId: w.a.id, depth: 1, exclusive: false }]);
        const locks = await queryRows<{ id: number; mode: string }>(tx, sql`
          select classid::int as id, mode from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and objid = 202323 order by 1`);
        expect(locks).toEqual([{ id: w.a.id, mode: 'ShareLock' }, { id: w.a1.id, mode: 'ExclusiveLock' }].sort((p, q) => p.id - q.id));
      });

      const context = r.rollup.writeContext(w.campaign.id, [w.a.id, w.a1.id], [w.a.id], '2023-W23');
      const expectedContext = {
        childrenSums: new Map([[w.a.id, new Map([[w.x.id, 5]])], [w.a1.id, new Map()]]),
        consolidatedAbove: new Map([[w.x.id, new Set([w.a.id])]]),
      };
      expect(await read(ex, context)).toEqual(expectedContext);
      expect(await readTogether(ex, [context])).toEqual([expectedContext]);

      expect(byKeys(await r.rollup.totals(ex, w.campaign.id, [w.a.id, w.a1.id, w.b.id], '2023-W23'))).toEqual(byKeys([
        { unitId: w.a.id, indicatorId: w.x.id, toDate: 17, thisWeek: 7 },
        { unitId: w.a1.id, indicatorId: w.x.id, toDate: 15, thisWeek: 5 },
        { unitId: w.b.id, indicatorId: w.x.id, toDate: 3, thisWeek: 3 },
      ]));
      expect(await r.rollup.totals(ex, w.campaign.id, [], '2023-W23')).toEqual([]);
      expect(byKeys(await r.rollup.periodTotals(ex, w.campaign.id, w.a.id, '2023-W23'))).toEqual([
        { unitId: w.a.id, indicatorId: w.x.id, period: '2023-W22', total: 10 },
        { unitId: w.a.id, indicatorId: w.x.id, period: '2023-W23', total: 7 },
      ]);
      expect((await r.rollup.sumByPeriod(ex, w.campaign.id, [w.a.id, w.b.id], '2023-W23')).sort((p, q) => p.period.localeCompare(q.period))).toEqual([
        { indicatorId: w.x.id, period: '2023-W22', total: 10 },
        { indicatorId: w.x.id, period: '2023-W23', total: 10 },
      ]);
      expect(await r.rollup.sumByPeriod(ex, w.campaign.id, [], '2023-W23')).toEqual([]);
      expect(byKeys(await r.rollup.ownValues(ex, w.campaign.id, w.a1.id, '2023-W23'))).toEqual([
        { unitId: w.a1.id, indicatorId: w.x.id, period: '2023-W22', value: 10, total: 10, consolidated: false },
        { unitId: w.a1.id, indicatorId: w.x.id, period: '2023-W23', value: 5, total: 5, consolidated: false },
      ]);

      expect(await r.rollup.compare(ex, w.campaign)).toEqual([]);
      await ex.execute(r.rollup.applyDeltasSql(w.campaign.id, '2023-W23', [{ unitId: w.a.id, indicatorId: w.x.id, delta: 0.25 }])!);
      expect(await r.rollup.compare(ex, w.campaign)).toEqual([
        { campaignCode: 'ru', unitCode: 'ru-a', indicatorCode: 'ru-x', period: '2023-W23', summary: 5.25, recomputed: 5 },
      ]);
      await r.rollup.rebuild(ex, w.campaign);
      expect(await r.rollup.compare(ex, w.campaign)).toEqual([]);
      expect(await read(ex, r.rollup.writeContext(w.campaign.id, [w.a.id], [], '2023-W23'))).toEqual({
        childrenSums: new Map([[w.a.id, new Map([[w.x.id, 5]])]]), consolidatedAbove: new Map(),
      });
    });

    it('audit: appends entries and finds them with the names of what they are about', async () => {
      const w = await world(r, ex, 'a');
      const user = await addUser(r, ex, w.a, 'a-manager');
      const monday = new Date('2023-06-05T03:04:05.678Z');
      const tuesday = new Date('2023-06-06T03:00:00.000Z');
      await r.audit.append(ex, [{
        at: monday, userId: user.id, ip: '10.0.0.2', action: 'report.value', campaignId: w.campaign.id, unitId: w.a1.id,
        period: '2023-W23', indicatorId: w.x.id, oldValue: 1, newValue: 2.5, reason: 'Sửa "số"',
      }]);
      await ex.execute(r.audit.appendSql([{ at: tuesday, userId: null, ip: null, action: 'campaign.rules', campaignId: w.campaign.id, newValue: { crossRules: [] } }])!);
      expect(r.audit.appendSql([])).toBeNull();

      const found = await r.audit.search(ex, { campaignId: w.campaign.id, limit: 10 });
      const expected: AuditRow[] = [
        {
          id: found[0]!.id, at: expect.any(String), userId: null, username: null, userDisplayName: null, ip: null, action: 'campaign.rules',
          campaignCode: 'a', unitCode: null, unitName: null, period: null, indicatorCode: null, indicatorName: null,
          oldValue: null, newValue: { crossRules: [] }, reason: null,
        },
        {
          id: found[1]!.id, at: expect.any(String), userId: user.id, username: 'a-manager', userDisplayName: 'Cán bộ a-manager', ip: '10.0.0.2',
          action: 'report.value', campaignCode: 'a', unitCode: 'a-a1', unitName: 'Quận Đoàn A1', period: '2023-W23',
          indicatorCode: 'a-x', indicatorName: 'Tuyến phố văn minh', oldValue: 1, newValue: 2.5, reason: 'Sửa "số"',
        },
      ];
      expect(found).toEqual(expected);
      expect(found.map((row) => iso(row.at))).toEqual([tuesday.toISOString(), monday.toISOString()]);
      const [newest, oldest] = expected;
      expect(await r.audit.search(ex, { unitId: w.a.id, subtree: true, limit: 10 })).toEqual([oldest]);
      expect(await r.audit.search(ex, { unitId: w.a.id, limit: 10 })).toEqual([]);
      expect(await r.audit.search(ex, { userId: user.id, period: '2023-W23', limit: 10 })).toEqual([oldest]);
      expect(await r.audit.search(ex, { campaignId: w.campaign.id, from: '2023-06-06T00:00:00Z', to: '2023-06-06T23:59:59Z', limit: 10 })).toEqual([newest]);
      expect(await r.audit.search(ex, { campaignId: w.campaign.id, before: newest!.id, limit: 10 })).toEqual([oldest]);
      expect(await r.audit.search(ex, { campaignId: w.campaign.id, limit: 1 })).toEqual([newest]);

      // The weeks before a to-date indicator's change (y; x is reported by the week): 1,5 + 2,25 before W24.
      await submit(r, database, w.campaign.id, w.a1, '2023-W22', new Map([[w.y.id, 1.5]]), { at: monday });
      await submit(r, database, w.campaign.id, w.a1, '2023-W23', new Map([[w.y.id, 2.25], [w.x.id, 4]]), { at: monday });
      await r.audit.append(ex, [
        { at: tuesday, userId: null, ip: null, action: 'report.value', campaignId: w.campaign.id, unitId: w.a1.id, period: '2023-W24', indicatorId: w.y.id, oldValue: null, newValue: 1 },
        { at: tuesday, userId: null, ip: null, action: 'report.value', campaignId: w.campaign.id, unitId: w.a1.id, period: '2023-W22', indicatorId: w.y.id, oldValue: null, newValue: 1.5 },
        { at: tuesday, userId: null, ip: null, action: 'report.value', campaignId: w.campaign.id, unitId: w.a1.id, period: '2023-W24', indicatorId: w.x.id, oldValue: null, newValue: 3 },
      ]);
      const [w24y, w22y, w24x] = (await r.audit.search(ex, { campaignId: w.campaign.id, from: tuesday.toISOString(), to: tuesday.toISOString(), limit: 10 }))
        .filter((e) => e.action === 'report.value').map((e) => e.id).sort((a, b) => a - b);
      const before = await r.audit.toDateBeforeOf(ex, [w24y!, w22y!, w24x!, newest!.id]);
      expect([...before.entries()].sort(([a], [b]) => a - b)).toEqual([[w24y, 3.75], [w22y, 0]]);
      expect(await r.audit.toDateBeforeOf(ex, [])).toEqual(new Map());
    });

    it('notifications: inserts new ones once, lists, counts and reads them, claims and marks their emails, lists recipients', async () => {
      const w = await world(r, ex, 'n');
      const user = await addUser(r, ex, w.a, 'n-manager');
      const other = await addUser(r, ex, w.b, 'n-other');
      await ex.execute(sql`update users set email = ${'n-manager@doan.vn'} where id = ${user.id}`);
      const notification = (key: string, createdAt: Date, emailTo: string | null): NewNotification => ({
        userId: user.id, kind: 'reminder', dedupeKey: key, campaignId: w.campaign.id, unitId: w.a.id, period: '2023-W23',
        title: `Nhắc ${key}`, body: 'Hạn nộp báo cáo', link: '/reports', emailTo, createdAt,
      });
      const early = notification('n-1', new Date('2023-06-05T01:02:03.004Z'), 'n-manager@doan.vn');
      const late = notification('n-2', new Date('2023-06-05T02:00:00.000Z'), null);
      const rowOf = ({ emailTo: _emailTo, createdAt, ...n }: NewNotification, id: number): NotificationRow => ({ ...n, id, createdAt: createdAt.toISOString(), readAt: null });

      const inserted = await r.notifications.insertNew(ex, [early, late]);
      const [first, second] = [inserted.find((n) => n.dedupeKey === 'n-1')!, inserted.find((n) => n.dedupeKey === 'n-2')!];
      expect(inserted).toHaveLength(2);
      expect([first, second]).toEqual([rowOf(early, first.id), rowOf(late, second.id)]);
      expect(await r.notifications.insertNew(ex, [early])).toEqual([]);
      expect(await r.notifications.insertNew(ex, [])).toEqual([]);
      expect(await r.notifications.listForUser(ex, user.id, 10)).toEqual([second, first]);
      expect(await r.notifications.listForUser(ex, user.id, 1)).toEqual([second]);

      expect(await r.notifications.countUnread(ex, user.id)).toBe(2);
      const readAt = new Date('2023-06-05T05:06:07.089Z');
      expect(await r.notifications.markRead(ex, user.id, first.id, readAt)).toEqual({ ...first, readAt: readAt.toISOString() });
      expect(await r.notifications.markRead(ex, user.id, first.id, new Date('2023-06-06T00:00:00Z'))).toEqual({ ...first, readAt: readAt.toISOString() });
      expect(await r.notifications.markRead(ex, other.id, second.id, readAt)).toBeUndefined();
      expect(await r.notifications.countUnread(ex, user.id)).toBe(1);

      const claimedAt = new Date('2023-06-05T06:00:00Z');
      expect(await r.notifications.claimEmails(ex, claimedAt, 10)).toEqual([{ id: first.id, emailTo: 'n-manager@doan.vn', title: 'Nhắc n-1', body: 'Hạn nộp báo cáo' }]);
      expect(await r.notifications.claimEmails(ex, claimedAt, 10)).toEqual([]);
      const outbox = () => queryRows<{ claimed: string | null; sent: string | null; error: string | null }>(ex, sql`
        select email_claimed_at as claimed, email_sent_at as sent, email_error as error from notifications where id = ${first.id}`);
      await r.notifications.markEmailFailed(ex, first.id, 'SMTP 451');
      expect((await outbox()).map((o) => ({ ...o, claimed: iso(o.claimed) }))).toEqual([{ claimed: claimedAt.toISOString(), sent: null, error: 'SMTP 451' }]);
      const sentAt = new Date('2023-06-05T06:00:01.500Z');
      await r.notifications.markEmailSent(ex, first.id, sentAt);
      expect((await outbox()).map((o) => ({ ...o, claimed: iso(o.claimed), sent: iso(o.sent) }))).toEqual([{ claimed: claimedAt.toISOString(), sent: sentAt.toISOString(), error: null }]);

      expect(await r.notifications.listRecipients(ex, [w.a.id, w.b.id], ['manager'])).toEqual([
        { id: user.id, username: 'n-manager', displayName: 'Cán bộ n-manager', role: 'manager', unitId: w.a.id, language: 'en', email: 'n-manager@doan.vn' },
        { id: other.id, username: 'n-other', displayName: 'Cán bộ n-other', role: 'manager', unitId: w.b.id, language: 'en', email: null },
      ]);
      expect(await r.notifications.listRecipients(ex, [w.a.id], ['viewer'])).toEqual([]);
      expect(await r.notifications.listRecipients(ex, [], ['manager'])).toEqual([]);
    });

    it('documents: saves a draft only over the version it was given, and reads it back', async () => {
      const w = await world(r, ex, 'd');
      const user = await addUser(r, ex, w.root, 'd-staff');
      expect(await r.documents.get(ex, w.campaign.id, 'notice', '1')).toBeUndefined();
      const form = { number: '12-TB/TWĐTN', recipients: ['Các tỉnh, thành Đoàn'], signer: { name: 'Nguyễn Văn A' } };
      const saved = await r.documents.save(ex, w.campaign.id, 'notice', '1', form, user.id, 0);
      expect(saved).toEqual({ form, version: 1, updatedAt: expect.any(String), updatedBy: user.id });
      expect(await r.documents.save(ex, w.campaign.id, 'notice', '1', { number: 'stale' }, null, 0)).toBeUndefined();
      const changed = await r.documents.save(ex, w.campaign.id, 'notice', '1', { ...form, number: '13-TB' }, null, 1);
      expect(changed).toEqual({ form: { ...form, number: '13-TB' }, version: 2, updatedAt: expect.any(String), updatedBy: null });
      expect(await r.documents.save(ex, w.campaign.id, 'notice', '1', { number: 'stale' }, null, 1)).toBeUndefined();
      const forced = await r.documents.save(ex, w.campaign.id, 'notice', '1', { number: '14-TB' }, user.id, undefined);
      expect(forced).toMatchObject({ form: { number: '14-TB' }, version: 3, updatedBy: user.id });
      expect(await r.documents.get(ex, w.campaign.id, 'notice', '1')).toEqual(forced);
      expect(await r.documents.get(ex, w.campaign.id, 'notice', '2')).toBeUndefined();
    });

    it('rate limits: counts hits per key in a window, takes one back, removes ended windows', async () => {
      const first = await r.rateLimits.hit(ex, 'rl:a', 60_000);
      expect(first).toEqual({ count: 1, ttlMs: expect.any(Number) });
      expect(first.ttlMs).toBeGreaterThan(50_000);
      expect(first.ttlMs).toBeLessThanOrEqual(60_000);
      expect((await r.rateLimits.hit(ex, 'rl:a', 60_000)).count).toBe(2);
      const many = await r.rateLimits.hitMany(ex, ['rl:b', 'rl:a'], 60_000);
      expect(many.map((h) => h.count)).toEqual([1, 3]);
      await r.rateLimits.release(ex, ['rl:a', 'rl:b']);
      expect((await r.rateLimits.hitMany(ex, ['rl:a', 'rl:b'], 60_000)).map((h) => h.count)).toEqual([3, 1]);
      await r.rateLimits.hit(ex, 'rl:ended', 0);
      expect(await r.rateLimits.removeExpired(ex)).toBe(1);
      expect(await queryRows(ex, sql`select key, count from rate_limits where key like 'rl:%' order by key`)).toEqual([
        { key: 'rl:a', count: 3 }, { key: 'rl:b', count: 1 },
      ]);
    });

    it('job leases: one holder at a time, its runs counted', async () => {
      expect(await r.jobLeases.acquire(ex, { job: 'jl-reminders', holder: 'p1', ttlMs: 60_000 })).toBe(true);
      expect(await r.jobLeases.acquire(ex, { job: 'jl-reminders', holder: 'p2', ttlMs: 60_000 })).toBe(false);
      expect(await r.jobLeases.acquire(ex, { job: 'jl-reminders', holder: 'p1', ttlMs: 60_000 })).toBe(true);
      const lease = await r.jobLeases.getByJob(ex, 'jl-reminders');
      expect(lease).toEqual({ job: 'jl-reminders', holder: 'p1', acquiredAt: expect.any(String), expiresAt: expect.any(String), runs: 2 });
      expect(Date.parse(lease!.expiresAt) - Date.parse(lease!.acquiredAt)).toBe(60_000);
      expect(await r.jobLeases.getByJob(ex, 'jl-none')).toBeUndefined();
    });

    it('replication: the primary\'s WAL position moves on with a write; it replays none', async () => {
      const before = await r.replication.currentLsn(ex);
      expect(isLsn(before)).toBe(true);
      await r.rateLimits.hit(ex, 'wal:write', 60_000);
      expect(compareLsn(await r.replication.currentLsn(ex), before)).toBe(1);
      expect(await r.replication.replayedLsn(ex)).toBeNull();
    });

    it('reorganisations: recorded, a unit re-keyed, closed and renamed with its old name kept, successions by code', async () => {
      const { root, a, b, a1 } = await unitTree(r, ex, 'rg');
      const steps = [{ kind: 'rename', unit: a1.code, name: 'Phường Đoàn A1' }] as const;
      const plan = {
        root: root.id, date: '2025-07-01', closeOn: '2025-06-30', versions: [], open: [], close: [], rekeys: [], moves: [],
        renames: [{ code: a1.code, from: 'Quận Đoàn A1', to: 'Phường Đoàn A1' }], successions: [], accounts: [],
      };
      const id = await r.reorganisations.insert(ex, { name: 'Sắp xếp "thử"', effectiveDate: '2025-07-01', steps, plan, createdBy: null, accounts: [], accountsDoneAt: null });
      expect(await r.reorganisations.list(ex)).toContainEqual({
        id, name: 'Sắp xếp "thử"', effectiveDate: '2025-07-01', steps, plan, accounts: [], accountsDoneAt: null, createdBy: null, createdAt: expect.any(String),
      });
      expect(await r.reorganisations.listTouching(ex, a1.id)).toContainEqual({ id, name: 'Sắp xếp "thử"', date: '2025-07-01', plan, accountsDoneAt: null });
      // Its accounts are due from its date on, once; a reorganisation settled is not due again.
      await r.reorganisations.setAccounts(ex, id, [{ fromUnitId: b.id, toUnitId: a.id }, { fromUnitId: a1.id, toUnitId: null }]);
      expect((await r.reorganisations.lockAccountsDue(ex, '2025-06-30')).some((d) => d.id === id)).toBe(false);
      expect((await r.reorganisations.lockAccountsDue(ex, '2025-07-01')).find((d) => d.id === id)).toEqual({
        id, name: 'Sắp xếp "thử"', effectiveDate: '2025-07-01', accounts: [{ fromUnitId: b.id, toUnitId: a.id }, { fromUnitId: a1.id, toUnitId: null }],
      });
      await r.reorganisations.markAccountsDone(ex, id, new Date('2025-07-01T00:05:00Z'));
      expect((await r.reorganisations.lockAccountsDue(ex, '2025-07-02')).some((d) => d.id === id)).toBe(false);
      expect((await r.reorganisations.list(ex)).find((x) => x.id === id)?.accountsDoneAt).toEqual(expect.any(String));
      await r.reorganisations.lockApplying(ex);
      expect(await r.reorganisations.latestEffectiveAfter(ex, '2025-06-30')).not.toBeNull();
      expect(await r.reorganisations.latestEffectiveAfter(ex, '2999-01-01')).toBeNull();
      await r.reorganisations.rekey(ex, b.code, 'rg-b.2025');
      expect(await r.units.getByCode(ex, 'rg-b.2025')).toMatchObject({ id: b.id, name: 'Tỉnh Đoàn B' });
      expect(await r.units.search(ex, root.id, 'rg-b.2025', { limit: 5, today: '2025-01-01' })).toEqual([expect.objectContaining({ id: b.id })]);
      await r.reorganisations.closeUnits(ex, ['rg-b.2025'], '2025-06-30');
      expect((await r.units.getById(ex, b.id))?.validTo).toBe('2025-06-30');
      await r.reorganisations.rename(ex, { unitId: a1.id, code: a1.code, validTo: '2025-06-30', name: 'Phường Đoàn A1', shortName: 'A1', reorganisationId: id });
      expect(await r.units.getById(ex, a1.id)).toMatchObject({ name: 'Phường Đoàn A1', shortName: 'A1' });
      // Before the rename, its old name (a unit never renamed is not in the answer); from the date on, none (today's).
      expect(await r.reorganisations.namesOn(ex, [a1.id, a.id], '2024-01-01')).toEqual(new Map([[a1.id, { name: 'Quận Đoàn A1', shortName: a1.shortName }]]));
      expect(await r.reorganisations.namesOn(ex, [a1.id], '2025-06-30')).toEqual(new Map([[a1.id, { name: 'Quận Đoàn A1', shortName: a1.shortName }]]));
      expect(await r.reorganisations.namesOn(ex, [a1.id], '2025-07-01')).toEqual(new Map());
      await r.reorganisations.insertSuccessions(ex, [
        { predecessorId: b.id, successorId: a.id, primary: true }, { predecessorId: b.id, successorId: a1.id, primary: false },
      ], id);
      const mine = (await r.reorganisations.listSuccessionsByCode(ex)).filter((s) => s.predecessor === 'rg-b.2025');
      expect(mine).toEqual([{ predecessor: 'rg-b.2025', successor: a.code, primary: true }, { predecessor: 'rg-b.2025', successor: a1.code, primary: false }]);
      expect((await r.units.getById(ex, b.id))?.successorId).toBe(a.id);
      // An account of the successor reaches the predecessor's subtree (and only through the succession).
      expect(await r.units.isInScope(ex, a.id, b.id)).toBe(true);
      expect(await r.units.isInScope(ex, b.id, a.id)).toBe(false);
      expect(await r.units.isInScope(ex, root.id, a1.id)).toBe(true);
      expect((await r.units.getByCodeUnder(ex, 'rg-b.2025', a1.id))?.inSubtree).toBe(true);
      // Accounts follow a unit, or close with it (signed out).
      const user = await r.users.insert(ex, { username: 'rg.baocao', passwordHash: 'x', displayName: 'RG', role: 'reporter', unitId: b.id, language: 'vi' });
      expect(await r.reorganisations.moveAccounts(ex, b.id, a.id)).toEqual([{ id: user.id, username: 'rg.baocao' }]);
      expect(await r.reorganisations.closeAccounts(ex, a.id)).toEqual([{ id: user.id, username: 'rg.baocao' }]);
      expect((await r.users.getById(ex, user.id))?.active).toBe(false);
      const campaign = await r.campaigns.insert(ex, { code: 'rg-c', name: 'Chiến dịch rg', startDate: '2025-06-01', endDate: '2025-08-31', rootUnitId: root.id, createdBy: null });
      expect((await r.reorganisations.campaignsRunningOn(ex, '2025-07-01', [b.id])).find((c) => c.id === campaign.id)).toEqual({ id: campaign.id, hasTargets: false });
      expect((await r.reorganisations.campaignsRunningOn(ex, '2025-09-01', [b.id])).some((c) => c.id === campaign.id)).toBe(false);
    });

    it('activities: work kinds, focus areas, programmes, records with their units, corrected at a version, listed and totalled over a subtree, photos', async () => {
      const w = await world(r, ex, 'ac');
      await r.activities.upsertWorkKinds(ex, w.campaign.id, [{ code: 'nha', name: 'Nhà nhân ái' }, { code: 'pho', name: 'Tuyến phố' }]);
      await r.activities.upsertWorkKinds(ex, w.campaign.id, [{ code: 'nha', name: 'Nhà nhân ái, nhà tình nghĩa' }]);
      expect(await r.activities.listWorkKinds(ex, w.campaign.id)).toEqual([{ code: 'nha', name: 'Nhà nhân ái, nhà tình nghĩa' }, { code: 'pho', name: 'Tuyến phố' }]);
      const island = await r.activities.upsertFocusArea(ex, { campaignId: w.campaign.id, code: 'dao-1', kind: 'Đảo thanh niên', name: 'Đảo Thanh niên Cô Tô', place: null, unitId: w.a1.id });
      const border = await r.activities.upsertFocusArea(ex, { campaignId: w.campaign.id, code: 'bg-1', kind: 'Biên giới', name: 'Xã biên giới', place: 'Huyện X', unitId: w.b.id });
      expect(await r.activities.listFocusAreas(ex, w.campaign.id)).toEqual([
        { id: border, campaignId: w.campaign.id, code: 'bg-1', kind: 'Biên giới', name: 'Xã biên giới', place: 'Huyện X', unitId: w.b.id, unitCode: w.b.code, unitName: w.b.name },
        { id: island, campaignId: w.campaign.id, code: 'dao-1', kind: 'Đảo thanh niên', name: 'Đảo Thanh niên Cô Tô', place: null, unitId: w.a1.id, unitCode: w.a1.code, unitName: w.a1.name },
      ]);
      const programme = await r.activities.upsertProgramme(ex, { campaignId: w.campaign.id, code: 'mua-he-xanh', name: 'Chiến dịch Mùa hè xanh', startDate: '2023-06-01', endDate: '2023-07-15' });
      // An indicator of the campaign put in the programme, then back in the campaign as a whole.
      await r.campaigns.setProgramme(ex, w.campaign.id, w.x.id, programme);
      expect((await r.campaigns.getByCode(ex, w.campaign.code))!.indicators.find((i) => i.id === w.x.id)?.programmeId).toBe(programme);
      await r.campaigns.setProgramme(ex, w.campaign.id, w.x.id, null);
      expect((await r.campaigns.getByCode(ex, w.campaign.code))!.indicators.find((i) => i.id === w.x.id)?.programmeId).toBeNull();
      expect(await r.activities.listProgrammes(ex, w.campaign.id)).toEqual([{ id: programme, campaignId: w.campaign.id, code: 'mua-he-xanh', name: 'Chiến dịch Mùa hè xanh', startDate: '2023-06-01', endDate: '2023-07-15' }]);

      const blank: ActivityRecordValues = {
        kind: 'work', fields: {}, programmeId: null, date: null, workKind: null, state: null, funding: null, channel: null, linkKind: null,
        modelKind: null, followUp: null, focusAreaId: null, value: 0, members: 0, reach: 0, views: 0,
      };
      const at = new Date('2023-06-10T03:00:00Z');
      const house = await r.activities.insertRecord(ex, {
        ...blank, fields: { name: 'Nhà nhân ái "Tuổi trẻ"' }, date: '2023-06-10', workKind: 'nha', state: 'handed_over', funding: 'social', value: 1_250_000_000,
        focusAreaId: island, programmeId: programme, campaignId: w.campaign.id, unitId: w.a1.id, createdBy: null, onBehalfBy: null, at,
      });
      const street = await r.activities.insertRecord(ex, {
        ...blank, fields: { name: 'Tuyến phố văn minh' }, date: '2023-06-12', workKind: 'pho', state: 'in_progress', funding: 'budget', value: 300_000_000,
        campaignId: w.campaign.id, unitId: w.b.id, createdBy: null, onBehalfBy: null, at,
      });
      const press = await r.activities.insertRecord(ex, {
        ...blank, kind: 'press', fields: { title: 'Tin' }, date: '2023-06-11', channel: 'online', reach: 12_000, views: 30_000,
        campaignId: w.campaign.id, unitId: w.a.id, createdBy: null, onBehalfBy: null, at,
      });
      const link = await r.activities.insertRecord(ex, {
        ...blank, kind: 'linkage', fields: {}, date: '2023-06-15', linkKind: 'locality', campaignId: w.campaign.id, unitId: w.b.id, createdBy: null, onBehalfBy: null, at,
      });
      await r.activities.setRecordUnits(ex, link, 'partner', [w.a1.id]);
      const visit = await r.activities.insertRecord(ex, {
        ...blank, kind: 'inspection', fields: {}, date: '2023-06-20', followUp: 'open', campaignId: w.campaign.id, unitId: w.root.id, createdBy: null, onBehalfBy: null, at,
      });
      await r.activities.setRecordUnits(ex, visit, 'visited', [w.b.id, w.a.id]);
      await r.activities.setRecordFocusAreas(ex, visit, [border]);

      const got = await r.activities.getRecord(ex, house);
      expect(got).toMatchObject({
        id: house, kind: 'work', unitCode: w.a1.code, unitName: w.a1.name, fields: { name: 'Nhà nhân ái "Tuổi trẻ"' }, value: 1_250_000_000,
        focusAreaCode: 'dao-1', programmeCode: 'mua-he-xanh', partnerCodes: [], visitedCodes: [], visitedFocusAreaCodes: [], photoCount: 0, version: 1, removedAt: null,
      });
      expect(await r.activities.getRecord(ex, visit)).toMatchObject({ visitedCodes: [w.a.code, w.b.code].sort(), visitedFocusAreaCodes: ['bg-1'] });
      // a's subtree: its records, a1's, and the linkage a1 is a partner in.
      const ofA = await r.activities.listRecords(ex, w.campaign.id, w.a.id, {}, { limit: 10, offset: 0 });
      expect(ofA.total).toBe(3);
      expect(ofA.rows.map((x) => x.id)).toEqual([link, press, house]);
      expect((await r.activities.listRecords(ex, w.campaign.id, w.root.id, { kind: 'work', state: 'handed_over' }, { limit: 10, offset: 0 })).rows.map((x) => x.id)).toEqual([house]);
      expect((await r.activities.listRecords(ex, w.campaign.id, w.root.id, { focusAreaId: border }, { limit: 10, offset: 0 })).rows.map((x) => x.id)).toEqual([visit]);
      expect((await r.activities.listRecords(ex, w.campaign.id, w.root.id, { from: '2023-06-11', to: '2023-06-12', programmeId: undefined }, { limit: 1, offset: 1 }))).toEqual({ total: 2, rows: [expect.objectContaining({ id: press })] });
      expect((await r.activities.listRecords(ex, w.campaign.id, w.root.id, { workKind: 'pho', channel: undefined, programmeId: programme }, { limit: 5, offset: 0 })).total).toBe(0);
      expect((await r.activities.listRecords(ex, w.campaign.id, w.root.id, { channel: 'online' }, { limit: 5, offset: 0 })).total).toBe(1);

      const totals = await r.activities.groupedTotals(ex, w.campaign.id, w.root.id);
      expect(totals).toContainEqual({ kind: 'work', workKind: 'nha', state: 'handed_over', funding: 'social', channel: null, linkKind: null, modelKind: null, followUp: null, count: 1, value: 1_250_000_000, members: 0, reach: 0, views: 0 });
      expect(totals).toContainEqual(expect.objectContaining({ kind: 'press', channel: 'online', count: 1, reach: 12_000, views: 30_000 }));
      expect(totals).toHaveLength(5);
      expect(await r.activities.groupedTotals(ex, w.campaign.id, w.a.id, { kind: 'work' })).toEqual([expect.objectContaining({ workKind: 'nha', count: 1 })]);
      expect(await r.activities.focusCoverage(ex, w.campaign.id, w.root.id)).toEqual({ total: 2, covered: 2 });
      expect(await r.activities.focusCoverage(ex, w.campaign.id, w.a.id)).toEqual({ total: 1, covered: 1 });
      // As of 15/6: the house (10/6) covers the island; the inspection of the border (20/6) is still to come.
      expect(await r.activities.focusCoverage(ex, w.campaign.id, w.root.id, '2023-06-15')).toEqual({ total: 2, covered: 1 });

      // What could count in the week of 05–11/6 for a1 and a: the house (dated 10/6) and the press item (11/6); not b's street.
      const countable = await r.activities.countableRecords(ex, w.campaign.id, [w.a1.id, w.a.id], ['work', 'press'], '2023-06-05', '2023-06-11');
      expect(countable.sort((x, y) => x.unitId - y.unitId)).toEqual([
        { unitId: w.a.id, kind: 'press', date: '2023-06-11', handoverDate: null, recordedOn: '2023-06-10', workKind: null, state: null, channel: 'online', value: 0, members: 0, reach: 12_000, views: 30_000 },
        { unitId: w.a1.id, kind: 'work', date: '2023-06-10', handoverDate: null, recordedOn: '2023-06-10', workKind: 'nha', state: 'handed_over', channel: null, value: 1_250_000_000, members: 0, reach: 0, views: 0 },
      ].sort((x, y) => x.unitId - y.unitId));
      expect(await r.activities.countableRecords(ex, w.campaign.id, [w.a1.id], ['team'], '2023-06-05', '2023-06-11')).toEqual([]);
      expect(await r.activities.countableRecords(ex, w.campaign.id, [], ['work'], '2023-06-05', '2023-06-11')).toEqual([]);
      expect(await r.activities.unitsWithRecords(ex, w.campaign.id, ['press', 'inspection'])).toEqual([w.root.id, w.a.id].sort((x, y) => x - y));

      // Corrected at the version read; a stale version changes nothing; withdrawn, it is counted nowhere.
      const changed = { ...blank, fields: { name: 'Tuyến phố văn minh số 1' }, date: '2023-06-12', workKind: 'pho', state: 'handed_over', funding: 'budget', value: 320_000_000, at };
      expect(await r.activities.updateRecord(ex, street, 1, changed)).toBe(true);
      expect(await r.activities.updateRecord(ex, street, 1, { ...changed, value: 1 })).toBe(false);
      expect(await r.activities.getRecord(ex, street)).toMatchObject({ version: 2, value: 320_000_000, state: 'handed_over', fields: { name: 'Tuyến phố văn minh số 1' } });
      expect(await r.activities.removeRecord(ex, press, 2, at)).toBe(false);
      expect(await r.activities.removeRecord(ex, press, 1, at)).toBe(true);
      expect((await r.activities.groupedTotals(ex, w.campaign.id, w.root.id)).some((g) => g.kind === 'press')).toBe(false);

      const photo = await r.activities.insertPhoto(ex, { recordId: house, path: 'activities/1/a.jpg', displayPath: 'activities/1/a-1280.jpg', mime: 'image/jpeg', bytes: 123_456, width: 1280, height: 960, createdBy: null });
      expect(await r.activities.listPhotos(ex, house)).toEqual([{ id: photo, recordId: house, path: 'activities/1/a.jpg', displayPath: 'activities/1/a-1280.jpg', mime: 'image/jpeg', bytes: 123_456, width: 1280, height: 960, createdBy: null, createdAt: expect.any(String) }]);
      expect(await r.activities.getPhoto(ex, photo)).toMatchObject({ id: photo, recordId: house });
      expect((await r.activities.getRecord(ex, house))?.photoCount).toBe(1);
      expect(await r.activities.removePhoto(ex, photo, at)).toBe(true);
      expect(await r.activities.removePhoto(ex, photo, at)).toBe(false);
      expect(await r.activities.listPhotos(ex, house)).toEqual([]);
      expect(await r.activities.getPhoto(ex, photo)).toBeUndefined();
    });

    it('called every function of every repository', async () => {
      const onDisk = await repositoriesOnDisk();
      const missing = onDisk.flatMap(({ label, repository }) => {
        const names = r.called.get(repository);
        if (!names) return [`${label} (not tracked by this test)`];
        return Object.keys(repository).filter((name) => !names.has(name)).map((name) => `${label}.${name}`);
      });
      expect(missing).toEqual([]);
      expect(onDisk.length).toBe(r.called.size);
    });
  });
}
