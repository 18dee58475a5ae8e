/**
 * A unit of work (ctx.transaction) announces its changes once it has committed and before it
 * resolves, never after a rollback; a nested transaction notifies from inside; each context
 * has its own change bus and ready answers, even on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, queryRows, sql, testDatabaseUrl, type Database, type Unlisten } from '@giaoban/db';
import { createServiceContext, type ServiceContext } from './context.ts';
import { CHANGES_CHANNEL, notifyChange, type LiveChange } from './live.ts';
import { unitOfWorkOf } from './unit-of-work.ts';

let database: Database;
let ctx: ServiceContext;
/** Every NOTIFY on the changes channel, as any process hears it. */
const heard: LiveChange[] = [];
let unlisten: Unlisten;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = createServiceContext(database);
  await database.db.execute(sql`create table uow_probe (id int primary key)`);
  unlisten = await database.listen(CHANGES_CHANNEL, (payload) => heard.push(...JSON.parse(payload) as LiveChange[]));
});
afterAll(async () => {
  await unlisten?.();
  await database?.close();
});

const at = new Date('2023-07-03T03:00:00Z');
const change = (unitId: number) => ({ campaignId: 1, unitId, period: '2023-W27', ancestors: [1], at });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !check();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}
const unitsHeard = () => heard.map((c) => c.unitId);

describe(`units of work on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('tells the context\'s listeners and sends the NOTIFY once committed, before it resolves', async () => {
    const told: { units: number[]; committed: boolean }[] = [];
    const checks: Promise<void>[] = [];
    const stop = ctx.live.onCommitted((changes) => {
      // Read on another connection of the pool (PostgreSQL): the row is there to be read.
      checks.push(queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from uow_probe where id = 1`)
        .then(([row]) => { told.push({ units: changes.map((c) => c.unitId), committed: row!.n === 1 }); }));
    });
    try {
      const result = await ctx.transaction(async (tx) => {
        expect(unitOfWorkOf(tx)).not.toBeNull();
        await tx.execute(sql`insert into uow_probe values (1)`);
        await notifyChange(tx, change(101));
        await notifyChange(tx, change(102));
        expect(checks).toHaveLength(0);
        return 42;
      });
      expect(result).toBe(42);
      // Told once with both changes, before the call resolved.
      expect(checks).toHaveLength(1);
      await Promise.all(checks);
      expect(told).toEqual([{ units: [101, 102], committed: true }]);
      await until('the NOTIFY', () => unitsHeard().includes(102));
      expect(unitsHeard()).toEqual(expect.arrayContaining([101, 102]));
    } finally {
      stop();
    }
  });

  it('announces nothing when the unit of work rolls back', async () => {
    const told: number[] = [];
    const stop = ctx.live.onCommitted((changes) => told.push(...changes.map((c) => c.unitId)));
    try {
      await expect(ctx.transaction(async (tx) => {
        await notifyChange(tx, change(201));
        throw new Error('refused');
      })).rejects.toThrow('refused');
      // A later change of this context is heard, the undone one never.
      await ctx.transaction((tx) => notifyChange(tx, change(202)));
      await until('the later NOTIFY', () => unitsHeard().includes(202));
      await pause(100);
      expect(told).toEqual([202]);
      expect(unitsHeard()).not.toContain(201);
    } finally {
      stop();
    }
  });

  it('notifies from inside a nested transaction, undone with it', async () => {
    const told: number[] = [];
    const stop = ctx.live.onCommitted((changes) => told.push(...changes.map((c) => c.unitId)));
    try {
      await ctx.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          expect(unitOfWorkOf(inner)).toBeNull();
          await notifyChange(inner, change(301));
        });
        await tx.transaction(async (inner) => {
          await notifyChange(inner, change(302));
          inner.rollback();
        }).catch(() => {});
      });
      await until('the NOTIFY sent from inside', () => unitsHeard().includes(301));
      await pause(100);
      // Not through the bus: this process hears of it by LISTEN, as the others do.
      expect(told).toEqual([]);
      expect(unitsHeard()).not.toContain(302);
    } finally {
      stop();
    }
  });

  it('keeps the committed transaction when a listener fails, and says so', async () => {
    const errors: unknown[] = [];
    const stopErrors = ctx.live.onError((error) => errors.push(error));
    const stop = ctx.live.onCommitted(() => { throw new Error('listener broke'); });
    try {
      await ctx.transaction(async (tx) => {
        await tx.execute(sql`insert into uow_probe values (4)`);
        await notifyChange(tx, change(401));
      });
      expect(errors).toEqual([expect.objectContaining({ message: 'listener broke' })]);
      expect((await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from uow_probe where id = 4`))[0]!.n).toBe(1);
      await until('the NOTIFY all the same', () => unitsHeard().includes(401));
    } finally {
      stop();
      stopErrors();
    }
  });

  it('gives two contexts on one database their own bus and ready answers', async () => {
    const other = createServiceContext(database);
    expect(other.live).not.toBe(ctx.live);
    expect(other.progressCache).not.toBe(ctx.progressCache);
    expect(other.replica).not.toBe(ctx.replica);
    expect(other.batcher).not.toBe(ctx.batcher);
    const answer = (body: string) => async () => ({ campaignId: 1, unitId: 1, body });
    expect(await ctx.progressCache.answer('TW', answer('ours, before'))).toBe('ours, before');
    expect(await other.progressCache.answer('TW', answer('theirs, before'))).toBe('theirs, before');

    // A change committed through one context drops its own answer at once; the other context
    // hears of it by NOTIFY (its LiveHub), not through the first one's bus.
    await ctx.transaction((tx) => notifyChange(tx, change(501)));
    expect(await ctx.progressCache.answer('TW', answer('ours, after'))).toBe('ours, after');
    expect(await other.progressCache.answer('TW', answer('theirs, after'))).toBe('theirs, before');
  });
});
