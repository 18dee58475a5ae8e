/**
 * The outlier check of one figure against a district's siblings (issue 6's 250.000-unit bend):
 * flagOutlier with a short history (so the siblings are consulted) and `--peers` sibling figures
 * scaled by targets (two decimals, as the server scales them), repeated; prints the time per check.
 * Nothing written anywhere; run it on both sides of a change to compare.
 *
 *   npx tsx packages/cli/bench/outliers.bench.ts [--peers 360] [--checks 20000]
 */
import { parseArgs } from 'node:util';
import { flagOutlier, formatNumber, seededRandom } from '@giaoban/core';

const { values: opts } = parseArgs({ options: { peers: { type: 'string', default: '360' }, checks: { type: 'string', default: '20000' } } });
const random = seededRandom(6);
// Figures scaled to the unit's size are estimates rounded to two decimals, not whole numbers.
const peers = Array.from({ length: Number(opts.peers) }, () => Math.round(random() * 50_000) / 100);
const checks = Number(opts.checks);
let flagged = 0;
for (let round = 1; round <= 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < checks; i++) {
    if (flagOutlier({ value: 150 + (i % 7), history: [100, 110], peers, peersScaledByTarget: true })) flagged++;
  }
  const us = ((performance.now() - t0) * 1000) / checks;
  console.log(`round ${round}: ${formatNumber(us, 1)} µs per check against ${formatNumber(peers.length)} siblings (${flagged} flagged so far)`);
}
