import { describe, it, expect } from 'vitest';
import { PHASES, type PhaseName } from '../../../core/arc/phases.ts';
import { scoreStep, stepContext, STEPS_PER_BAR } from '../../../display/sound/score.ts';
import { NoteBuffer, INSTRUMENT } from '../../../display/sound/NoteBuffer.ts';
import { inScale, phaseHarmony, rootMidi, UNITY_CHORD } from '../../../display/sound/harmony.ts';

/** Renders `bars` bars of one phase as a list of "step:instrument:midi:velocity" strings. */
function render(phase: PhaseName, seed: number, bars: number, tweak: Partial<ReturnType<typeof stepContext>> = {}): string[] {
  const ctx = { ...stepContext(phase, seed), tempo: 84, energy: 0.5, unity: 0.5, progress: 0.5, ...tweak };
  const buf = new NoteBuffer(64);
  const out: string[] = [];
  for (let step = 0; step < bars * STEPS_PER_BAR; step++) {
    ctx.step = step;
    buf.clear();
    scoreStep(ctx, buf);
    for (let i = 0; i < buf.count; i++) out.push(`${step}:${buf.instrument[i]}:${buf.midi[i]}:${buf.velocity[i].toFixed(3)}:${buf.offset[i].toFixed(3)}`);
  }
  return out;
}

describe('the generative score', () => {
  it.each(PHASES)('%s is deterministic for a seed and differs between seeds', (phase) => {
    const a = render(phase, 7, 16);
    expect(a.length).toBeGreaterThan(8);
    expect(render(phase, 7, 16)).toEqual(a);
    expect(render(phase, 8, 16)).not.toEqual(a);
  });

  it('any step can be asked for out of order and gives the same notes', () => {
    const ctx = { ...stepContext('festival', 3), tempo: 84 };
    const buf = new NoteBuffer();
    const forward: number[][] = [];
    for (let s = 0; s < 64; s++) {
      ctx.step = s;
      buf.clear();
      scoreStep(ctx, buf);
      forward.push(Array.from(buf.midi.subarray(0, buf.count)));
    }
    for (let s = 63; s >= 0; s--) {
      ctx.step = s;
      buf.clear();
      scoreStep(ctx, buf);
      expect(Array.from(buf.midi.subarray(0, buf.count))).toEqual(forward[s]);
    }
  });

  it.each(['serene', 'festival', 'nightmare', 'dawn'] as const)('%s melody stays in its scale', (phase) => {
    const root = rootMidi('D');
    const { scale } = phaseHarmony(phase);
    const ctx = { ...stepContext(phase, 11), root };
    const buf = new NoteBuffer();
    let checked = 0;
    for (let s = 0; s < 512; s++) {
      ctx.step = s;
      buf.clear();
      scoreStep(ctx, buf);
      for (let i = 0; i < buf.count; i++) {
        const inst = buf.instrument[i];
        if (inst === INSTRUMENT.harp || inst === INSTRUMENT.celesta || inst === INSTRUMENT.cello) {
          expect(inScale(buf.midi[i], scale, root)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('upgrade plays more notes per bar than serene (sixteenth arpeggios)', () => {
    expect(render('upgrade', 5, 16).length).toBeGreaterThan(2 * render('serene', 5, 16).length);
  });

  it('nightmare and confrontation keep a heartbeat on every beat', () => {
    for (const phase of ['nightmare', 'confrontation'] as const) {
      const hearts = render(phase, 2, 4).filter((n) => n.split(':')[1] === String(INSTRUMENT.heart) && n.endsWith(':0.000'));
      expect(hearts.map((n) => Number(n.split(':')[0]))).toEqual(Array.from({ length: 16 }, (_, i) => i * 4));
    }
  });

  it('each step of unity adds a chord tone to the confrontation', () => {
    const padTones = (unity: number) => new Set(render('confrontation', 1, 1, { unity }).filter((n) => n.split(':')[1] === String(INSTRUMENT.pad)).map((n) => n.split(':')[2])).size;
    const sizes = [0, 0.2, 0.4, 0.6, 0.8, 1].map(padTones);
    expect(sizes[0]).toBe(1);
    expect(sizes[5]).toBe(UNITY_CHORD.length);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThanOrEqual(sizes[i - 1]);
  });

  it('a safe preset never stops the tape or stutters', () => {
    const notes = render('glitch', 4, 64, { safe: true, stutter: 1 });
    expect(notes.some((n) => n.split(':')[1] === String(INSTRUMENT.tapestop))).toBe(false);
    expect(notes.every((n) => n.endsWith(':0.000'))).toBe(true);
    expect(render('glitch', 4, 64, { stutter: 1 }).some((n) => n.split(':')[1] === String(INSTRUMENT.tapestop))).toBe(true);
  });

  it('crossfade weight scales velocities and silences a phase at 0', () => {
    expect(render('festival', 1, 4, { weight: 0 })).toEqual([]);
    const full = render('festival', 1, 4, { weight: 1 });
    const half = render('festival', 1, 4, { weight: 0.5 });
    expect(half.length).toBe(full.length);
    expect(Number(half[0].split(':')[3])).toBeCloseTo(Number(full[0].split(':')[3]) / 2, 2);
  });
});
