import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFrame } from '../../core/protocol.ts';
import { command, connectDisplay, connectOperator, connectPhone, nextEvent, startHub, teardown } from '../helpers/hub.ts';
import { readStateFile } from '../../server/stateFile.ts';

afterEach(teardown);

function tempState(): string {
  return join(mkdtempSync(join(tmpdir(), 'dreamscape-start-')), 'state.json');
}

/** A hub that played into the nightmare with one dreamer, then closed (state written). */
async function savedNightmare(stateFile: string, seed = 7): Promise<void> {
  const hub = await startHub({ stateFile, seed });
  const op = await connectOperator(hub);
  expect(await command(op, { type: 'goto', phase: 'nightmare' })).toEqual({ ok: true });
  await connectPhone(hub, { dreamer: 'phone-remember-01' });
  await teardown();
  const saved = await readStateFile(stateFile);
  expect(saved.ok && saved.state.show.seed).toBe(seed);
}

describe('the operator\'s word at start', () => {
  it('--preset given explicitly replaces the resumed show\'s preset, keeping its place; a restart after a crash keeps what played', async () => {
    const stateFile = tempState();
    await savedNightmare(stateFile);
    const hub = await startHub({ stateFile, preset: 'festival' });
    expect(hub.context.runtime.preset.name).toBe('festival');
    expect(hub.context.runtime.phase).toBe('nightmare');
    await teardown();
    // The crashed hub's replacement is started with the same command line: it must not switch back.
    const again = await startHub({ stateFile, preset: 'late-night', restart: true });
    expect(again.context.runtime.preset.name).toBe('festival');
    expect(again.context.runtime.phase).toBe('nightmare');
  });

  it('--seed different from the saved show starts a new night with it; the same seed resumes', async () => {
    const stateFile = tempState();
    await savedNightmare(stateFile, 7);
    const same = await startHub({ stateFile, seed: 7 });
    expect(same.context.runtime.phase).toBe('nightmare');
    await teardown();
    const other = await startHub({ stateFile, seed: 11 });
    expect(other.context.runtime.state.seed).toBe(11);
    expect(other.context.runtime.phase).toBe('serene');
    await teardown();
    const saved = await readStateFile(stateFile);
    expect(saved.ok && saved.state.show.seed).toBe(11);
  });

  it('--fresh starts a new night and forgets tonight\'s dreamers; not on a restart', async () => {
    const stateFile = tempState();
    await savedNightmare(stateFile);
    const restarted = await startHub({ stateFile, fresh: true, restart: true });
    expect(restarted.context.runtime.phase).toBe('nightmare');
    await teardown();
    const fresh = await startHub({ stateFile, fresh: true });
    expect(fresh.context.runtime.phase).toBe('serene');
    expect(fresh.context.registry.toJSON()).toEqual(new (await import('../../server/DreamerRegistry.ts')).DreamerRegistry().toJSON());
  });
});

describe('the supervisor\'s copy of the show (kept while the disk failed)', () => {
  it('is used when newer than the file, ignored when older, and refused when it is not a state document', async () => {
    const stateFile = tempState();
    await savedNightmare(stateFile);
    const saved = await readStateFile(stateFile);
    if (!saved.ok) throw new Error('no saved state');
    const newer = { ...saved.state, savedAt: saved.state.savedAt + 5000, show: { ...saved.state.show, phaseIndex: 5 } };
    const hub = await startHub({ stateFile, restart: true, remembered: newer });
    expect(hub.context.runtime.phase).toBe('confrontation');
    await teardown();
    // The file now holds the confrontation (written at start): an older copy loses.
    const older = { ...saved.state, savedAt: 1, show: { ...saved.state.show, phaseIndex: 1 } };
    const again = await startHub({ stateFile, restart: true, remembered: older });
    expect(again.context.runtime.phase).toBe('confrontation');
    await teardown();
    for (const hostile of [
      'text',
      null,
      42,
      { ...newer, savedAt: Number.MAX_SAFE_INTEGER, extra: true },
      JSON.parse(`{"__proto__":{"polluted":true},"v":1,"savedAt":${Number.MAX_SAFE_INTEGER}}`) as unknown,
      { ...newer, savedAt: Number.MAX_SAFE_INTEGER, show: { ...newer.show, phaseIndex: 99 } },
      { ...newer, savedAt: Number.MAX_SAFE_INTEGER, preset: '../../etc/passwd' },
    ]) {
      const hub3 = await startHub({ stateFile, restart: true, remembered: hostile });
      expect(hub3.context.runtime.phase).toBe('confrontation');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await teardown();
    }
  });
});

