// Whether the build in dist/ (pages and hub) is older than what it is built from. Shared by
// `npm start` (which rebuilds then) and the start-up benchmark (which must not rebuild).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let best = 0;
  for (const entry of readdirSync(path)) best = Math.max(best, newest(join(path, entry)));
  return best;
}

/** Files `npm run build` writes that `npm start` needs. */
export function buildOutputs(root) {
  return [join(root, 'dist', 'display', 'index.html'), join(root, 'dist', 'controller', 'index.html'), join(root, 'dist', 'server', 'main.mjs'), join(root, 'dist', 'server', 'supervisor.mjs')];
}

/** @returns true when an output is missing or older than a source, a config or the lockfile. */
export function buildIsStale(root) {
  const builtAt = Math.min(...buildOutputs(root).map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
  const sources = Math.max(
    ...['display', 'controller', 'core', 'server', 'public'].map((d) => newest(join(root, d))),
    ...['package-lock.json', 'vite.config.ts', 'vite.phone.config.ts', 'vite.server.config.ts'].map((f) => newest(join(root, f))),
  );
  return builtAt < sources;
}
