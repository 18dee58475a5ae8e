/**
 * What the input guard (packages/server/src/input-guard.ts, issue 16) costs a submission: the
 * walk of a storm-like body (11 figures and 11 explanations) looking for text PostgreSQL cannot
 * store and for nesting past the bound, repeated; prints the time per body. Nothing written
 * anywhere; run it on both sides of a change to compare.
 *
 *   npx tsx packages/cli/bench/input-guard.bench.ts [--bodies 200000]
 */
import { parseArgs } from 'node:util';
import { formatNumber } from '@giaoban/core';
import { findInputProblem } from '../../server/src/http/index.ts';

const { values: opts } = parseArgs({ options: { bodies: { type: 'string', default: '200000' } } });
const bodies = Number(opts.bodies);
const codes = Array.from({ length: 11 }, (_, i) => `chi-tieu-${i}`);
const body = {
  values: Object.fromEntries(codes.map((c, i) => [c, 100 + i])),
  explanations: Object.fromEntries(codes.map((c) => [c, 'Đã kiểm tra số liệu.'])),
  highlights: 'Ra quân đồng loạt ở 12 xã, 3 công trình thanh niên khởi công.',
  version: 3,
};
for (let round = 1; round <= 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < bodies; i++) if (findInputProblem(body)) throw new Error('a clean body was refused');
  console.log(`round ${round}: ${formatNumber(((performance.now() - t0) * 1000) / bodies, 2)} µs per body`);
}
