/**
 * The arc engine running inside the page: for rehearsal (`?sim=`), deterministic shots (`?at=`)
 * and for riding out a hub outage. It produces exactly the frames a hub would.
 */
import { heartbeat } from '../../core/arc/frame.ts';
import { createShow, step, type ShowState } from '../../core/arc/engine.ts';
import { SPEED_RANGE, applyCommand } from '../../core/arc/commands.ts';
import { phaseAt, phaseIndex, type PhaseName } from '../../core/arc/phases.ts';
import { attributeGesture } from '../../core/gestures.ts';
import type { CrowdGesture } from '../../core/crowd.ts';
import type { Preset } from '../../core/preset.ts';
import type { Beat, FrameFlags, FrameGesture, ShowFrame } from '../../core/protocol.ts';
import { SimCrowd, type SimGesture } from '../../core/simCrowd.ts';
import { StormCrowd } from './StormCrowd.ts';
import { frameFromState, localFlags } from './frameFromState.ts';

/** Length of one local tick, s (the hub's rate). */
export const TICK_S = 1 / 30;

/** A crowd the local show can simulate. */
export interface LocalCrowd {
  readonly size: number;
  tick(phase: PhaseName, nowMs: number, dt: number, beat: Beat): SimGesture[];
}

/** Wraps {@link StormCrowd} in the {@link LocalCrowd} shape. */
function stormAdapter(storm: StormCrowd): LocalCrowd {
  return { size: storm.size, tick: (phase, nowMs, _dt, beat) => storm.tick(phase, nowMs, beat) };
}

/** Options for {@link LocalShow}. */
export interface LocalShowOptions {
  preset: Preset;
  seed: number;
  /** Simulated phones (0: an empty room). */
  crowd?: number;
  /** Every phone at the maximum rate instead of a natural crowd. */
  storm?: boolean;
  /** Arc speed multiplier, 0.1..8 (the operator's `speed`). */
  speed?: number;
  /** Flags frames carry. */
  flags?: Partial<FrameFlags>;
}

/** A locally stepped show. */
export class LocalShow {
  readonly preset: Preset;
  private state: ShowState;
  private readonly crowd: LocalCrowd | null;
  private readonly flags: FrameFlags;
  private seq = 0;

  constructor(options: LocalShowOptions) {
    this.preset = options.preset;
    this.state = createShow(options.preset, options.seed);
    const n = options.crowd ?? 0;
    this.crowd = n <= 0 ? null : options.storm ? stormAdapter(new StormCrowd(n, options.seed)) : new SimCrowd({ size: n, seed: options.seed });
    if (options.speed !== undefined && options.speed !== 1) {
      this.state = applyCommand(this.state, this.preset, { type: 'speed', value: Math.min(SPEED_RANGE.max, Math.max(SPEED_RANGE.min, options.speed)) });
    }
    this.flags = localFlags(options.preset, options.flags);
  }

  /** Continues a show from a frame the hub sent (its parameters, place in the arc and flags). */
  static fromFrame(frame: ShowFrame, preset: Preset, seed: number): LocalShow {
    const show = new LocalShow({ preset, seed, flags: frame.flags });
    const base = show.state;
    show.state = {
      ...base,
      clock: frame.time,
      score: frame.score,
      loop: frame.loop,
      phaseIndex: phaseIndex(frame.phase),
      phaseTime: frame.phaseTime,
      phaseLength: frame.phaseLength,
      params: frame.params.slice(),
      resolve: frame.crowd.resolve,
      hold: frame.flags.hold,
      blackout: frame.flags.blackout,
    };
    show.seq = frame.seq + 1;
    return show;
  }

  /** The engine state now (read-only). */
  get current(): ShowState {
    return this.state;
  }

  /** Jumps to `phase` and runs `seconds` into it, settling parameters first, without a crowd's gestures being drawn. */
  seek(phase: PhaseName, seconds: number): void {
    this.state = applyCommand(this.state, this.preset, { type: 'goto', phase });
    // Settle the parameters on the phase's opening look (held), then play forward.
    this.state = applyCommand(this.state, this.preset, { type: 'hold', on: true });
    for (let t = 0; t < 10; t += TICK_S) this.state = step(this.state, this.preset, TICK_S, { gestures: [], dreamers: 0 });
    this.state = applyCommand(this.state, this.preset, { type: 'hold', on: false });
    for (let t = 0; t < seconds - 1e-9; t += TICK_S) this.tick(TICK_S, this.state.clock * 1000);
  }

  /** Advances one tick. @param dt seconds; @param nowMs hub-scale time of the frame, ms. */
  tick(dt: number, nowMs: number): ShowFrame {
    const beat: Beat = heartbeat(this.preset);
    const gestures: FrameGesture[] = [];
    const crowdGestures: CrowdGesture[] = [];
    const phase = phaseAt(this.state.phaseIndex);
    if (this.crowd) {
      for (const s of this.crowd.tick(phase, nowMs, dt, beat)) {
        const { frame, crowd } = attributeGesture(s.g, s.d, s.r, beat);
        gestures.push(frame);
        crowdGestures.push(crowd);
      }
    }
    this.state = step(this.state, this.preset, dt, { gestures: crowdGestures, dreamers: this.crowd?.size ?? 0 });
    return frameFromState(this.state, this.preset, this.seq++, nowMs, gestures, this.flags);
  }
}

