/**
 * The arc engine running inside the page: for rehearsal (`?sim=`), deterministic shots (`?at=`)
 * and for riding out a hub outage. It runs core's show runner, as the hub does, so it produces
 * exactly the frames a hub would.
 */
import { step, type ShowState } from '../../core/arc/engine.ts';
import { SPEED_RANGE, type ShowSwitches } from '../../core/arc/commands.ts';
import { DEFAULT_SWITCHES, ShowRunner } from '../../core/arc/ShowRunner.ts';
import type { PhaseName } from '../../core/arc/phases.ts';
import { attributeGesture } from '../../core/gestures.ts';
import type { CrowdGesture } from '../../core/crowd.ts';
import type { Preset } from '../../core/preset.ts';
import type { Beat, FrameGesture, ShowFrame } from '../../core/protocol.ts';
import { SimCrowd, type SimGesture } from '../../core/simCrowd.ts';
import { StormCrowd } from './StormCrowd.ts';

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
  /** Wall switches (caption, QR, mute) frames carry. */
  flags?: Partial<ShowSwitches>;
}

/** A locally stepped show: core's {@link ShowRunner}, with a simulated crowd when asked. */
export class LocalShow {
  private runner: ShowRunner;
  private readonly crowd: LocalCrowd | null;

  constructor(options: LocalShowOptions) {
    this.runner = new ShowRunner(options.preset, options.seed, undefined, { ...DEFAULT_SWITCHES, ...options.flags });
    const n = options.crowd ?? 0;
    this.crowd = n <= 0 ? null : options.storm ? stormAdapter(new StormCrowd(n, options.seed)) : new SimCrowd({ size: n, seed: options.seed });
    if (options.speed !== undefined && options.speed !== 1) {
      this.runner.command({ type: 'speed', value: Math.min(SPEED_RANGE.max, Math.max(SPEED_RANGE.min, options.speed)) });
    }
  }

  /**
   * Continues the show a frame from the hub describes (see {@link ShowRunner.fromFrame}): a wall
   * riding out an outage plays on the hub's show, with its speed, overrides and crowd.
   */
  static fromFrame(frame: ShowFrame, preset: Preset, seed: number): LocalShow {
    const show = new LocalShow({ preset, seed });
    show.runner = ShowRunner.fromFrame(frame, preset, seed);
    return show;
  }

  /** The preset in play. */
  get preset(): Preset {
    return this.runner.preset;
  }

  /** The engine state now (read-only). */
  get current(): ShowState {
    return this.runner.state;
  }

  /** Jumps to `phase` and runs `seconds` into it, settling parameters first, without a crowd's gestures being drawn. */
  seek(phase: PhaseName, seconds: number): void {
    const runner = this.runner;
    runner.command({ type: 'goto', phase });
    // Settle the parameters on the phase's opening look (held), then play forward.
    runner.command({ type: 'hold', on: true });
    for (let t = 0; t < 10; t += TICK_S) runner.state = step(runner.state, runner.preset, TICK_S, { gestures: [], dreamers: 0 });
    runner.command({ type: 'hold', on: false });
    for (let t = 0; t < seconds - 1e-9; t += TICK_S) this.tick(TICK_S, runner.state.clock * 1000);
  }

  /** Advances one tick. @param dt seconds; @param nowMs hub-scale time of the frame, ms. */
  tick(dt: number, nowMs: number): ShowFrame {
    const runner = this.runner;
    const beat: Beat = runner.beat();
    const gestures: FrameGesture[] = [];
    const crowdGestures: CrowdGesture[] = [];
    if (this.crowd) {
      for (const s of this.crowd.tick(runner.phase, nowMs, dt, beat)) {
        const { frame, crowd } = attributeGesture(s.g, s.d, s.r, beat);
        gestures.push(frame);
        crowdGestures.push(crowd);
      }
    }
    runner.step(dt, { gestures: crowdGestures, dreamers: this.crowd?.size ?? 0 });
    return runner.frame(nowMs, gestures, runner.state.changedEchoes.slice());
  }
}
