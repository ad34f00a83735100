/**
 * The confrontation: the creature born of the Glitch, collective doubt made flesh — a vast dark
 * body of smoke and tendrils at stage mark `creature`, Brian's machine parts (rings, gear teeth)
 * half-visible inside it, a soft dark hollow at its heart where Tara stands (drawn by the cast).
 * It towers over the wall (its tendrils break past the top edge), dark against a pale fog it stirs
 * up behind itself, so it stands as a silhouette. It breathes with the heartbeat (`s.beatPhase()`):
 * the body swells and a slow pulse of light runs through its cracks. As the crowd's unity and resolve
 * rise it visibly cracks with light, and the crowd's light rises from the audience (the row of heads
 * at the bottom of the wall) in beams of the dreamers' colours that converge on its heart, more of
 * them as more take part, thicker and brighter as the crowd is one ({@link CreatureLayer.beams}).
 *
 * Its silhouette is rim-lit along its upper edges (its outline stroked as a hairline a pixel or two
 * higher, then filled over: no blur, no shadow, no second fill).
 *
 * Its defeat is a long spectacle, not a fade: as the crowd's (or the ghost dreamers') resolve rises
 * the cracks run further out over the body and widen into bands of light, rays of Tara's light break
 * out of its heart between the tendrils, and the gold at its heart spreads; the creature still looms,
 * shrunken and torn, until dawn takes it.
 *
 * Cost: everything soft — the fog behind it, its body (smoke, hollow), the tendrils, the gear, the
 * cracks' wide glow, the rays and the gold — is painted together on ONE small canvas at a third of
 * the wall's resolution, repainted every {@link SWAY_STEP} (about every fourth frame), and laid on the
 * wall in one scaled blit (the upscale is the blur). Per frame only that blit, the ripples and the
 * cracks' hot seams are drawn on the wall.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite, rgbStyle, thinStroke } from '../render/styles.ts';
import { markNow, placeMark } from '../render/stage.ts';
import { coreSprite, fogSprite, raySprite } from './creatureSprites.ts';
import { probe } from '../render/costProbe.ts';

const TENDRILS = 20;
const RIPPLES = 24;
/** Main cracks from the hollow; as many branches again fork off them. */
const MAIN_CRACKS = 9;
const CRACKS = MAIN_CRACKS * 2;
/** Kinks per crack (points after the first). */
const CRACK_STEPS = 7;
/** Beams of the crowd's light rising from the audience to the creature's heart. */
const BEAMS = 28;
/** Points along each side of a beam's ribbon. */
const BEAM_SAMPLES = 8;
const GEAR_TEETH = 22;
/** Points along each side of a tendril's ribbon. */
const TENDRIL_SAMPLES = 12;
/** The tendrils' canvases are painted at this fraction of the wall's resolution (soft edges when scaled up). */
const LOW = 1 / 3;
/** Seconds between repaintings of the tendrils (about every fourth frame). */
const SWAY_STEP = 1 / 15;
/** The tendrils' canvases span this many body radii across and down. */
const SWAY_SPAN = 9;
/** Where the body's centre sits down the tendrils' canvas (fraction of its height): smoke rises. */
const SWAY_UP = 0.56;
/** Wisps of fog drifting across the body. */
const WISPS = 7;
/** The body's canvas covers this many body radii each side of the centre. */
const BODY_SPAN = 1.5;
/** Rays of Tara's light that break out of the heart as the creature is beaten. */
const RAYS = 9;

/** The creature layer; pulses from the crowd make ripples of light that spread from its body. */
export interface CreatureLayer extends Layer {
  /** A pulse tap arrived (rate-limited into ripples). */
  pulse(role: number): void;
  /**
   * The crowd's light rising from the audience to the creature's heart: drawn in front of the near
   * plane (the beams start at the row of heads), so it is its own entry in the renderer's order.
   */
  readonly beams: Layer;
}

