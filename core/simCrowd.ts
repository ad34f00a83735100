/**
 * A simulated audience: N seeded phones doing what real phones do in each phase. Used by the
 * display's rehearsal mode, the tests, the benchmarks and the soak. Pure and deterministic for a
 * seed; it produces the same {@link AudienceGesture} messages a phone sends.
 */
import type { AudienceGesture, Beat } from './protocol.ts';
import { PHASE_CONTROLS, type PhaseName } from './arc/phases.ts';
import { SeededRandom } from './random.ts';
import { roleAt, roleIndex, type RoleIndex } from './dreamers.ts';

/** One simulated phone. */
interface SimPhone {
  handle: number;
  role: RoleIndex;
  x: number;
  y: number;
  heading: number;
  stroke: number;
  /** Gestures per second this phone makes when active (people differ). */
  eagerness: number;
  shining: boolean;
  nextPulse: number;
}

/** A simulated gesture with its sender. */
export interface SimGesture {
  /** Dreamer handle (1-based). */
  d: number;
  r: RoleIndex;
  g: AudienceGesture;
}

/** Options for {@link SimCrowd}. */
export interface SimCrowdOptions {
  /** Phones, 0..100 000. */
  size: number;
  seed: number;
  /** How closely pulse taps keep the beat, 0 (random) .. 1 (within ~15 ms). */
  sync?: number;
  /** Share of phones that take part at all, 0..1. */
  engagement?: number;
}

/** A seeded crowd of simulated phones. */
export class SimCrowd {
  private readonly rng: SeededRandom;
  private readonly phones: SimPhone[] = [];
  private readonly sync: number;
  private readonly engaged: number;

  constructor(options: SimCrowdOptions) {
    this.rng = new SeededRandom(options.seed);
    this.sync = options.sync ?? 0.8;
    this.engaged = Math.round(options.size * (options.engagement ?? 1));
    for (let i = 0; i < options.size; i++) {
      this.phones.push({
        handle: i + 1,
        role: roleIndex(roleAt(i)),
        x: this.rng.next(),
        y: this.rng.next(),
        heading: this.rng.range(0, Math.PI * 2),
        stroke: 0,
        eagerness: this.rng.range(0.5, 3),
        shining: false,
        nextPulse: 0,
      });
    }
  }

  /** Phones in the crowd. */
  get size(): number {
    return this.phones.length;
  }

  /**
   * The gestures the crowd makes in one tick.
   * @param phase current phase; @param nowMs hub time at the end of the tick, ms;
   * @param dt tick length, s; @param beat the heartbeat the crowd taps to.
   */
  tick(phase: PhaseName, nowMs: number, dt: number, beat: Beat): SimGesture[] {
    const out: SimGesture[] = [];
    const control = PHASE_CONTROLS[phase];
    const period = 60_000 / beat.bpm;
    for (let i = 0; i < this.engaged; i++) {
      const p = this.phones[i];
      const rng = this.rng;
      switch (control) {
        case 'weave': {
          if (rng.next() < p.eagerness * dt * 0.3) {
            p.stroke++;
            if (phase === 'festival' || rng.next() < 0.2) {
              out.push({ d: p.handle, r: p.role, g: { kind: 'tap', x: p.x, y: p.y } });
              break;
            }
          }
          if (rng.next() < p.eagerness * dt) {
            const pts: number[] = [];
            for (let k = 0; k < 3; k++) {
              p.heading += rng.range(-0.5, 0.5);
              p.x = wrap(p.x + Math.cos(p.heading) * 0.01);
              p.y = wrap(p.y + Math.sin(p.heading) * 0.01);
              pts.push(p.x, p.y);
            }
            out.push({ d: p.handle, r: p.role, g: { kind: 'weave', stroke: p.stroke, points: pts } });
          }
          break;
        }
        case 'flicker':
          break;
        case 'shine': {
          if (!p.shining && rng.next() < dt * 0.5) p.shining = true;
          else if (p.shining && rng.next() < dt * 0.1) {
            p.shining = false;
            out.push({ d: p.handle, r: p.role, g: { kind: 'shine', x: p.x, y: p.y, on: false } });
          }
          if (p.shining && rng.next() < dt * 2) {
            p.x = wrap(p.x + rng.range(-0.02, 0.02));
            p.y = wrap(p.y + rng.range(-0.02, 0.02));
            out.push({ d: p.handle, r: p.role, g: { kind: 'shine', x: p.x, y: p.y, on: true } });
          }
          break;
        }
        case 'pulse': {
          if (p.nextPulse === 0) p.nextPulse = nowMs + rng.range(0, period * 2);
          if (nowMs >= p.nextPulse) {
            const beatIndex = Math.round((nowMs - beat.origin) / period);
            const onBeat = beat.origin + beatIndex * period;
            const jitter = (1 - this.sync) * rng.range(-period / 2, period / 2) + this.sync * rng.range(-15, 15);
            out.push({ d: p.handle, r: p.role, g: { kind: 'pulse', at: Math.max(0, onBeat + jitter) } });
            p.nextPulse = onBeat + period * (1 + Math.floor(rng.range(0, 2)));
          }
          break;
        }
        case 'release': {
          if (rng.next() < dt * 0.05) out.push({ d: p.handle, r: p.role, g: { kind: 'release', x: p.x, y: rng.range(0.1, 0.5) } });
          break;
        }
      }
      if (control !== 'shine' && p.shining) p.shining = false;
    }
    return out;
  }
}

function wrap(v: number): number {
  return v < 0 ? v + 1 : v >= 1 ? v - 1 : v;
}
