/**
 * Properties of the show engine under anything the crowd, the operator or a stalling hub can throw
 * at it: parameters stay inside their declared ranges and are never NaN; the arc reaches dawn
 * within the preset's maximum whatever the crowd does; the same seed and input give the same show;
 * a persisted show resumes where it was.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BLANK_PRESET, readPreset, type Preset } from '../../../core/preset.ts';
import { createShow, MAX_DT, step, switchPreset, type ShowState, type TickInput } from '../../../core/arc/engine.ts';
import { applyCommand, type EngineCommand } from '../../../core/arc/commands.ts';
import { fromSnapshot, showSnapshotSchema, toSnapshot } from '../../../core/arc/snapshot.ts';
import { PHASES, phaseIndex } from '../../../core/arc/phases.ts';
import { PARAMS, PARAM_NAMES } from '../../../core/params.ts';
import { MAX_ECHOES, type CrowdGesture } from '../../../core/crowd.ts';
import { GESTURE_KINDS } from '../../../core/protocol.ts';
import type { RoleIndex } from '../../../core/dreamers.ts';
import { phaseOf } from './showHarness.ts';

/**
 * Fixed seeds: the same cases every run (no random test order), still hundreds of them. For a
 * deeper soak set DREAMSCAPE_FC_RUNS (e.g. 2000) and DREAMSCAPE_FC_SEED.
 */
const RUNS = Number(process.env.DREAMSCAPE_FC_RUNS ?? 150);
const FC = { seed: Number(process.env.DREAMSCAPE_FC_SEED ?? 20_261_125), numRuns: RUNS } as const;

function makePreset(partial: unknown): Preset {
  const read = readPreset(partial);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.preset;
}

/** A second preset to switch to: short phases, long crossfades, safe mode. */
const QUICK = makePreset({
  version: 2,
  name: 'quick',
  safe: true,
  phases: {
    serene: { duration: 5, transition: 5 },
    glitch: { duration: 6, transition: 6, cut: true },
    confrontation: { duration: 20, minDuration: 0, transition: 20 },
  },
  crowd: { resolveSeconds: 5, ghostUnity: 0 },
});

const adversarialNumber = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, 1, -1, 0.5, 1e-300, -0, 2 ** 53, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity),
);

const gesture: fc.Arbitrary<CrowdGesture> = fc.record(
  {
    d: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-1, 1.5, 2 ** 31, 2 ** 53, -0), fc.integer()),
    r: fc.constantFrom<RoleIndex>(0, 1, 2, 3),
    k: fc.constantFrom(...GESTURE_KINDS),
    x: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), adversarialNumber),
    y: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), adversarialNumber),
    on: fc.boolean(),
    o: fc.oneof(fc.double({ min: -500, max: 500, noNaN: true }), adversarialNumber),
  },
  { requiredKeys: ['d', 'r', 'k', 'x', 'y'] },
);

/** A tick's gestures: a few, or a huge burst of copies of one. */
const gestures = fc.oneof(
  { weight: 5, arbitrary: fc.array(gesture, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(gesture, fc.integer({ min: 500, max: 3000 })).map(([g, n]) => new Array<CrowdGesture>(n).fill(g)) },
);

const dt = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: MAX_DT, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, -1e9, 1e9, NaN, Infinity, -Infinity, 1 / 30) },
  { weight: 1, arbitrary: fc.double() },
);

const dreamers = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(-3, NaN, Infinity, 1e12, 2.5));

const command: fc.Arbitrary<EngineCommand> = fc.oneof(
  fc.constantFrom(...PHASES).map((phase) => ({ type: 'goto' as const, phase })),
  fc.boolean().map((on) => ({ type: 'hold' as const, on })),
  fc.constant({ type: 'skip' as const }),
  fc.oneof(adversarialNumber, fc.constant(NaN)).map((value) => ({ type: 'speed' as const, value })),
  fc.oneof(adversarialNumber, fc.constant(NaN)).map((value) => ({ type: 'intensity' as const, value })),
  fc.oneof(adversarialNumber, fc.constant(NaN)).map((value) => ({ type: 'volume' as const, value })),
  fc.boolean().map((on) => ({ type: 'blackout' as const, on })),
  fc.constant({ type: 'panic' as const }),
  fc.option(fc.oneof(adversarialNumber, fc.constant(NaN))).map((bpm) => ({ type: 'tempo' as const, bpm })),
  fc.record({ name: fc.constantFrom(...PARAM_NAMES), value: fc.option(fc.oneof(adversarialNumber, fc.constant(NaN))) }).map((p) => ({ type: 'param' as const, ...p })),
);

