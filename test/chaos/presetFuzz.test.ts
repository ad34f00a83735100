/**
 * Chaos 6: preset fuzz. Mutated preset files land in `presets/` while the show runs (some of them
 * over the preset in play). Nothing crashes; every broken file is refused with a readable error at
 * a path; every file that happens to be valid loads; the preset in play never changes; the wall's
 * frames never stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { readPreset } from '../../core/preset.ts';
import type { WireFrame } from '../../core/protocol.ts';
import type { PresetFileProblem } from '../../server/PresetStore.ts';
import { connectDisplay, startHub, teardown } from '../helpers/hub.ts';
import { FULL, figures, until, venueFolder } from './helpers/hubProcess.ts';
import { mutatedPresets, type MutationKind } from './helpers/presetMutations.ts';

afterEach(teardown);

const FILES = FULL ? 1000 : 120;
const PER_SECOND = 100;
/** Every this many files, the mutation overwrites the preset in play instead. */
const IN_PLAY_EVERY = 25;

/** Whether the hub should accept this text as `<name>.json` (the store's own rules). */
function valid(name: string, text: string): boolean {
  if (Buffer.byteLength(text) > 256 * 1024) return false;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const result = readPreset(json);
  return result.ok && result.preset.name === name;
}

describe('chaos 6: preset fuzz', () => {
  it(`refuses ${FILES} mutated preset files with clear errors while the show plays on`, async () => {
    const venue = venueFolder();
    const levels: Record<number, number> = {};
    const log = pino({ level: 'warn' }, { write: (line: string) => {
      const level = (JSON.parse(line) as { level: number }).level;
      levels[level] = (levels[level] ?? 0) + 1;
    } });
    const hub = await startHub({ stateFile: null, presetDir: venue.presets, preset: 'festival', log });
    const playing = JSON.stringify(hub.context.runtime.preset);
    const wall = await connectDisplay(hub);
    // "Frames never stop" measured so a busy machine cannot fake a stall: between two frames the
    // hub process must neither burn a second of CPU (a blocked hub) nor let a 10 ms timer beside it
    // run for a second (a hub whose clock stopped while the process ran). A process descheduled by
    // the machine does neither. The wall-clock gap is still reported.
    let lastFrame = Date.now();
    let lastCpu = process.cpuUsage();
    let canary = 0;
    let canaryAtFrame = 0;
    const canaryTimer = setInterval(() => canary++, 10);
    let longestGap = 0;
    let longestGapCpuMs = 0;
    let longestGapCanaryTicks = 0;
    let frames = 0;
    wall.socket.on('frame', (_f: WireFrame) => {
      const now = Date.now();
      const cpu = process.cpuUsage(lastCpu);
      longestGap = Math.max(longestGap, now - lastFrame);
      longestGapCpuMs = Math.max(longestGapCpuMs, (cpu.user + cpu.system) / 1000);
      longestGapCanaryTicks = Math.max(longestGapCanaryTicks, canary - canaryAtFrame);
      lastFrame = now;
      lastCpu = process.cpuUsage();
      canaryAtFrame = canary;
      frames++;
    });
    const problems = new Map<string, PresetFileProblem>();
    hub.context.show.presets.on('problem', (p: PresetFileProblem) => problems.set(p.file, p));

    const bases = readdirSync(venue.presets)
      .filter((f) => f.endsWith('.json') && f !== 'schema.json')
      .map((f) => JSON.parse(readFileSync(join(venue.presets, f), 'utf8')) as Record<string, unknown>);
    const names = Array.from({ length: FILES }, (_, i) => (i % IN_PLAY_EVERY === IN_PLAY_EVERY - 1 ? 'festival' : `fuzz-${i}`));
    const bodies = mutatedPresets(bases, names, 4242);
    const expected = new Map<string, { valid: boolean; kind: MutationKind }>();
    const started = Date.now();
    for (let i = 0; i < FILES; i++) {
      const file = `${names[i]}.json`;
      // Written as an editor saves: a temp file renamed over the target.
      const temp = join(venue.presets, `.${i}.tmp`);
      await writeFile(temp, bodies[i].text);
      await rename(temp, join(venue.presets, file));
      if (names[i] !== 'festival') expected.set(file, { valid: valid(names[i], bodies[i].text), kind: bodies[i].kind });
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, (10 * 1000) / PER_SECOND));
    }
    const wroteMs = Date.now() - started;
    const broken = [...expected].filter(([, e]) => !e.valid).map(([f]) => f);
    await until(() => broken.every((f) => problems.has(f)), 15_000, 'every broken preset reported');
    await new Promise((r) => setTimeout(r, 1000));
    // Still ticking at the end.
    const framesAtEnd = frames;
    await until(() => frames >= framesAtEnd + 10, 15_000, 'frames after the fuzz');
    clearInterval(canaryTimer);

    const listing = new Map(hub.context.show.presets.list().map((l) => [`${l.name}.json`, l]));
    const validFiles = [...expected].filter(([, e]) => e.valid).map(([f]) => f);
    const loadedValid = validFiles.filter((f) => listing.get(f) && !listing.get(f)!.error);
    const unclear = [...problems.values()].filter((p) => p.problems.length === 0 || p.problems.some((q) => typeof q.message !== 'string' || q.message.length < 8));
    const byKind: Record<string, number> = {};
    for (const [, e] of expected) if (!e.valid) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    const examples = [...new Set([...problems.values()].map((p) => `${p.problems[0].path || '(root)'}: ${p.problems[0].message}`.slice(0, 110)))].slice(0, 6);
    figures('6 preset fuzz', {
      filesWritten: FILES,
      overPresetInPlay: FILES - expected.size,
      writeSeconds: wroteMs / 1000,
      broken: broken.length,
      brokenReported: broken.filter((f) => problems.has(f)).length,
      brokenByKind: byKind,
      happenedToBeValid: validFiles.length,
      validLoaded: loadedValid.length,
      unclearErrors: unclear.length,
      hubErrorsLogged: levels[50] ?? 0,
      wallFrames: frames,
      longestFrameGapMs: longestGap,
      longestFrameGapCpuMs: longestGapCpuMs,
      longestFrameGapTimerTicks: longestGapCanaryTicks,
      presetInPlayUnchanged: JSON.stringify(hub.context.runtime.preset) === playing,
      examples,
    });
    expect(broken.length).toBeGreaterThan(FILES * 0.8);
    expect(broken.every((f) => problems.has(f))).toBe(true);
    expect(loadedValid).toEqual(validFiles);
    expect(unclear).toHaveLength(0);
    expect(levels[50] ?? 0).toBe(0);
    expect(JSON.stringify(hub.context.runtime.preset)).toBe(playing);
    expect(wall.socket.connected).toBe(true);
    // The show never stopped: no second of hub work, nor a second of a running process, without a frame.
    expect(longestGapCpuMs).toBeLessThan(1000);
    expect(longestGapCanaryTicks).toBeLessThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, FULL ? 180_000 : 60_000);
});
