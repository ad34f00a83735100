/**
 * Keeps the hub alive through a weekend with nobody there. It runs the hub (`main.ts`) as a child
 * process and, when the child dies, logs why (exit code or signal and the last error line the hub
 * printed) and starts it again within a second; the show resumes from the state file.
 *
 * - A hub that keeps dying before it has run for {@link STEADY_MS} backs off: 0.25 s, 0.5 s, 1 s, 2 s …
 *   at most {@link MAX_BACKOFF_MS}, so a broken venue set-up fills the log slowly, not the disk.
 * - A hub whose event loop stops (no heartbeat over IPC for `DREAMSCAPE_HANG_MS`, default 15 s) is
 *   killed and restarted: a frozen hub is worse than a restarted one.
 * - SIGTERM / SIGINT stop cleanly: the signal is passed on, the hub writes its state and closes;
 *   after {@link STOP_GRACE_MS} it is killed. A second signal kills at once.
 * - If the supervisor itself dies, the hub notices the closed IPC channel and stops, so a restarted
 *   supervisor never finds the port taken by an orphan.
 *
 * Every event is one JSON line on stderr (`who: "supervisor"`, `event: ready|exit|restart|hang|stop`),
 * the same shape as the hub's own logs, so `journalctl` and tests read them alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
/** Exit codes that mean "do not restart": the hub stopped on purpose, or the command line is wrong. */
const FINAL_CODES = new Set([0, 2]);
/** A run that was ready for at least this long ends a crash loop, ms. */
const STEADY_MS = 10_000;
/** First restart delay, ms (well within the promised second). */
const FIRST_RESTART_MS = 250;
/** Longest pause between restarts in a crash loop, ms. */
const MAX_BACKOFF_MS = 10_000;
/** How long a stopping hub may take to write its state and close, ms. */
const STOP_GRACE_MS = 10_000;
/** Silence on the heartbeat channel after which the hub counts as hung, ms (≥ 3000). */
const HANG_MS = Math.max(3000, Number(process.env.DREAMSCAPE_HANG_MS) || 15_000);
/** Bytes of the hub's stderr kept to explain a crash. */
const TAIL_BYTES = 8192;

let child: ChildProcess | undefined;
let stopping = false;
let crashesInARow = 0;
let restartTimer: NodeJS.Timeout | undefined;
let hangTimer: NodeJS.Timeout | undefined;
let killTimer: NodeJS.Timeout | undefined;
let restarts = 0;

function log(level: 30 | 40 | 50, event: string, msg: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), app: 'dreamscape', who: 'supervisor', pid: process.pid, event, ...extra, msg })}\n`);
}

/**
 * The delay before the next start after `crashes` quick crashes in a row (1 = the first crash).
 * @returns ms, 250 for the first crash, doubling to at most {@link MAX_BACKOFF_MS}.
 */
function restartDelay(crashes: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_RESTART_MS * 2 ** Math.max(0, crashes - 1));
}

/** The line of the hub's stderr that best says why it died (an Error line, else the last line). */
function reasonFrom(tail: string): string | undefined {
  const lines = tail.split('\n').map((l) => l.trim()).filter(Boolean);
  let best = lines.at(-1);
  for (const line of lines) if (/^(\w*Error\b|Dreamscape could not start)/.test(line)) best = line;
  return best?.slice(0, 300);
}

function armHangTimer(current: ChildProcess): void {
  clearTimeout(hangTimer);
  hangTimer = setTimeout(() => {
    if (child !== current || stopping) return;
    log(50, 'hang', 'hub stopped answering (event loop blocked); killing it', { hubPid: current.pid, silentForMs: HANG_MS });
    current.kill('SIGKILL');
  }, HANG_MS);
}

function run(): void {
  restartTimer = undefined;
  const started = Date.now();
  let readyAt = 0;
  let tail = '';
  const current = spawn(process.execPath, ['--import', 'tsx', join(here, 'main.ts'), ...args], {
    stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
  });
  child = current;
  current.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  });
  current.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const type = (message as { type?: unknown }).type;
    if (type === 'ready') {
      readyAt = Date.now();
      const { url, port } = message as { url?: unknown; port?: unknown };
      log(30, 'ready', 'hub ready', { hubPid: current.pid, url: String(url), port: Number(port), startMs: readyAt - started, restarts });
    }
    if (type === 'ready' || type === 'alive') armHangTimer(current);
  });
  current.on('error', (err) => log(50, 'spawn-error', 'could not start the hub', { err: err.message }));
  current.on('exit', (code, signal) => {
    if (child === current) child = undefined;
    clearTimeout(hangTimer);
    clearTimeout(killTimer);
    const ranForMs = Date.now() - started;
    if (stopping) {
      log(30, 'stop', 'hub stopped; supervisor exiting', { code, signal, ranForMs });
      process.exit(code ?? 0);
    }
    if (code !== null && FINAL_CODES.has(code)) {
      log(30, 'stop', code === 0 ? 'hub exited cleanly' : 'hub refused its command line; not restarting', { code });
      process.exit(code);
    }
    const steady = readyAt > 0 && Date.now() - readyAt >= STEADY_MS;
    crashesInARow = steady ? 1 : crashesInARow + 1;
    const delay = restartDelay(crashesInARow);
    restarts++;
    log(50, 'exit', 'hub stopped unexpectedly; restarting', {
      code,
      signal,
      reason: reasonFrom(tail) ?? (signal ? `killed by ${signal}` : `exit code ${code}`),
      ranForMs,
      crashesInARow,
      restartInMs: delay,
    });
    restartTimer = setTimeout(run, delay);
  });
}

let stopAskedAt = 0;

function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    // Ctrl-C reaches the whole process group and `npm start` forwards it too: the same stop
    // arrives twice at once. A second signal a moment later means "gone, now".
    if (Date.now() - stopAskedAt > 1000) child?.kill('SIGKILL');
    return;
  }
  stopping = true;
  stopAskedAt = Date.now();
  clearTimeout(restartTimer);
  clearTimeout(hangTimer);
  log(30, 'stopping', 'stopping the hub', { signal });
  if (!child) process.exit(0);
  child.kill(signal);
  killTimer = setTimeout(() => {
    log(50, 'stop', 'hub did not stop in time; killing it', { graceMs: STOP_GRACE_MS });
    child?.kill('SIGKILL');
  }, STOP_GRACE_MS);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
// systemd and terminals may close our stdout; the hub's logs must not take the supervisor down.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
run();
