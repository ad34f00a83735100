/**
 * Keeps the hub alive through a weekend with nobody there: runs it as a child process and, when it
 * dies, logs why and restarts it within a second. The show resumes from the state file. A hub that
 * keeps dying at start-up is restarted with a growing pause (at most 10 s) so logs stay readable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
/** Exit codes that mean "do not restart": clean stop, bad command line. */
const FINAL_CODES = new Set([0, 2]);
/** A run shorter than this counts as a crash at start-up, ms. */
const QUICK_CRASH_MS = 5000;

let child: ChildProcess | undefined;
let stopping = false;
let quickCrashes = 0;

function log(msg: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), app: 'dreamscape', who: 'supervisor', ...extra, msg })}\n`);
}

function run(): void {
  const started = Date.now();
  child = spawn(process.execPath, ['--import', 'tsx', join(here, 'main.ts'), ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    child = undefined;
    if (stopping) process.exit(code ?? 0);
    if (code !== null && FINAL_CODES.has(code)) process.exit(code);
    const ranFor = Date.now() - started;
    quickCrashes = ranFor < QUICK_CRASH_MS ? quickCrashes + 1 : 0;
    const delay = quickCrashes <= 1 ? 250 : Math.min(10_000, 250 * 2 ** quickCrashes);
    log('hub stopped unexpectedly; restarting', { code, signal, ranForMs: ranFor, restartInMs: delay });
    setTimeout(run, delay);
  });
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    stopping = true;
    if (child) child.kill(sig);
    else process.exit(0);
  });
}
run();
