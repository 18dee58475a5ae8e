#!/usr/bin/env -S node --max-semi-space-size=64
// The CLI runs the TypeScript sources directly through tsx (no build step).
//
// --max-semi-space-size=64 (MB; Node 20's default is 16): a submission's objects live for the
// few tens of milliseconds its group takes to write, long enough to outlive a small young
// generation and be promoted, then collected the expensive way. With 64 MB they die young:
// the deadline storm went from 529–599 to 681–785 submissions/s on the same 2-core machine
// (BENCHMARKS.md). `env -S` splits the line into arguments (coreutils ≥ 8.30, BSD, macOS);
// run as `node packages/cli/bin/giaoban.js`, pass the flag yourself.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
