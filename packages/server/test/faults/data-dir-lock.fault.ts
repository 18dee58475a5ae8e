/**
 * Issue 16's fault suite: one process owns a PGlite data directory. A real `giaoban serve`
 * runs on a temporary directory holding the demo; beside it a second `serve` and the CLI
 * commands that open the directory (`import`, `create-user`, `demo`, `rules --set`,
 * `progress`) must each be refused with the message that names the directory and the
 * server's pid, a non-zero exit (5) and no change to the data. Then the server is killed with
 * SIGKILL: a new server must start on the directory at once (the lock went with the process)
 * and the data must be as it was, with every index intact (`verify-rollups` runs amcheck).
 *
 *   npm run test:faults
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, sql } from '@giaoban/db';
import { startServerProcess, type ServerProcess } from '../scale/cluster.ts';

const CLI = fileURLToPath(new URL('../../../cli/bin/giaoban.js', import.meta.url));
const CAMPAIGN = 'tntn-he-2023';
/** The exit code of a command refused a data directory another process holds (README). */
const EXIT_DATA_DIR_LOCKED = 5;
/** The tables a refused command could have written, fingerprinted row by row. */
const TABLES = ['units', 'campaigns', 'campaign_indicators', 'targets', 'reports', 'report_values', 'rollup_summary', 'users', 'audit_log'] as const;

const log = (line: string) => console.log(`[data-dir-lock] ${line}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const dir = mkdtempSync(join(tmpdir(), 'giaoban-fault-lock-'));
const dataDir = join(dir, 'data');
const running: ChildProcess[] = [];
afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function giaoban(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '', GIAOBAN_DATA_DIR: dataDir, ...env }, timeout: 180_000,
    }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function startServe(): Promise<{ child: ChildProcess; server: ServerProcess; ms: number }> {
  const t0 = performance.now();
  const { process: child, server } = await startServerProcess({ DATABASE_URL: '', GIAOBAN_DATA_DIR: dataDir, GIAOBAN_REMINDER_INTERVAL_SECONDS: '0' }, 180_000);
  running.push(child);
  return { child, server, ms: performance.now() - t0 };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Rows and a digest of each table, read with no server running. */
async function fingerprint(): Promise<Record<string, { rows: number; digest: string }>> {
  const database = await openDatabase({ dataDir, migrate: false });
  try {
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const table of TABLES) {
      const [row] = await queryRows<{ rows: number; digest: string }>(database.db, sql`
        select count(*)::int8 as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(table)} t`);
      result[table] = row!;
    }
    return result;
  } finally {
    await database.close();
  }
}

describe('a PGlite data directory held by a running server', () => {
  it('refuses every second process, and is free again the moment the server is killed with -9', async () => {
    const loaded = await giaoban(['demo']);
    expect(loaded.code, loaded.stderr).toBe(0);
    const before = await fingerprint();
    log(`demo loaded: ${before.reports!.rows} reports, ${before.report_values!.rows} values, ${before.users!.rows} accounts`);

    const first = await startServe();
    log(`server pid ${first.server.pid} on ${first.server.url} (started in ${secs(first.ms)})`);
    const csv = join(dir, 'values.csv');
    writeFileSync(csv, 'unit,period,indicator,value\n01,2023-W27,tuyen-pho,5\n');
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ reminders: { remindBeforeHours: 6, escalateAfterHours: 1, escalateFurtherAfterHours: 24, staleAfterHours: 48 } }));
    const attempts: [string, string[]][] = [
      ['serve', ['serve', '--port', '0']],
      ['import', ['import', csv, '--campaign', CAMPAIGN]],
      ['create-user', ['create-user', '--username', 'ben-canh', '--password', 'Mat-khau-2023', '--role', 'viewer', '--unit', 'TW']],
      ['demo', ['demo']],
      ['rules --set', ['rules', '--campaign', CAMPAIGN, '--set', rules]],
      ['progress', ['progress', '--campaign', CAMPAIGN, '--as-of', '2023-07-09']],
    ];
    const expected = `Lỗi: thư mục dữ liệu ${realpathSync(dataDir)} đang được một tiến trình khác dùng (pid ${first.server.pid})`;
    const problems: string[] = [];
    let refused = 0;
    for (const [name, args] of attempts) {
      const t0 = performance.now();
      const res = await giaoban(args, { HOST: '127.0.0.1' });
      const ok = res.code === EXIT_DATA_DIR_LOCKED && res.stderr.trim().split('\n').length === 1 && res.stderr.startsWith(expected)
        && res.stderr.includes('Hãy dừng máy chủ đó, hoặc làm việc qua API của nó');
      if (ok) refused++;
      else problems.push(`${name}: exit ${res.code}, stdout ${JSON.stringify(res.stdout.slice(0, 300))}, stderr ${JSON.stringify(res.stderr.slice(0, 300))}`);
      log(`${name.padEnd(12)} exit ${res.code} in ${secs(performance.now() - t0)}${ok ? ', refused' : ', NOT REFUSED'}`);
    }
    console.log(`second processes refused: ${refused}/${attempts.length}`);
    expect(problems).toEqual([]);
    const health = await fetch(`${first.server.url}/api/health`);
    expect(health.status).toBe(200);

    first.child.kill('SIGKILL');
    await exited(first.child);
    const second = await startServe();
    log(`after kill -9: a new server (pid ${second.server.pid}) started on the directory in ${secs(second.ms)}`);
    expect((await fetch(`${second.server.url}/api/health`)).status).toBe(200);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const after = await fingerprint();
    const changed = TABLES.filter((t) => after[t]!.rows !== before[t]!.rows || after[t]!.digest !== before[t]!.digest);
    console.log(`tables unchanged: ${TABLES.length - changed.length}/${TABLES.length}${changed.length ? ` (changed: ${changed.join(', ')})` : ''}`);
    expect(changed).toEqual([]);
    const verify = await giaoban(['verify-rollups']);
    console.log(`verify-rollups after the kill: exit ${verify.code}; ${verify.stdout.trim().split('\n').join(' / ')}`);
    expect(verify.stdout).toMatch(/Chỉ mục nguyên vẹn/);
    expect(verify.code).toBe(0);
  });
});
