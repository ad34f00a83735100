/**
 * Keeps the hub alive through a weekend with nobody there. It runs the hub (`main.ts`, or its build `main.mjs`) as a child
 * process and, when the child dies, logs why (exit code or signal and the last error line the hub
 * printed) and starts it again within a second; the show resumes from the state file.
 *
 * - A warm standby hub (modules loaded, not listening) waits beside the live one; after a crash it
 *   takes over at once, so the show is back in well under a second instead of the ~2 s a cold
 *   start takes. `DREAMSCAPE_STANDBY=0` turns it off (it costs one idle process, ~60 MB).
 * - A hub that keeps dying before it has run for {@link STEADY_MS} backs off: 0.25 s, 0.5 s, 1 s, 2 s …
 *   at most {@link MAX_BACKOFF_MS}, so a broken venue set-up fills the log slowly, not the disk.
 * - A hub whose event loop stops (no heartbeat over IPC for `DREAMSCAPE_HANG_MS`, default 15 s) is
 *   killed and restarted: a frozen hub is worse than a restarted one.
 * - SIGTERM / SIGINT stop cleanly: the signal is passed on, the hub writes its state and closes;
 *   after {@link STOP_GRACE_MS} it is killed. A second signal kills at once.
 * - If the supervisor itself dies, the hub notices the closed IPC channel and stops, so a restarted
 *   supervisor never finds the port taken by an orphan.
 * - A hub that cannot start as configured (exit code 2: a bad flag, a missing `--replay` file, a port
 *   taken on the first start) is not restarted: the supervisor exits with the same code, once.
 * - While the hub cannot write its state file (a full or read-only disk) it sends the show here
 *   (`keep`) twice a second; the next hub gets the last copy with its "go", so a crash during the
 *   outage neither rewinds the show nor forgets the dreamers who joined meanwhile.
 * - Every hub waits for "go" (a cold start gets it as soon as its modules are loaded); the go says
 *   whether it replaces a hub that ran before (then the saved show is resumed, whatever `--preset`,
 *   `--seed` or `--fresh` say: they were meant for the first start).
 *
 * Every event is one JSON line on stderr (`who: "supervisor"`, `event: ready|standby|exit|hang|stop…`),
 * the same shape as the hub's own logs, so `journalctl` and tests read them alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { HUB_NODE_FLAGS } from './nodeFlags.ts';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * How to run the hub: with its Node flags, from its build beside this file (`dist/server/main.mjs`,
 * what `npm start` runs), or from its TypeScript sources through tsx when the supervisor itself runs
 * from `server/`.
 */
const HUB_ENTRY: string[] = [...HUB_NODE_FLAGS, ...(existsSync(join(here, 'main.mjs')) ? [join(here, 'main.mjs')] : ['--import', 'tsx', join(here, 'main.ts')])];
let args = process.argv.slice(2);
/**
 * Exit codes that mean "do not restart": the hub stopped on purpose, or it cannot start as configured
 * (bad command line, missing --replay file, port taken on the first start).
 */
const FINAL_CODES = new Set([0, 2]);
/** A run that was ready for at least this long ends a crash loop, ms. */
const STEADY_MS = 3000;
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

/** One hub process the supervisor started. */
interface HubProcess {
  proc: ChildProcess;
  spawnedAt: number;
  /** When it went live (`go` for a standby, spawn for a cold start), ms. */
  liveAt: number;
  /** When it reported ready, ms; 0 before. */
  readyAt: number;
  /** A standby that has loaded its modules and waits for `go`. */
  warm: boolean;
  /** Still a standby (not yet told to go). */
  standby: boolean;
  /** The end of its stderr, to explain a crash. */
  tail: string;
}

/** Keep a warm standby hub (modules loaded, not listening) to take over at once after a crash. */
const USE_STANDBY = process.env.DREAMSCAPE_STANDBY !== '0';

let child: HubProcess | undefined;
let standby: HubProcess | undefined;
let stopping = false;
let crashesInARow = 0;
let restartTimer: NodeJS.Timeout | undefined;
let hangTimer: NodeJS.Timeout | undefined;
let killTimer: NodeJS.Timeout | undefined;
let restarts = 0;
/** Some hub has been ready: every later hub replaces one that ran (it resumes the show). */
let everReady = false;
/** The show as the live hub last sent it while its state file could not be written. */
let kept: unknown;

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

function armHangTimer(current: HubProcess): void {
  clearTimeout(hangTimer);
  hangTimer = setTimeout(() => {
    if (child !== current || stopping) return;
    log(50, 'hang', 'hub stopped answering (event loop blocked); killing it', { hubPid: current.proc.pid, silentForMs: HANG_MS });
    current.proc.kill('SIGKILL');
  }, HANG_MS);
}

