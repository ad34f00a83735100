/**
 * The glitch's event: the dream portal tearing open at stage mark `portal` (right of centre) — a
 * rent in the woven dream itself. Round the rift the world shows as what it is, Lyra's cloth: weft
 * rows and warp columns lit by the light behind, the columns bowed apart by the gaping lips; rows
 * that still cross the gap stand dark and taut against the light until, one by one, they snap and
 * their cut ends recoil and curl back from the lips. The rift's spine kinks, its two lips are torn
 * unevenly and frayed, and it re-tears on a seeded schedule. Streams of light
 * and splinters of the world are pulled into it along curving, spiralling paths (one stream in four
 * is rose: Tara's light, pulled through; Tara herself is drawn by the cast). The phones' threads are
 * the threads layer's: stitches trying to hold the tear closed (tearStitches.ts). The slice displacement and colour split that go with it are the glitch post
 * effect's (glitch.ts), concentrated around this tear.
 *
 * Flash safety: nothing here strobes. The tear opens over seconds; its kinks and lips re-tear a few
 * times a second by amounts scaled by the flash guard's allowance (`s.allow`); a snapping row is one
 * thin line moving; `s.safe` freezes the tearing and slows every pull. Cost: one cached glow blit
 * and a few batched hairline paths.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom, hash01 } from '../../core/random.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { glowSprite, rgbStyle, thinStroke } from '../render/styles.ts';
import { markNow, placeMark } from '../render/stage.ts';

/** Points down each edge of the tear. */
const EDGE = 36;
/** Kinks of the tear's spine (a crack, not a lens). */
const KINKS = 7;
const STREAMS = 60;
const SHARDS = 34;
/** Crowd strands this layer once drew (see where the seed's draws are spent). */
const STRANDS = 48;
/** Points along a curving stream's tail. */
const TAIL = 9;
/** Weft rows of the torn cloth, over the rift's height and a little beyond. */
const ROWS = 34;
/** Warp columns each side of the rift. */
const COLS = 13;
/** Samples down a warp column. */
const COL_STEPS = 18;
/** Seconds into the glitch over which the rows still crossing the gap snap, one by one. */
const SNAP_FROM = 0.8;
const SNAP_SPREAD = 7;
/** Seconds the tear takes to open fully. */
const OPENING = 3.5;
/** The rift's half-height, in multiples of the mark's size. */
export const HALF_HEIGHT = 0.8;
/** Its widest half-width, as a fraction of the wall's height. */
export const HALF_WIDTH = 0.1;

/**
 * How far the tear is open now, 0..1 (× the glitch's weight `gw`): it rips open over the first
 * {@link OPENING} seconds of the glitch, then keeps tearing wider for a while, and stays open while
 * the glitch lasts.
 */
export function tearOpen(s: Scene, gw: number): number {
  const since = s.phase === 'glitch' ? s.phaseTime : OPENING;
  const o = Math.min(1, since / OPENING);
  const wider = Math.min(1, since / (OPENING * 4));
  return (0.6 * o * o * (3 - 2 * o) + 0.4 * wider * (2 - wider)) * gw;
}

