import { defineConfig } from 'vitest/config';

/** `npm test`: unit, integration and real-Chromium suites, in a fixed order, files in parallel. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/chaos/long/**', 'node_modules/**'],
    sequence: { shuffle: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
