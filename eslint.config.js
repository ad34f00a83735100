// The house rules the tools can hold (docs/ARCHITECTURE.md): which folder may import what, and core's
// purity. Style is left to the reviewer; these rules guard the seams.
import tseslint from 'typescript-eslint';

/**
 * Imports a folder may not make: `patterns` for other folders, `paths` for packages and modules.
 * With `types: true`, type-only imports of those packages and modules are allowed (they ship no code).
 */
const boundary = (folders, packages = [], message, types = false) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: folders.map((f) => ({ group: [`**/${f}/**`, `../${f}/*`, `../../${f}/*`], message })),
      paths: packages.map((name) => ({ name, message, allowTypeImports: types })),
    },
  ],
});

const NODE = ['fs', 'path', 'os', 'http', 'https', 'net', 'dgram', 'crypto', 'child_process', 'worker_threads', 'url', 'events', 'stream', 'zlib', 'util', 'process', 'buffer', 'timers'];

const CORE_FORBIDDEN = ['p5', 'tone', 'socket.io', 'socket.io-client', 'express', ...NODE, ...NODE.map((n) => `node:${n}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'shots/**', 'test-results/**', 'bench/results*', 'public/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      ...boundary(
        ['server', 'display', 'controller', 'bench', 'scripts', 'test'],
        CORE_FORBIDDEN,
        'core/ is pure: no other folder, no DOM/Node/p5/Tone/sockets (docs/ARCHITECTURE.md)',
      ),
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core/ takes a seeded generator (core/random.ts)' }],
    },
  },
  {
    // What the phone loads of core/wire/ (phone.ts, common.ts, hubLink.ts) is written in zod/mini and loads
    // nothing that brings full zod, or the phone would ship it.
    files: ['core/wire/phone.ts', 'core/wire/common.ts', 'core/wire/hubLink.ts', 'core/clockOffset.ts'],
    rules: boundary(
      ['server', 'display', 'controller', 'bench', 'scripts', 'test'],
      [...CORE_FORBIDDEN, 'zod', '../protocol.ts', '../preset.ts', './wall.ts', './operator.ts'],
      "the phone's contract loads zod/mini only (core/ stays pure too)",
      true,
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: boundary(['display', 'controller', 'test', 'bench'], ['p5', 'tone'], 'the hub imports only core/ and its own modules'),
  },
  {
    files: ['display/**/*.ts'],
    rules: boundary(['server', 'controller', 'test', 'bench'], ['express', ...NODE.map((n) => `node:${n}`)], 'the wall imports only core/ and its own modules'),
  },
  {
    files: ['controller/**/*.ts'],
    rules: boundary(['server', 'display', 'test', 'bench'], ['p5', 'tone', 'express', ...NODE.map((n) => `node:${n}`)], 'the pages import only core/ and their own modules'),
  },
  {
    // The phone's size budget (60 KiB gzipped): it parses with zod/mini, tree-shaken, and the
    // /audience contract written in it (core/wire/phone.ts, core/wire/common.ts); full zod, and the
    // modules that load it (the protocol barrel, the other contracts, presets), only as types.
    files: ['controller/phone/**/*.ts'],
    rules: boundary(['server', 'display', 'test', 'bench'], ['p5', 'tone', 'express', 'zod', '../../core/protocol.ts', '../../core/preset.ts', '../../core/wire/wall.ts', '../../core/wire/operator.ts', ...NODE.map((n) => `node:${n}`)], 'the phone loads zod/mini only: core/wire/phone.ts and common.ts, not full zod (60 KiB budget)', true),
  },
);
