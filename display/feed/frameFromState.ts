/**
 * Builds the frame a hub would send from an engine state: the wall's own engine (rehearsal,
 * deterministic shots, and riding out a hub outage) speaks exactly the hub's language.
 */
import type { ShowState } from '../../core/arc/engine.ts';
import { buildFrame } from '../../core/arc/frame.ts';
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
  return buildFrame(state, preset, { seq, at: atMs, gestures, echoes: state.changedEchoes.slice(), flags });
}
