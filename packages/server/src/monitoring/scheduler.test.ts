/**
 * The reminder job runs once across server processes: three schedulers on separate
 * connections to one database (PGlite: one database shared in-process), one pass each at the
 * same moment, and only the one holding the lease runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobLeasesRepository, openSharedTestDatabases, queryRows, sql, type Database } from '@giaoban/db';
import { createUser } from '../accounts/index.ts';
import { createServiceContext, type ServiceContext } from '../infra/index.ts';
import { REMINDER_JOB, startReminderScheduler, type ReminderScheduler } from './scheduler.ts';
import { createWorld } from '../../test/factories.ts';

let databases: Database[];
let contexts: ServiceContext[];
const now = () => new Date('2023-06-30T10:00:00Z'); // a district's report due the next day: one reminder

beforeAll(async () => {
  databases = await openSharedTestDatabases(3);
  contexts = databases.map((database) => createServiceContext(database, now));
  const w = await createWorld(contexts[0]!, { prefix: 'l-', provinces: 1, districts: 1, grassroots: 0 });
  await createUser(contexts[0]!, { username: 'l-d.baocao', password: 'mat-khau-thu-nghiem', displayName: 'd', role: 'reporter', unitCode: w.districts[0]!.code });
});
afterAll(() => databases?.[0]?.close());

function threeSchedulers(intervalMs: number, logged: string[]): ReminderScheduler[] {
  return contexts.map((ctx, i) => startReminderScheduler({
    ctx, intervalMs, holder: `tien-trinh-${i + 1}`,
    // Only runNow starts passes here.
    firstRunDelayMs: 3_600_000,
    log: { info: (_data, message) => logged.push(`${i + 1} ${message}`), error: (_data, message) => logged.push(`${i + 1} ${message}`) },
  }));
}

describe('reminder job across processes', () => {
  it('runs one pass when three processes start one at the same moment', async () => {
    const logged: string[] = [];
    const schedulers = threeSchedulers(60_000, logged);
    try {
      const ran = await Promise.all(schedulers.map((s) => s.runNow()));
      expect(ran.filter(Boolean)).toHaveLength(1);
      const winner = ran.indexOf(true);
      const lease = await jobLeasesRepository.getByJob(contexts[0]!.db, REMINDER_JOB);
      expect(lease).toMatchObject({ holder: `tien-trinh-${winner + 1}`, runs: 1 });
      expect(logged).toEqual([`${winner + 1} reminders created`]);
      const rows = await queryRows<{ n: number }>(contexts[0]!.db, sql`select count(*)::int as n from notifications`);
      expect(rows[0]!.n).toBe(1);

      // The holder runs the next pass; the others still skip theirs until its lease ends.
      const again = await Promise.all(schedulers.map((s) => s.runNow()));
      expect(again).toEqual(ran);
      expect((await jobLeasesRepository.getByJob(contexts[0]!.db, REMINDER_JOB))?.runs).toBe(2);
    } finally {
      for (const s of schedulers) await s.stop();
    }
  });

  it('lets another process take over once the holder\'s lease has ended', async () => {
    await queryRows(contexts[0]!.db, sql`delete from job_leases`);
    const schedulers = threeSchedulers(2_000, []);
    try {
      const first = await schedulers[0]!.runNow();
      expect(first).toBe(true);
      expect(await schedulers[1]!.runNow()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 2_200)); // the holder went quiet
      expect(await schedulers[1]!.runNow()).toBe(true);
      expect(await schedulers[0]!.runNow()).toBe(false);
      expect(await jobLeasesRepository.getByJob(contexts[0]!.db, REMINDER_JOB)).toMatchObject({ holder: 'tien-trinh-2', runs: 2 });
    } finally {
      for (const s of schedulers) await s.stop();
    }
  });
});
