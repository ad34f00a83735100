/**
 * The show as a plain JSON document, for the hub's state file: enough to resume the same place in
 * the story after a crash (phase, position, seed, operator settings, tonight's echoes). Reading it
 * back validates everything: a corrupt file is refused, never half-loaded.
 */
import { z } from 'zod';
import { PARAMS, clampParam, type ParamName } from '../params.ts';
import type { Preset } from '../preset.ts';
import type { EchoMark } from '../protocol.ts';
import { emptyCrowd } from '../crowd.ts';
import { PHASES, phaseAt } from './phases.ts';
import type { ShowState } from './engine.ts';

/** Version of the persisted show document. */
export const SHOW_SNAPSHOT_VERSION = 1;

const echoSchema = z.strictObject({
  d: z.number().int().min(0),
  r: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  w: z.number().min(0).max(1),
});

/** Schema of a persisted show. */
export const showSnapshotSchema = z.strictObject({
  v: z.literal(SHOW_SNAPSHOT_VERSION),
  seed: z.number().int(),
  rng: z.number().int().min(0).max(2 ** 32 - 1),
  clock: z.number().min(0).finite(),
  /** Absent in files written before the score clock: the score then starts again at 0. */
  score: z.number().min(0).finite().optional(),
  loop: z.number().int().min(0),
  phaseIndex: z.number().int().min(0).max(PHASES.length - 1),
  phaseTime: z.number().min(0).finite(),
  phaseLength: z.number().positive().finite(),
  params: z.array(z.number().finite()).length(PARAMS.length),
  resolve: z.number().min(0).max(1),
  hold: z.boolean(),
  speed: z.number().min(0.1).max(8),
  blackout: z.boolean(),
  /** Absent in files written before the show could follow the music: off. */
  follow: z.boolean().optional(),
  overrides: z.record(z.string(), z.number().finite()),
  echoes: z.array(echoSchema).max(100_000),
});
/** A persisted show, as written to disk. */
export type ShowSnapshot = z.infer<typeof showSnapshotSchema>;

/** Writes the resumable part of a show as plain JSON data. */
export function toSnapshot(state: ShowState): ShowSnapshot {
  return {
    v: SHOW_SNAPSHOT_VERSION,
    seed: state.seed,
    rng: state.rng,
    clock: state.clock,
    score: state.score,
    loop: state.loop,
    phaseIndex: state.phaseIndex,
    phaseTime: state.phaseTime,
    phaseLength: state.phaseLength,
    params: state.params.slice(),
    resolve: state.resolve,
    hold: state.hold,
    speed: state.speed,
    blackout: state.blackout,
    follow: state.follow,
    overrides: { ...state.overrides },
    echoes: [...state.echoes.values()],
  };
}

/**
 * Reads a persisted show back.
 * @returns the state, or an error sentence when the document is not a valid snapshot.
 */
export function fromSnapshot(data: unknown, preset: Preset): { ok: true; state: ShowState } | { ok: false; error: string } {
  const parsed = showSnapshotSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: `${first.path.join('.') || '(root)'}: ${first.message}` };
  }
  const s = parsed.data;
  const overrides: Partial<Record<ParamName, number>> = {};
  for (const p of PARAMS) {
    const v = s.overrides[p.name];
    if (v !== undefined) overrides[p.name] = clampParam(p.name, v);
  }
  const spec = preset.phases[phaseAt(s.phaseIndex)];
  const phaseLength = Math.min(s.phaseLength, spec.duration);
  const echoes = new Map<number, EchoMark>();
  for (const e of s.echoes) echoes.set(e.d, e);
  return {
    ok: true,
    state: {
      seed: s.seed,
      rng: s.rng,
      clock: s.clock,
      score: s.score ?? 0,
      loop: s.loop,
      phaseIndex: s.phaseIndex,
      // Resume exactly where we were; only a phase the preset has since shortened ends at once.
      phaseTime: s.phaseTime < phaseLength ? s.phaseTime : Math.max(0, phaseLength - 1e-3),
      phaseLength,
      params: s.params.map((v, i) => clampParam(PARAMS[i].name, v)),
      resolve: s.resolve,
      hold: s.hold,
      speed: s.speed,
      blackout: s.blackout,
      follow: s.follow ?? false,
      lock: null,
      overrides,
      stutterLeft: 0,
      presetBlend: null,
      cut: false,
      crowd: emptyCrowd(),
      echoes,
      changedEchoes: [],
    },
  };
}