/** Creates the portal layer. */
export function createPortal(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x9047);
  // The spine's kinks (x offsets, fractions of the wall's height) and the lips' jags (fractions of
  // the local half-width), re-torn on a schedule.
  const kink = new Float32Array(KINKS);
  const jagL = new Float32Array(EDGE);
  const jagR = new Float32Array(EDGE);
  // Fibres fraying from the edges: length and slant per edge point.
  const fLen = new Float32Array(EDGE * 2);
  const fSlant = new Float32Array(EDGE * 2);
  // Streams: start angle and distance, target height on the tear, speed, phase, swirl; every fourth is Tara's.
  const sAng = new Float32Array(STREAMS);
  const sDist = new Float32Array(STREAMS);
  const sY1 = new Float32Array(STREAMS);
  const sSpeed = new Float32Array(STREAMS);
  const sOff = new Float32Array(STREAMS);
  const sSwirl = new Float32Array(STREAMS);
  for (let i = 0; i < STREAMS; i++) {
    // Mostly from the wide left (the loom's world is what is being swallowed), some from the right.
    sAng[i] = rng.next() < 0.65 ? Math.PI + (rng.next() - 0.5) * 2.2 : (rng.next() - 0.5) * 2.2;
    sDist[i] = 0.2 + 0.8 * rng.next() * (0.5 + 0.5 * rng.next());
    sY1[i] = (rng.next() - 0.5) * 1.3;
    sSpeed[i] = 0.12 + 0.32 * rng.next() * rng.next() + 0.05 * rng.next();
    sOff[i] = rng.next();
    sSwirl[i] = (rng.next() < 0.5 ? -1 : 1) * (0.6 + 1.6 * rng.next());
  }
  const hAng = new Float32Array(SHARDS);
  const hDist = new Float32Array(SHARDS);
  const hSize = new Float32Array(SHARDS);
  const hSpeed = new Float32Array(SHARDS);
  const hOff = new Float32Array(SHARDS);
  const hSwirl = new Float32Array(SHARDS);
  const hThin = new Float32Array(SHARDS);
  for (let i = 0; i < SHARDS; i++) {
    hAng[i] = rng.next() < 0.6 ? Math.PI + (rng.next() - 0.5) * 2.6 : (rng.next() - 0.5) * 2.6;
    hDist[i] = 0.25 + 0.75 * rng.next();
    // A few large splinters, many small ones.
    const k = rng.next();
    hSize[i] = 0.006 + 0.05 * k * k * k;
    hSpeed[i] = 0.04 + 0.1 * rng.next();
    hOff[i] = rng.next();
    hSwirl[i] = (rng.next() < 0.5 ? -1 : 1) * (0.5 + 1.2 * rng.next());
    hThin[i] = 0.15 + 0.5 * rng.next();
  }
  // The draws once spent on the crowd's strands (now the threads layer's stitches, tearStitches.ts),
  // still spent so the rift keeps its seeded shape.
  for (let i = 0; i < STRANDS * 5; i++) rng.next();
  // The spine's base shape: leaning (top left, bottom right) with seeded kinks.
  const kinkBase = new Float32Array(KINKS);
  for (let k = 0; k < KINKS; k++) kinkBase[k] = (k / (KINKS - 1) - 0.5) * 0.05 + (rng.next() - 0.5) * 0.045;
  let nextTear = 0;
  function tear(amount: number): void {
    for (let k = 0; k < KINKS; k++) kink[k] = kinkBase[k] + (rng.next() - 0.5) * 0.02 * amount;
    for (let i = 0; i < EDGE; i++) {
      // Sawteeth: alternate points bite in and out, by uneven amounts on each lip.
      const tooth = i % 2 === 0 ? 1 : -0.6;
      jagL[i] = (rng.next() - 0.3) * amount * 0.4 * tooth;
      jagR[i] = (rng.next() - 0.5) * amount * 0.6;
    }
    for (let i = 0; i < EDGE * 2; i++) {
      fLen[i] = rng.next() < 0.5 ? 0 : 0.006 + 0.04 * rng.next() * rng.next();
      fSlant[i] = (rng.next() - 0.5) * 1.4;
    }
  }
  tear(0.5);

  const mark = markNow();
  const glowCache = new ScaledSprite();
  let glow: HTMLCanvasElement | null = null;
  // Each column's and row's small seeded offset (× the weave's spacing): hand-woven, not ruled.
  const colJ = new Float32Array(COLS * 2);
  const rowJ = new Float32Array(ROWS);
  for (let i = 0; i < COLS * 2; i++) colJ[i] = (rng.next() - 0.5) * 0.5;
  for (let i = 0; i < ROWS; i++) rowJ[i] = (rng.next() - 0.5) * 0.45;

  /** The spine's x offset at t (0 top, 1 bottom), × the wall's height: straight runs between kinks. */
  function spine(t: number): number {
    const f = t * (KINKS - 1);
    const k = Math.min(KINKS - 2, Math.floor(f));
    const u = f - k;
    return kink[k] + (kink[k + 1] - kink[k]) * u;
  }
  /** Left lip's half-width at t: narrow and long. */
  function lipL(t: number): number {
    const k = Math.sin(Math.PI * t);
    return k * k * (0.45 + 0.35 * t);
  }
  /** Right lip's: gaping, widest low, torn open. */
  function lipR(t: number): number {
    const k = Math.sin(Math.PI * Math.pow(t, 0.8));
    return k * Math.sqrt(k) * (0.5 + 0.6 * t);
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const gw = s.weight('glitch');
      if (gw < 0.01) return;
      placeMark('portal', s, mark);
      if (mark.on <= 0) return;
      const h = s.h;
      const cx = mark.x;
      const cy = mark.y;
      const hh = mark.size * HALF_HEIGHT;
      const open = tearOpen(s, gw);
      if (open < 0.005) return;
      const calm = s.safe ? 0 : s.allow;
      if (!s.safe && s.time >= nextTear) {
        tear(0.25 + 0.55 * calm);
        nextTear = s.time + 0.14 + 0.3 * rng.next();
      }
      const pal = s.pal;
      const d = s.dreamers;
      const speed = s.safe ? 0.3 : 1;

      // The world darkens around the tear as it opens, so the rift is light on black.
      g.globalAlpha = 0.5 * open;
      g.fillStyle = '#000';
      g.fillRect(0, 0, s.w, h);

      g.globalCompositeOperation = 'lighter';
      // The tear's glow: one cached soft sprite stretched tall, leaning with the spine's middle.
      glow ??= glowSprite(128, 120, 235, 240, 0.18);
      const gwid = h * (0.1 + 0.16 * open);
      g.globalAlpha = 0.55 * open;
      glowCache.draw(g, glow, cx + spine(0.55) * h - gwid, cy - hh * 1.15, gwid * 2, hh * 2.3);

      // Streams of light drawn into the tear along spiralling paths, accelerating as they near it;
      // one in four is rose: Tara's light, pulled through.
      for (let pass = 0; pass < 2; pass++) {
        g.beginPath();
        for (let i = pass === 0 ? 0 : 3; i < STREAMS; i += pass === 0 ? 1 : 4) {
          if (pass === 0 && i % 4 === 3) continue;
          const p = (s.time * sSpeed[i] * speed + sOff[i]) % 1;
          const t1 = 0.5 + 0.5 * sY1[i];
          const tx = cx + spine(t1) * h;
          const ty = cy - hh + t1 * hh * 2;
          for (let k = 0; k < TAIL; k++) {
            const q = Math.max(0, p - k * 0.035);
            const e = q * q;
            const r = sDist[i] * h * (1 - e);
            const a = sAng[i] + sSwirl[i] * e;
            const x = tx + Math.cos(a) * r;
            const y = ty + Math.sin(a) * r * 0.6;
            if (k === 0) g.moveTo(x, y);
            else g.lineTo(x, y);
          }
        }
        if (pass === 0) g.strokeStyle = rgbStyle(pal[3] * 0.6 + 90, pal[4] * 0.6 + 90, pal[5] * 0.6 + 90);
        else g.strokeStyle = rgbStyle(d[6], d[7], d[8]);
        // Hairlines (cheap in software rendering); Tara's rose streams a little stronger.
        thinStroke(g, 1.5 * (h / 720), (pass === 0 ? 0.5 : 0.95) * open, s.quality);
        g.stroke();
      }

      // The cloth of the dream round the rift: warp columns bowed apart by the gaping lips, weft
      // rows running in to the lips, lit by the rift and fading out into the world in three steps
      // (three plain strokes: a gradient stroke costs far more in software rendering), the lit patch
      // lens-shaped like the tear.
      const maxW = HALF_WIDTH * h * open;
      const spacing = 0.024 * h;
      const reach = (COLS + 1) * spacing;
      const phaseT = s.phase === 'glitch' ? s.phaseTime : SNAP_FROM + SNAP_SPREAD + 2;
      g.globalCompositeOperation = 'source-over';
      g.strokeStyle = rgbStyle(d[0] * 0.45 + 140, d[1] * 0.45 + 140, d[2] * 0.45 + 140);
      g.lineWidth = 1;
      for (let band = 0; band < 3; band++) {
        const c0 = 1 + Math.round((band * COLS) / 3);
        const c1 = Math.round(((band + 1) * COLS) / 3);
        // Where this band's stretch of each row begins and ends, × the row's reach from its lip.
        const u0 = band / 3;
        const u1 = (band + 1) / 3;
        g.beginPath();
        for (let side = -1; side <= 1; side += 2) {
          for (let c = c0; c <= c1; c++) {
            // Near the rift a column follows its lip's shape; far off it hangs straight and shorter.
            const hug = Math.max(0, 1 - c / (COLS * 0.7));
            const off = colJ[(side < 0 ? 0 : COLS) + c - 1] * spacing;
            const span = 0.2 - 0.42 * Math.pow(c / COLS, 1.4);
            for (let j = 0; j <= COL_STEPS; j++) {
              const t = -span + ((1 + 2 * span) * j) / COL_STEPS;
              const tc = t < 0 ? 0 : t > 1 ? 1 : t;
              const lip = side < 0 ? lipL(tc) : lipR(tc);
              const x = cx + spine(tc) * h + side * (lip * maxW * (0.6 + 0.4 * hug) * (1 + hug) + c * spacing + off);
              const y = cy - hh + t * hh * 2;
              if (j === 0) g.moveTo(x, y);
              else g.lineTo(x, y);
            }
          }
          // Weft rows, each cut at its lip; a row that has snapped recoils, its cut end curling back.
          for (let j = 0; j < ROWS; j++) {
            const t = -0.2 + (1.4 * (j + 0.5)) / ROWS;
            const tc = t < 0 ? 0 : t > 1 ? 1 : t;
            const y = cy - hh + t * hh * 2 + rowJ[j] * spacing;
            const e = Math.round(tc * (EDGE - 1));
            const xs = cx + spine(tc) * h;
            const wl = lipL(tc) * maxW * (1 + jagL[e]);
            const wr = lipR(tc) * maxW * (1 + jagR[e]);
            const lipX = side < 0 ? xs - wl : xs + wr;
            // Rows run furthest across the tear's middle: the lit cloth is lens-shaped, as the rift.
            const len = reach * (0.3 + 0.7 * Math.sin(Math.PI * (0.1 + 0.8 * tc)));
            if (band > 0) {
              g.moveTo(lipX + side * len * u1, y);
              g.lineTo(lipX + side * len * u0, y);
              continue;
            }
            const since = phaseT - (SNAP_FROM + hash01(seed ^ 0x7ea2, j) * SNAP_SPREAD);
            const gap = wl + wr > 1.5;
            g.moveTo(lipX + side * len * u1, y);
            // A row still whole crosses the gap (drawn dark, over the light, below); an opened row's ends recoil.
            if (!gap || since <= 0) {
              g.lineTo(lipX, y);
              continue;
            }
            const rec = 1 - Math.exp(-since * 5) * Math.cos(since * 11);
            const curl = 0.045 * h * rec;
            const drop = (j & 1) === 0 ? 1 : -1;
            const end = lipX + side * curl;
            g.lineTo(end, y);
            g.quadraticCurveTo(end - side * curl * 0.5, y, end - side * curl * 0.3, y + drop * curl * 0.55);
          }
        }
        g.globalAlpha = Math.min(1, (band === 0 ? 0.8 : band === 1 ? 0.42 : 0.16) * open);
        g.stroke();
      }
      g.globalCompositeOperation = 'lighter';

      // The rift: one jagged, leaning crack of light, its two lips torn unevenly.
      g.beginPath();
      for (let i = 0; i < EDGE; i++) {
        const t = i / (EDGE - 1);
        const w = lipL(t) * maxW;
        const x = cx + spine(t) * h - w * (1 + jagL[i]) - (t > 0.05 && t < 0.95 ? 1 : 0);
        const y = cy - hh + t * hh * 2;
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      for (let i = EDGE - 1; i >= 0; i--) {
        const t = i / (EDGE - 1);
        const w = lipR(t) * maxW;
        g.lineTo(cx + spine(t) * h + w * (1 + jagR[i]) + (t > 0.05 && t < 0.95 ? 1 : 0), cy - hh + t * hh * 2);
      }
      g.closePath();
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = Math.min(1, 1.2 * open);
      g.fillStyle = rgbStyle(236, 255, 253);
      g.fill();
      g.globalCompositeOperation = 'lighter';
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      thinStroke(g, 1.5 * (h / 720), 0.9 * open, s.quality);
      g.stroke();

      // The rows not yet snapped, taut across the gap: dark threads against the light.
      g.beginPath();
      for (let j = 0; j < ROWS; j++) {
        const t = -0.2 + (1.4 * (j + 0.5)) / ROWS;
        if (t <= 0 || t >= 1) continue;
        const since = phaseT - (SNAP_FROM + hash01(seed ^ 0x7ea2, j) * SNAP_SPREAD);
        if (since > 0) continue;
        const e = Math.round(t * (EDGE - 1));
        const xs = cx + spine(t) * h;
        const wl = lipL(t) * maxW * (1 + jagL[e]);
        const wr = lipR(t) * maxW * (1 + jagR[e]);
        if (wl + wr <= 1.5) continue;
        const y = cy - hh + t * hh * 2 + rowJ[j] * spacing;
        // Strained: pulled a little into the tear's depth, toward its lower lip.
        g.moveTo(xs - wl - 2, y);
        g.quadraticCurveTo(xs + (wr - wl) * 0.5, y + (wl + wr) * 0.25, xs + wr + 2, y);
      }
      g.globalCompositeOperation = 'source-over';
      g.strokeStyle = rgbStyle(20, 34, 48);
      thinStroke(g, 1.5 * (h / 720), 0.85 * open, s.quality);
      g.stroke();
      g.globalCompositeOperation = 'lighter';

      // Fraying: fibres of light torn from both lips, bent toward the tear's flow.
      g.beginPath();
      for (let i = 1; i < EDGE - 1; i++) {
        const t = i / (EDGE - 1);
        const y = cy - hh + t * hh * 2;
        for (let side = 0; side < 2; side++) {
          const f = fLen[i * 2 + side] * h * open;
          if (f <= 0) continue;
          const sgn = side === 0 ? -1 : 1;
          const w = (side === 0 ? lipL(t) * (1 + jagL[i]) : lipR(t) * (1 + jagR[i])) * maxW;
          const x = cx + spine(t) * h + sgn * w;
          g.moveTo(x, y);
          g.lineTo(x + sgn * f, y + fSlant[i * 2 + side] * f);
        }
      }
      g.strokeStyle = rgbStyle(pal[3] * 0.5 + 120, pal[4] * 0.5 + 120, pal[5] * 0.5 + 120);
      thinStroke(g, 1.2 * (h / 720), 0.8 * open, s.quality);
      g.stroke();
      g.globalCompositeOperation = 'source-over';

      // Splinters of the world spiralling into the tear: slivers pointing along their path,
      // stretching and thinning as they are swallowed.
      g.beginPath();
      for (let i = 0; i < SHARDS; i++) {
        const p = (s.time * hSpeed[i] * speed + hOff[i]) % 1;
        const e = p * p;
        const r = hDist[i] * h * 0.8 * (1 - e);
        const a = hAng[i] + hSwirl[i] * e;
        const x = cx + Math.cos(a) * r;
        const y = cy + Math.sin(a) * r * 0.6;
        const sz = hSize[i] * h * (1 - 0.7 * e) * open;
        // Along the path (toward the tear, turning with the swirl) and across it.
        const ax = -Math.cos(a + 0.6 * hSwirl[i]);
        const ay = -Math.sin(a + 0.6 * hSwirl[i]) * 0.6;
        const stretch = 1 + 2.5 * e;
        const wide = hThin[i] * (1 - 0.6 * e);
        g.moveTo(x + ax * sz * stretch, y + ay * sz * stretch);
        g.lineTo(x - ay * sz * wide, y + ax * sz * wide);
        g.lineTo(x - ax * sz * 0.6, y - ay * sz * 0.6);
        g.lineTo(x + ay * sz * wide * 0.4, y - ax * sz * wide * 0.4);
        g.closePath();
      }
      g.fillStyle = rgbStyle(pal[12] + 30, pal[13] + 30, pal[14] + 34);
      g.globalAlpha = 0.85 * open;
      g.fill();
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      thinStroke(g, 1, 0.45 * open, s.quality);
      g.stroke();
      g.globalAlpha = 1;
    },
    dispose(): void {
      glowCache.dispose();
      glow = null;
    },
  };
}
