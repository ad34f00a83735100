import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BLANK_PRESET,
  MIGRATIONS,
  PRESET_VERSION,
  completePresetSchema,
  describeProblems,
  loopLength,
  migratePreset,
  phaseLines,
  presetJsonSchema,
  readPreset,
  type Preset,
} from '../../core/preset.ts';
import { PARAMS } from '../../core/params.ts';
import { PHASES } from '../../core/arc/phases.ts';
import { createShow, step } from '../../core/arc/engine.ts';
import { P } from '../../core/arc/timeline.ts';

const root = resolve(import.meta.dirname, '..', '..');
const presetsDir = join(root, 'presets');
const fixturesDir = join(root, 'test', 'fixtures', 'presets');
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const fixture = (name: string) => json(join(fixturesDir, `${name}.json`));

function shipped(name: string): Preset {
  const result = readPreset(json(join(presetsDir, `${name}.json`)));
  if (!result.ok) throw new Error(`${name}: ${describeProblems(result.problems)}`);
  return result.preset;
}

describe('shipped presets', () => {
  const files = readdirSync(presetsDir).filter((f) => f.endsWith('.json') && f !== 'schema.json');

  it('ship at least the four we promise', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['default.json', 'festival.json', 'late-night.json', 'safe.json']));
  });

  it.each(files)('%s is valid, current, named after its file and points at the schema', (file) => {
    const raw = json(join(presetsDir, file)) as Record<string, unknown>;
    expect(raw.$schema).toBe('./schema.json');
    expect(raw.version).toBe(PRESET_VERSION);
    expect(raw.name).toBe(file.replace(/\.json$/, ''));
    const result = readPreset(raw);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) expect(completePresetSchema.safeParse(result.preset).success).toBe(true);
  });

  it('the default is the calm gallery loop of about twelve minutes', () => {
    const preset = shipped('default');
    const { $schema, ...rest } = preset;
    expect($schema).toBe('./schema.json');
    expect(rest).toEqual({ ...BLANK_PRESET, description: preset.description });
    expect(loopLength(preset)).toBeGreaterThanOrEqual(11 * 60);
    expect(loopLength(preset)).toBeLessThanOrEqual(13 * 60);
  });

  it('festival is short and hotter than the default', () => {
    const festival = shipped('festival');
    expect(loopLength(festival)).toBeGreaterThanOrEqual(4 * 60);
    expect(loopLength(festival)).toBeLessThanOrEqual(6 * 60);
    for (const phase of ['serene', 'festival', 'upgrade'] as const) {
      expect(festival.phases[phase].targets.tempo!).toBeGreaterThan(BLANK_PRESET.phases[phase].targets.tempo!);
    }
    expect(festival.crowd.resolveSeconds).toBeLessThan(BLANK_PRESET.crowd.resolveSeconds);
  });

  it('late-night is longer, slower and dimmer than the default', () => {
    const late = shipped('late-night');
    expect(loopLength(late)).toBeGreaterThan(loopLength(BLANK_PRESET) * 1.4);
    for (const phase of PHASES) {
      const t = late.phases[phase].targets;
      expect(t.tempo!, phase).toBeLessThanOrEqual(BLANK_PRESET.phases[phase].targets.tempo!);
      expect(t.brightness!, phase).toBeLessThan(BLANK_PRESET.phases[phase].targets.brightness!);
    }
    expect(late.sound.volume).toBeLessThan(BLANK_PRESET.sound.volume);
  });

  it('safe has no hard cuts, no stutter, low glitch and gentle sound over a whole night', () => {
    const safe = shipped('safe');
    expect(safe.safe).toBe(true);
    for (const phase of PHASES) {
      const spec = safe.phases[phase];
      expect(spec.cut, phase).toBe(false);
      for (const targets of [spec.targets, spec.end]) {
        expect(targets.distortion ?? 0, phase).toBeLessThanOrEqual(0.05);
        expect(targets.glitch ?? 0, phase).toBeLessThanOrEqual(0.2);
        expect(targets.tempo ?? 0, phase).toBeLessThanOrEqual(110);
      }
    }
    expect(safe.sound.volume).toBeLessThanOrEqual(0.6);

    // Run one whole night at 30 frames a second: brightness never jumps, nothing stutters.
    let state = createShow(safe, 7);
    const dt = 1 / 30;
    const frames = Math.ceil(loopLength(safe) / dt);
    let largestStep = 0;
    let maxGlitch = 0;
    let maxStutter = 0;
    for (let i = 0; i < frames; i++) {
      const before = state.params[P.brightness];
      state = step(state, safe, dt);
      largestStep = Math.max(largestStep, Math.abs(state.params[P.brightness] - before));
      maxGlitch = Math.max(maxGlitch, state.params[P.glitch]);
      maxStutter = Math.max(maxStutter, state.params[P.stutter]);
    }
    expect(state.loop).toBe(1);
    expect(maxStutter).toBe(0);
    expect(maxGlitch).toBeLessThanOrEqual(0.25);
    // Far below a flash: at most a 3% change of brightness between two frames.
    expect(largestStep).toBeLessThan(0.03);
  });

  it('the four feel different: no two share a loop length and palette set', () => {
    const fingerprints = ['default', 'festival', 'late-night', 'safe'].map((n) => {
      const p = shipped(n);
      return `${loopLength(p)}|${p.sound.volume}|${p.crowd.heartbeatBpm}`;
    });
    expect(new Set(fingerprints).size).toBe(4);
  });
});

