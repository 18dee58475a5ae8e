/**
 * Documents benchmark: what drafting the phase-1 conclusion notice costs, on this machine.
 *
 *   npm run bench:documents                 # 20 runs, a Markdown section on stdout
 *   npm run bench:documents -- --runs 5
 *
 * The demo is loaded into a fresh PGlite database (in memory); then, 3 warm-up calls and
 * --runs timed calls of each step: (a) draftPhaseNotice (figures at the phase's last day, the
 * late units of its last week, the form), (b) renderDocx of that document, (c) both, as the
 * `…/documents/notice/1/docx` route does. Median, p95, min and max. Nothing is asserted.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { formatNumber } from '@giaoban/core';
import { openDatabase } from '@giaoban/db';
import { createServiceContext, draftPhaseNotice, renderDocx } from '@giaoban/server';
import { loadDemo } from '../src/demo/load-demo.ts';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '20' } }, strict: true });
const RUNS = Number(opts.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`--runs needs a whole number of at least 1, not "${opts.runs}"`);
  process.exit(2);
}
const log = (line: string) => console.error(line);
const ms = (n: number) => formatNumber(n, n < 10 ? 2 : 1);

async function measure(run: () => Promise<unknown>): Promise<{ median: number; p95: number; min: number; max: number }> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), min: times[0] ?? NaN, max: times.at(-1) ?? NaN };
}

const started = Date.now();
const db = await openDatabase({ dataDir: 'memory://' });
const ctx = createServiceContext(db);
const loadStart = performance.now();
await loadDemo(ctx);
const loadMs = performance.now() - loadStart;
log(`demo loaded in ${ms(loadMs)} ms`);
const form = { number: 46, date: '06/07/2023', precision: 2 };
const doc = await draftPhaseNotice(ctx, { campaign: 'tntn-he-2023', phase: 1 }, form);
const size = (await renderDocx(doc)).length;
const rows: [string, Awaited<ReturnType<typeof measure>>][] = [
  ['(a) draftPhaseNotice: figures, late units, form → document', await measure(() => draftPhaseNotice(ctx, { campaign: 'tntn-he-2023', phase: 1 }, form))],
  ['(b) renderDocx: document → .docx', await measure(() => renderDocx(doc))],
  ['(c) both (the .docx download)', await measure(async () => renderDocx(await draftPhaseNotice(ctx, { campaign: 'tntn-he-2023', phase: 1 }, form)))],
];
await db.close();
const load = os.loadavg().map((l) => formatNumber(l, 2)).join(' / ');
const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
console.log([
  '## Documents: drafting the phase-1 conclusion notice (issue 5)',
  '',
  `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:documents\` (the whole run took ${formatNumber((Date.now() - started) / 1000, 1)} s).`,
  '',
  `- Machine: ${cpu}, ${os.cpus().length} cores, ${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}, Node ${process.version}; load average (1 / 5 / 15 min) ${load} at the end.`,
  `- Data: the demo (67 units below the centre, 11 indicators, 399 weekly reports with their history) in PGlite in memory, loaded in ${formatNumber(loadMs / 1000, 1)} s; the notice of phase 1, ${formatNumber(size / 1024, 1)} KB as .docx.`,
  `- ${RUNS} timed calls of each step after 3 warm-up calls.`,
  '',
  '| step | median (ms) | p95 (ms) | min – max (ms) |',
  '|---|---:|---:|---:|',
  ...rows.map(([name, r]) => `| ${name} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.min)} – ${ms(r.max)} |`),
  '',
].join('\n'));
