/**
 * Presets: a VJ's whole-story settings. A preset file is a partial merged over the complete
 * {@link BLANK_PRESET}; it carries a `version`, and older versions are brought forward by a chain
 * of pure migrations. Unknown keys are an error, reported with their JSON path.
 */
import { z } from 'zod';
import { PARAMS, type ParamName } from './params.ts';
import { PHASES, type PhaseName } from './arc/phases.ts';
import { ROLES, type Role } from './dreamers.ts';
import { BLANK_PRESET } from './presetDefaults.ts';
import { LANGUAGE_CODE, MAX_PRESET_LANGUAGES } from './protocolConstants.ts';
import { findUnsafeKey, isUnsafeKey } from './safeKeys.ts';

/** The preset format this build writes and reads natively. */
export const PRESET_VERSION = 2;

/**
 * A preset name: lower-case letters, digits and dashes, 1..64 characters (it is also a file name).
 * `constructor` and `prototype` are refused: a name is a key wherever presets are looked up by name.
 */
export const PRESET_NAME = /^(?!(?:constructor|prototype)$)[a-z0-9-]{1,64}$/;

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#7ee8fa"');

const paramTargets = z.strictObject(
  Object.fromEntries(
    PARAMS.map((p) => [p.name, z.number().min(p.min).max(p.max).describe(`${p.description} (${p.min}..${p.max}${p.unit ? ' ' + p.unit : ''})`).optional()]),
  ) as Record<ParamName, z.ZodOptional<z.ZodNumber>>,
).meta({ id: 'paramTargets', description: 'Show parameters by name, each within its range from the params table.' });

/** A phase's words in one language (a preset's {@link Preset.lines}). */
export type PhaseLines = Partial<Record<PhaseName, { prompt?: string; story?: string }>>;

/**
 * Settings of one phase of the arc, each field once: its range and meaning are in its schema (the
 * JSON Schema editors read says the same).
 */
const phaseSpecSchema = z.strictObject({
  duration: z.number().min(5).max(3600).describe('Length of the phase in seconds (5..3600). For the confrontation, the longest it may last.'),
  minDuration: z.number().min(0).max(3600).describe('Seconds before a crowd victory may end the phase (0..3600; used by the confrontation).'),
  transition: z.number().min(0).max(120).describe('Seconds at the end of the phase spent crossfading into the next (0..120, at most the duration).'),
  cut: z.boolean().describe('Enter the phase with a hard cut: parameters jump instead of easing (the glitch).'),
  palette: z.array(hex).min(2).max(8).describe('2..8 colours "#rrggbb", darkest (the background) first.'),
  targets: paramTargets.describe('Parameter targets at the start of the phase; unset ones keep the defaults.'),
  end: paramTargets.describe('Parameter targets reached by the end of the phase (a ramp within it); unset ones stay.'),
  prompt: z.string().max(60).describe('One line shown on phones during the phase (≤ 60 characters, English; see "lines" for other languages).'),
  story: z.string().max(140).describe('One or two plain sentences on phones: what is happening and what the visitor can do (≤ 140 characters, English).'),
  caption: z.string().max(80).describe('Caption naming the phase on the wall when captions are on (≤ 80 characters).'),
});
/** Settings of one phase of the arc (see the schema's descriptions for ranges and units). */
export type PhaseSpec = z.infer<typeof phaseSpecSchema>;

const dreamerSchema = z.strictObject({ colour: hex.describe('Colour of the dreamer role, "#rrggbb".') });
const soundSchema = z
  .strictObject({
    root: z.enum(['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']).describe('Root note of every scale in the score.'),
    volume: z.number().min(0).max(1).describe("Preset volume 0..1; the operator's master volume multiplies it."),
    voices: z.number().int().min(8).max(64).describe('Polyphony cap across all crowd voices (8..64).'),
    lookAhead: z.number().min(0.01).max(0.1).describe('Audio scheduling look-ahead in seconds (0.01..0.1).'),
  })
  .describe('Soundscape settings.');
