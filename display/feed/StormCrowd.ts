/**
 * The worst case for the flash guard: every phone in the room acting at the hub's maximum rate
 * (one gesture per phone per 30 Hz tick), with shining phones flicking their light on and off as
 * fast as they can. Seeded, like {@link SimCrowd}.
 */
import type { AudienceGesture, Beat } from '../../core/protocol.ts';
import { PHASE_CONTROLS, type PhaseName } from '../../core/arc/phases.ts';
import { roleAt, roleIndex } from '../../core/dreamers.ts';
import { SeededRandom } from '../../core/random.ts';
import { assertNever } from '../../core/assertNever.ts';
import type { SimGesture } from '../../core/simCrowd.ts';

/** A crowd of `size` phones all gesturing every tick. */
export class StormCrowd {
  private readonly rng: SeededRandom;
  private toggle = false;

  /** @param size phones, 1..10 000; @param seed PRNG seed. */
  constructor(
    readonly size: number,
    seed: number,
  ) {
    this.rng = new SeededRandom(seed ^ 0x5f0f);
  }

  /** One tick's gestures: one per phone. @param nowMs hub time, ms; @param beat the heartbeat. */
  tick(phase: PhaseName, nowMs: number, beat: Beat): SimGesture[] {
    const out: SimGesture[] = [];
    this.toggle = !this.toggle;
    const control = PHASE_CONTROLS[phase];
    for (let i = 0; i < this.size; i++) {
      const r = roleIndex(roleAt(i));
      const x = this.rng.next();
      const y = this.rng.next();
      let g: AudienceGesture;
      switch (control) {
        case 'weave':
        case 'flicker':
          g = { kind: 'tap', x, y };
          break;
        case 'shine':
          g = { kind: 'shine', x, y, on: this.toggle };
          break;
        case 'pulse':
          g = { kind: 'pulse', at: Math.max(0, nowMs + this.rng.range(-20, 20)) };
          break;
        case 'release':
          g = { kind: 'release', x, y };
          break;
        default:
          return assertNever(control, 'control');
      }
      out.push({ d: i + 1, r, g });
    }
    void beat;
    return out;
  }
}
