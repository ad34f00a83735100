/**
 * Crowd scaling: the confrontation is won by unity × participation, so two people in a quiet
 * gallery and a thousand at a festival can both win; a room with nobody is carried by the ghost
 * dreamers; and the phase never outlasts its maximum. Each case plays a seeded simulated crowd
 * through the nightmare and the confrontation, attributed exactly as the hub does.
 */
import { describe, it, expect } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { createShow, step, type ShowState } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { SimCrowd } from '../../../core/simCrowd.ts';
import { crowdInput, param, phaseOf, TICK } from './showHarness.ts';

const preset = BLANK_PRESET;
const spec = preset.phases.confrontation;

interface Fight {
  /** Seconds from entering the confrontation to resolve reaching 1 (Infinity: never). */
  won: number;
  /** Seconds the confrontation lasted before dawn. */
  lasted: number;
  /** Mean unity over the fight. */
  unity: number;
}

/** Plays the last 20 s of the nightmare, then the confrontation until dawn. */
function fight(size: number, sync: number): Fight {
  const crowd = size > 0 ? new SimCrowd({ size, seed: 1234, sync }) : undefined;
  let s: ShowState = applyCommand(createShow(preset, 99), preset, { type: 'goto', phase: 'nightmare' });
  let inConfrontation = 0;
  let won = Infinity;
  let unitySum = 0;
  let ticks = 0;
  const tick = (state: ShowState) => step(state, preset, TICK, crowd ? crowdInput(crowd, state, preset, TICK) : { gestures: [], dreamers: 0 });
  // Walk through the nightmare quickly but with the crowd present for its last 20 s.
  while (s.phaseTime < preset.phases.nightmare.duration - 20) s = step(s, preset, 0.5);
  while (phaseOf(s) !== 'confrontation') s = tick(s);
  while (phaseOf(s) === 'confrontation') {
    s = tick(s);
    inConfrontation += TICK;
    unitySum += s.crowd.signals.unity;
    ticks++;
    if (won === Infinity && s.resolve >= 1) won = inConfrontation;
    if (inConfrontation > spec.duration + 5) throw new Error('the confrontation outlasted its maximum');
  }
  return { won, lasted: inConfrontation, unity: unitySum / ticks };
}

/** The creature's defeat (resolve) in an empty room at these fractions of the confrontation's maximum. */
function emptyRoomResolve(at: readonly number[]): number[] {
  let s: ShowState = applyCommand(createShow(preset, 99), preset, { type: 'goto', phase: 'confrontation' });
  const out: number[] = [];
  for (const f of at) {
    while (phaseOf(s) === 'confrontation' && s.phaseTime < f * spec.duration) s = step(s, preset, TICK);
    out.push(phaseOf(s) === 'confrontation' ? s.resolve : 1);
  }
  return out;
}

const SIZES = [0, 2, 50, 1000] as const;
const results = new Map<string, Fight>();
function get(size: number, sync: number): Fight {
  const key = `${size}@${sync}`;
  let r = results.get(key);
  if (!r) results.set(key, (r = fight(size, sync)));
  return r;
}

