import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { jobLeases } from './schema.ts';

export type JobLeaseRow = Readonly<typeof jobLeases.$inferSelect>;

/**
 * Takes the lease of `job` for `ttlMs` when it is free, expired, or already held by `holder`,
 * in one statement: of several processes asking at once exactly one gets it (PostgreSQL locks
 * the conflicting row and re-checks the condition on its latest version). Counts the run.
 * Time is the database's, the one clock every process shares.
 */
async function acquire(ex: Executor, lease: { job: string; holder: string; ttlMs: number }): Promise<boolean> {
  const rows = await queryRows<Pick<JobLeaseRow, 'runs'>>(ex, sql`
    insert into job_leases as l (job, holder, acquired_at, expires_at, runs)
    values (${lease.job}, ${lease.holder}, now(), now() + ${lease.ttlMs}::float8 * interval '1 millisecond', 1)
    on conflict (job) do update set
      holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, runs = l.runs + 1
    where l.expires_at <= now() or l.holder = excluded.holder
    returning runs`);
  return rows.length > 0;
}

async function getByJob(ex: Executor, job: string): Promise<JobLeaseRow | undefined> {
  const [row] = await queryRows<JobLeaseRow>(ex, sql`
    select job, holder, acquired_at as "acquiredAt", expires_at as "expiresAt", runs from job_leases where job = ${job}`);
  return row;
}

export const jobLeasesRepository = Object.freeze({ acquire, getByJob });
