import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { StateKeeper, type KeptShow } from '../../server/StateKeeper.ts';
import { ShowRuntime } from '../../server/ShowRuntime.ts';
import { readStateFile, type HubStateFile } from '../../server/stateFile.ts';
import { BLANK_PRESET } from '../../core/preset.ts';

const silent = pino({ level: 'silent' });
const dirs: string[] = [];

function kept(): KeptShow {
  return {
    runtime: new ShowRuntime(BLANK_PRESET, 3),
    registry: { toJSON: () => ({ nextHandle: 0, dreamers: [] }) },
    show: { playlists: { save: () => ({ active: null, cue: null }) } },
    log: silent,
  };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('StateKeeper', () => {
  it('is off without a state file and writes nothing', async () => {
    const keeper = new StateKeeper(kept(), { stateFile: null, persistEveryMs: 10 });
    await keeper.persist();
    await keeper.final();
    expect(keeper.health()).toBe('off');
  });

  it('writes a state file the hub can read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-keeper-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const keeper = new StateKeeper(kept(), { stateFile: file, persistEveryMs: 10 });
    await keeper.persist();
    expect(keeper.health()).toBe('ok');
    const read = await readStateFile(file);
    expect(read.ok && read.state.preset).toBe(BLANK_PRESET.name);
  });

  it('on a failing disk hands the show to the supervisor, backs off, and says ok again once a write lands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-keeper-'));
    dirs.push(dir);
    // The folder of the state file is a file: every write fails.
    writeFileSync(join(dir, 'disk'), 'not a folder');
    const given: (HubStateFile | null)[] = [];
    const keeper = new StateKeeper(kept(), { stateFile: join(dir, 'disk', 'state.json'), persistEveryMs: 10_000, keep: (s) => given.push(s) });
    await keeper.persist();
    expect(keeper.health()).toBe('failing');
    expect(given).toHaveLength(1);
    // Backing off: the next periods do not write, they hand the show over.
    await keeper.persist();
    await keeper.persist();
    expect(given).toHaveLength(3);
    expect(given.every((s) => s !== null && s.preset === BLANK_PRESET.name)).toBe(true);
    // The disk comes back: the last write of a stopping hub goes through even while backing off.
    rmSync(join(dir, 'disk'));
    mkdirSync(join(dir, 'disk'));
    await keeper.final();
    expect(keeper.health()).toBe('ok');
    expect(given.at(-1)).toBeNull();
  });
});
