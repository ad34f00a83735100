import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/** Multi-page build: the wall (display), the phone (controller) and the VJ console (operator). */
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
        controller: resolve(import.meta.dirname, 'controller/index.html'),
        operator: resolve(import.meta.dirname, 'controller/operator.html'),
      },
    },
  },
  server: { host: '127.0.0.1' },
});
