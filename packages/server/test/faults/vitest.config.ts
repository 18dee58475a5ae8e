/**
 * The fault suite (issue 16): `npm run test:faults`. Each file starts, kills and restarts real
 * server processes on real databases, so files run one at a time, with room for slow machines.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../../../', import.meta.url)),
    include: ['packages/server/test/faults/**/*.fault.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    fileParallelism: false,
    retry: 0,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
  },
});
