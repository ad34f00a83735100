/**
 * Scenario 7 (sizes and start-up): gzipped JavaScript each page loads (its scripts and module
 * preloads in the built HTML), and the time from `npm start` (already built) to `/healthz`
 * answering, against a bare `node:http` server started the same way in the same run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildIsStale } from '../../scripts/buildState.mjs';
import type { Scenario } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';

/** Gzipped bytes of the JavaScript one built page loads. */
export function pageScriptBytes(dist: string, html: string): { raw: number; gzip: number; files: string[] } {
  const text = readFileSync(join(dist, html), 'utf8');
  const files = new Set<string>();
  for (const m of text.matchAll(/(?:src|href)="([^"]+\.js)"/g)) files.add(m[1]);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const path = join(dist, f.replace(/^\//, ''));
    if (!existsSync(path)) continue;
    const body = readFileSync(path);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: [...files] };
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

/** Starts a command and times until `GET url/healthz` answers 200; then stops it. Bounded to 60 s. */
async function timeToHealthy(cmd: string, args: string[], port: number, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env }, detached: true });
  try {
    while (performance.now() - started < 60_000) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return performance.now() - started;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return Number.NaN;
  } finally {
    // The supervisor starts the hub as its own child: stop the whole group we created.
    try {
      process.kill(-(child.pid ?? 0), 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 300));
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')`;

export const startupScenario: Scenario = {
  name: 'startup',
  about: 'gzipped JS of the display and the phone page; npm start → /healthz answering',
  async run(ctx) {
    const dist = ctx.dist;
    const pages: [string, string][] = [
      ['display', 'display/index.html'],
      ['phone controller', 'controller/index.html'],
      ['operator console', 'controller/operator.html'],
    ];
    const sizes: Record<string, unknown> = {};
    for (const [name, html] of pages) {
      if (!existsSync(join(dist, html))) {
        ctx.log(`startup: ${html} is not built`);
        continue;
      }
      const s = pageScriptBytes(dist, html);
      sizes[name] = s;
      ctx.results.add({ group: 'size', name: `${name}: JS gzipped`, value: s.gzip / 1024, unit: 'KB', note: `${Math.round(s.raw / 1024)} KB raw, ${s.files.length} files` });
    }
    const root = resolve(import.meta.dirname, '..', '..');
    const stateDir = mkdtempSync(join(tmpdir(), 'dreamscape-bench-start-'));
    // `npm start` rebuilds when sources are newer than the shared dist/: never trigger that from the
    // bench (it would rewrite other people's build); time the supervisor it runs instead.
    const stale = ctx.dist !== join(root, 'dist') || buildIsStale(root);
    const builtSupervisor = join(root, 'dist', 'server', 'supervisor.mjs');
    const entry = !stale ? [join(root, 'scripts', 'start.mjs')] : existsSync(builtSupervisor) ? [builtSupervisor] : ['--import', 'tsx', join(root, 'server', 'supervisor.ts')];
    const ours: number[] = [];
    const bare: number[] = [];
    const runs = ctx.quick ? 2 : Math.max(3, ctx.runs);
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      ours.push(
        await timeToHealthy(process.execPath, [...entry, '--port', String(port), '--host', '127.0.0.1', '--state', join(stateDir, `s${i}.json`), '--log-level', 'warn'], port, {
          DREAMSCAPE_DIST: dist,
        }),
      );
      const port2 = await freePort();
      bare.push(await timeToHealthy(process.execPath, ['-e', BARE, String(port2)], port2));
    }
    ctx.results.add({ group: 'startup', name: 'npm start → /healthz answering', value: median(ours), unit: 'ms', reference: median(bare), note: `${stale ? `${entry.at(-1)} (dist older than sources)` : 'scripts/start.mjs'}; reference: bare node:http server` });
    ctx.results.keep('startup', { sizes, ours, bare });
  },
};