/** Creates the creature layer. */
export function createCreature(seed: number): CreatureLayer {
  const rng = new SeededRandom(seed ^ 0xc7ea);
  const tAng = new Float32Array(TENDRILS);
  const tLen = new Float32Array(TENDRILS);
  const tPh = new Float32Array(TENDRILS);
  for (let i = 0; i < TENDRILS; i++) {
    tAng[i] = (i / TENDRILS) * Math.PI * 2 + rng.next() * 0.3;
    tLen[i] = 0.55 + rng.next() * 0.8;
    tPh[i] = rng.next() * 6.28;
  }
  // Cracks: jagged seeded walks outward from the hollow, in body radii from the centre.
  const kx = new Float32Array(CRACKS * (CRACK_STEPS + 1));
  const ky = new Float32Array(CRACKS * (CRACK_STEPS + 1));
  // How far each crack can run (fraction of its kinks), so they open unevenly.
  const cLen = new Float32Array(CRACKS);
  for (let c = 0; c < CRACKS; c++) {
    const main = c < MAIN_CRACKS;
    // A branch forks off its main crack at the third kink, turned aside.
    const from = (c - MAIN_CRACKS) * (CRACK_STEPS + 1) + 2;
    let x = main ? 0 : kx[from];
    let y = main ? 0 : ky[from];
    let a = main ? (c / MAIN_CRACKS) * Math.PI * 2 + (rng.next() - 0.5) * 1.2 : Math.atan2(y, x) + (rng.next() < 0.5 ? -0.7 : 0.7);
    cLen[c] = main ? 0.45 + 0.55 * rng.next() : 0.5 + 0.5 * rng.next();
    if (main) {
      const r0 = 0.3 + 0.3 * rng.next();
      x = Math.cos(a) * r0;
      y = Math.sin(a) * r0;
    }
    for (let k = 0; k <= CRACK_STEPS; k++) {
      kx[c * (CRACK_STEPS + 1) + k] = x;
      ky[c * (CRACK_STEPS + 1) + k] = y;
      const step = (main ? 0.16 : 0.1) + 0.12 * rng.next();
      x += Math.cos(a) * step;
      y += Math.sin(a) * step;
      a += (rng.next() - 0.5) * 1.1;
    }
  }
  // The beams: where each rises from along the row of heads (panorama 0..1), the order in which
  // they light as more of the crowd takes part, and how far each bows out on its way up.
  const bU = new Float32Array(BEAMS);
  const bRank = new Float32Array(BEAMS);
  const bBow = new Float32Array(BEAMS);
  for (let i = 0; i < BEAMS; i++) {
    bU[i] = (i + 0.5 + (rng.next() - 0.5) * 0.7) / BEAMS;
    bRank[i] = rng.next();
    bBow[i] = 0.7 + 0.6 * rng.next();
  }
  // Where the creature's heart is this frame (wall px), for the beams, and how present it is.
  let heartX = 0;
  let heartY = 0;
  let heartR = 0;
  let heartOn = 0;
  // The curve being drawn (p0..p3 of a cubic), set by curve() and read by ribbonPoint().
  const cv = new Float32Array(8);
  const core = coreSprite(128);
  const ray = raySprite(64);
  // Each ray's angle (between the main cracks), length and width, seeded.
  const rayA = new Float32Array(RAYS);
  const rayL = new Float32Array(RAYS);
  const rayW = new Float32Array(RAYS);
  for (let i = 0; i < RAYS; i++) {
    rayA[i] = ((i + 0.5) / RAYS) * Math.PI * 2 + (rng.next() - 0.5) * 0.5;
    rayL[i] = 0.6 + 0.4 * rng.next();
    rayW[i] = 0.7 + 0.6 * rng.next();
  }
  const mark = markNow();

  function curve(i: number, time: number, x0: number, y0: number, R: number, reach: number): void {
    const a = tAng[i] + 0.22 * Math.sin(time * 0.19 + tPh[i]);
    const L = R * (1.3 + 1.9 * tLen[i] * reach);
    // Smoke, not spines: each tendril is an S-curve whose two bends sway out of step, slowly.
    const b1 = 0.55 * Math.sin(time * 0.31 + tPh[i] * 2);
    const b2 = -0.8 * Math.sin(time * 0.23 + tPh[i] * 3 + 1.3) + 0.25 * Math.sin(time * 0.8 + i);
    cv[0] = x0 + Math.cos(a) * R * 0.7;
    cv[1] = y0 + Math.sin(a) * R * 0.7;
    cv[2] = x0 + Math.cos(a + b1) * L * 0.4;
    cv[3] = y0 + Math.sin(a + b1) * L * 0.4 - R * 0.1;
    cv[4] = x0 + Math.cos(a + b2) * L * 0.75;
    cv[5] = y0 + Math.sin(a + b2) * L * 0.75 - R * 0.25;
    cv[6] = x0 + Math.cos(a + (b1 + b2) * 0.5) * L;
    // Smoke rises: the tips drift upward.
    cv[7] = y0 + Math.sin(a + (b1 + b2) * 0.5) * L - R * 0.45 * tLen[i];
  }

  /** A point at t on the current curve, offset sideways by its half-width (side ±1, 0 for the spine). */
  function ribbonPoint(t: number, R: number, side: number, first: boolean, g: CanvasRenderingContext2D): void {
    // R here only sets the ribbon's width (a wider veil passes a larger one).
    const u = 1 - t;
    const k0 = u * u * u;
    const k1 = 3 * u * u * t;
    const k2 = 3 * u * t * t;
    const k3 = t * t * t;
    const x = k0 * cv[0] + k1 * cv[2] + k2 * cv[4] + k3 * cv[6];
    const y = k0 * cv[1] + k1 * cv[3] + k2 * cv[5] + k3 * cv[7];
    const tx = 3 * u * u * (cv[2] - cv[0]) + 6 * u * t * (cv[4] - cv[2]) + 3 * t * t * (cv[6] - cv[4]);
    const ty = 3 * u * u * (cv[3] - cv[1]) + 6 * u * t * (cv[5] - cv[3]) + 3 * t * t * (cv[7] - cv[5]);
    const len = Math.hypot(tx, ty) || 1;
    const half = side * (R * 0.34 * Math.pow(u, 1.5) + 0.5);
    const px = x - (ty / len) * half;
    const py = y + (tx / len) * half;
    if (first) g.moveTo(px, py);
    else g.lineTo(px, py);
  }

  /**
   * Bakes the body for a body radius of `R` px of the painting (a third of the wall's): overlapping
   * soft smoke (uneven, so the machine parts drawn under it show through in places), denser toward
   * the middle, and the soft dark hollow at its heart. Baked small and unblurred: the gradients are
   * soft already and the painting's upscale softens them further (a blur filter on each of the 34
   * fills at the wall's resolution stalled the wall for most of a second when the creature appeared).
   */
  function bakeBody(R: number): HTMLCanvasElement {
    const c = body ?? document.createElement('canvas');
    const size = Math.max(8, Math.ceil(R * BODY_SPAN * 2));
    c.width = c.height = size;
    const ctx = c.getContext('2d');
    if (!ctx) return c;
    const m = size / 2;
    const br = new SeededRandom(seed ^ 0x5b0d);
    for (let i = 0; i < 34; i++) {
      const a = br.next() * Math.PI * 2;
      const d = Math.sqrt(br.next()) * R * 0.95;
      const r = R * (0.22 + 0.3 * br.next());
      const grad = ctx.createRadialGradient(m + Math.cos(a) * d, m + Math.sin(a) * d, 0, m + Math.cos(a) * d, m + Math.sin(a) * d, r);
      const alpha = 0.35 + 0.4 * br.next();
      grad.addColorStop(0, `rgba(8,4,14,${alpha.toFixed(2)})`);
      grad.addColorStop(1, 'rgba(8,4,14,0)');
      ctx.fillStyle = grad;
      ctx.fillRect(0, 0, size, size);
    }
    // The dense core and the hollow where Tara stands: deepest black, soft-edged.
    const core = ctx.createRadialGradient(m, m, 0, m, m, R * 1.05);
    core.addColorStop(0, 'rgba(1,0,3,1)');
    core.addColorStop(0.3, 'rgba(1,0,3,0.97)');
    core.addColorStop(0.55, 'rgba(6,3,11,0.55)');
    core.addColorStop(1, 'rgba(8,4,14,0)');
    ctx.fillStyle = core;
    ctx.fillRect(0, 0, size, size);
    return c;
  }

  const rBorn = new Float32Array(RIPPLES).fill(-1e9);
  const rRole = new Uint8Array(RIPPLES);
  // Ripples already stroked this frame (merged into an earlier one's circle).
  const rDone = new Uint8Array(RIPPLES);
  let rHead = 0;
  let budget = 6;
  let now = 0;
  let body: HTMLCanvasElement | null = null;
  let bodyR = 0;

  let shade: HTMLCanvasElement | null = null;
  let gold: HTMLCanvasElement | null = null;
  // The creature as it stood at slot slotA (see paintCreature), painted for body radius slotR.
  const swayA = document.createElement('canvas');
  let slotA = -1e9;
  let slotR = 0;
  const wU = new Float32Array(WISPS);
  const wV = new Float32Array(WISPS);
  const wS = new Float32Array(WISPS);
  for (let i = 0; i < WISPS; i++) {
    wU[i] = rng.next();
    wV[i] = rng.next();
    wS[i] = 0.8 + 0.9 * rng.next();
  }

  /**
   * Traces the cracks opened `open` (0..1) from a centre (cx, cy) for a body radius R, run out
   * `spread` times further than their seeded walk (the creature tearing as it is beaten).
   */
  function crackPath(g: CanvasRenderingContext2D, cx: number, cy: number, R: number, open: number, spread: number): void {
    g.beginPath();
    const k = R * spread;
    for (let c = 0; c < CRACKS; c++) {
      // Few cracks at first, all of them as the crowd gains; the branches last.
      if (c < MAIN_CRACKS ? cLen[c] < 1 - open * 1.6 : open < 0.45) continue;
      const steps = Math.min(1, open * (0.6 + cLen[c])) * cLen[c] * CRACK_STEPS;
      const full = Math.floor(steps);
      const part = steps - full;
      const o = c * (CRACK_STEPS + 1);
      g.moveTo(cx + kx[o] * k, cy + ky[o] * k);
      for (let j = 1; j <= full && j <= CRACK_STEPS; j++) g.lineTo(cx + kx[o + j] * k, cy + ky[o + j] * k);
      if (full < CRACK_STEPS && part > 0.01) {
        const ax = kx[o + full];
        const ay = ky[o + full];
        g.lineTo(cx + (ax + (kx[o + full + 1] - ax) * part) * k, cy + (ay + (ky[o + full + 1] - ay) * part) * k);
      }
    }
  }

  // What paintCreature paints besides the tendrils, set by draw() before each repaint: the fog's and
  // body's opacity within the painting, how far the cracks are open and run, how far the creature is
  // beaten (0..1), the gold at its heart, and the flash guard's share of the bright parts.
  let fogA = 1;
  let crackOpen = 0;
  let crackSpread = 1;
  let defeat = 0;
  let gather = 0;
  let bright = 1;

  /**
   * Paints the creature as it stands at `time` onto `c` at LOW resolution, for a body radius of `R`
   * wall px, the body's centre at (width / 2, SWAY_UP × height): the pale fog it stirs up behind it
   * (so its dark tendrils cut a silhouette against it), its baked body of smoke, then the tendrils —
   * a pale rim a little above them (the fog catching their upper edges), a smoky violet-grey fringe,
   * a near-black core down the middle of each (volume without a light source) — pale wisps of fog
   * drifting across them, what is left of Brian's machine (a broken gear, half lost in the smoke),
   * the dense dark core; then the light: the cracks' wide glow, the rays of Tara's light breaking
   * out of its heart as it is beaten, and the gold gathering there. `src` is the baked body for a
   * body radius of `srcR` of its own px.
   */
  function paintCreature(c: HTMLCanvasElement, time: number, R: number, reach: number, creature: number, s: Scene, src: HTMLCanvasElement, srcR: number): void {
    const w = Math.max(8, Math.ceil(R * SWAY_SPAN * LOW));
    if (c.width !== w || c.height !== w) c.width = c.height = w;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, w);
    ctx.setTransform(LOW, 0, 0, LOW, w / 2, w * SWAY_UP);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    const pal = s.pal;
    const h = s.h;
    // The fog: a pale cold mist 6.4 body radii wide and 1.5 walls tall, the body's centre at 0.55 of
    // its height; the body over it.
    if (shade) {
      ctx.globalAlpha = fogA;
      ctx.drawImage(shade, -R * 3.2, -h * 1.5 * 0.55, R * 6.4, h * 1.5);
      const half = (src.width / 2) * (R / srcR);
      ctx.drawImage(src, -half, -half, half * 2, half * 2);
    }
    const lift = R * 0.035;
    for (let pass = 0; pass < 4; pass++) {
      // The rim (stroked higher), then the smoke from its pale fringe inward to a near-black core:
      // each pass narrower and darker, so every tendril has a depth.
      const oy = pass === 0 ? -lift : 0;
      const side = pass < 2 ? 1 : pass === 2 ? 0.68 : 0.36;
      ctx.beginPath();
      for (let i = 0; i < TENDRILS; i++) {
        curve(i, time, 0, oy, R, reach);
        for (let k = 0; k <= TENDRIL_SAMPLES; k++) ribbonPoint(k / TENDRIL_SAMPLES, R, side, k === 0, ctx);
        for (let k = TENDRIL_SAMPLES; k >= 0; k--) ribbonPoint(k / TENDRIL_SAMPLES, R, -side, false, ctx);
        ctx.closePath();
      }
      if (pass === 0) {
        ctx.strokeStyle = rgbStyle(180 + pal[3] * 0.12, 182 + pal[4] * 0.12, 205 + pal[5] * 0.12);
        ctx.lineWidth = 1 / LOW;
        ctx.globalAlpha = 0.3;
        ctx.stroke();
      } else {
        const k = pass === 1 ? 1 : pass === 2 ? 0.6 : 0.25;
        ctx.fillStyle = rgbStyle(5 + (17 + pal[3] * 0.12) * k, 4 + (14 + pal[4] * 0.1) * k, 9 + (24 + pal[5] * 0.15) * k);
        ctx.globalAlpha = pass === 1 ? 1 : 0.8;
        ctx.fill();
      }
    }
    // Fog drifting across the body: only where the body is (source-atop), slowly, pale.
    if (shade) {
      ctx.globalCompositeOperation = 'source-atop';
      for (let i = 0; i < WISPS; i++) {
        const ws = R * 2 * wS[i];
        const wx = (((wU[i] + time * 0.012 * wS[i]) % 1) - 0.5) * R * 6;
        const wy = (wV[i] - 0.6) * R * 4 + Math.sin(time * 0.2 + i) * R * 0.2;
        ctx.globalAlpha = 0.16;
        ctx.drawImage(shade, wx - ws, wy - ws * 0.35, ws * 2, ws * 0.7);
      }
      ctx.globalCompositeOperation = 'source-over';
    }
    const d = s.dreamers;
    ctx.strokeStyle = rgbStyle(d[9] * 0.5 + 40, d[10] * 0.5 + 30, d[11] * 0.5 + 50);
    ctx.lineWidth = Math.max(1, R * 0.03);
    ctx.globalAlpha = 0.45 * creature;
    ctx.beginPath();
    const rot = time * 0.11;
    const gr = R * 0.5;
    const gx = R * 0.28;
    const gy = -R * 0.22;
    for (let k = 0; k <= 30; k++) {
      const a = rot + (k / (GEAR_TEETH * 4)) * Math.PI * 2;
      const rr = (k & 2) === 0 ? gr : gr * 1.09;
      if (k === 0) ctx.moveTo(gx + Math.cos(a) * rr, gy + Math.sin(a) * rr);
      else ctx.lineTo(gx + Math.cos(a) * rr, gy + Math.sin(a) * rr);
    }
    ctx.stroke();
    // The dense core over the tendrils' roots: the soft dark hollow where Tara stands.
    const cs = R * 2.3 * (1 - 0.3 * defeat);
    ctx.globalAlpha = 1;
    ctx.drawImage(core, -cs / 2, -cs / 2, cs, cs);

    ctx.globalCompositeOperation = 'lighter';
    const px = h / 720;
    // The cracks' wide glow, soft from the upscale, widening into bands of light as it is beaten.
    if (crackOpen > 0.02) {
      crackPath(ctx, 0, 0, R, crackOpen, crackSpread);
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      ctx.strokeStyle = rgbStyle(pal[6] * 0.85, pal[7] * 0.6, pal[8] * 0.32);
      ctx.lineWidth = (5 + 6 * crackOpen + 7 * defeat) * px;
      ctx.globalAlpha = Math.min(0.5, 0.12 + 0.22 * crackOpen + 0.16 * defeat) * bright;
      ctx.stroke();
      ctx.lineJoin = 'miter';
      ctx.lineCap = 'butt';
    }
    // Rays of Tara's light breaking out of the heart between the tendrils, lengthening as it falls.
    if (defeat > 0.01) {
      for (let i = 0; i < RAYS; i++) {
        const a = rayA[i] + 0.05 * Math.sin(time * 0.17 + i);
        const len = R * (1.1 + 2.3 * defeat * rayL[i]);
        const wid = R * (0.25 + 0.35 * defeat) * rayW[i];
        const ca = Math.cos(a);
        const sa = Math.sin(a);
        // The ray sprite lies along +x from its left edge's middle: turned to a, stretched to len × wid,
        // rooted at the hollow's rim so Tara, at the heart, stays clear in the light's meeting point.
        const root = R * 0.32 * LOW;
        ctx.setTransform(LOW * ca * len, LOW * sa * len, -LOW * sa * wid, LOW * ca * wid, w / 2 + ca * root, w * SWAY_UP + sa * root);
        ctx.globalAlpha = 0.42 * defeat * bright;
        ctx.drawImage(ray, 0, -0.5, 1, 1);
      }
      ctx.setTransform(LOW, 0, 0, LOW, w / 2, w * SWAY_UP);
    }
    // Gold light gathering at the heart: a little is there before anyone joins (Tara's own light),
    // so the idle wall is not a dark mass; it spreads as the creature is beaten.
    if (gold && gather > 0.01) {
      const gs = R * (1.3 + 1.5 * defeat);
      ctx.globalAlpha = Math.min(0.8, gather) * 0.55 * bright;
      ctx.drawImage(gold, -gs, -gs, gs * 2, gs * 2);
    }
    ctx.globalCompositeOperation = 'source-over';
    ctx.globalAlpha = 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  // The beam being drawn: base, control point and end of a quadratic, set by beamCurve().
  const bq = new Float32Array(6);

  /** Sets {@link bq} to beam `i`: from the row of heads, rising and bending in to the creature's heart. */
  function beamCurve(i: number, s: Scene): void {
    const h = s.h;
    const bx = s.x(bU[i]);
    const by = h * 0.985;
    bq[0] = bx;
    bq[1] = by;
    // Light rises mostly straight up from the crowd, then bends in toward the heart.
    const cx = bx + (heartX - bx) * 0.18 * bBow[i] + h * 0.012 * Math.sin(s.time * 0.23 + i * 1.7);
    const cy = heartY + (by - heartY) * 0.5;
    bq[2] = cx;
    bq[3] = cy;
    // It ends at the rim of the hollow, so Tara, at the heart, stays clear in the light's meeting point.
    const dx = cx - heartX;
    const dy = cy - heartY;
    const k = (heartR * 0.32) / (Math.hypot(dx, dy) || 1);
    bq[4] = heartX + dx * k;
    bq[5] = heartY + dy * k;
  }

  /** A point at t on {@link bq}, offset sideways by `half` px (negative: the other side). */
  function beamPoint(t: number, half: number, first: boolean, g: CanvasRenderingContext2D): void {
    const u = 1 - t;
    const x = u * u * bq[0] + 2 * u * t * bq[2] + t * t * bq[4];
    const y = u * u * bq[1] + 2 * u * t * bq[3] + t * t * bq[5];
    const tx = 2 * u * (bq[2] - bq[0]) + 2 * t * (bq[4] - bq[2]);
    const ty = 2 * u * (bq[3] - bq[1]) + 2 * t * (bq[5] - bq[3]);
    const len = Math.hypot(tx, ty) || 1;
    const px = x - (ty / len) * half;
    const py = y + (tx / len) * half;
    if (first) g.moveTo(px, py);
    else g.lineTo(px, py);
  }

  const beams: Layer = {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      if (heartOn < 0.01) return;
      const unity = s.crowd.unity;
      // More beams light as more of the crowd takes part (a dark room sends none).
      const lit = Math.min(1, s.crowd.participation * 1.2) * BEAMS;
      if (lit < 0.05) return;
      const px = s.h / 720;
      // A slow, modest swell on the heartbeat, bounded by the flash guard's allowance.
      const env = Math.exp(-s.beatPhase() * 4) * (s.safe ? 0.3 : 1);
      const pulse = 1 + 0.12 * env * s.allow;
      // Thicker at the crowd, narrowing as the light converges; both thicken as the crowd is one.
      const wb = (1 + 3 * unity) * px;
      const wt = (0.4 + 1.1 * unity) * px;
      const d = s.dreamers;
      g.globalCompositeOperation = 'lighter';
      // Bevelled joins: the threads are a pixel or two wide, where a round join looks the same but
      // costs an arc per kink in software rendering.
      g.lineJoin = 'bevel';
      for (let role = 0; role < 4; role++) {
        const r = role * 3;
        // The soft ribbon of light…
        g.beginPath();
        let any = false;
        for (let i = role; i < BEAMS; i += 4) {
          const on = Math.min(1, lit - bRank[i] * BEAMS);
          if (on <= 0) continue;
          any = true;
          beamCurve(i, s);
          for (let k = 0; k <= BEAM_SAMPLES; k++) {
            const t = k / BEAM_SAMPLES;
            beamPoint(t, (wb + (wt - wb) * t) * on, k === 0, g);
          }
          for (let k = BEAM_SAMPLES; k >= 0; k--) {
            const t = k / BEAM_SAMPLES;
            beamPoint(t, -(wb + (wt - wb) * t) * on, false, g);
          }
          g.closePath();
        }
        if (!any) continue;
        g.fillStyle = rgbStyle(d[r], d[r + 1], d[r + 2]);
        g.globalAlpha = Math.min(0.4, heartOn * (0.08 + 0.22 * unity) * pulse);
        g.fill();
        probe(g, 'beams.fill');
        // …and a brighter thread down its middle.
        g.beginPath();
        for (let i = role; i < BEAMS; i += 4) {
          if (lit - bRank[i] * BEAMS <= 0) continue;
          beamCurve(i, s);
          for (let k = 0; k <= BEAM_SAMPLES; k++) beamPoint(k / BEAM_SAMPLES, 0, k === 0, g);
        }
        g.strokeStyle = rgbStyle(d[r] * 0.5 + 128, d[r + 1] * 0.5 + 128, d[r + 2] * 0.5 + 128);
        thinStroke(g, (0.8 + 0.9 * unity) * px, Math.min(0.6, heartOn * (0.14 + 0.36 * unity) * pulse), s.quality);
        g.stroke();
        probe(g, 'beams.thread');
      }
      g.lineJoin = 'miter';
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      heartOn = 0;
    },
  };

  return {
    beams,
    pulse(role: number): void {
      if (budget < 1) return;
      budget -= 1;
      rBorn[rHead] = now;
      rRole[rHead] = role & 3;
      rHead = (rHead + 1) % RIPPLES;
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      now = s.time;
      budget = Math.min(6, budget + 6 * s.dt);
      const creature = s.p('creature');
      const cw = s.weight('confrontation');
      const presence = Math.max(creature, cw * 0.3);
      // How dark and solid it stands: as the crowd wins it shrinks and cracks open, but while the
      // confrontation lasts it still looms as a silhouette (it dissolves at dawn).
      const vis = Math.max(creature, cw * 0.7);
      heartOn = 0;
      if (presence < 0.01) return;
      const h = s.h;
      placeMark('creature', s, mark);
      if (mark.on <= 0) {
        mark.x = s.x(0.5);
        mark.y = h * 0.46;
        mark.size = h * 0.36;
      }
      const x0 = mark.x;
      const y0 = mark.y;
      // The body at full size (baked at this), shrunk as the creature wanes.
      const fullR = mark.size * 0.6;
      if (!body || Math.abs(bodyR - fullR) > 2) {
        body = bakeBody(fullR * LOW);
        bodyR = fullR;
      }
      gold ??= glowSprite(128, 255, 226, 150, 0.2);
      shade ??= fogSprite(128);
      const beat = s.beatPhase();
      // A soft heartbeat envelope (no hard attack): the body swells a little on each beat.
      const env = Math.exp(-beat * 4) * (s.safe ? 0.3 : 1);
      const R0 = fullR * (0.75 + 0.25 * creature);
      const R = R0 * (1 + 0.04 * env);
      const resolve = s.crowd.resolve;
      const unity = s.crowd.unity;
      const pal = s.pal;
      const d = s.dreamers;

      heartX = x0;
      heartY = y0;
      heartR = R;
      heartOn = presence;

      // How far it is beaten: the spectacle of its defeat grows over the last two thirds of the fight
      // and holds at its height through the crossfade to dawn while the dark body fades (the light
      // follows the phase, not the creature's waning darkness).
      const stage = Math.max(creature, Math.min(1, 2 * cw));
      const beaten = Math.min(1, Math.max(0, (resolve - 0.3) / 0.7));
      defeat = beaten * beaten * (3 - 2 * beaten) * stage;
      // Cracks lengthen as unity and resolve rise, and run out over the body as it is beaten.
      crackOpen = Math.min(1, 0.12 + 0.45 * unity + 0.9 * resolve) * presence;
      crackSpread = 1 + 0.3 * defeat;
      gather = (0.16 + 0.5 * unity + 0.6 * resolve) * stage;
      bright = 0.5 + 0.5 * s.allow;

      // The whole soft creature — fog, body, tendrils, Brian's broken gear, the cracks' glow, the rays
      // and the gold — painted on a small canvas a third of the wall's resolution (see paintCreature)
      // and laid over the wall scaled up, so every edge dissolves softly into the fog. It is repainted
      // only every SWAY_STEP (the smoke sways slowly: a step moves a tip a few px, lost in its soft
      // edge), or when the body's size moves by 2 %; the heartbeat swells the image, not the paths.
      const slot = Math.floor(s.time / SWAY_STEP);
      const reach = (0.3 + 0.7 * creature) * (1 - 0.35 * resolve);
      const resized = Math.abs(R0 - slotR) > slotR * 0.02;
      // Fills turn translucent only while it fades in or out; the fog and body stand at `vis` within that.
      const alpha = Math.min(1, vis * 1.4);
      if (slot !== slotA || resized) {
        if (resized) slotR = R0;
        fogA = alpha > 0 ? Math.min(1, vis / alpha) : 0;
        paintCreature(swayA, slot * SWAY_STEP, slotR, reach, creature, s, body, fullR * LOW);
        slotA = slot;
      }
      probe(g, 'creature.paint');
      g.globalAlpha = alpha;
      g.imageSmoothingEnabled = true;
      g.imageSmoothingQuality = 'low';
      const sw = (swayA.width / LOW) * (R / slotR);
      const sh = (swayA.height / LOW) * (R / slotR);
      g.drawImage(swayA, x0 - sw / 2, y0 - sh * SWAY_UP, sw, sh);
      probe(g, 'creature.sway');

      g.globalCompositeOperation = 'lighter';

      // Ripples from pulse taps, each in its dreamer's colour, spreading out from the body. The
      // pulses of a beat arrive together, so their ripples share one circle; under 'lighter' colours
      // add, so a circle is stroked in the sum of its ripples' colours, as few times as the sum's
      // brightness needs (one stroke adds at most white), rather than once per ripple: a stroke
      // under 'lighter' costs about 0.1 ms a circle in software rendering.
      const ringR = R * 1.3;
      const rippleWidth = 1.5 * (h / 720);
      rDone.fill(0);
      for (let i = 0; i < RIPPLES; i++) {
        if (rDone[i]) continue;
        const born = rBorn[i];
        const a = now - born;
        if (a < 0 || a > 1.6) continue;
        let cr = 0;
        let cg = 0;
        let cb = 0;
        let members = 0;
        for (let j = i; j < RIPPLES; j++) {
          if (rBorn[j] !== born) continue;
          rDone[j] = 1;
          members++;
          const r = rRole[j] * 3;
          cr += d[r] | 0;
          cg += d[r + 1] | 0;
          cb += d[r + 2] | 0;
        }
        // A wave that rises as it leaves the body, spreads and fades fast (quadratically): the beats never stand as a hoop.
        const fade = 1 - a / 1.6;
        const attack = a < 0.25 ? a / 0.25 : 1;
        const alpha = presence * 0.3 * attack * fade * fade * (0.4 + 0.6 * s.allow);
        const kk = Math.max(1, cr / 255, cg / 255, cb / 255);
        g.beginPath();
        g.arc(x0, y0, ringR * (1 + a * 0.8), 0, Math.PI * 2);
        const strokes = Math.max(1, Math.ceil(thinStroke(g, rippleWidth, alpha * kk, s.quality) - 1e-6));
        if (strokes < members) {
          thinStroke(g, rippleWidth, (alpha * kk) / strokes, s.quality);
          g.strokeStyle = rgbStyle(cr / kk + 0.5, cg / kk + 0.5, cb / kk + 0.5);
          for (let n = 0; n < strokes; n++) g.stroke();
          continue;
        }
        thinStroke(g, rippleWidth, alpha, s.quality);
        for (let j = i; j < RIPPLES; j++) {
          if (rBorn[j] !== born) continue;
          const r = rRole[j] * 3;
          g.strokeStyle = rgbStyle(d[r], d[r + 1], d[r + 2]);
          g.stroke();
        }
      }

      // The cracks' hot seams (their glow is in the painting), with a slow pulse of light on the
      // heartbeat, bounded by the flash guard's allowance.
      if (crackOpen > 0.02) {
        crackPath(g, x0, y0, R, crackOpen, crackSpread);
        const pulse = 0.7 + 0.3 * env * (0.4 + 0.6 * s.allow);
        // Bevelled: at a seam's width a round join looks the same and costs an arc per kink.
        g.lineJoin = 'bevel';
        g.strokeStyle = rgbStyle(pal[6], pal[7] * 0.92, pal[8] * 0.75);
        thinStroke(g, (0.8 + 1.2 * crackOpen + 1.5 * defeat) * (h / 720), Math.min(0.9, 0.3 + 0.6 * crackOpen) * pulse, s.quality);
        g.stroke();
        g.lineJoin = 'miter';
      }
      probe(g, 'creature.cracks');
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      if (body) body.width = body.height = 0;
      body = null;
      bodyR = 0;
      gold = null;
      shade = null;
      swayA.width = swayA.height = 0;
      slotA = -1e9;
      slotR = 0;
    },
  };
}
