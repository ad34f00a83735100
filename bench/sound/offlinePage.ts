/**
 * In the bench page: `window.__renderPhase(phase, seconds)` renders the whole soundscape graph
 * offline for one phase fed by a tapping simulated crowd (200 phones) through the hub's own
 * runtime, and `window.__renderReference(seconds)` renders one plain synth for the same length.
 * Both resolve with wall time, so the runner can say how many times faster than real time.
 */
import * as Tone from 'tone';
import { SoundEngine } from '../../display/sound/SoundEngine.ts';
import { ShowRuntime } from '../../server/ShowRuntime.ts';
import { SimCrowd } from '../../core/simCrowd.ts';
import { BLANK_PRESET } from '../../core/preset.ts';
import type { PhaseName } from '../../core/arc/phases.ts';

/** What one offline render reports back to the bench. */
export interface Rendered {
  wallMs: number;
  seconds: number;
  notes: number;
  stolen: number;
  merged: number;
  voiceCap: number;
  peak: number;
}

function peakOf(buffer: Tone.ToneAudioBuffer): number {
  let peak = 0;
  const data = buffer.getChannelData(0);
  for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
  return peak;
}

async function renderPhase(phase: PhaseName, seconds: number): Promise<Rendered> {
  const runtime = new ShowRuntime(BLANK_PRESET, 7);
  runtime.command({ type: 'goto', phase });
  runtime.command({ type: 'hold', on: true });
  const crowd = new SimCrowd({ size: 200, seed: 7, sync: 0.8 });
  let engine: SoundEngine | undefined;
  const started = performance.now();
  const buffer = await Tone.Offline(() => {
    engine = new SoundEngine({ voices: 32 });
    const frames = Math.round(seconds * 30);
    for (let k = 0; k < frames; k++) {
      const now = 1_000_000 + (k * 1000) / 30;
      for (const s of crowd.tick(phase, now, 1 / 30, runtime.beat())) runtime.addGesture(s.g, s.d, s.r);
      const { frame } = runtime.tick(1 / 30, now, crowd.size);
      engine.update(frame, BLANK_PRESET, k / 30);
    }
  }, seconds);
  const wallMs = performance.now() - started;
  const e = engine!;
  return { wallMs, seconds, notes: e.notesPlayed, stolen: e.stolen, merged: e.merged, voiceCap: e.voiceCap, peak: peakOf(buffer) };
}

async function renderReference(seconds: number): Promise<Rendered> {
  const started = performance.now();
  let notes = 0;
  const buffer = await Tone.Offline(() => {
    const synth = new Tone.Synth().toDestination();
    for (let t = 0; t < seconds; t += 0.1) {
      synth.triggerAttackRelease(220 + (notes % 12) * 20, 0.05, t);
      notes++;
    }
  }, seconds);
  return { wallMs: performance.now() - started, seconds, notes, stolen: 0, merged: 0, voiceCap: 1, peak: peakOf(buffer) };
}

Object.assign(window, { __renderPhase: renderPhase, __renderReference: renderReference });
