#!/usr/bin/env node
// `npm start`: install on first run, build the pages and the hub when sources are newer than the
// build, then run the built hub under its supervisor. Arguments after `--` go to the hub (`npm start -- --help`).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsStale } from './buildState.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

spawnSync(process.execPath, [join(root, 'scripts', 'ensure.mjs')], { stdio: 'inherit' });

const stale = buildIsStale(root);
const help = args.includes('--help') || args.includes('-h') || args.includes('--osc-list');
if (help && stale) {
  // Reading the options needs no build: ask the sources.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts'), ...args], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (stale) {
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
