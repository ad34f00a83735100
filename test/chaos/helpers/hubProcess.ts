/**
 * The hub as a venue runs it: `server/supervisor.ts` in its own process, on a fixed port, with a
 * state file, so a scenario can SIGKILL the hub child and watch the supervisor bring the show back.
 * The supervisor's JSON log lines (stderr) are parsed into {@link SupervisorEvent}s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root (the supervisor runs from here, as `npm start` does). */
export const ROOT = resolve(import.meta.dirname, '../../..');

/** One JSON log line of the supervisor. */
export interface SupervisorEvent {
  event: string;
  time: number;
  msg: string;
  hubPid?: number;
  port?: number;
  url?: string;
  code?: number | null;
  signal?: string | null;
  reason?: string;
  restartInMs?: number;
  crashesInARow?: number;
  startMs?: number;
  [key: string]: unknown;
}

/** A free TCP port on 127.0.0.1 (the hub must come back on the same port after a crash). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A temp folder holding a copy of the shipped presets and a state file path. */
export function venueFolder(): { dir: string; presets: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dreamscape-chaos-'));
  const presets = join(dir, 'presets');
  cpSync(join(ROOT, 'presets'), presets, { recursive: true });
  return { dir, presets, state: join(dir, 'state.json') };
}

/** Options of {@link startSupervisor}. */
export interface SupervisedHubOptions {
  /** Extra hub arguments (after the port, host, state, presets and token this helper sets). */
  args?: string[];
  port?: number;
  /** `--token` to pass; `null` passes none, so the hub uses the installation's kept token. */
  token?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Print the hub's own log lines (stdout) through. */
  echo?: boolean;
  /** Wait for the first `ready` before resolving (default true). */
  waitReady?: boolean;
}

/** A supervised hub under test. */
export interface SupervisedHub {
  url: string;
  port: number;
  token: string;
  /** Every operator token the hubs printed, in order (one per start, restarts too). */
  printedTokens: string[];
  state: string;
  presets: string;
  supervisor: ChildProcess;
  /** Every supervisor event so far. */
  events: SupervisorEvent[];
  /** Resolves with the first event (from index `from`) that passes `test`. */
  waitFor(test: (e: SupervisorEvent) => boolean, ms?: number, from?: number): Promise<SupervisorEvent>;
  /** Pid of the hub child now running (from the latest `ready`). */
  hubPid(): number;
  /** Resolves with the supervisor's exit code. */
  exited: Promise<number | null>;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<number | null>;
}

/** Starts the supervisor and waits for the first `ready`. */
export async function startSupervisor(options: SupervisedHubOptions = {}): Promise<SupervisedHub> {
  const port = options.port ?? (await freePort());
  const chosen = options.token === undefined ? 'chaos-token-1234' : options.token;
  const venue = venueFolder();
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'server', 'supervisor.ts'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--state',
    venue.state,
    '--presets',
    venue.presets,
    ...(chosen === null ? [] : ['--token', chosen]),
    '--log-level',
    options.echo ? 'info' : 'warn',
    ...(options.args ?? []),
  ];
  const supervisor = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const events: SupervisorEvent[] = [];
  const listeners = new Set<() => void>();
  let pending = '';
  supervisor.stderr!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as SupervisorEvent & { who?: string };
        if (parsed.who === 'supervisor') events.push(parsed);
      } catch {
        // a hub line that is not JSON: not ours
      }
    }
    for (const l of listeners) l();
  });
  const printedTokens: string[] = [];
  let out = '';
  supervisor.stdout!.on('data', (chunk: Buffer) => {
    if (options.echo) process.stdout.write(chunk);
    out += chunk.toString('utf8');
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) {
      const printed = /Operator token:\s+(\S+)/.exec(line)?.[1];
      if (printed) printedTokens.push(printed);
    }
  });
  const exited = new Promise<number | null>((done) => supervisor.once('exit', (code) => done(code)));

  const waitFor = (test: (e: SupervisorEvent) => boolean, ms = 20_000, from = 0): Promise<SupervisorEvent> =>
    new Promise((done, fail) => {
      const check = () => {
        const hit = events.slice(from).find(test);
        if (!hit) return false;
        listeners.delete(check);
        clearTimeout(timer);
        done(hit);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        fail(new Error(`supervisor: no matching event within ${ms} ms; saw ${events.map((e) => e.event).join(', ')}`));
      }, ms);
      if (!check()) listeners.add(check);
    });

  if (options.waitReady !== false) await waitFor((e) => e.event === 'ready', 30_000);
  // The banner follows the ready event closely; a kept token is only known from it.
  if (chosen === null && options.waitReady !== false) {
    const until = Date.now() + 10_000;
    while (printedTokens.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
  const token = chosen ?? printedTokens[0] ?? '';
  const hubPid = () => {
    const ready = events.filter((e) => e.event === 'ready').at(-1);
    if (!ready?.hubPid) throw new Error('the hub is not running');
    return ready.hubPid;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    printedTokens,
    state: venue.state,
    presets: venue.presets,
    supervisor,
    events,
    waitFor,
    hubPid,
    exited,
    async stop() {
      if (supervisor.exitCode === null && supervisor.signalCode === null) supervisor.kill('SIGTERM');
      const timer = setTimeout(() => supervisor.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Whether a process is still alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** GET /healthz, or null while the hub is down. */
export async function health(url: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Polls `test` every 25 ms until it holds; resolves with the ms it took, rejects after `ms`. */
export async function until(test: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await test()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Prints a scenario's figures in one block (the chaos report reads these). */
export function figures(scenario: string, values: Record<string, unknown>): void {
  const lines = Object.entries(values).map(([k, v]) => `  ${k}: ${typeof v === 'number' ? Math.round(v * 100) / 100 : JSON.stringify(v)}`);
  console.log(`[chaos] ${scenario}\n${lines.join('\n')}`);
}

/** `DREAMSCAPE_CHAOS=full` (npm run chaos) runs every scenario at full size; npm test runs a bounded subset. */
export const FULL = process.env.DREAMSCAPE_CHAOS === 'full';
