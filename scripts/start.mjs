#!/usr/bin/env node
// `npm start`: install on first run, build the pages when sources are newer than the build, then
// run the hub under its supervisor. Arguments after `--` go to the hub (`npm start -- --help`).
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

const built = join(root, 'dist', 'display', 'index.html');
const sources = Math.max(newest(join(root, 'display')), newest(join(root, 'controller')), newest(join(root, 'core')));
if (!args.includes('--help') && (!existsSync(built) || statSync(built).mtimeMs < sources)) {
  console.log('[dreamscape] building the pages (vite build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'supervisor.ts'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