const crowdSchema = z
  .strictObject({
    activeWindow: z.number().min(2).max(120).describe("Seconds after a dreamer's last gesture during which they count as active (2..120)."),
    unityWindow: z.number().min(1).max(20).describe('Seconds of recent pulse taps over which unity is measured (1..20).'),
    resolveSeconds: z.number().min(5).max(600).describe('Seconds a perfectly united, fully participating crowd needs to beat the creature (5..600).'),
    ghostUnity: z.number().min(0).max(1).describe('Unity the ghost dreamers bring when nobody takes part (0..1): they slow the show but never stall it.'),
    heartbeatBpm: z.number().min(40).max(140).describe('Heartbeat tempo of the confrontation, BPM (40..140).'),
    crowdWeight: z.number().min(0).max(2).describe("How strongly the crowd's energy colours the picture (0..2)."),
  })
  .describe('How the crowd steers the show.');
const words = z
  .strictObject({
    prompt: z.string().max(60).optional().describe('The prompt in this language (≤ 60 characters).'),
    story: z.string().max(140).optional().describe('The story line in this language (≤ 140 characters).'),
  })
  .meta({ id: 'phaseWords', description: "A phase's words in one language." });
const phaseLinesSchema = z
  .strictObject(Object.fromEntries(PHASES.map((p) => [p, words.optional()])) as Record<PhaseName, z.ZodOptional<typeof words>>)
  .describe("Per phase, the words that replace the phone's own translation.");
const linesSchema = z
  .record(z.string().regex(LANGUAGE_CODE, 'a language code like "es" or "pt-BR"'), phaseLinesSchema)
  .refine((r) => Object.keys(r).length <= MAX_PRESET_LANGUAGES, `at most ${MAX_PRESET_LANGUAGES} languages`)
  .describe('Phone words in other languages, by language code ("es", "fr", "pt-BR"): per phase, a prompt and a story line.');
const titleSchema = z.string().max(80).describe('Title shown in the console (≤ 80 characters).');
const descriptionSchema = z.string().max(500).describe('What the preset is for (≤ 500 characters).');
const safeSchema = z.boolean().describe('Calm every strobe, stutter and harsh sound, whatever the phases ask.');
const PRESET_WORDS = 'A Dreamscape preset: a whole night of the arc. Every field but version and name may be left out; missing ones come from the default preset.';
/** What every preset, file or merged, starts with. */
const presetHead = {
  $schema: z.string().optional().describe('Path of this JSON Schema, "./schema.json", so editors validate while you type.'),
  version: z.literal(PRESET_VERSION).describe(`Preset format version (${PRESET_VERSION}); older versions are migrated on load.`),
  name: z.string().regex(PRESET_NAME, 'names use a-z, 0-9 and "-" (1..64 characters)').describe('The file name without ".json": a-z, 0-9 and "-", 1..64 characters.'),
};
const phasesWords = `Per-phase settings, in story order: ${PHASES.join(' → ')}.`;

/** Schema of a complete, merged preset: every field present. */
export const completePresetSchema = z
  .strictObject({
    ...presetHead,
    title: titleSchema,
    description: descriptionSchema,
    safe: safeSchema,
    phases: z.strictObject(Object.fromEntries(PHASES.map((p) => [p, phaseSpecSchema.describe(`Settings of the ${p} phase.`)])) as Record<PhaseName, typeof phaseSpecSchema>).describe(phasesWords),
    dreamers: z.strictObject(Object.fromEntries(ROLES.map((r) => [r, dreamerSchema])) as Record<Role, typeof dreamerSchema>).describe('Colour of each dreamer role (lyra, remy, tara, brian).'),
    sound: soundSchema,
    lines: linesSchema,
    crowd: crowdSchema,
  })
  .describe(PRESET_WORDS);
/** A complete preset (after merging over the defaults). */
export type Preset = z.infer<typeof completePresetSchema>;

/** The file's phase: any field may be left out (the JSON Schema defines it once, by its id). */
const phaseFileSchema = phaseSpecSchema.partial().meta({ id: 'phase', description: 'Settings of one phase; unset fields come from the default preset.' });

