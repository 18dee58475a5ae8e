/** The lock on a PGlite data directory, held by real processes: refused, named, freed by kill -9. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockAddress, lockDataDir } from './data-dir-lock.ts';
import { openDatabase } from './connection.ts';

const LOCK_MODULE = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'giaoban-lock-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Another process that takes the lock and keeps it until killed; resolves once it holds it. */
function holder(dir: string): Promise<ChildProcess> {
  const script = `const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    await lockDataDir(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('lockDataDir', () => {
  it('refuses a directory another process holds, naming its pid, and takes it once that process is killed with -9', async () => {
    const dir = freshDir('killed');
    const other = await holder(dir);
    try {
      const refused = await lockDataDir(dir).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect((refused as DataDirLockedError).holderPid).toBe(other.pid);
      expect((refused as DataDirLockedError).dataDir).toBe(dir);
    } finally {
      other.kill('SIGKILL');
      await exited(other);
    }
    // No stale file, no timeout: the kernel freed the name with the process.
    const lock = await lockDataDir(dir);
    await lock.release();
  });

  it('names the directory by its real path: another spelling or a symbolic link is the same directory', async () => {
    const dir = freshDir('linked');
    symlinkSync(dir, join(root, 'link'));
    const lock = await lockDataDir(dir);
    try {
      await expect(lockDataDir(join(root, 'link'))).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(lockDataDir(`${dir}/../linked/`)).rejects.toBeInstanceOf(DataDirLockedError);
      // A different directory is not affected.
      const other = await lockDataDir(freshDir('elsewhere'));
      await other.release();
    } finally {
      await lock.release();
    }
    expect(lockAddress(dir, 'linux').startsWith('\0giaoban-pglite-')).toBe(true);
  });

  it('is held by openDatabase for as long as the database is open, also within one process', async () => {
    const dir = freshDir('opened');
    const database = await openDatabase({ dataDir: dir });
    try {
      const refused = await openDatabase({ dataDir: dir }).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect((refused as DataDirLockedError).holderPid).toBe(process.pid);
    } finally {
      await database.close();
    }
    const again = await openDatabase({ dataDir: dir, migrate: false });
    await again.close();
  }, 120_000);
});
