/**
 * Group submit (issue 6, the deadline storm): submissions of one week arriving together are
 * written in one transaction, yet each is checked and refused alone, a unit written twice or
 * a unit with its parent wait for the next group, and the roll-up stays equal to a recompute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@giaoban/core';
import { createHash } from 'node:crypto';
import { queryRows, sessionsRepository, sql } from '@giaoban/db';
import { createUser, login, logout } from '../accounts/index.ts';
import type { ServiceContext } from './context.ts';
import { getReport, submitReport, submitReportOnly } from '../reporting/index.ts';
import { verifyRollups } from '../monitoring/index.ts';
import { Batcher, MAX_GROUP, writeInGroups, type GroupOutcome } from './write-groups.ts';
import { createWorld, indicatorOf, openTestContext, type World } from '../../test/factories.ts';

let ctx: ServiceContext;
let world: World;
let batcher: Batcher;

beforeAll(async () => {
  ctx = await openTestContext({ poolSize: 8 });
  batcher = new Batcher(ctx, 1);
  world = await createWorld(ctx, { prefix: 'wg-', provinces: 3, districts: 3, grassroots: 4 });
});

afterAll(async () => {
  await ctx?.database.close();
});

/**
 * A writer that refuses 2, puts 3 off when 4 came before it in the group (as a unit with its
 * parent waits), and writes the others as n × `factor`; `seen` records each group.
 */
function mixedWriter(seen: number[][], factor: number) {
  return async (_tx: unknown, items: readonly number[]): Promise<GroupOutcome<number>[]> => {
    seen.push([...items]);
    return items.map((n, i): GroupOutcome<number> => {
      if (n === 2) return { kind: 'refused', error: new Error('hai') };
      if (n === 3 && items.indexOf(4) !== -1 && items.indexOf(4) < i) return { kind: 'deferred' };
      return { kind: 'written', result: n * factor };
    });
  };
}

