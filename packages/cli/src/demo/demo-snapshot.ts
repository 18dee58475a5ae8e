/**
 * The demo, prepared once at install time (`giaoban demo --snapshot`, run by the root
 * package's `prepare`), so that `npm start`'s first run copies a data directory instead of
 * replaying the demo's history for most of a minute (issue 18, "a newcomer's first minutes").
 *
 * The snapshot is the data directory `loadDemo` itself wrote: the same loader, the same
 * services, the same input. It records a fingerprint of everything that decides its content
 * (the demo's code and unit list, the services, the domain, the storage code and migrations,
 * the locked dependency versions); a snapshot whose fingerprint differs from the code now on
 * disk is never used, and `serve --demo` loads the demo the slow way instead.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDatabaseEmpty, openServiceContext, type Config } from '@giaoban/server';
import { loadDemo } from './load-demo.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where `prepare` leaves the snapshot: a cache beside the installed packages, never committed. */
export const DEMO_SNAPSHOT_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'giaoban-demo');

/** What decides the demo's data, relative to the repository root (directories are walked). */
const INPUTS = [
  'packages/cli/src/demo', 'packages/server/src', 'packages/core/src', 'packages/db/src', 'packages/db/migrations', 'package-lock.json',
];
const IGNORED = /\.test\.ts$|(^|\/)node_modules(\/|$)/;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => filesUnder(join(path, entry.name)))
    .filter((file) => !IGNORED.test(relative(REPO_ROOT, file)));
}

/** A fingerprint of the code and input the demo is built from (sha-256, hex). */
export function demoFingerprint(root: string = REPO_ROOT): string {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesUnder(join(root, input))).map((file) => relative(root, file)).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const dataOf = (snapshotDir: string) => join(snapshotDir, 'data');
const fingerprintOf = (snapshotDir: string) => join(snapshotDir, 'fingerprint');

/** Whether `snapshotDir` holds a whole snapshot built from the code now on disk. */
export function demoSnapshotIsCurrent(snapshotDir: string = DEMO_SNAPSHOT_DIR, fingerprint: string = demoFingerprint()): boolean {
  try {
    return readFileSync(fingerprintOf(snapshotDir), 'utf8').trim() === fingerprint && existsSync(dataOf(snapshotDir));
  } catch {
    return false;
  }
}

/**
 * Loads the demo into a new data directory with `loadDemo` and puts it at `snapshotDir`
 * with its fingerprint. Built beside the old one and renamed into place, so an interrupted
 * build never leaves a half snapshot that looks current.
 */
export async function buildDemoSnapshot(
  config: Config, snapshotDir: string = DEMO_SNAPSHOT_DIR, log: (line: string) => void = () => {}, fingerprint: string = demoFingerprint(),
): Promise<void> {
  const building = `${snapshotDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    const ctx = await openServiceContext({ ...config, databaseUrl: undefined, databaseReadUrl: undefined, dataDir: dataOf(building) });
    try {
      if (!(await isDatabaseEmpty(ctx))) throw new Error(`${dataOf(building)} is not empty`);
      await loadDemo(ctx, log);
    } finally {
      await ctx.close();
    }
    writeFileSync(fingerprintOf(building), `${fingerprint}\n`);
    rmSync(snapshotDir, { recursive: true, force: true });
    renameSync(building, snapshotDir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies a current snapshot into `dataDir` when that directory is new (missing or empty) on
 * the embedded database; true when it did. Anything else (a server database, memory://, a
 * directory with data, no snapshot or an outdated one) is left for the demo loader.
 */
export function seedFromDemoSnapshot(config: Config, snapshotDir: string = DEMO_SNAPSHOT_DIR, fingerprint?: string): boolean {
  const dataDir = config.dataDir;
  if (config.databaseUrl || dataDir.startsWith('memory://')) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  if (!demoSnapshotIsCurrent(snapshotDir, fingerprint)) return false;
  cpSync(dataOf(snapshotDir), dataDir, { recursive: true });
  return true;
}
