/**
 * Scenario 4 (sound): the whole soundscape graph rendered offline with `Tone.Offline` in headless
 * Chromium, per phase, with a tapping crowd of 200, as × real time; against one plain Tone synth
 * rendered for the same length in the same page. Also reports voices, stolen notes and console
 * warnings (dropped notes show up there). The page is built with Vite into a temporary folder.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { PHASES } from '../../core/arc/phases.ts';
import { launchChromium } from '../../test/helpers/chromium.ts';
import type { Rendered } from './offlinePage.ts';
import type { Scenario } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves a folder on 127.0.0.1 (port 0). */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.statusCode = 204;
      return res.end();
    }
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
    res.end(readFileSync(path));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      done({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    }),
  );
}


export const soundScenario: Scenario = {
  name: 'sound',
  about: 'soundscape rendered offline (Tone.Offline) per phase with a tapping crowd, × real time',
  async run(ctx) {
    const root = resolve(import.meta.dirname, '..', '..');
    const out = mkdtempSync(join(tmpdir(), 'dreamscape-bench-sound-'));
    await build({
      root,
      configFile: false,
      logLevel: 'error',
      base: '/',
      build: { outDir: out, emptyOutDir: true, rollupOptions: { input: join(root, 'bench', 'sound', 'offline.html') } },
    });
    const { server, url } = await serve(out);
    const browser = await launchChromium({ sound: true });
    const detail: Record<string, unknown> = {};
    try {
      const page = await browser.newPage();
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
      });
      await page.goto(`${url}/bench/sound/offline.html`, { waitUntil: 'load' });
      await page.waitForFunction('typeof window.__renderPhase === "function"', undefined, { timeout: 30_000 });
      const seconds = ctx.quick ? 10 : 20;
      const phases = ctx.quick ? (['festival', 'confrontation'] as const) : PHASES;
      const runs = ctx.runs;
      for (const phase of phases) {
        const ours: Rendered[] = [];
        const refs: Rendered[] = [];
        for (let r = 0; r < runs; r++) {
          const before = warnings.length;
          ours.push((await page.evaluate(`window.__renderPhase(${JSON.stringify(phase)}, ${seconds})`)) as Rendered);
          refs.push((await page.evaluate(`window.__renderReference(${seconds})`)) as Rendered);
          if (warnings.length > before) ctx.log(`sound ${phase}: ${warnings.length - before} console warnings, e.g. ${warnings[before].slice(0, 120)}`);
        }
        detail[phase] = { ours, refs };
        const x = median(ours.map((o) => (o.seconds * 1000) / o.wallMs));
        const xr = median(refs.map((o) => (o.seconds * 1000) / o.wallMs));
        const o = ours[0];
        ctx.results.add({
          group: 'sound',
          name: `${phase}: offline render speed`,
          value: x,
          unit: '× real time',
          reference: xr,
          target: '≥ 4',
          note: `${o.notes} notes, ${o.stolen} stolen, cap ${o.voiceCap} voices, peak ${o.peak.toFixed(2)}; reference: one Tone.Synth`,
        });
        ctx.log(`sound ${phase}: ${x.toFixed(1)}× real time (reference ${xr.toFixed(1)}×)`);
      }
      ctx.results.add({ group: 'sound', name: 'console warnings and errors while rendering', value: warnings.length, unit: '', target: '0', note: warnings[0]?.slice(0, 80) });
      ctx.results.keep('sound', { detail, warnings: warnings.slice(0, 20) });
    } finally {
      await browser.close();
      server.close();
    }
  },
};
