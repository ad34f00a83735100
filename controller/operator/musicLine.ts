/**
 * The console's one line about following the music: what the line-in and the MIDI clock hear, and
 * what the score is locked to. Pure: the page shows the result.
 */
import type { OperatorStatus } from '../../core/protocol.ts';

/** What the console hears now. */
export interface Heard {
  /** The line-in is open. */
  listening: boolean;
  /** Its reading (null: no beat yet). */
  line: { bpm: number; energy: number } | null;
  /** The MIDI clock's beat (null: none or not steady yet). */
  midi: { bpm: number } | null;
  /** The MIDI clock is running (started, pulses coming). */
  midiRunning: boolean;
}

/** @returns the line, e.g. "line-in 120.0 BPM, energy 40% · MIDI clock — · score at the preset’s tempo". */
export function musicLine(heard: Heard, lock: NonNullable<OperatorStatus['music']>['lock'] | undefined): string {
  const { listening, line, midi } = heard;
  const parts = [
    listening ? (line ? `line-in ${line.bpm.toFixed(1)} BPM, energy ${Math.round(line.energy * 100)}%` : 'line-in: listening…') : 'line-in off',
    midi ? `MIDI clock ${midi.bpm.toFixed(1)} BPM` : heard.midiRunning ? 'MIDI clock: starting…' : 'MIDI clock —',
  ];
  parts.push(lock ? `score follows ${lock.source === 'line' ? 'line-in' : lock.source === 'midi' ? 'MIDI clock' : 'taps'} at ${lock.bpm.toFixed(1)} BPM` : 'score at the preset’s tempo');
  return parts.join(' · ');
}
