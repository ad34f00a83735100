/**
 * One tick of the show as every wall receives it, built from an engine state. The hub and a wall
 * running the engine itself (rehearsal, frozen shots, riding out a hub outage) build frames here,
 * so both speak exactly the same language.
 */
import type { Preset } from '../preset.ts';
import type { Beat, EchoMark, FrameFlags, FrameGesture, ShowFrame } from '../protocol.ts';
import { shiningPoints } from '../crowd.ts';
import { position, type ShowState } from './engine.ts';

/** The heartbeat grid (hub ms), anchored at the epoch so every wall and a restarted hub agree. */
export function heartbeat(preset: Preset): Beat {
  return { bpm: preset.crowd.heartbeatBpm, origin: 0 };
}

/** What goes into a frame beside the engine state. */
export interface FrameParts {
  /** Tick number. */
  seq: number;
  /** Hub time of the frame, ms. */
  at: number;
  /** Gestures since the last frame. */
  gestures: FrameGesture[];
  /** Echo updates carried by this frame. */
  echoes: EchoMark[];
  /** Switches that are not engine state (caption, QR, mute, safe); blackout and hold come from the state. */
  flags: FrameFlags;
}

/** Builds the frame for an engine state. */
export function buildFrame(state: ShowState, preset: Preset, parts: FrameParts): ShowFrame {
  const pos = position(state, preset);
  return {
    seq: parts.seq,
    at: parts.at,
    time: state.clock,
    score: state.score,
    loop: state.loop,
    phase: pos.phase,
    next: pos.next,
    phaseTime: pos.phaseTime,
    phaseLength: pos.phaseLength,
    blend: pos.blend,
    params: state.params.slice(),
    crowd: state.crowd.signals,
    beat: heartbeat(preset),
    lights: shiningPoints(state.crowd),
    gestures: parts.gestures,
    echoes: parts.echoes,
    flags: { ...parts.flags, blackout: state.blackout, hold: state.hold },
    operator: { speed: state.speed, overrides: state.overrides },
  };
}