describe('schema.json', () => {
  it('is up to date with the zod schema (run npm run schema)', () => {
    expect(json(join(presetsDir, 'schema.json'))).toEqual(JSON.parse(JSON.stringify(presetJsonSchema())));
  });

  it('carries descriptions and ranges from the params table', () => {
    const schema = presetJsonSchema() as { $defs: { paramTargets: { properties: Record<string, { minimum: number; maximum: number; description: string }>; additionalProperties: boolean } } };
    const targets = schema.$defs.paramTargets;
    expect(targets.additionalProperties).toBe(false);
    for (const p of PARAMS) {
      expect(targets.properties[p.name]).toMatchObject({ minimum: p.min, maximum: p.max });
      expect(targets.properties[p.name].description).toContain(p.description);
    }
  });
});

describe('readPreset: refusals name the exact path and reason', () => {
  const problemsOf = (input: unknown) => {
    const r = readPreset(input);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems;
  };

  it('out-of-range values', () => {
    expect(problemsOf(fixture('invalid-ranges'))).toEqual([
      { path: 'phases.upgrade.end.flowSpeed', message: expect.stringContaining('>=0') },
      { path: 'phases.upgrade.end.tempo', message: expect.stringContaining('<=180') },
      { path: 'phases.glitch.duration', message: expect.stringContaining('>=5') },
      { path: 'sound.volume', message: expect.stringContaining('<=1') },
      { path: 'sound.voices', message: expect.stringContaining('int') },
    ]);
  });

  it('every parameter range comes from the params table', () => {
    for (const p of PARAMS) {
      const at = (value: number) => readPreset({ version: 2, name: 'r', phases: { serene: { targets: { [p.name]: value } } } });
      expect(at(p.min).ok, `${p.name} min`).toBe(true);
      expect(at(p.max).ok, `${p.name} max`).toBe(true);
      expect(problemsOf({ version: 2, name: 'r', phases: { serene: { targets: { [p.name]: p.max + 0.5 } } } })[0].path).toBe(`phases.serene.targets.${p.name}`);
      expect(problemsOf({ version: 2, name: 'r', phases: { serene: { end: { [p.name]: p.min - 0.5 } } } })[0].path).toBe(`phases.serene.end.${p.name}`);
    }
  });

  it('unknown keys, each at its own path with a likely fix', () => {
    expect(problemsOf(fixture('invalid-unknown-keys'))).toEqual([
      { path: 'phases.nightmare.targets.shadow', message: 'unknown key "shadow" (did you mean "shadows"?)' },
      { path: 'phases.nightmare.colour', message: 'unknown key "colour"' },
      { path: 'sound.Volume', message: 'unknown key "Volume" (did you mean "volume"?)' },
      { path: 'titel', message: 'unknown key "titel" (did you mean "title"?)' },
    ]);
  });

  it('wrong types, bad colours, bad names and notes', () => {
    const paths = problemsOf(fixture('invalid-values')).map((p) => p.path);
    expect(paths).toEqual(['name', 'safe', 'phases.festival.transition', 'phases.festival.palette.1', 'dreamers.tara.colour', 'sound.root']);
  });

  it('cross-field checks after merging', () => {
    expect(problemsOf(fixture('invalid-cross'))).toEqual([
      { path: 'phases.confrontation.minDuration', message: 'minDuration (60s) is longer than duration (30s)' },
      { path: 'phases.dawn.transition', message: 'transition (30s) is longer than the phase (20s)' },
    ]);
  });

  it('versions from the future, missing versions and non-objects', () => {
    expect(problemsOf(fixture('future-version'))).toEqual([{ path: 'version', message: expect.stringContaining('newer') }]);
    expect(problemsOf({ name: 'x' })[0].path).toBe('version');
    expect(problemsOf([1, 2])).toEqual([{ path: '', message: 'a preset must be a JSON object' }]);
    expect(problemsOf(null)[0].path).toBe('');
  });

  it('never throws on any JSON, and every refusal carries a path and a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ version: fc.constantFrom(1, 2), name: fc.constant('x'), phases: fc.jsonValue(), sound: fc.jsonValue() }, { requiredKeys: ['version', 'name'] })), (value) => {
        const r = readPreset(value);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expect(typeof p.path).toBe('string');
            expect(p.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('describes problems one per line', () => {
    expect(describeProblems([{ path: '', message: 'a' }, { path: 'sound.volume', message: 'b' }])).toBe('(root): a\nsound.volume: b');
  });
});

describe('a preset is a partial merged over the defaults', () => {
  it('fills everything left out and keeps what is given', () => {
    const r = readPreset({ version: 2, name: 'tiny', phases: { nightmare: { duration: 60, targets: { shadows: 0.5 } } }, sound: { volume: 0.3 } });
    if (!r.ok) throw new Error(describeProblems(r.problems));
    expect(r.preset.phases.nightmare.duration).toBe(60);
    expect(r.preset.phases.nightmare.targets.shadows).toBe(0.5);
    expect(r.preset.phases.nightmare.targets.dissonance).toBe(BLANK_PRESET.phases.nightmare.targets.dissonance);
    expect(r.preset.phases.nightmare.palette).toEqual(BLANK_PRESET.phases.nightmare.palette);
    expect(r.preset.sound).toEqual({ ...BLANK_PRESET.sound, volume: 0.3 });
    expect(r.preset.title).toBe(BLANK_PRESET.title);
    expect(completePresetSchema.safeParse(r.preset).success).toBe(true);
  });

  it('replaces palettes whole rather than merging them item by item', () => {
    const r = readPreset({ version: 2, name: 'p', phases: { serene: { palette: ['#000000', '#ffffff'] } } });
    expect(r.ok && r.preset.phases.serene.palette).toEqual(['#000000', '#ffffff']);
  });

  it('never mutates the defaults', () => {
    const before = JSON.stringify(BLANK_PRESET);
    readPreset({ version: 2, name: 'm', phases: { serene: { targets: { tempo: 90 } } } });
    expect(JSON.stringify(BLANK_PRESET)).toBe(before);
  });
});

describe('migrations', () => {
  it('there is one pure step for every version below the current one', () => {
    for (let v = 1; v < PRESET_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
  });

  it('v1 → v2 nests the parallel per-phase maps under phases', () => {
    const input = fixture('v1-gallery');
    const frozen = JSON.stringify(input);
    const migrated = migratePreset(input);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(migrated).toEqual({
      ok: true,
      from: 1,
      value: {
        version: 2,
        name: 'old-gallery',
        title: 'A v1 gallery preset',
        sound: { volume: 0.7 },
        phases: {
          serene: { duration: 90, targets: { tempo: 54, brightness: 0.5 } },
          nightmare: { duration: 60 },
          festival: { palette: ['#101010', '#ff9f43', '#feca57'] },
          dawn: { prompt: 'Let your echo go' },
        },
      },
    });
    const read = readPreset(input);
    if (!read.ok) throw new Error(describeProblems(read.problems));
    expect(read.migratedFrom).toBe(1);
    expect(read.preset.version).toBe(2);
    expect(read.preset.phases.serene.targets.tempo).toBe(54);
    expect(read.preset.phases.serene.targets.flowSpeed).toBe(BLANK_PRESET.phases.serene.targets.flowSpeed);
  });

  it('v1 problems point at the v1 key the VJ wrote', () => {
    expect(readPreset(fixture('v1-broken-durations'))).toEqual({
      ok: false,
      problems: [{ path: 'durations', message: expect.stringContaining('version 1') }],
    });
  });

  it('v1 typos in phase names surface after migration with a suggestion', () => {
    expect(readPreset(fixture('v1-unknown-phase'))).toEqual({
      ok: false,
      problems: [{ path: 'phases.nightmere', message: 'unknown key "nightmere" (did you mean "nightmare"?)' }],
    });
  });
});

describe('story lines and other languages', () => {
  const base = { version: 2, name: 'words' };

  it('reads a story line per phase and the phones’ words in other languages', () => {
    const r = readPreset({ ...base, phases: { nightmare: { story: 'The shadows close in.' } }, lines: { es: { nightmare: { prompt: 'Aleja las sombras', story: 'Las sombras se acercan.' } }, 'pt-BR': { dawn: { story: 'Amanhece.' } } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preset.phases.nightmare.story).toBe('The shadows close in.');
    expect(r.preset.phases.serene.story).toBe(BLANK_PRESET.phases.serene.story);
    expect(phaseLines(r.preset, 'nightmare')).toEqual({ es: { prompt: 'Aleja las sombras', story: 'Las sombras se acercan.' } });
    expect(phaseLines(r.preset, 'dawn')).toEqual({ 'pt-BR': { story: 'Amanhece.' } });
    expect(phaseLines(r.preset, 'serene')).toEqual({});
  });

  it('refuses keys that are not language codes, unknown phases, long lines and too many languages', () => {
    const refused = (lines: unknown) => {
      const r = readPreset({ ...base, lines });
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    // "__proto__" is no language: it never becomes one, nor reaches Object.prototype.
    const proto = readPreset({ ...base, lines: JSON.parse('{"__proto__": {"serene": {"prompt": "x"}}}') });
    expect(proto.ok ? Object.keys(proto.preset.lines) : []).toEqual([]);
    expect(({} as Record<string, unknown>).serene).toBeUndefined();
    expect(refused({ Spanish: { serene: { prompt: 'x' } } }).length).toBeGreaterThan(0);
    expect(refused({ es: { limbo: { prompt: 'x' } } })).toEqual(['lines.es.limbo']);
    expect(refused({ es: { serene: { story: 'x'.repeat(141) } } })).toEqual(['lines.es.serene.story']);
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`x${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, { serene: { prompt: 'x' } }]));
    expect(refused(many)).toEqual(['lines']);
    const r = readPreset({ ...base, phases: { serene: { story: 'y'.repeat(141) } } });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['phases.serene.story']);
  });
});
