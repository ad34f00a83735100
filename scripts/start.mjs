#!/usr/bin/env node
// `npm start`: install on first run, build the pages and the hub when sources are newer than the
// build, then run the built hub under its supervisor. Arguments after `--` go to the hub (`npm start -- --help`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

spawnSync(process.execPath, [join(root, 'scripts', 'ensure.mjs')], { stdio: 'inherit' });

function newest(dir) {
  let best = 0;
  if (!existsSync(dir)) return best;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    best = Math.max(best, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return best;
}

// The pages and the hub are built together; the oldest of the two outputs decides.
const outputs = [join(root, 'dist', 'display', 'index.html'), join(root, 'dist', 'server', 'main.mjs'), join(root, 'dist', 'server', 'supervisor.mjs')];
const builtAt = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
const sources = Math.max(
  ...['display', 'controller', 'core', 'server', 'public'].map((d) => newest(join(root, d))),
  ...['package-lock.json', 'vite.config.ts', 'vite.server.config.ts'].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)),
);
const help = args.includes('--help') || args.includes('-h');
if (help && builtAt < sources) {
  // Reading the options needs no build: ask the sources.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts'), ...args], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (builtAt < sources) {
  console.log('[dreamscape] building the pages and the hub (vite build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, [join(root, 'dist', 'server', 'supervisor.mjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
