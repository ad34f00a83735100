import { defineConfig } from 'vitest/config';

/**
 * `npm run chaos`: every chaos scenario at full size (test/chaos, including test/chaos/long) and
 * the supervisor's own tests, one file at a time so that no scenario measures another's load.
 * Takes about 15 minutes; the soak alone plays 60 minutes of show time in 7.5.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts', 'test/server/supervisor*.test.ts'],
    exclude: ['node_modules/**'],
    env: { DREAMSCAPE_CHAOS: 'full' },
    sequence: { shuffle: false },
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
