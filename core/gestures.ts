/**
 * From a phone's message to what the show uses: one validated {@link AudienceGesture} becomes the
 * wall's {@link FrameGesture} (drawn) and the engine's {@link CrowdGesture} (counted).
 */
import type { AudienceGesture, Beat, FrameGesture } from './protocol.ts';
import type { CrowdGesture } from './crowd.ts';
import type { RoleIndex } from './dreamers.ts';
import { assertNever } from './assertNever.ts';

/**
 * Signed offset of a hub-time stamp from the nearest beat, ms: negative when early, within ±half a
 * period (exactly half way counts as late).
 * @param at hub time of the tap, ms; @param beat the heartbeat grid.
 */
export function beatOffset(at: number, beat: Beat): number {
  const period = 60_000 / beat.bpm;
  // No heartbeat to keep (a broken tempo or stamp): every tap counts as exactly on it.
  if (!(period > 0 && Number.isFinite(period) && Number.isFinite(at) && Number.isFinite(beat.origin))) return 0;
  const phase = (((at - beat.origin) % period) + period) % period;
  return phase > period / 2 ? phase - period : phase;
}

/** Quantises a 0..1 coordinate to 1/4096 so frames stay compact on the wire. */
export function q(v: number): number {
  return Math.round(v * 4096) / 4096;
}

/**
 * Attributes a validated gesture to its dreamer.
 * @param d dreamer handle; @param r role index; @param beat heartbeat for pulse offsets.
 * @returns what the wall draws and what the engine counts.
 */
export function attributeGesture(g: AudienceGesture, d: number, r: RoleIndex, beat: Beat): { frame: FrameGesture; crowd: CrowdGesture } {
  const frames: FrameGesture[] = [];
  const crowds: CrowdGesture[] = [];
  attributeInto(g, d, r, beat, frames, crowds);
  return { frame: frames[0], crowd: crowds[0] };
}

/**
 * {@link attributeGesture} for the hub's hot path: appends what the wall draws to `frames` and what
 * the engine counts to `crowds`, allocating only those two records (and a weave's points).
 * @param d dreamer handle; @param r role index; @param beat heartbeat for pulse offsets.
 */
export function attributeInto(g: AudienceGesture, d: number, r: RoleIndex, beat: Beat, frames: FrameGesture[], crowds: CrowdGesture[]): void {
  switch (g.kind) {
    case 'weave': {
      const n = g.points.length;
      const p = new Array<number>(n);
      for (let i = 0; i < n; i++) p[i] = q(g.points[i]);
      frames.push({ d, r, k: 'weave', p, s: g.stroke });
      crowds.push({ d, r, k: 'weave', x: p[n - 2], y: p[n - 1] });
      return;
    }
    case 'tap':
    case 'release': {
      const x = q(g.x);
      const y = q(g.y);
      frames.push({ d, r, k: g.kind, p: [x, y] });
      crowds.push({ d, r, k: g.kind, x, y });
      return;
    }
    case 'shine': {
      const x = q(g.x);
      const y = q(g.y);
      frames.push({ d, r, k: 'shine', p: [x, y], s: g.on ? 1 : 0 });
      crowds.push({ d, r, k: 'shine', x, y, on: g.on });
      return;
    }
    case 'pulse': {
      const o = Math.round(beatOffset(g.at, beat));
      frames.push({ d, r, k: 'pulse', p: [], o });
      crowds.push({ d, r, k: 'pulse', x: 0.5, y: 0.5, o });
      return;
    }
    case 'tilt': {
      const x = q((g.x + 1) / 2);
      const y = q((g.y + 1) / 2);
      frames.push({ d, r, k: 'tilt', p: [x, y] });
      crowds.push({ d, r, k: 'tilt', x, y });
      return;
    }
    default:
      return assertNever(g, 'gesture');
  }
}