describe('a corrupt state file and leftovers', () => {
  it('keeps a corrupt state file aside as state.json.corrupt-<time> and removes orphaned temp files', async () => {
    const stateFile = tempState();
    const dir = join(stateFile, '..');
    const garbage = '{"v":1,"savedAt":3,"pre';
    writeFileSync(stateFile, garbage);
    // A temp file of a hub that is gone (a process that has exited) and one of a live process.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, `state.json.${dead}.tmp`), 'half a write');
    writeFileSync(join(dir, `state.json.${process.ppid}.tmp`), 'a live hub writing');
    writeFileSync(join(dir, 'state.json.notes.tmp'), 'not ours');
    const hub = await startHub({ stateFile });
    expect(hub.context.runtime.phase).toBe('serene');
    const names = readdirSync(dir);
    const aside = names.filter((n) => /^state\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(n));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe(garbage);
    expect(names).not.toContain(`state.json.${dead}.tmp`);
    expect(names).toContain(`state.json.${process.ppid}.tmp`);
    expect(names).toContain('state.json.notes.tmp');
  });

  it('a state file that is a directory is reported and left alone, not renamed', async () => {
    const stateFile = tempState();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(stateFile);
    const hub = await startHub({ stateFile, persistEveryMs: 50 });
    expect(hub.context.runtime.phase).toBe('serene');
    expect(statSync(stateFile).isDirectory()).toBe(true);
    expect(readdirSync(join(stateFile, '..')).some((n) => n.includes('corrupt'))).toBe(false);
  });
});

describe('recording and replaying a resumed show', () => {
  it('a recording begun on a resumed show replays frame for frame, and the replay leaves the state file alone', async () => {
    const stateFile = tempState();
    await savedNightmare(stateFile, 21);
    const file = join(stateFile, '..', 'night.jsonl');
    const live = await startHub({ stateFile, record: file });
    expect(live.context.runtime.phase).toBe('nightmare');
    const d = await connectDisplay(live);
    const liveFrames = new Map<number, WireFrame>();
    d.socket.on('frame', (f) => liveFrames.set(f.seq, f));
    const { socket: p } = await connectPhone(live);
    p.emit('gesture', { kind: 'tap', x: 0.3, y: 0.6 });
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.seq >= 40, 10_000);
    await teardown();
    const ticks = readFileSync(file, 'utf8').trim().split('\n').length - 1;

    const before = readFileSync(stateFile, 'utf8');
    const beforeMtime = statSync(stateFile).mtimeMs;
    const replay = await startHub({ stateFile, replay: file, seed: 99, persistEveryMs: 50 });
    expect(replay.context.runtime.phase).toBe('nightmare');
    const wall = await connectDisplay(replay);
    const replayFrames = new Map<number, WireFrame>();
    wall.socket.on('frame', (f) => replayFrames.set(f.seq, f));
    await nextEvent<WireFrame>(wall.socket, 'frame', (f) => f.seq >= ticks, 10_000);
    const common = [...replayFrames.keys()].filter((seq) => seq <= ticks && liveFrames.has(seq));
    expect(common.length).toBeGreaterThan(10);
    for (const seq of common) {
      const a = liveFrames.get(seq)!;
      const b = replayFrames.get(seq)!;
      expect([b.phase, b.phaseTime, b.params]).toEqual([a.phase, a.phaseTime, a.params]);
    }
    await teardown();
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    expect(statSync(stateFile).mtimeMs).toBe(beforeMtime);
    expect(existsSync(stateFile)).toBe(true);
  });
});
