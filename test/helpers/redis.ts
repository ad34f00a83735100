/**
 * A real `redis-server` for cluster tests: started on a free loopback port, no persistence (no RDB,
 * no AOF), its working folder a fresh temp dir, killed at the end. A machine without it fails the
 * test with the line that installs it (never a silent skip).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The install line a missing binary's error names (Debian/Ubuntu; `.ci/run` runs it too). */
export const REDIS_INSTALL = 'apt-get install -y redis-server';

/** A running redis-server owned by the test. */
export interface RedisProcess {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL and wait for the exit; the temp dir is removed. Safe to call twice. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that hangs without closing its sockets. */
  pause(): void;
  resume(): void;
  /** Kills it and, after `downMs`, starts a fresh one on the same port (data lost: no persistence). */
  restart(downMs?: number): Promise<void>;
}

/** Path of `redis-server`, or null when it is not installed. */
export function redisServerPath(): string | null {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    const r = spawnSync(p, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return p;
  }
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'redis-server' : null;
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done, fail) => {
    const deadline = Date.now() + 10_000;
    const poll = (): void => {
      if (child.exitCode !== null) return fail(new Error(`redis-server exited (${child.exitCode}):\n${out}`));
      // Ready once its port answers PING.
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => c.write('PING\r\n'));
      c.once('data', (d: Buffer) => {
        c.destroy();
        if (d.toString().startsWith('+PONG')) done(child);
        else retry();
      });
      c.once('error', () => {
        c.destroy();
        retry();
      });
    };
    const retry = (): void => {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        fail(new Error(`redis-server did not answer on port ${port} within 10 s:\n${out}`));
      } else setTimeout(poll, 50);
    };
    poll();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * Starts a throwaway redis-server. Throws, naming {@link REDIS_INSTALL}, when none is installed.
 */
export async function startRedis(): Promise<RedisProcess> {
  const bin = redisServerPath();
  if (!bin) throw new Error(`redis-server is not installed; the cluster tests need it: ${REDIS_INSTALL}`);
  const dir = mkdtempSync(join(tmpdir(), 'dreamscape-redis-'));
  const port = await freePort();
  let child = await launch(bin, port, dir);
  let dead = false;
  const handle: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get child() {
      return child;
    },
    async kill() {
      if (dead) return;
      dead = true;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async restart(downMs = 0) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited(child);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = await launch(bin, port, dir);
    },
  };
  return handle;
}