describe('Batcher.write', () => {
  it('writes the first arrival alone and those arriving meanwhile together, in order', async () => {
    const groups: number[][] = [];
    const writer = async (_tx: unknown, items: readonly number[]): Promise<GroupOutcome<number>[]> => {
      groups.push([...items]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return items.map((n) => ({ kind: 'written', result: n * 10 }));
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.write('test:order', n, writer)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('refuses one item alone and sends a put-off item with the next group', async () => {
    const seen: number[][] = [];
    const settled = await Promise.allSettled([1, 4, 3, 2].map((n) => batcher.write('test:mixed', n, mixedWriter(seen, 1))));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([1, 4, 3, 'hai']);
    expect(seen).toEqual([[1], [4, 3, 2], [3]]);
  });

  it('writes a group whose transaction failed as a whole again one item at a time', async () => {
    const seen: number[][] = [];
    const writer = async (_tx: unknown, items: readonly number[]): Promise<GroupOutcome<number>[]> => {
      seen.push([...items]);
      if (items.length > 1) throw new Error('deadlock detected');
      if (items[0] === 6) throw new Error('sáu');
      return items.map((n) => ({ kind: 'written', result: n }));
    };
    const settled = await Promise.allSettled([1, 5, 6, 7].map((n) => batcher.write('test:failed', n, writer)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([1, 5, 'sáu', 7]);
    expect(seen).toEqual([[1], [5, 6, 7], [5], [6], [7]]);
  });
});

describe('writeInGroups', () => {
  it('writes inside the caller\'s transaction in groups, a put-off item first in the next group, outcomes in order', async () => {
    const seen: number[][] = [];
    const progress: number[] = [];
    const outcomes = await ctx.db.transaction((tx) => writeInGroups(tx, [1, 4, 3, 2], mixedWriter(seen, 10), (n) => progress.push(n)));
    expect(outcomes.map((o) => (o.kind === 'written' ? o.result : (o.error as Error).message))).toEqual([10, 40, 30, 'hai']);
    expect(seen).toEqual([[1, 4, 3, 2], [3]]);
    expect(progress).toEqual([3, 4]);
  });

  it('splits more than MAX_GROUP items into groups of MAX_GROUP', async () => {
    const sizes: number[] = [];
    const items = Array.from({ length: MAX_GROUP * 2 + 5 }, (_, i) => i);
    const outcomes = await ctx.db.transaction((tx) => writeInGroups(tx, items, async (_tx, group) => {
      sizes.push(group.length);
      return group.map((n) => ({ kind: 'written' as const, result: n }));
    }));
    expect(sizes).toEqual([MAX_GROUP, MAX_GROUP, 5]);
    expect(outcomes.map((o) => (o.kind === 'written' ? o.result : -1))).toEqual(items);
  });
});

describe('Batcher.read', () => {
  it('reads those arriving while a read is in flight in one batch, each answer to its own caller', async () => {
    const batches: number[][] = [];
    const reader = async (_ex: unknown, items: readonly number[]): Promise<number[]> => {
      batches.push([...items]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return items.map((n) => n * 10);
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.read('test:read', n, reader)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('reads a failed batch again one item at a time, so one bad item fails alone', async () => {
    const reader = async (_ex: unknown, items: readonly number[]): Promise<number[]> => {
      if (items.includes(3)) throw new Error('ba');
      return [...items];
    };
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.read('test:read-failed', n, reader)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([1, 2, 'ba', 4]);
  });

  it('reads the sessions of several requests in one statement, each answer in its place', async () => {
    const [p1, p2] = world.provinces;
    await createUser(ctx, { username: 'wg-p1.quanly', password: 'mat-khau-dai-du', displayName: 'Quản lý', role: 'manager', unitCode: p1!.code });
    await createUser(ctx, { username: 'wg-tw.xem', password: 'mat-khau-dai-du', displayName: 'Xem', role: 'viewer', unitCode: world.root.code });
    const a = await login(ctx, { username: 'wg-p1.quanly', password: 'mat-khau-dai-du', ip: null, ttlHours: 1 });
    const b = await login(ctx, { username: 'wg-tw.xem', password: 'mat-khau-dai-du', ip: null, ttlHours: 1 });
    await logout(ctx, b.token);
    const hash = (token: string) => createHash('sha256').update(token).digest('hex');
    const asks = [[a.token, p1!.code], [a.token, p2!.code], [b.token, p1!.code], [a.token, 'KHONG-CO'], ['khong-co', p1!.code], [a.token, null]] as const;
    const answers = await sessionsRepository.getActiveNamingMany(ctx.db, asks.map(([token, unitCode]) => ({ tokenHash: hash(token), unitCode, now: ctx.now() })));
    expect(answers.map((x) => (x ? [x.session.user.username, x.named?.unit.code ?? null, x.named?.inSubtree ?? null] : null))).toEqual([
      ['wg-p1.quanly', p1!.code, true], ['wg-p1.quanly', p2!.code, false], null, ['wg-p1.quanly', null, null], null, ['wg-p1.quanly', null, null],
    ]);
    // An expired session is not live.
    const later = new Date(ctx.now().getTime() + 2 * 3_600_000);
    expect(await sessionsRepository.getActiveNamingMany(ctx.db, [{ tokenHash: hash(a.token), unitCode: null, now: later }])).toEqual([undefined]);
  });
});

/** The form of one unit: ordinary figures, each confirmed in case it looks unusual. */
function form(w: World, streets: number | string, skills: number) {
  const streetsCode = indicatorOf(w, 'tuyen-pho').code;
  const skillsCode = indicatorOf(w, 'ky-nang-so').code;
  return {
    values: { [streetsCode]: streets, [skillsCode]: skills },
    explanations: { [streetsCode]: 'Đã kiểm tra.', [skillsCode]: 'Đã kiểm tra.' },
  };
}

const week = '2023-W26';

describe('submissions of one week written together', () => {
  it('writes every good submission of a storm, refuses the bad ones alone and leaves nothing of them', async () => {
    const campaign = world.campaign.code;
    const units = world.grassroots;
    const bad = new Set([units[3]!.code, units[17]!.code]);
    const results = await Promise.allSettled(units.map((u, i) => submitReportOnly(
      ctx, { campaign: campaign, unit: u.code, period: week }, null, bad.has(u.code) ? form(world, 'mười', 5) : form(world, 10 + (i % 5), 100 + i),
    )));
    const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [units[i]!.code] : []));
    expect(refused.sort()).toEqual([...bad].sort());
    const error = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(error.reason).toBeInstanceOf(DomainError);
    expect((error.reason as DomainError).message).toMatch(/[àáảãạăâđêôơư]/);
    // The refused units have no report row (not even an empty draft) and no audit entry.
    const rows = await queryRows<{ code: string; status: string; n: number }>(ctx.db, sql`
      select u.code, r.status, (select count(*)::int from report_values v where v.report_id = r.id) as n
      from reports r join units u on u.id = r.unit_id where r.campaign_id = ${world.campaign.id} and r.period = ${week}`);
    expect(rows.map((r) => r.code).sort()).toEqual(units.map((u) => u.code).filter((c) => !bad.has(c)).sort());
    expect(rows.every((r) => r.status === 'submitted' && r.n === 2)).toBe(true);
    const audit = await queryRows<{ n: number }>(ctx.db, sql`
      select count(*)::int as n from audit_log a join units u on u.id = a.unit_id
      where a.period = ${week} and a.action = 'report.state' and u.code = any(${`{${[...bad].join(',')}}`}::text[])`);
    expect(audit[0]?.n).toBe(0);
    expect((await verifyRollups(ctx, campaign)).differences).toEqual([]);
  });

  it('writes a unit sent twice at once and a unit with its parent one after the other, and the roll-up stays right', async () => {
    const campaign = world.campaign.code;
    const district = world.districts[4]!;
    const child = world.grassroots.find((u) => u.parentId === district.id)!;
    const other = world.grassroots.find((u) => u.parentId === world.districts[5]!.id)!;
    const results = await Promise.all([
      submitReportOnly(ctx, { campaign: campaign, unit: child.code, period: '2023-W27' }, null, form(world, 3, 1000)),
      submitReportOnly(ctx, { campaign: campaign, unit: district.code, period: '2023-W27' }, null, form(world, 7, 2000)),
      submitReportOnly(ctx, { campaign: campaign, unit: child.code, period: '2023-W27' }, null, form(world, 4, 1200)),
      submitReportOnly(ctx, { campaign: campaign, unit: other.code, period: '2023-W27' }, null, form(world, 5, 3000)),
    ]);
    // The same unit's two submissions went one after the other: the second saw the first (version 2 → 3).
    expect(results[2]!.version).toBeGreaterThan(results[0]!.version);
    const view = await getReport(ctx, { campaign: campaign, unit: child.code, period: '2023-W27' });
    expect(view.indicators.find((i) => i.indicator.code === indicatorOf(world, 'tuyen-pho').code)?.submitted?.increment).toBe(4);
    expect(view.history.filter((h) => h.action === 'report.state')).toHaveLength(2);
    expect((await verifyRollups(ctx, campaign)).differences).toEqual([]);
  });

  it('answers the form with its full view and the same figures as one written alone', async () => {
    const unit = world.grassroots[30]!;
    const view = await submitReport(ctx, { campaign: world.campaign.code, unit: unit.code, period: '2023-W28' }, null, form(world, 12, 5000));
    expect(view.report?.status).toBe('submitted');
    expect(view.indicators.find((i) => i.indicator.code === indicatorOf(world, 'tuyen-pho').code)?.submitted).toEqual({ increment: 12, entered: 12 });
    expect(view.history[0]?.action).toBe('report.state');
  });
});
