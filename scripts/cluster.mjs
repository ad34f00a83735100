#!/usr/bin/env node
// `npm run cluster -- --edges 2`: a whole cluster on this machine, for trying scale-out. Starts
// redis-server if none answers (or says how to install it), the show leader and its standby, the
// edges and haproxy in front of them, and prints the one URL (and its QR code) phones open.
// Ctrl-C stops everything it started.
//
//   npm run cluster -- [--edges N] [--port 8080] [--redis redis://127.0.0.1:6379] [--token TEXT]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIsStale } from './buildState.mjs';
import { haproxyConfig } from './haproxyConfig.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    edges: { type: 'string', default: '2' },
    port: { type: 'string', default: '8080' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    token: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run cluster -- [--edges N (1-16, default 2)] [--port BALANCER_PORT (default 8080)] [--redis URL] [--token TEXT]');
  process.exit(0);
}
const edges = Number(values.edges);
const port = Number(values.port);
if (!Number.isInteger(edges) || edges < 1 || edges > 16) fail('--edges expects 1 to 16');
if (!Number.isInteger(port) || port < 1 || port > 65535) fail('--port expects a TCP port');
const redisUrl = new URL(values.redis);

function fail(message) {
  console.error(`[cluster] ${message}`);
  process.exit(1);
}
function installed(bin) {
  return spawnSync(bin, ['-v'], { stdio: 'ignore' }).status === 0 || spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}
function answers(host, p) {
  return new Promise((done) => {
    const c = connect(Number(p), host);
    c.once('connect', () => c.write('PING\r\n'));
    c.once('data', (d) => {
      c.destroy();
      done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH'));
    });
    c.once('error', () => done(false));
    setTimeout(() => {
      c.destroy();
      done(false);
    }, 1000);
  });
}
function freePort() {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => done(p));
    });
  });
}

const children = [];
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children.reverse()) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
function start(name, cmd, args, onLine) {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const prefix = (d) =>
    d
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .forEach((l) => {
        onLine?.(l);
        if (process.env.DREAMSCAPE_CLUSTER_VERBOSE) console.log(`[${name}] ${l}`);
      });
  child.stdout.on('data', prefix);
  child.stderr.on('data', (d) => {
    prefix(d);
    if (!process.env.DREAMSCAPE_CLUSTER_VERBOSE) process.stderr.write(`[${name}] ${d}`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[cluster] ${name} exited (${signal ?? code})`);
  });
  return child;
}

if (!installed('haproxy')) fail('haproxy is not installed. On Debian/Ubuntu: sudo apt-get install haproxy');
const redisHost = redisUrl.hostname || '127.0.0.1';
const redisPort = redisUrl.port || '6379';
if (!(await answers(redisHost, redisPort))) {
  if (redisHost !== '127.0.0.1' && redisHost !== 'localhost') fail(`no Redis answers at ${values.redis}`);
  if (!installed('redis-server')) fail(`no Redis answers at ${values.redis}, and redis-server is not installed. On Debian/Ubuntu: sudo apt-get install redis-server`);
  const dir = join(root, '.dreamscape', 'redis');
  mkdirSync(dir, { recursive: true });
  console.log(`[cluster] starting redis-server on 127.0.0.1:${redisPort} (no persistence; the leader keeps the show in it)`);
  start('redis', 'redis-server', ['--port', redisPort, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  for (let i = 0; i < 50 && !(await answers(redisHost, redisPort)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(redisHost, redisPort))) fail('redis-server did not start (see its output above)');
}

spawnSync(process.execPath, [join(root, 'scripts', 'ensure.mjs')], { stdio: 'inherit' });
if (buildIsStale(root)) {
  console.log('[cluster] building the pages and the hub (vite build)…');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const hub = join(root, 'dist', 'server', 'supervisor.mjs');
const common = ['--redis', values.redis, '--log-level', 'warn'];

// The first leader makes (or reads) the installation's token; everyone else is given it.
let token = values.token;
const leaderPorts = [await freePort(), await freePort()];
const first = new Promise((done) => {
  start('leader', process.execPath, [hub, ...common, '--role', 'leader', '--host', '127.0.0.1', '--port', String(leaderPorts[0]), ...(token ? [`--token=${token}`] : [])], (line) => {
    const m = /Operator token:\s+(\S+)/.exec(line);
    if (m) done(m[1]);
  });
});
token = await first;
start('standby', process.execPath, [hub, ...common, '--role', 'leader', '--host', '127.0.0.1', '--port', String(leaderPorts[1]), `--token=${token}`]);
const edgeList = [];
for (let i = 1; i <= edges; i++) {
  const p = await freePort();
  edgeList.push({ name: `edge${i}`, host: '127.0.0.1', port: p });
  start(`edge${i}`, process.execPath, [hub, ...common, '--role', 'edge', '--port', String(p), '--public-port', String(port), `--token=${token}`]);
}
const cfg = join(root, '.dreamscape', 'haproxy.cfg');
mkdirSync(dirname(cfg), { recursive: true });
writeFileSync(cfg, haproxyConfig({ port, edges: edgeList }));
start('haproxy', 'haproxy', ['-f', cfg, '-db']);

// Wait for the edges to answer through the balancer, then print the one URL.
let ready = false;
for (let i = 0; i < 300 && !ready; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    ready = r.ok;
  } catch {
    // not yet
  }
  if (!ready) await new Promise((r) => setTimeout(r, 200));
}
if (!ready) fail('the edges did not answer through haproxy within a minute (run with DREAMSCAPE_CLUSTER_VERBOSE=1 to see why)');
const { networkInterfaces } = await import('node:os');
const lan = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';
const base = `http://${lan}:${port}`;
const QRCode = (await import('qrcode')).default;
console.log(`
  Dreamscape cluster: a leader, a standby, ${edges} edge${edges > 1 ? 's' : ''}, haproxy, Redis at ${values.redis}

  Display (open fullscreen on the projector):  ${base}/
  Phones join at:                              ${base}/c
  Operator console:                            ${base}/operator
  Operator token:                              ${token}
  Health (one edge, through the balancer):     ${base}/healthz

  Scan to join:
${(await QRCode.toString(`${base}/c`, { type: 'terminal', small: true })).replace(/^/gm, '  ')}
  Ctrl-C stops the whole cluster.`);
