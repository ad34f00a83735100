import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PHASES } from '../../../core/arc/phases.ts';
import type { FrameGesture } from '../../../core/protocol.ts';
import type { RoleIndex } from '../../../core/dreamers.ts';
import { crowdNote, gestureNote, tapTime, type CrowdMusic } from '../../../display/sound/crowdNotes.ts';
import { inScale, phaseHarmony, rootMidi, unityChordSize, UNITY_CHORD, quantiseToScale, MAJOR_PENTATONIC } from '../../../display/sound/harmony.ts';
import { RoleGate } from '../../../display/sound/RoleGate.ts';

const root = rootMidi('D');
const music = (phase: CrowdMusic['phase'], unity = 0.5): CrowdMusic => ({ phase, root, unity, energy: 0.3, beatSeconds: 60 / 84 });

describe('crowd taps quantised to the phase', () => {
  it('every tap, weave and shine lands in the phase scale, whatever the point', () => {
    const kinds = ['tap', 'weave', 'shine'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASES.filter((p) => p !== 'confrontation' && p !== 'dawn')),
        fc.constantFrom(...kinds),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (phase, k, r, x, y) => {
          const g: FrameGesture = { d: 1, r: r as RoleIndex, k, p: [x, y], s: 1 };
          const note = crowdNote();
          expect(gestureNote(g, music(phase), note)).toBe(true);
          expect(Number.isInteger(note.midi)).toBe(true);
          expect(inScale(note.midi, phaseHarmony(phase).scale, root)).toBe(true);
          expect(note.velocity).toBeGreaterThan(0);
          expect(note.velocity).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('higher on the phone plays higher', () => {
    const a = crowdNote();
    const b = crowdNote();
    gestureNote({ d: 1, r: 0, k: 'tap', p: [0.5, 0.9] }, music('festival'), a);
    gestureNote({ d: 1, r: 0, k: 'tap', p: [0.5, 0.1] }, music('festival'), b);
    expect(b.midi).toBeGreaterThan(a.midi);
  });

  it('confrontation pulses play only the chord tones unity has unlocked', () => {
    for (const unity of [0, 0.3, 0.7, 1]) {
      const allowed = new Set(UNITY_CHORD.slice(0, unityChordSize(unity)).map((t) => ((t % 12) + 12) % 12));
      for (let d = 1; d < 200; d++) {
        const note = crowdNote();
        expect(gestureNote({ d, r: (d % 4) as RoleIndex, k: 'pulse', p: [], o: (d * 37) % 400 - 200 }, music('confrontation', unity), note)).toBe(true);
        expect(allowed.has((((note.midi - root) % 12) + 12) % 12)).toBe(true);
      }
    }
  });

  it('on-beat pulses ring louder than late ones; tilts and lights going out are silent', () => {
    const on = crowdNote();
    const off = crowdNote();
    gestureNote({ d: 5, r: 0, k: 'pulse', p: [], o: 4 }, music('confrontation'), on);
    gestureNote({ d: 5, r: 0, k: 'pulse', p: [], o: -300 }, music('confrontation'), off);
    expect(on.velocity).toBeGreaterThan(off.velocity);
    expect(gestureNote({ d: 1, r: 0, k: 'tilt', p: [0.2, 0.2] }, music('serene'), crowdNote())).toBe(false);
    expect(gestureNote({ d: 1, r: 0, k: 'shine', p: [0.2, 0.2], s: 0 }, music('nightmare'), crowdNote())).toBe(false);
  });

  it('quantiseToScale snaps any pitch to the nearest scale note', () => {
    expect(quantiseToScale(63, MAJOR_PENTATONIC, root)).toBe(62);
    expect(quantiseToScale(65.4, MAJOR_PENTATONIC, root)).toBe(66);
    fc.assert(fc.property(fc.double({ min: 0, max: 127, noNaN: true }), (m) => {
      const q = quantiseToScale(m, MAJOR_PENTATONIC, root);
      expect(inScale(q, MAJOR_PENTATONIC, root)).toBe(true);
      expect(Math.abs(q - m)).toBeLessThanOrEqual(2);
    }));
  });
});

describe('crowd taps quantised to the rhythm grid', () => {
  it('lands on a grid line within the latency budget', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0.05, max: 0.4, noNaN: true }), (seen, step) => {
        const lastLine = Math.floor(seen / step) * step;
        const t = tapTime(seen, lastLine, step, 0.02);
        expect(t).toBeGreaterThanOrEqual(seen - 1e-9);
        expect(t - seen).toBeLessThanOrEqual(0.02 + 1e-9);
        // On a line of the step grid or of one of its binary subdivisions.
        const sub = (t - lastLine) / step;
        expect(Math.abs(sub * 256 - Math.round(sub * 256))).toBeLessThan(1e-6);
      }),
    );
  });

  it('prefers the step line itself when it is close enough', () => {
    expect(tapTime(0.99, 0.75, 0.25, 0.02)).toBeCloseTo(1, 9);
    expect(tapTime(0.8, 0.75, 0.25, 0.02)).toBeCloseTo(0.8125, 9); // a 1/16 subdivision of the step
  });

  it('the gate lets each role play a few distinct pitches per step', () => {
    const gate = new RoleGate();
    let played = 0;
    for (let i = 0; i < 1000; i++) if (gate.admit(i % 4, 7, 60 + (i % 5), 2)) played++;
    expect(played).toBe(8);
    expect(gate.merged).toBe(992);
    expect(gate.admit(0, 8, 60, 2)).toBe(true);
  });
});
