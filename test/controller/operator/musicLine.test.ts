import { describe, it, expect } from 'vitest';
import { musicLine } from '../../../controller/operator/musicLine.ts';

describe('the console’s music line', () => {
  it('says what each source hears and what the score follows', () => {
    expect(musicLine({ listening: false, line: null, midi: null, midiRunning: false }, null)).toBe('line-in off · MIDI clock — · score at the preset’s tempo');
    expect(musicLine({ listening: true, line: null, midi: null, midiRunning: true }, undefined)).toBe('line-in: listening… · MIDI clock: starting… · score at the preset’s tempo');
    expect(musicLine({ listening: true, line: { bpm: 120, energy: 0.456 }, midi: { bpm: 128.04 }, midiRunning: true }, { source: 'midi', bpm: 128, energy: 0.4 })).toBe(
      'line-in 120.0 BPM, energy 46% · MIDI clock 128.0 BPM · score follows MIDI clock at 128.0 BPM',
    );
    expect(musicLine({ listening: false, line: null, midi: null, midiRunning: false }, { source: 'tap', bpm: 90, energy: 0 })).toContain('score follows taps at 90.0 BPM');
    expect(musicLine({ listening: false, line: null, midi: null, midiRunning: false }, { source: 'line', bpm: 90, energy: 0 })).toContain('score follows line-in');
  });
});
