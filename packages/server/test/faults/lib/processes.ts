/**
 * The processes of a fault test: `giaoban serve` (started with the scale tests' helper, on a
 * port it picks itself), killed with SIGKILL or stopped with SIGTERM, and one-shot CLI
 * commands such as `giaoban verify-rollups`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../../scale/cluster.ts';
import type { FaultTarget } from './targets.ts';

export const CLI = fileURLToPath(new URL('../../../../cli/bin/giaoban.js', import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** How long it took from spawning to listening. */
  readonly startMs: number;
  /** Everything it printed so far. */
  output(): string;
  /** Whether the process is still alive (it may die on its own: a test must notice). */
  alive(): boolean;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, as an operator stops it; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess): Promise<void> {
  if (gone(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `giaoban serve` on `target`; rejects with its output if it exits or does not listen in time. */
export async function startServer(target: FaultTarget, env: Readonly<Record<string, string>> = {}, timeoutMs = 120_000): Promise<RunningServer> {
  const t0 = performance.now();
  const { process: child, server } = await startServerProcess({ ...target.env, ...env }, timeoutMs);
  const startMs = performance.now() - t0;
  return {
    url: server.url,
    pid: server.pid,
    startMs,
    output: server.output,
    alive: () => !gone(child),
    async kill9() {
      if (!gone(child)) child.kill('SIGKILL');
      await waitForExit(child);
    },
    async stop(stopTimeoutMs = 30_000) {
      if (gone(child)) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      child.kill('SIGTERM');
      await waitForExit(child);
      clearTimeout(timer);
    },
  };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly ms: number;
}

/** Runs `giaoban <args…>` on `target` to its end (killed after `timeoutMs`). */
export function runCli(target: FaultTarget, args: readonly string[], timeoutMs = 180_000): Promise<CliResult> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args, ...target.cliArgs], {
    env: { ...process.env, ...target.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': the output is complete only once the pipes are.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output: output.trim(), ms: performance.now() - t0 });
    });
  });
}
