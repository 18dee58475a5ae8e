/**
 * Where PostgreSQL's time goes during a deadline storm, by statement (issue 6's profile):
 * runs the national benchmark's quick storm on PostgreSQL with every statement logged
 * (log_min_duration_statement = 0, set with ALTER SYSTEM and reset afterwards), then sums the
 * logged durations of the storm's window by statement shape (parameters and literals folded).
 *
 *   npm run bench:statements [-- --units 5000 --log /var/log/postgresql/postgresql-15-main.log]
 *
 * Needs a local superuser connection (BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
 * and read access to the server's log file. Durations are wall time inside the server; the
 * parse, bind and execute steps of one statement are each logged, so counts run about 3× the calls.
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase, sql } from '@giaoban/db';

const { values: opts } = parseArgs({
  options: {
    units: { type: 'string', default: '5000' },
    log: { type: 'string', default: '/var/log/postgresql/postgresql-15-main.log' },
    top: { type: 'string', default: '15' },
  },
});
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function setLogging(on: boolean): Promise<void> {
  const database = await openDatabase({ url, poolSize: 1, migrate: false });
  try {
    await database.db.execute(on ? sql`alter system set log_min_duration_statement = 0` : sql`alter system reset log_min_duration_statement`);
    await database.db.execute(sql`select pg_reload_conf()`);
  } finally {
    await database.close();
  }
}

/** Runs the quick storm; returns its log line ("[hh:mm:ss] storm: … in 9 s: …"). */
function runStorm(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'packages/cli/bench/national.bench.ts', '--quick', '--target', 'postgres', '--no-write', '--units', opts.units!, '--sizes', '1000'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let storm = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const line = chunk.toString().split('\n').find((l) => l.includes('storm:'));
      if (line && !storm) storm = line;
    });
    child.on('exit', (code) => (code === 0 && storm ? resolve(storm) : reject(new Error(`benchmark exited with ${code}`))));
  });
}

const start = statSync(opts.log!).size;
await setLogging(true);
let storm: string;
try {
  storm = await runStorm();
} finally {
  await setLogging(false);
}
console.log(storm);
// The storm's window: its end (the line's time) back by its duration, one second kept off each side.
const [, end = '', seconds = '0'] = /^\[(\d\d:\d\d:\d\d)\].* in ([\d.,]+) s:/.exec(storm) ?? [];
const toSeconds = (t: string) => t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
const to = toSeconds(end) - 1;
const from = to - Number(seconds.replace(/\./g, '').replace(',', '.')) + 2;
const totals = new Map<string, { n: number; ms: number }>();
const add = (entry: string) => {
  const at = toSeconds(entry.slice(11, 19));
  if (at < from || at > to) return;
  const m = /duration: ([\d.]+) ms\s+(?:statement|execute [^:]*|bind [^:]*|parse [^:]*): ([\s\S]*)/.exec(entry);
  if (!m) return;
  const shape = m[2]!.replace(/\s+/g, ' ').replace(/\$\d+/g, '$').replace(/'[^']*'/g, "'?'").slice(0, 110);
  const total = totals.get(shape) ?? { n: 0, ms: 0 };
  total.n++;
  total.ms += Number(m[1]);
  totals.set(shape, total);
};
// Line by line: loading a large dataset logs gigabytes; an entry runs until the next timestamped line.
let entry = '';
for await (const line of createInterface({ input: createReadStream(opts.log!, { start }) })) {
  if (/^\d{4}-\d\d-\d\d /.test(line)) {
    if (entry) add(entry);
    entry = line;
  } else if (entry.length < 2_000) {
    entry += `\n${line}`;
  }
}
if (entry) add(entry);
const all = [...totals.values()].reduce((acc, t) => acc + t.ms, 0);
console.log(`${Math.round(all)} ms of statement time in the storm's ${Math.round(to - from)} s window`);
for (const [shape, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(opts.top))) {
  console.log(`${String(Math.round(t.ms)).padStart(7)} ms ${String(t.n).padStart(6)}× ${(t.ms / t.n).toFixed(2).padStart(6)} ms  ${shape}`);
}
