/**
 * `node --import tsx bench/display/canvasCost.ts [pattern…]`: what single canvas patterns cost in
 * this machine's software rasteriser, as CPU time (the whole browser's, from /proc), ms per
 * repetition at 1280×720. Wall-clock timings on a shared 2-core machine measure the machine (load
 * 20 made them 2–10× too high and unstable); CPU time of many repetitions does not. Each pattern is
 * run `N` times (default 150) in one page, `R` rounds (default 3) interleaved; each figure printed
 * is one round. Patterns (the evidence behind the wall's drawing choices, see display/README.md):
 * - `cow*`: a canvas that drew the wall into itself and was not rasterised yet holds a snapshot of
 *   the wall, and the next draw on the wall copies the whole wall first (copy-on-write);
 * - `fade*`: the trail's fade, exact (`destination-out`) and cheap (a black `source-over` fill);
 * - `copy*`: whole-wall copies, plain and additive, at alpha 1 and below;
 * - `rays*`: dawn's god rays drawn (two gradient fills) or laid on from their cache;
 * - `streak*`: 250 streaks 1.4 px wide or as hairlines.
 */
import { launchChromium } from '../../test/helpers/chromium.ts';
import { childrenCpuMs } from '../lib/childrenCpu.ts';

/** The patterns, as page code defining `window.T[name](n)`: run the pattern n times, each rasterised. */
const PATTERNS = String.raw`(() => {
  const W = 1280, H = 720;
  const wall = document.getElementById('c');
  const g = wall.getContext('2d');
  g.fillStyle = '#123'; g.fillRect(0, 0, W, H);
  const mk = (w, h, o) => { const c = document.createElement('canvas'); c.width = w; c.height = h; const x = c.getContext('2d', o); x.fillStyle = '#345'; for (let i = 0; i < 400; i++) x.fillRect((i * 97) % w, (i * 57) % h, 3, 3); return [c, x]; };
  const [trail, tx] = mk(W, H);
  const [shown, sx] = mk(W, H);
  const [bg] = mk(W, H, { alpha: false });
  const flush = () => g.getImageData(0, 0, 1, 1);
  const reset = () => { g.globalCompositeOperation = 'source-over'; g.globalAlpha = 1; tx.globalCompositeOperation = 'source-over'; tx.globalAlpha = 1; };
  const rep = (f) => (n) => { for (let i = 0; i < n; i++) { f(i); reset(); flush(); } };
  const R = 612, r = 40, ra = [], rw = [], rl = [];
  for (let i = 0; i < 7; i++) { ra.push(-Math.PI * 0.9 + (Math.PI * 0.8 * (i + 0.5)) / 7); rw.push(0.008 + 0.01 * (i % 3)); rl.push(0.45 + 0.07 * i); }
  const grad = g.createRadialGradient(0, 0, r * 0.9, 0, 0, R);
  grad.addColorStop(0, 'rgba(255,206,150,0.8)'); grad.addColorStop(0.3, 'rgba(255,184,128,0.3)'); grad.addColorStop(1, 'rgba(255,170,120,0)');
  const box = [1e9, 1e9, -1e9, -1e9];
  const pt = (ctx, k, x, y) => { if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y); };
  const rays = (ctx, x, y) => { ctx.save(); ctx.translate(x, y); ctx.fillStyle = grad; ctx.globalCompositeOperation = 'lighter'; for (let p = 0; p < 2; p++) { ctx.beginPath(); for (let i = 0; i < 7; i++) { const half = rw[i] * (p ? 1 : 2.4); const len = R * rl[i] * (p ? 1 : 0.75); pt(ctx, 0, Math.cos(ra[i]) * r, Math.sin(ra[i]) * r); pt(ctx, 1, Math.cos(ra[i] - half) * len, Math.sin(ra[i] - half) * len); pt(ctx, 1, Math.cos(ra[i] + half) * len, Math.sin(ra[i] + half) * len); ctx.closePath(); } ctx.globalAlpha = p ? 0.06 : 0.045; ctx.fill(); } ctx.restore(); };
  const [rc, rcx] = mk(2 * R + 4, R + r + 4); rcx.clearRect(0, 0, rc.width, rc.height); rays(rcx, R + 2, R + 2);
  // The cache is laid on by the rays' own bounds (as sunrise.ts does), a pixel wider.
  const bx = Math.floor(box[0]) + R + 1, by = Math.floor(box[1]) + R + 1, bw = Math.ceil(box[2] - box[0]) + 3, bh = Math.ceil(box[3] - box[1]) + 3;
  const streaks = (w, a) => { g.lineCap = 'butt'; g.lineWidth = w; g.globalAlpha = a; g.strokeStyle = '#8cf'; g.beginPath(); for (let i = 0; i < 250; i++) { const x = (i * 131) % W, y = (i * 71) % H; g.moveTo(x, y); g.lineTo(x + 9, y + 1.5); } g.stroke(); };
  window.T = {
    cowPending: rep(() => { g.drawImage(bg, 0, 0); flush(); sx.globalCompositeOperation = 'copy'; sx.drawImage(wall, 0, 0); }),
    cowMadeAtOnce: rep(() => { g.drawImage(bg, 0, 0); flush(); sx.globalCompositeOperation = 'copy'; sx.drawImage(wall, 0, 0); sx.getImageData(0, 0, 1, 1); }),
    fadeExact: rep(() => { tx.globalCompositeOperation = 'destination-out'; tx.globalAlpha = 0.2; tx.fillStyle = '#000'; tx.fillRect(0, 0, W, H); tx.getImageData(0, 0, 1, 1); }),
    fadeCheap: rep(() => { tx.globalAlpha = 0.2; tx.fillStyle = '#000'; tx.fillRect(0, 0, W, H); tx.getImageData(0, 0, 1, 1); }),
    copyPlain: rep(() => { g.drawImage(trail, 0, 0); }),
    copyAdd: rep(() => { g.globalCompositeOperation = 'lighter'; g.drawImage(trail, 0, 0); }),
    copyAddAlpha: rep(() => { g.globalCompositeOperation = 'lighter'; g.globalAlpha = 0.8; g.drawImage(trail, 0, 0); }),
    raysDrawn: rep(() => rays(g, 640, 560)),
    raysFromCache: rep(() => { g.globalCompositeOperation = 'lighter'; g.globalAlpha = 0.25; g.drawImage(rc, bx, by, bw, bh, 640 - R - 2 + bx, 560 - R - 2 + by, bw, bh); }),
    streakWide: rep(() => streaks(1.4, 0.6)),
    streakHairline: rep(() => streaks(1, 0.84)),
  };
})()`;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const n = Number(process.env.N ?? 150);
  const rounds = Number(process.env.R ?? 3);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent('<canvas id="c" width="1280" height="720"></canvas>');
    await page.evaluate(PATTERNS);
    const names = ((await page.evaluate('Object.keys(window.T)')) as string[]).filter((k) => only.length === 0 || only.some((o) => k.includes(o)));
    const res = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      for (const k of names) {
        await page.evaluate(`window.T[${JSON.stringify(k)}](1)`);
        const c0 = childrenCpuMs();
        await page.evaluate(`window.T[${JSON.stringify(k)}](${n})`);
        const list = res.get(k) ?? [];
        list.push((childrenCpuMs() - c0) / n);
        res.set(k, list);
      }
    }
    for (const k of names) console.log(`${k.padEnd(16)} ${(res.get(k) ?? []).map((v) => v.toFixed(2)).join('  ')} ms CPU`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
