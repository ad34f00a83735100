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
        ['p5', 'tone', 'socket.io', 'socket.io-client', 'express', ...NODE, ...NODE.map((n) => `node:${n}`)],
        'core/ is pure: no other folder, no DOM/Node/p5/Tone/sockets (docs/ARCHITECTURE.md)',
      ),
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core/ takes a seeded generator (core/random.ts)' }],
    },
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
    // The phone's size budget: no validation library on the phone (core/protocolConstants.ts is zod-free).
    files: ['controller/phone/**/*.ts'],
    rules: boundary(['server', 'display', 'test', 'bench'], ['p5', 'tone', 'express', 'zod', 'zod/mini', '../../core/protocol.ts', '../../core/preset.ts', ...NODE.map((n) => `node:${n}`)], 'the phone imports only zod-free core/ modules and its own (60 KiB budget)', true),
  },
);
