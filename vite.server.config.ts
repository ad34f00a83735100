import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/**
 * The hub built for Node: `server/main.ts` and its supervisor bundled into `dist/server/*.mjs`, with
 * packages left in node_modules. `npm start` runs this build, so a show pays neither the TypeScript
 * loader's start-up nor its ~30 MB (its module hooks run in a second V8 isolate).
 */
export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist/server',
    emptyOutDir: true,
    sourcemap: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'server/main.ts'),
        supervisor: resolve(import.meta.dirname, 'server/supervisor.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
});
