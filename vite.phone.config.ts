import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/**
 * The phone page built on its own, after `vite.config.ts` (into the same `dist/`, which it does not
 * empty): in one build with the wall and the console, the phone would load the chunk it shares with
 * them, and with it every part of zod the full-zod pages use. Alone, it keeps only what its own
 * `zod/mini` contract uses (`core/wire/phone.ts`): its 60 KiB budget is checked by
 * `test/controller/bundleSize.test.ts`.
 */
export default defineConfig({
  root: '.',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    rollupOptions: {
      input: { controller: resolve(import.meta.dirname, 'controller/index.html') },
      output: { entryFileNames: 'assets/phone-[name]-[hash].js', chunkFileNames: 'assets/phone-[name]-[hash].js', assetFileNames: 'assets/phone-[name]-[hash][extname]' },
    },
  },
});