describe('crowd scaling of the confrontation', () => {
  it.each(SIZES.filter((n) => n > 0))('%i dreamers in step win well before the maximum', (size) => {
    const r = get(size, 0.95);
    expect(r.unity).toBeGreaterThan(0.8);
    // A united crowd beats the creature in about resolveSeconds; the phase then ends after its
    // minimum plus the crossfade.
    expect(r.won).toBeLessThan(preset.crowd.resolveSeconds * 1.3);
    expect(r.lasted).toBeLessThan(spec.duration * 0.5);
    expect(r.lasted).toBeGreaterThanOrEqual(spec.minDuration);
  });

  it.each(SIZES.filter((n) => n > 0))('%i dreamers out of step are slower than in step, and still reach dawn by the maximum', (size) => {
    const random = get(size, 0);
    const synced = get(size, 0.95);
    expect(random.unity).toBeLessThan(0.3);
    expect(random.won).toBeGreaterThan(synced.won);
    expect(random.lasted).toBeGreaterThan(synced.lasted);
    // The ghosts make up what an out-of-step crowd lacks: never slower than an empty room.
    expect(random.won).toBeLessThanOrEqual(get(0, 0).won + 0.5);
    expect(random.lasted).toBeLessThan(spec.duration);
  });

  it('with nobody at all, the ghost dreamers carry it and dawn comes before the maximum', () => {
    const r = get(0, 0);
    const ghostsAlone = preset.crowd.resolveSeconds / preset.crowd.ghostUnity;
    expect(r.won).toBeGreaterThan(ghostsAlone - 1);
    expect(r.won).toBeLessThan(ghostsAlone + 1);
    expect(r.lasted).toBeLessThan(spec.duration);
  });

  it('with nobody at all, the creature stands through the whole phase and falls steadily', () => {
    // The empty room's confrontation is its own picture at every moment: it lasts nearly its
    // maximum, and the creature weakens evenly (no early victory, then an idle wait for dawn).
    const r = get(0, 0);
    expect(r.lasted).toBeGreaterThan(spec.duration - 5);
    expect(r.won).toBeGreaterThan(spec.duration - spec.transition - 5);
    const samples = emptyRoomResolve([0.25, 0.5, 0.75]);
    expect(samples[0]).toBeGreaterThan(0.2);
    expect(samples[0]).toBeLessThan(0.3);
    expect(samples[1]).toBeGreaterThan(0.45);
    expect(samples[1]).toBeLessThan(0.55);
    expect(samples[2]).toBeGreaterThan(0.7);
    expect(samples[2]).toBeLessThan(0.85);
  });

  it('2 people in step win about as fast as 1,000 in step', () => {
    const two = get(2, 0.95);
    const thousand = get(1000, 0.95);
    expect(Math.abs(two.won - thousand.won)).toBeLessThan(0.2 * thousand.won);
    expect(Math.abs(two.lasted - thousand.lasted)).toBeLessThan(2);
  });

  it('records how long each crowd takes, as a readable table', async () => {
    const lines = [
      '# Confrontation length by crowd',
      '',
      `Default preset (resolveSeconds ${preset.crowd.resolveSeconds}, ghostUnity ${preset.crowd.ghostUnity}, minDuration ${spec.minDuration} s, transition ${spec.transition} s, maximum ${spec.duration} s); SimCrowd seed 1234.`,
      '',
      '| dreamers | sync | unity | won after s | confrontation lasted s |',
      '|---:|---:|---:|---:|---:|',
    ];
    for (const size of SIZES) {
      for (const sync of size === 0 ? [0] : [0.95, 0]) {
        const r = get(size, sync);
        lines.push(`| ${size} | ${sync} | ${r.unity.toFixed(2)} | ${Number.isFinite(r.won) ? r.won.toFixed(1) : 'never'} | ${r.lasted.toFixed(1)} |`);
      }
    }
    expect(lines).toHaveLength(6 + 7);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/crowdScaling.md');
  });
});

describe('the nightmare gate', () => {
  /** Shadows after 40 s of the nightmare with `size` of 40 phones shining. */
  function shadowsWith(shining: number): number {
    const crowd = shining > 0 ? new SimCrowd({ size: 40, seed: 5, engagement: shining / 40 }) : undefined;
    let s = applyCommand(createShow(preset, 3), preset, { type: 'goto', phase: 'nightmare' });
    for (let t = 0; t < 40 / TICK; t++) s = step(s, preset, TICK, crowd ? crowdInput(crowd, s, preset, TICK) : { gestures: [], dreamers: 40 });
    return param(s, 'shadows');
  }

  it('more light pushes the shadows further back', () => {
    const dark = shadowsWith(0);
    const some = shadowsWith(10);
    const most = shadowsWith(40);
    expect(dark).toBeGreaterThan(0.85);
    expect(some).toBeLessThan(dark);
    expect(most).toBeLessThan(some);
    expect(most).toBeGreaterThan(0); // the shadows lean back, they never vanish in the nightmare
  });
});
