import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/**
 * Multi-page build: the wall (display) and the VJ console (operator). The phone (controller) is built
 * on its own afterwards (`vite.phone.config.ts`), so it shares no chunk with pages that load full zod.
 */
export default defineConfig({
  root: '.',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      input: {
        display: resolve(import.meta.dirname, 'display/index.html'),
        operator: resolve(import.meta.dirname, 'controller/operator.html'),
      },
    },
  },
  server: { host: '127.0.0.1' },
});
