/**
 * knip finds dead files, exports and dependencies; `npm run lint` runs it. Entry points come from the
 * plugins (Vite's pages and configs, Vitest's tests, ESLint's config) and the globs below, so a new
 * module or test needs no line here. Exported types ship no code and are the contract's vocabulary:
 * they are reported as warnings, not errors.
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    // Command-line tools and benchmarks, each run on its own (`node --import tsx …`).
    'scripts/*.{ts,mjs}',
    'bench/**/*.ts',
  ],
  project: ['core/**/*.ts', 'server/**/*.ts', 'display/**/*.ts', 'controller/**/*.ts', 'scripts/**/*.{ts,mjs}', 'bench/**/*.ts', 'test/**/*.ts', '*.ts'],
  // A constant exported beside the code that uses it is documentation, not dead code.
  ignoreExportsUsedInFile: true,
  ignoreDependencies: [
    // Loaded by ws at run time when present (faster websocket masking); never imported.
    'bufferutil',
    // Read as a file by test/e2e/phoneAccess.test.ts (injected into the page), not imported.
    'axe-core',
  ],
  // Debian's packages the tests start for real: liblo-tools (the OSC-out test, which skips with a
  // reason without them), redis-server and haproxy (the cluster tests; `.ci/run` installs them).
  ignoreBinaries: ['oscdump', 'oscsend', 'redis-server', 'haproxy'],
  rules: { types: 'warn' },
};

export default config;
