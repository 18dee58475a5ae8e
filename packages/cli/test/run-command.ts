/** Runs a CLI command in-process as main.ts does, on a data directory: its exit code and what it printed. */
import { vi } from 'vitest';
import { reportError } from '../src/commands/shared.ts';

export async function runCommand(command: (args: string[]) => Promise<number>, args: readonly string[], dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  let code: number;
  try {
    code = await command([...args, '--data-dir', dataDir]);
  } catch (e) {
    code = reportError(e);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