type Action =
  | { kind: 'tick'; dt: number; input: TickInput }
  | { kind: 'command'; command: EngineCommand }
  | { kind: 'preset'; to: 'blank' | 'quick'; blend: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ dt, gestures, dreamers }).map((t): Action => ({ kind: 'tick', dt: t.dt, input: { gestures: t.gestures, dreamers: t.dreamers } })) },
  { weight: 2, arbitrary: command.map((c): Action => ({ kind: 'command', command: c })) },
  { weight: 1, arbitrary: fc.record({ to: fc.constantFrom<'blank' | 'quick'>('blank', 'quick'), blend: fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.constantFrom(NaN, -1, Infinity, 1e9)) }).map((p): Action => ({ kind: 'preset', ...p })) },
);

/** Plays actions from a new show. @returns every state and the preset in force at the end. */
function play(seed: number, actions: readonly Action[], onState?: (s: ShowState, preset: Preset) => void): { state: ShowState; preset: Preset } {
  let preset = BLANK_PRESET;
  let s = createShow(preset, seed);
  for (const a of actions) {
    if (a.kind === 'tick') s = step(s, preset, a.dt, a.input);
    else if (a.kind === 'command') s = applyCommand(s, preset, a.command);
    else {
      preset = a.to === 'quick' ? QUICK : BLANK_PRESET;
      s = switchPreset(s, preset, a.blend);
    }
    onState?.(s, preset);
  }
  return { state: s, preset };
}

function expectSound(s: ShowState): void {
  expect(s.params).toHaveLength(PARAMS.length);
  for (let i = 0; i < PARAMS.length; i++) {
    const v = s.params[i];
    const { name, min, max } = PARAMS[i];
    if (!(Number.isFinite(v) && v >= min && v <= max)) throw new Error(`${name} = ${v} outside ${min}..${max}`);
  }
  expect(s.phaseIndex).toBeGreaterThanOrEqual(0);
  expect(s.phaseIndex).toBeLessThan(PHASES.length);
  expect(Number.isFinite(s.phaseTime) && s.phaseTime >= 0 && s.phaseTime <= s.phaseLength).toBe(true);
  expect(s.resolve >= 0 && s.resolve <= 1).toBe(true);
  expect(Number.isFinite(s.clock)).toBe(true);
  for (const [k, v] of Object.entries(s.crowd.signals)) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`crowd ${k} = ${v}`);
    if (k !== 'dreamers' && k !== 'active' && v > 1) throw new Error(`crowd ${k} = ${v} above 1`);
  }
  expect(s.echoes.size).toBeLessThanOrEqual(MAX_ECHOES);
  // Whatever happened, the hub can persist it.
  const snap = showSnapshotSchema.safeParse(JSON.parse(JSON.stringify(toSnapshot(s))));
  if (!snap.success) throw new Error(`snapshot refused: ${JSON.stringify(snap.error.issues[0])}`);
}