/** Schema of a preset file (current version): every field but version and name may be left out. */
export const presetFileSchema = z
  .strictObject({
    ...presetHead,
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    safe: safeSchema.optional(),
    phases: z
      .strictObject(Object.fromEntries(PHASES.map((p) => [p, phaseFileSchema.optional().describe(`Settings of the ${p} phase.`)])) as Record<PhaseName, z.ZodOptional<typeof phaseFileSchema>>)
      .describe(phasesWords)
      .optional(),
    dreamers: z
      .strictObject(Object.fromEntries(ROLES.map((r) => [r, dreamerSchema.optional()])) as Record<Role, z.ZodOptional<typeof dreamerSchema>>)
      .describe('Colour of each dreamer role (lyra, remy, tara, brian).')
      .optional(),
    sound: soundSchema.partial().optional(),
    lines: linesSchema.optional(),
    crowd: crowdSchema.partial().optional(),
  })
  .describe(PRESET_WORDS);

/** What a preset file may contain (current version). */
export type PresetFile = z.infer<typeof presetFileSchema>;

/** One reason a preset was refused. */
export interface PresetProblem {
  /** JSON path of the offending value, e.g. `phases.nightmare.duration` (empty for the root). */
  path: string;
  /** Why it was refused. */
  message: string;
}

/** Result of reading a preset. */
export type PresetResult = { ok: true; preset: Preset; migratedFrom?: number } | { ok: false; problems: PresetProblem[] };

/**
 * A pure step from one preset format version to the next: the migrated object, or the problems
 * (with paths in the OLD format, so the VJ finds them in the file they wrote).
 */
export type Migration = (input: Record<string, unknown>) => Record<string, unknown> | { problems: PresetProblem[] };

