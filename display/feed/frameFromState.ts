/**
 * Builds the frame a hub would send from an engine state: the wall's own engine (rehearsal,
 * deterministic shots, and riding out a hub outage) speaks exactly the hub's language.
 */
import { position, type ShowState } from '../../core/arc/engine.ts';
import { shiningPoints } from '../../core/crowd.ts';
import type { Preset } from '../../core/preset.ts';
import type { FrameFlags, FrameGesture, ShowFrame } from '../../core/protocol.ts';

/** Flags a wall assumes when no hub tells it otherwise. */
export function localFlags(preset: Preset, overrides: Partial<FrameFlags> = {}): FrameFlags {
  return { blackout: false, hold: false, caption: false, qr: 'auto', mute: false, safe: preset.safe, ...overrides };
}

/**
 * @param seq tick number; @param atMs hub-scale time of the frame, ms;
 * @param gestures what the (simulated) crowd did this tick; @param flags show switches.
 */
export function frameFromState(
  state: ShowState,
  preset: Preset,
  seq: number,
  atMs: number,
  gestures: FrameGesture[],
  flags: FrameFlags,
): ShowFrame {
  const pos = position(state, preset);
  return {
    seq,
    at: atMs,
    time: state.clock,
    loop: state.loop,
    phase: pos.phase,
    next: pos.next,
    phaseTime: pos.phaseTime,
    phaseLength: pos.phaseLength,
    blend: pos.blend,
    params: state.params.slice(),
    crowd: state.crowd.signals,
    beat: { bpm: preset.crowd.heartbeatBpm, origin: 0 },
    lights: shiningPoints(state.crowd),
    gestures,
    echoes: state.changedEchoes.slice(),
    flags: { ...flags, blackout: state.blackout, hold: state.hold },
  };
}
