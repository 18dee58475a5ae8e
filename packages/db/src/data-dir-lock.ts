/**
 * One process owns a PGlite data directory (issue 16): PGlite takes no lock of its own, and
 * two processes on one directory each acknowledge writes that the other then loses, and
 * corrupt its indexes. PGlite writes on open and on close, so even a reader must hold it.
 *
 * The lock is a listening Unix socket whose name is derived from the directory's real path:
 * - Linux: in the abstract namespace (`\0giaoban-pglite-<hash>`). It is not a file: the kernel
 *   frees the name when the process ends, however it ends (kill -9, a crash, out of memory),
 *   so there is never a stale lock to guess about.
 * - Windows: a named pipe (`\\.\pipe\giaoban-pglite-<hash>`), freed by the kernel the same way.
 * - Elsewhere (macOS, BSD): a socket file in the temporary directory. The file outlives a
 *   killed holder; a name that is taken but refuses connections is such a leftover, removed
 *   and bound again.
 * Why not flock(2): Node has no binding for it, and the npm packages that offer one (fs-ext,
 * fd-lock, fs-native-lock) are native add-ons built with node-gyp or shipped as prebuilt
 * binaries; a pid file needs a liveness guess that goes wrong after pid reuse or a stalled
 * event loop (the failures reported against lock-file schemes in other PGlite users).
 * Limit: an abstract name belongs to a network namespace, so two containers that share the
 * directory but not the network are not kept apart. Give each data directory one container.
 *
 * The holder answers anyone who connects with its pid, so the refusal can name it.
 */
import { createHash } from 'node:crypto';
import { realpathSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A second opener of a data directory: `holderPid` is null when the holder did not answer. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  readonly dataDir: string;
  readonly holderPid: number | null;

  constructor(dataDir: string, holderPid: number | null) {
    super(`the PGlite data directory ${dataDir} is in use by another process${holderPid === null ? '' : ` (pid ${holderPid})`}`);
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.holderPid = holderPid;
  }
}

export interface DataDirLock {
  /** The directory's real path (symbolic links resolved), the one the lock is named after. */
  readonly dataDir: string;
  /** Frees the name; call it after the database is closed. */
  release(): Promise<void>;
}

/** How long a second opener waits for the holder to say its pid (a busy holder may not). */
const ASK_HOLDER_MS = 1_000;

/** The socket address that stands for a directory (its real path) on a platform. */
export function lockAddress(realDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(realDir).digest('hex').slice(0, 32);
  if (platform === 'linux') return `\0giaoban-pglite-${hash}`;
  if (platform === 'win32') return `\\\\.\\pipe\\giaoban-pglite-${hash}`;
  return join(tmpdir(), `giaoban-pglite-${hash}.sock`);
}

/**
 * Takes the lock on an existing directory, or throws DataDirLockedError naming the holder.
 * The lock lasts until `release` or the end of the process; it never keeps the process alive.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const realDir = realpathSync(dataDir);
  const address = lockAddress(realDir);
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${JSON.stringify({ pid: process.pid })}\n`);
  });
  try {
    await listen(server, address);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const holder = await askHolder(address);
    const isFile = !address.startsWith('\0') && !address.startsWith('\\\\');
    if (holder !== 'gone' || !isFile) throw new DataDirLockedError(realDir, holder === 'gone' ? null : holder.pid);
    // A socket file left by a holder that was killed (not Linux, not Windows).
    unlinkSync(address);
    await listen(server, address).catch((again: unknown) => {
      throw (again as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new DataDirLockedError(realDir, null) : again;
    });
  }
  server.unref();
  let released: Promise<void> | null = null;
  return {
    dataDir: realDir,
    release: () => (released ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The holder's pid, null when it did not say in time, 'gone' when nobody listens. */
function askHolder(address: string): Promise<{ pid: number | null } | 'gone'> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection(address);
    const done = (result: { pid: number | null } | 'gone') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ pid: null }), ASK_HOLDER_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => {
      try {
        const pid = (JSON.parse(answer) as { pid?: unknown }).pid;
        done({ pid: typeof pid === 'number' && Number.isInteger(pid) ? pid : null });
      } catch {
        done({ pid: null });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      done(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'gone' : { pid: null });
    });
  });
}
