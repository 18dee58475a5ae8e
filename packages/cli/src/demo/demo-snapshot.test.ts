/**
 * The demo prepared at install time is the demo: a data directory seeded from the snapshot
 * holds, table by table, what loading the demo afresh writes; an outdated snapshot, a
 * directory that already has data, or a database that is not a local directory are never
 * touched.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, openServiceContext, type ServiceContext } from '@giaoban/server';
import { buildDemoSnapshot, demoFingerprint, demoSnapshotIsCurrent, seedFromDemoSnapshot } from './demo-snapshot.ts';
import { loadDemo } from './load-demo.ts';

let dir: string;
let snapshotDir: string;
/** Taken once: the code on disk may change while the demo loads (others edit the tree). */
let fingerprint: string;
beforeAll(() => {
  fingerprint = demoFingerprint();
  dir = mkdtempSync(join(tmpdir(), 'giaoban-snapshot-'));
  snapshotDir = join(dir, 'snapshot');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configAt = (dataDir: string) => loadConfig({}, { dataDir, databaseUrl: undefined, databaseReadUrl: undefined });

/** Rows of every table, and the sum of every figure: what the demo wrote, in numbers. */
async function contentsOf(ctx: ServiceContext): Promise<Record<string, number>> {
  const rows = async (query: string) => (await ctx.db.execute(query) as unknown as { rows: Record<string, unknown>[] }).rows;
  const tables = (await rows("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"))
    .map((r) => String(r.table_name));
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await rows(`select count(*) as n from "${table}"`))[0]!.n);
  counts['sum of report values'] = Number((await rows('select coalesce(sum(value), 0) as s from report_values'))[0]!.s);
  return counts;
}

async function contentsAt(dataDir: string): Promise<Record<string, number>> {
  const ctx = await openServiceContext(configAt(dataDir));
  try {
    return await contentsOf(ctx);
  } finally {
    await ctx.close();
  }
}

describe('the demo snapshot', () => {
  it('seeds a new data directory with exactly what loading the demo afresh writes', async () => {
    await buildDemoSnapshot(configAt('unused'), snapshotDir, () => {}, fingerprint);
    expect(demoSnapshotIsCurrent(snapshotDir, fingerprint)).toBe(true);
    const seeded = join(dir, 'seeded');
    expect(seedFromDemoSnapshot(configAt(seeded), snapshotDir, fingerprint)).toBe(true);
    const fromSnapshot = await contentsAt(seeded);

    const fresh = await openServiceContext(configAt('memory://'));
    let loaded: Record<string, number>;
    try {
      await loadDemo(fresh);
      loaded = await contentsOf(fresh);
    } finally {
      await fresh.close();
    }
    expect(fromSnapshot).toEqual(loaded);
    // The demo's own numbers, so an empty snapshot cannot pass as equal to an empty load.
    // TW, the 67 under it, the 19 below Hà Nội and Lào Cai; from 01/07/2025 the 23 merged
    // provinces and the new versions of the 8 grassroots units that went up to their province.
    expect(fromSnapshot.units).toBe(87 + 23 + 8);
    expect(fromSnapshot.reorganisations).toBe(1);
    expect(fromSnapshot.reports).toBeGreaterThan(300);
    expect(fromSnapshot.audit_log).toBeGreaterThan(fromSnapshot.reports!);
    expect(fromSnapshot.notifications).toBe(loaded.notifications);
  }, 600_000);

  it('is not used when it is outdated, the directory has data, or the database is not a local directory', () => {
    const target = join(dir, 'target');
    writeFileSync(join(snapshotDir, 'fingerprint'), 'built from other code\n');
    expect(demoSnapshotIsCurrent(snapshotDir, fingerprint)).toBe(false);
    expect(seedFromDemoSnapshot(configAt(target), snapshotDir, fingerprint)).toBe(false);
    writeFileSync(join(snapshotDir, 'fingerprint'), `${fingerprint}\n`);

    mkdirSync(target);
    writeFileSync(join(target, 'PG_VERSION'), '17\n');
    expect(seedFromDemoSnapshot(configAt(target), snapshotDir, fingerprint)).toBe(false);
    expect(readdirSync(target)).toEqual(['PG_VERSION']);
    expect(seedFromDemoSnapshot(configAt('memory://'), snapshotDir, fingerprint)).toBe(false);
    expect(seedFromDemoSnapshot(loadConfig({}, { dataDir: join(dir, 'other'), databaseUrl: 'postgres://x@127.0.0.1/y' }), snapshotDir, fingerprint)).toBe(false);
    expect(seedFromDemoSnapshot(configAt(join(dir, 'other')), snapshotDir, fingerprint)).toBe(true);
  });
});

describe('demoFingerprint', () => {
  it('changes with the demo\'s code and input, not with its tests', () => {
    const root = join(dir, 'repo');
    const demoDir = join(root, 'packages/cli/src/demo');
    cpSync(new URL('.', import.meta.url), demoDir, { recursive: true });
    const before = demoFingerprint(root);
    expect(demoFingerprint(root)).toBe(before);
    writeFileSync(join(demoDir, 'demo-data.test.ts'), '// a test changed');
    expect(demoFingerprint(root)).toBe(before);
    const csv = join(demoDir, 'units-vn-2023.csv');
    writeFileSync(csv, `${readFileSync(csv, 'utf8')}\n`);
    const afterInput = demoFingerprint(root);
    expect(afterInput).not.toBe(before);
    writeFileSync(join(root, 'packages/cli/src/demo/load-demo.ts'), '// the loader changed');
    expect(demoFingerprint(root)).not.toBe(afterInput);
  });
});