/**
 * Migrations keyed by the version they read: `MIGRATIONS[1]` turns a v1 preset into v2.
 *
 * v1 kept per-phase settings in parallel maps (`durations`, `palettes`, `targets`, `prompts`);
 * v2 nests them under `phases.<phase>`.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (v1) => {
    const { durations, palettes, targets, prompts, ...rest } = v1;
    // Null prototypes: a phase named "__proto__" must land in this map, not on Object.prototype.
    const phases: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
    const problems: PresetProblem[] = [];
    const put = (source: unknown, from: string, key: string) => {
      if (source === undefined) return;
      if (!isPlainObject(source)) {
        problems.push({ path: from, message: `expected an object of phase → ${key} (version 1 format)` });
        return;
      }
      for (const [phase, value] of Object.entries(source)) {
        if (isUnsafeKey(phase)) {
          problems.push({ path: `${from}.${phase}`, message: 'key not allowed' });
          continue;
        }
        (phases[phase] ??= Object.create(null) as Record<string, unknown>)[key] = value;
      }
    };
    put(durations, 'durations', 'duration');
    put(palettes, 'palettes', 'palette');
    put(targets, 'targets', 'targets');
    put(prompts, 'prompts', 'prompt');
    if (problems.length > 0) return { problems };
    const out: Record<string, unknown> = { ...rest, version: 2 };
    // Back to plain objects for the schema, which reads what it is given as JSON would be.
    if (Object.keys(phases).length > 0) out.phases = Object.fromEntries(Object.entries(phases).map(([p, spec]) => [p, { ...spec }]));
    return out;
  },
};

function isMigrationFailure(value: Record<string, unknown> | { problems: PresetProblem[] }): value is { problems: PresetProblem[] } {
  return Object.keys(value).length === 1 && Array.isArray(value.problems);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k) => String(k)).join('.');
}

/** A zod issue as preset problems: an unknown key is reported at its own path, with a likely fix. */
function toProblems(issue: z.core.$ZodIssue): PresetProblem[] {
  if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(issue.path), message: issue.message }];
  const known = knownKeysAt(issue.path);
  return issue.keys.map((key) => {
    const guess = closestKey(key, known);
    return { path: formatPath([...issue.path, key]), message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}` };
  });
}

/** Keys the schema accepts at a path, read from the complete default (which has them all). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const last = path[path.length - 1];
  if (last === 'targets' || last === 'end') return PARAMS.map((p) => p.name);
  let node: unknown = BLANK_PRESET;
  for (const key of path) node = isPlainObject(node) ? node[String(key)] : undefined;
  const keys = isPlainObject(node) ? Object.keys(node) : [];
  return path.length === 0 ? ['$schema', ...keys] : keys;
}

/** The known key nearest to a typo (case-insensitive equal, or at most 2 edits), if any. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * Brings a preset of any known version up to {@link PRESET_VERSION}.
 * @returns the migrated object, or problems when the version is missing, unknown or from the future.
 */
export function migratePreset(input: unknown): { ok: true; value: Record<string, unknown>; from: number } | { ok: false; problems: PresetProblem[] } {
  if (!isPlainObject(input)) return { ok: false, problems: [{ path: '', message: 'a preset must be a JSON object' }] };
  // Refused before any migration copies a key: "__proto__" would otherwise be written onto a prototype.
  const unsafe = findUnsafeKey(input);
  if (unsafe !== undefined) return { ok: false, problems: [{ path: unsafe, message: 'key not allowed (__proto__, constructor and prototype are never read from a preset)' }] };
  const version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, problems: [{ path: 'version', message: `expected an integer version (current is ${PRESET_VERSION})` }] };
  }
  if (version > PRESET_VERSION) {
    return { ok: false, problems: [{ path: 'version', message: `version ${version} is newer than this show understands (${PRESET_VERSION})` }] };
  }
  let value: Record<string, unknown> = input;
  for (let v = version; v < PRESET_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, problems: [{ path: 'version', message: `no migration from version ${v}` }] };
    const next = step(value);
    if (isMigrationFailure(next)) return { ok: false, problems: next.problems };
    value = next;
  }
  return { ok: true, value, from: version };
}

function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(over) || !isPlainObject(base)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined || isUnsafeKey(key)) continue;
    const current = out[key];
    // Palettes and other arrays replace; objects merge.
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out as T;
}

/**
 * Reads a preset from parsed JSON: migrates it, validates it strictly (unknown keys refused) and
 * merges it over the complete defaults.
 * @param input the parsed JSON of a preset file.
 * @param base the complete preset to merge over (defaults to {@link BLANK_PRESET}).
 */
export function readPreset(input: unknown, base: Preset = BLANK_PRESET): PresetResult {
  const migrated = migratePreset(input);
  if (!migrated.ok) return migrated;
  const parsed = presetFileSchema.safeParse(migrated.value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.flatMap(toProblems) };
  }
  // A preset is plain JSON: a JSON round trip copies it without the host's structuredClone (core has no DOM or Node).
  const merged = deepMerge<Preset>(JSON.parse(JSON.stringify(base)) as Preset, parsed.data);
  const problems = crossChecks(merged);
  if (problems.length > 0) return { ok: false, problems };
  return migrated.from === PRESET_VERSION ? { ok: true, preset: merged } : { ok: true, preset: merged, migratedFrom: migrated.from };
}

function crossChecks(preset: Preset): PresetProblem[] {
  const problems: PresetProblem[] = [];
  for (const phase of PHASES) {
    const spec = preset.phases[phase];
    if (spec.transition > spec.duration) {
      problems.push({ path: `phases.${phase}.transition`, message: `transition (${spec.transition}s) is longer than the phase (${spec.duration}s)` });
    }
    if (spec.minDuration > spec.duration) {
      problems.push({ path: `phases.${phase}.minDuration`, message: `minDuration (${spec.minDuration}s) is longer than duration (${spec.duration}s)` });
    }
  }
  return problems;
}

/** Formats problems as one line each: `path: message`. */
export function describeProblems(problems: readonly PresetProblem[]): string {
  return problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('\n');
}

/** Length of one whole night (all phases at full duration), in seconds. */
export function loopLength(preset: Preset): number {
  let total = 0;
  for (const phase of PHASES) total += preset.phases[phase].duration;
  return total;
}

/** JSON Schema of a preset file, for editors (`npm run schema` writes it to presets/schema.json). */
export function presetJsonSchema(): unknown {
  return z.toJSONSchema(presetFileSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
}

export { BLANK_PRESET };

/**
 * A phase's words in every language the preset gives lines for, for the phones (`PhaseInfo.lines`).
 * @returns language code → that language's prompt and story for `phase` (languages without either left out).
 */
export function phaseLines(preset: Preset, phase: PhaseName): Record<string, { prompt?: string; story?: string }> {
  const out: Record<string, { prompt?: string; story?: string }> = {};
  for (const [code, phases] of Object.entries(preset.lines)) {
    const words = phases[phase];
    if (!LANGUAGE_CODE.test(code) || !words || (words.prompt === undefined && words.story === undefined)) continue;
    out[code] = { ...(words.prompt !== undefined ? { prompt: words.prompt } : {}), ...(words.story !== undefined ? { story: words.story } : {}) };
  }
  return out;
}
