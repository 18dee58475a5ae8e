/**
 * CPU time spent by this process and by the PostgreSQL server's processes, read before and
 * after a stretch of a benchmark: where a storm's CPU went, per submission, without a
 * profiler. PostgreSQL's share is read from /proc (Linux), summed over every process named
 * "postgres" (the backends of the pool live through the stretch; one that exits meanwhile is
 * not counted). Elsewhere the database's share is unknown (null).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuReading { readonly ownMs: number; readonly postgresMs: number | null }

function postgresMs(): number | null {
  let ticks = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid …": fields after the command name, which may hold spaces.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended while we looked.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export function readCpu(): CpuReading {
  const own = process.cpuUsage();
  return { ownMs: (own.user + own.system) / 1000, postgresMs: postgresMs() };
}

/** CPU spent since `before`: by this process and by PostgreSQL's. */
export function cpuSince(before: CpuReading): CpuReading {
  const now = readCpu();
  return {
    ownMs: now.ownMs - before.ownMs,
    postgresMs: now.postgresMs === null || before.postgresMs === null ? null : now.postgresMs - before.postgresMs,
  };
}
