/**
 * Loads the demo once per run into a template data directory; every test file's server
 * starts from a copy of it (harness.ts), so the history is replayed once, not per file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TEMPLATE_ENV, loadDemoInto } from './harness.ts';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'giaoban-e2e-demo-'));
  const dataDir = join(dir, 'data');
  await loadDemoInto(dataDir);
  process.env[DEMO_TEMPLATE_ENV] = dataDir;
  return () => rmSync(dir, { recursive: true, force: true });
}
