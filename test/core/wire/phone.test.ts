import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import fc from 'fast-check';
import { AUDIENCE, audienceAuthSchema, paceSchema, phaseInfoSchema, waitingSchema, welcomeSchema } from '../../../core/wire/phone.ts';
import { PHASES, PHASE_CONTROLS } from '../../../core/arc/phases.ts';
import { MAX_PRESET_LANGUAGES } from '../../../core/protocolConstants.ts';
import { expectPrototypesUntouched, hostileObjectJson, prototypeKeys } from '../../helpers/hostileJson.ts';

const beat = { bpm: 72, origin: 1000 };
const welcome = {
  dreamer: 'abcDEF12_-', handle: 3, role: 'tara', colour: '#ff8fab', name: 'Tara', trait: "Tara's wonder",
  phase: 'nightmare', control: 'shine', prompt: 'Shine', story: 'Tara is lost.', lines: {}, beat, hubTime: 99, maxRate: 30,
};

describe('the /audience contract', () => {
  it('names every event in one table, each with its schema', () => {
    expect(Object.keys(AUDIENCE.toHub).sort()).toEqual(['clock', 'gesture']);
    expect(Object.keys(AUDIENCE.toPhone).sort()).toEqual(['notice', 'pace', 'phase', 'waiting', 'welcome']);
  });

  it('gives a phase without a control the phase’s own, and keeps a named one', () => {
    for (const phase of PHASES) expect(z.parse(phaseInfoSchema, { phase, beat }).control).toBe(PHASE_CONTROLS[phase]);
    expect(z.parse(phaseInfoSchema, { phase: 'serene', control: 'pulse', beat }).control).toBe('pulse');
    expect(z.parse(phaseInfoSchema, { phase: 'serene', control: 'dance', beat }).control).toBe('weave');
  });

  it('keeps at most the preset’s limit of languages', () => {
    const lines = Object.fromEntries(Array.from({ length: MAX_PRESET_LANGUAGES + 5 }, (_, i) => [`x${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'q' : ''}`.slice(0, 3), { prompt: 'p' }]));
    const read = z.parse(phaseInfoSchema, { phase: 'dawn', beat, lines }).lines;
    expect(Object.keys(read).length).toBe(Math.min(MAX_PRESET_LANGUAGES, Object.keys(lines).length));
    expect(Object.getPrototypeOf(read)).toBeNull();
  });

  it('reads a welcome whole, and refuses one the page could not act on', () => {
    expect(z.parse(welcomeSchema, welcome)).toEqual(welcome);
    for (const broken of [{ ...welcome, dreamer: 'short' }, { ...welcome, role: 'sauron' }, { ...welcome, handle: '3' }, { ...welcome, beat: { bpm: 0, origin: 0 } }, { ...welcome, phase: 'limbo' }]) {
      expect(z.safeParse(welcomeSchema, broken).success).toBe(false);
    }
    expect(z.parse(welcomeSchema, { ...welcome, maxRate: -1 }).maxRate).toBe(30);
    expect(z.parse(welcomeSchema, { ...welcome, maxRate: 0.5 }).maxRate).toBe(1);
    expect(z.parse(welcomeSchema, { ...welcome, name: 'x'.repeat(41) }).name).toBe('');
  });

  it('clamps pace to 1..30 and rounds the queue', () => {
    expect(z.parse(paceSchema, { maxRate: 1000 }).maxRate).toBe(30);
    expect(z.safeParse(paceSchema, { maxRate: -3 }).success).toBe(false);
    expect(z.parse(waitingSchema, { position: 0.2, capacity: -4 })).toEqual({ position: 1, capacity: 0 });
  });

  it('refuses a handshake with anything more than the version and a dreamer id', () => {
    expect(z.safeParse(audienceAuthSchema, { v: 3, dreamer: 'abcdefgh' }).success).toBe(true);
    expect(z.safeParse(audienceAuthSchema, { v: 3, admin: true }).success).toBe(false);
    expect(z.safeParse(audienceAuthSchema, { v: 3.5 }).success).toBe(false);
  });

  it('throws nothing on hostile JSON and pollutes no prototype', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, (json) => {
        const value: unknown = JSON.parse(json);
        for (const schema of [welcomeSchema, phaseInfoSchema, paceSchema, waitingSchema, audienceAuthSchema]) z.safeParse(schema, value);
        // The same trees as a phase's lines, where keys are read one by one.
        z.safeParse(phaseInfoSchema, { phase: 'dawn', beat, lines: value });
      }),
      { numRuns: 200 },
    );
    expectPrototypesUntouched(before);
  });
});