describe('engine properties', () => {
  it('keeps every parameter inside its declared range and never NaN, whatever comes in', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { maxLength: 60 }), (seed, actions) => {
        play(seed, actions, (s) => expectSound(s));
      }),
      FC,
    );
  });

  it('reaches dawn within the preset maximum (sum of durations / speed), whatever the crowd does', () => {
    const beforeDawn = PHASES.slice(0, phaseIndex('dawn')).reduce((sum, p) => sum + BLANK_PRESET.phases[p].duration, 0);
    fc.assert(
      fc.property(
        fc.integer(),
        fc.oneof(fc.constant(0.1), fc.double({ min: 0.25, max: 8, noNaN: true })),
        fc.array(fc.record({ dt: fc.constantFrom(1 / 30, 0.1, 0.25, MAX_DT), gestures, dreamers }), { minLength: 1, maxLength: 20 }),
        (seed, speed, ticks) => {
          let s = applyCommand(createShow(BLANK_PRESET, seed), BLANK_PRESET, { type: 'speed', value: speed });
          const limit = beforeDawn / speed;
          for (let i = 0; phaseOf(s) !== 'dawn'; i++) {
            const t = ticks[i % ticks.length];
            // Bursts only now and then, so a slow arc still finishes quickly.
            s = step(s, BLANK_PRESET, t.dt, i % 50 === 0 ? { gestures: t.gestures, dreamers: t.dreamers } : { gestures: t.gestures.slice(0, 12), dreamers: t.dreamers });
            if (s.clock > limit + MAX_DT) throw new Error(`still in ${phaseOf(s)} at ${s.clock}s (limit ${limit}s)`);
          }
          expect(s.clock).toBeLessThanOrEqual(limit + MAX_DT);
        },
      ),
      { ...FC, numRuns: Math.ceil(RUNS / 5) },
    );
  });

  it('is deterministic: the same seed and input give identical states', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { maxLength: 50 }), (seed, actions) => {
        const a: ShowState[] = [];
        const b: ShowState[] = [];
        play(seed, actions, (s) => a.push(s));
        play(seed, actions, (s) => b.push(s));
        for (let i = 0; i < a.length; i++) {
          expect(b[i].params).toEqual(a[i].params);
          expect([b[i].phaseIndex, b[i].phaseTime, b[i].phaseLength, b[i].resolve, b[i].rng, b[i].clock, b[i].loop]).toEqual([
            a[i].phaseIndex,
            a[i].phaseTime,
            a[i].phaseLength,
            a[i].resolve,
            a[i].rng,
            a[i].clock,
            a[i].loop,
          ]);
          expect(b[i].crowd.signals).toEqual(a[i].crowd.signals);
          expect(b[i].changedEchoes).toEqual(a[i].changedEchoes);
          expect([...b[i].echoes.values()]).toEqual([...a[i].echoes.values()]);
        }
      }),
      FC,
    );
  });

  it('never changes a state it was given (stepping an old state again gives the same answer)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { minLength: 2, maxLength: 30 }), fc.nat(), (seed, actions, at) => {
        const states: ShowState[] = [];
        play(seed, actions, (s) => states.push(s));
        const i = at % states.length;
        const probe: TickInput = { gestures: [{ d: 3, r: 1, k: 'pulse', x: 0.5, y: 0.5, o: 10 }, { d: 99, r: 2, k: 'tap', x: 0.2, y: 0.7 }], dreamers: 4 };
        const first = step(states[i], BLANK_PRESET, 0.1, probe);
        // Branch from the same state after the show has moved on: same result.
        const again = step(states[i], BLANK_PRESET, 0.1, probe);
        expect(again.params).toEqual(first.params);
        expect(again.crowd.signals).toEqual(first.crowd.signals);
        expect([...again.crowd.traces.entries()]).toEqual([...first.crowd.traces.entries()]);
        expect([...again.echoes.values()]).toEqual([...first.echoes.values()]);
      }),
      { ...FC, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('resumes the same phase and position after toSnapshot → JSON → fromSnapshot', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(action, { maxLength: 50 }), (seed, actions) => {
        const { state, preset } = play(seed, actions);
        const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state))), preset);
        if (!restored.ok) throw new Error(restored.error);
        const r = restored.state;
        expect([r.phaseIndex, r.phaseTime, r.phaseLength, r.loop, r.clock, r.resolve, r.hold, r.speed, r.blackout, r.seed, r.rng]).toEqual([
          state.phaseIndex,
          state.phaseTime,
          state.phaseLength,
          state.loop,
          state.clock,
          state.resolve,
          state.hold,
          state.speed,
          state.blackout,
          state.seed,
          state.rng,
        ]);
        expect(r.params).toEqual(state.params);
        expect(r.overrides).toEqual(state.overrides);
        expect([...r.echoes.values()]).toEqual([...state.echoes.values()]);
        // Outside the confrontation (where the live crowd, not persisted, steers), the arc goes on the same way.
        if (phaseOf(state) !== 'confrontation' && !state.presetBlend) {
          let a = state;
          let b = r;
          for (let i = 0; i < 30; i++) {
            a = step(a, preset, 0.2);
            b = step(b, preset, 0.2);
          }
          expect([b.phaseIndex, b.phaseTime, b.loop]).toEqual([a.phaseIndex, a.phaseTime, a.loop]);
        }
      }),
      FC,
    );
  });
});
