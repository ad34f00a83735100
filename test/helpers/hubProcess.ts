/**
 * A real hub in its own process (`server/main.ts`), for tests that kill it: SIGKILL, restart, and
 * read the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

/** A hub process and the base URL it printed. */
export interface HubProcess {
  child: ChildProcess;
  url: string;
  token: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts `server/main.ts` with the given flags on 127.0.0.1, port 0, and waits for its banner.
 * @param args extra command-line flags (e.g. `--state FILE`); @param entry how to run the hub
 * (default: its sources through tsx; the built `dist/server/main.mjs` runs as `npm start` runs it).
 */
export function spawnHub(args: string[], timeoutMs = 20_000, entry: string[] = ['--import', 'tsx', MAIN]): Promise<HubProcess> {
  const child = spawn(process.execPath, [...entry, '--host', '127.0.0.1', '--port', '0', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`hub did not start in time:\n${out}`)), timeoutMs);
    const check = () => {
      const url = /Display[^\n]*?(https?:\/\/[\d.]+:\d+)\//.exec(out)?.[1];
      const token = /Operator token:\s+(\S+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        done({
          child,
          url,
          token,
          output: () => out,
          kill: () =>
            new Promise<void>((exited) => {
              if (child.exitCode !== null || child.signalCode !== null) return exited();
              child.once('exit', () => exited());
              child.kill('SIGKILL');
            }),
        });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`hub exited with ${code}:\n${out}`));
    });
  });
}
