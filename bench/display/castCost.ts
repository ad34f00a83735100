/**
 * What the cast costs the wall: the draw time per frame of the cast layer (Lyra and her loom, Remy's
 * lantern, Tara) and of Brian's machine (the upgrade layer), phase by phase, in headless Chromium's
 * software canvas at 1280×720, on a virtual clock (120 frames a phase after 30 to warm up).
 * `node --import tsx bench/display/castCost.ts [frames]` prints a table of p25, median and p95 ms per
 * frame, beside a reference timed in the same loop (one unscaled full-wall blit).
 * Timings on a shared machine are noisy: compare runs made together.
 */
import { build } from 'esbuild';
import { launchChromium } from '../../test/helpers/chromium.ts';

const ENTRY = `
import { Scene, PI } from './display/render/Scene.ts';
import { viewLayout } from './display/viewLayout.ts';
import { PHASES, phaseIndex } from './core/arc/phases.ts';
import { createLyra } from './display/layers/cast/lyra.ts';
import { createRemy } from './display/layers/cast/remy.ts';
import { createTara } from './display/layers/cast/tara.ts';
import { createUpgrade } from './display/layers/upgrade.ts';
window.castCost = (frames) => {
  const canvas = document.createElement('canvas');
  canvas.width = 1280; canvas.height = 720;
  document.body.appendChild(canvas);
  const g = canvas.getContext('2d');
  const rows = [];
  // The reference: one unscaled copy of a full wall-sized canvas (what the renderer's trail costs),
  // timed in the same loop so a busy machine shows up in it too.
  const wall = document.createElement('canvas');
  wall.width = 1280; wall.height = 720;
  const reference = { draw: (ctx) => ctx.drawImage(wall, 0, 0) };
  const layers = { lyra: createLyra(), remy: createRemy(), tara: createTara(), machine: createUpgrade(7), reference };
  for (const phase of PHASES) {
    const s = new Scene();
    s.w = 1280; s.h = 720; s.layout = viewLayout(null, 1280, 720);
    s.weights[phaseIndex(phase)] = 1;
    s.phase = phase; s.next = phase; s.dt = 1 / 60; s.presetVersion = 1;
    s.dreamers.set([126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229]);
    s.pal.set([5, 5, 5, 0, 245, 212, 241, 91, 181, 254, 228, 64, 155, 93, 229]);
    s.params[PI.flowSpeed] = 3;
    s.crowd = { ...s.crowd, unity: 0.5 };
    // Interleaved: every frame times each layer in turn, so a burst of load on the shared machine
    // lands on all of them alike.
    const names = Object.keys(layers);
    const times = names.map(() => []);
    for (let f = 0; f < frames + 30; f++) {
      s.time += s.dt; s.phaseTime += s.dt;
      for (let l = 0; l < names.length; l++) {
        g.globalAlpha = 1; g.globalCompositeOperation = 'source-over';
        g.fillStyle = '#0b1026'; g.fillRect(0, 0, 1280, 720);
        g.getImageData(0, 0, 1, 1);
        const t0 = performance.now();
        layers[names[l]].draw(g, s);
        g.getImageData(0, 0, 1, 1);
        const t1 = performance.now();
        if (f >= 30) times[l].push(t1 - t0);
      }
    }
    for (let l = 0; l < names.length; l++) {
      const t = times[l].sort((a, b) => a - b);
      rows.push({ phase, layer: names[l], p25: t[Math.floor(t.length / 4)], median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)] });
    }
  }
  return rows;
};
`;

async function main(): Promise<void> {
  const frames = Number(process.argv[2] ?? 120);
  const out = await build({ stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, format: 'iife', target: 'es2022' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent('<!doctype html><body style="margin:0;background:#000"></body>');
    await page.addScriptTag({ content: out.outputFiles[0].text });
    const rows = await page.evaluate((n) => (window as unknown as { castCost: (n: number) => { phase: string; layer: string; p25: number; median: number; p95: number }[] }).castCost(n), frames);
    console.log('phase          layer      p25 ms  median ms  p95 ms');
    for (const r of rows) console.log(`${r.phase.padEnd(14)} ${r.layer.padEnd(9)} ${r.p25.toFixed(2).padStart(7)} ${r.median.toFixed(2).padStart(9)} ${r.p95.toFixed(2).padStart(7)}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
