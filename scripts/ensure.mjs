#!/usr/bin/env node
// Set-up that `npm start`, `npm test` and `npm run bench` share: install dependencies on a fresh
// clone, and (for tests) say exactly what is missing from the machine. Uses Node built-ins only,
// because it runs before anything is installed.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Installs from the lockfile when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(lock)) return;
  console.log('[dreamscape] installing dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[dreamscape] npm ci failed: check the network to the npm registry and try again.');
    process.exit(r.status ?? 1);
  }
}

/** Path of the Chromium used by browser tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

ensureDependencies();
if (forTests && !existsSync(chromiumPath())) {
  console.error(
    `[dreamscape] missing: Chromium at ${chromiumPath()} (browser tests drive a real Chromium).\n` +
      '  Install it with:  sudo apt-get install -y chromium\n' +
      '  or point CHROMIUM_PATH at another Chromium/Chrome binary.',
  );
  process.exit(1);
}

/** Whether a program is on the PATH (or in the sbin folders Debian puts services in). */
function onPath(name) {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => dir && existsSync(join(dir, name)));
}

// The cluster tests start a real Redis and a real haproxy, as a venue would run them.
const services = [
  ['redis-server', 'redis-server'],
  ['haproxy', 'haproxy'],
].filter(([binary]) => !onPath(binary));
if (forTests && services.length > 0) {
  const packages = services.map(([, pkg]) => pkg).join(' ');
  console.error(
    `[dreamscape] missing: ${services.map(([b]) => b).join(', ')} (the cluster tests start them for real).\n` +
      `  Install with:  sudo apt-get install -y ${packages}`,
  );
  process.exit(1);
}

