/**
 * Bench processes built the way `npm start` runs the hub: bundled for Node by Vite (packages left in
 * node_modules), run without the TypeScript loader, so memory and start-up figures are the shipped
 * hub's and not tsx's (its module hooks cost a second V8 isolate, ~30 MB).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Inside node_modules, so the bundle's bare imports resolve to the project's packages. */
const OUT = join(ROOT, 'node_modules', '.cache', 'dreamscape-bench');
const built = new Map<string, Promise<URL>>();

/**
 * Bundles a TypeScript module under bench/ for Node (once per run) and returns the bundle's URL.
 * @param entry the module; @param name bundle file name (without extension).
 */
export function bundleForNode(entry: URL, name: string): Promise<URL> {
  let url = built.get(name);
  if (!url) {
    const outDir = join(OUT, name);
    mkdirSync(outDir, { recursive: true });
    url = build({
      configFile: false,
      logLevel: 'warn',
      publicDir: false,
      build: {
        ssr: true,
        outDir,
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rollupOptions: { input: { [name]: fileURLToPath(entry) }, output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' } },
      },
    }).then(() => pathToFileURL(join(outDir, `${name}.mjs`)));
    built.set(name, url);
  }
  return url;
}