/** Starts a hub process: live at once, or as a standby that waits for `go`. */
function spawnHub(asStandby: boolean): HubProcess {
  const proc = spawn(process.execPath, [...HUB_ENTRY, ...args], {
    stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
    // Every hub waits for "go" (DREAMSCAPE_STANDBY=1); a cold start is told at once, below.
    env: { ...process.env, DREAMSCAPE_STANDBY: '1' },
  });
  const hub: HubProcess = { proc, spawnedAt: Date.now(), liveAt: Date.now(), readyAt: 0, warm: false, standby: asStandby, tail: '' };
  proc.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    hub.tail = (hub.tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  });
  proc.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const type = (message as { type?: unknown }).type;
    if (type === 'standby') {
      hub.warm = true;
      if (hub.standby) log(30, 'standby', 'standby hub warm', { standbyPid: proc.pid });
      else if (child === hub) sendGo(hub);
    }
    if (type === 'keep' && child === hub) {
      // null: the state file is written again (it is newer than any copy held here).
      const { state } = message as { state?: unknown };
      if (state === null || state === undefined) {
        if (kept !== undefined) log(30, 'keep', 'hub writes its state file again; dropping the copy kept in memory');
        kept = undefined;
      } else {
        if (kept === undefined) log(40, 'keep', 'hub cannot write its state file: keeping its show in memory for the next hub');
        kept = state;
      }
    }
    if (type === 'ready') {
      hub.readyAt = Date.now();
      everReady = true;
      // The new token is made once: every restart and standby after this keeps it.
      args = args.filter((a) => a !== '--new-token');
      const { url, port } = message as { url?: unknown; port?: unknown };
      log(30, 'ready', 'hub ready', { hubPid: proc.pid, url: String(url), port: Number(port), startMs: hub.readyAt - hub.liveAt, restarts, fromStandby: hub.spawnedAt !== hub.liveAt });
      // The show is up: warm the next standby in the background.
      if (USE_STANDBY && !standby && !stopping) standby = spawnHub(true);
    }
    if ((type === 'ready' || type === 'alive') && child === hub) armHangTimer(hub);
  });
  proc.on('error', (err) => log(50, 'spawn-error', 'could not start the hub', { err: err.message }));
  proc.on('exit', (code, signal) => onExit(hub, code, signal));
  return hub;
}

/** Tells a waiting hub to start, with what it needs to resume the show. */
function sendGo(hub: HubProcess): void {
  if (!hub.proc.connected) return;
  hub.proc.send({ type: 'go', restart: everReady, state: kept });
}

/** Puts a hub on stage: the warm standby if there is one, else a cold start. */
function goLive(): void {
  restartTimer = undefined;
  if (stopping) return;
  const next = standby?.warm ? standby : undefined;
  if (next) {
    standby = undefined;
    next.standby = false;
    next.liveAt = Date.now();
    child = next;
    sendGo(next);
  } else {
    child = spawnHub(false);
  }
}

function onExit(hub: HubProcess, code: number | null, signal: NodeJS.Signals | null): void {
  if (hub === standby || hub.standby) {
    // A standby that dies is simply not there next time; a new one is warmed after the next ready.
    if (hub === standby) standby = undefined;
    if (!stopping) log(40, 'standby-exit', 'the standby hub stopped', { code, signal, reason: reasonFrom(hub.tail) });
    return;
  }
  if (child === hub) child = undefined;
  clearTimeout(hangTimer);
  const ranForMs = Date.now() - hub.liveAt;
  if (stopping) {
    clearTimeout(killTimer);
    log(30, 'stop', 'hub stopped; supervisor exiting', { code, signal, ranForMs });
    process.exit(code ?? 0);
  }
  if (code !== null && FINAL_CODES.has(code)) {
    log(code === 0 ? 30 : 50, 'stop', code === 0 ? 'hub exited cleanly' : 'hub cannot start as configured (see its message); not restarting', { code, reason: code === 0 ? undefined : reasonFrom(hub.tail) });
    standby?.proc.kill('SIGTERM');
    process.exit(code);
  }
  const steady = hub.readyAt > 0 && Date.now() - hub.readyAt >= STEADY_MS;
  crashesInARow = steady ? 1 : crashesInARow + 1;
  // The first crash after a steady run is taken over at once by the warm standby (if any).
  const delay = crashesInARow === 1 && standby?.warm ? 0 : restartDelay(crashesInARow);
  restarts++;
  log(50, 'exit', 'hub stopped unexpectedly; restarting', {
    code,
    signal,
    reason: reasonFrom(hub.tail) ?? (signal ? `killed by ${signal}` : `exit code ${code}`),
    ranForMs,
    crashesInARow,
    restartInMs: delay,
    standby: Boolean(standby?.warm),
  });
  if (delay === 0) goLive();
  else restartTimer = setTimeout(goLive, delay);
}

let stopAskedAt = 0;

function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    // Ctrl-C reaches the whole process group and `npm start` forwards it too: the same stop
    // arrives twice at once. A second signal a moment later means "gone, now".
    if (Date.now() - stopAskedAt > 1000) child?.proc.kill('SIGKILL');
    return;
  }
  stopping = true;
  stopAskedAt = Date.now();
  clearTimeout(restartTimer);
  clearTimeout(hangTimer);
  standby?.proc.kill('SIGTERM');
  standby = undefined;
  log(30, 'stopping', 'stopping the hub', { signal });
  if (!child) process.exit(0);
  child.proc.kill(signal);
  killTimer = setTimeout(() => {
    log(50, 'stop', 'hub did not stop in time; killing it', { graceMs: STOP_GRACE_MS });
    child?.proc.kill('SIGKILL');
  }, STOP_GRACE_MS);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
// systemd and terminals may close our stdout; the hub's logs must not take the supervisor down.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
goLive();
