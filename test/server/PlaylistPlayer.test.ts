/**
 * Playlists and cues against a real hub (port 0, real sockets, real files): `--playlist` at start,
 * advance at each new loop of the arc and after a duration, lock, skip, shuffle, hot reload, a
 * broken file refused while the playing one plays on, the cue's arm and go with its blend, OSC's
 * addresses over real UDP, and nothing of it for a socket that has not logged in.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'node-osc';
import { command, connectOperator, console_, nextEvent, startHub, teardown } from '../helpers/hub.ts';
import { ConfigError } from '../../server/config.ts';
import { PHASES } from '../../core/arc/phases.ts';
import type { Notice, PlaylistView } from '../../core/protocol.ts';
import { translateOsc } from '../../server/oscRoutes.ts';
import { MAX_PLAYLIST_BYTES } from '../../server/PlaylistStore.ts';

const shipped = resolve(import.meta.dirname, '..', '..', 'presets');
let dir: string;

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function writePlaylist(name: string, body: Record<string, unknown>): Promise<void> {
  return writeFile(join(dir, 'playlists', `${name}.json`), JSON.stringify({ version: 1, name, ...body }));
}

/** Waits (bounded) until `test` holds. */
async function until(test: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamscape-playlists-'));
  for (const f of ['default.json', 'festival.json', 'late-night.json', 'safe.json']) await copyFile(join(shipped, f), join(dir, f));
  await mkdir(join(dir, 'playlists'));
});
afterEach(async () => {
  await teardown();
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => teardown());

describe('playlists on a real hub', () => {
  it('plays --playlist from the start and advances at each new loop of the arc', async () => {
    // A night whose dawn is short: the arc's own clock, at the operator's top speed, ends the loop fast.
    await writeFile(join(dir, 'quick.json'), JSON.stringify({ version: 2, name: 'quick', phases: { dawn: { duration: 5, minDuration: 0, transition: 0 } } }));
    await writePlaylist('night', { entries: [{ preset: 'quick', blend: 3 }, { preset: 'late-night', blend: 5 }, { preset: 'safe' }] });
    const hub = await startHub({ presetDir: dir, playlist: 'night', seed: 3 });
    const { runtime } = hub.context;
    expect(runtime.preset.name).toBe('quick');
    const op = await connectOperator(hub);
    const loop = runtime.state.loop;
    const advanced = nextEvent<PlaylistView>(op, 'playlist', (v) => v.active?.position === 1, 15_000);
    expect(await command(op, { type: 'goto', phase: PHASES[PHASES.length - 1] })).toEqual({ ok: true });
    // Time alone never moves an entry without a duration: the show is still on its first entry.
    expect(hub.context.show.playlists.view().active?.position).toBe(0);
    expect(await command(op, { type: 'speed', value: 8 })).toEqual({ ok: true });
    const view = await advanced;
    expect(runtime.state.loop).toBe(loop + 1);
    expect(runtime.preset.name).toBe('late-night');
    expect(runtime.state.presetBlend?.seconds).toBe(5);
    expect(view.active).toMatchObject({ name: 'night', position: 1, locked: false, shuffled: false });
    expect(view.active?.entries.map((e) => e.preset)).toEqual(['quick', 'late-night', 'safe']);
  });

  it('advances after an entry\'s duration, stays while locked, skips on demand and wraps around', async () => {
    await writePlaylist('timed', { entries: [{ preset: 'safe', blend: 0, duration: 1 }, { preset: 'festival', blend: 0, duration: 2 }] });
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const { runtime } = hub.context;
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'playlist', name: 'timed' })).toEqual({ ok: true });
    expect(runtime.preset.name).toBe('safe');
    await until(() => runtime.preset.name === 'festival', 'the timed advance');
    expect(await command(op, { type: 'playlistLock', on: true })).toEqual({ ok: true });
    // Past the entry's 2 s, locked: it stays.
    await new Promise((r) => setTimeout(r, 2500));
    expect(runtime.preset.name).toBe('festival');
    expect(await command(op, { type: 'playlistSkip' })).toEqual({ ok: true });
    expect(runtime.preset.name).toBe('safe');
    expect(await command(op, { type: 'playlistShuffle', on: true })).toEqual({ ok: true });
    expect(hub.context.show.playlists.view().active).toMatchObject({ shuffled: true, locked: true });
    expect(runtime.preset.name).toBe('safe');
    expect(await command(op, { type: 'playlist', name: null })).toEqual({ ok: true });
    expect(hub.context.show.playlists.view().active).toBeNull();
    expect(await command(op, { type: 'playlistSkip' })).toMatchObject({ ok: false, error: 'no playlist is playing' });
    expect(await command(op, { type: 'playlist', name: 'nowhere' })).toMatchObject({ ok: false, error: expect.stringContaining('no playlist named') });
  });

  it('passes over an entry whose preset is missing, and refuses a playlist with none that loads', async () => {
    await writePlaylist('holes', { entries: [{ preset: 'gone' }, { preset: 'festival' }] });
    await writePlaylist('empty', { entries: [{ preset: 'gone' }, { preset: 'vanished' }] });
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const op = await connectOperator(hub);
    const notice = nextEvent<Notice>(op, 'notice', (n) => n.code === 'playlist-error');
    expect(await command(op, { type: 'playlist', name: 'holes' })).toEqual({ ok: true });
    expect((await notice).message).toMatch(/gone/);
    expect(hub.context.runtime.preset.name).toBe('festival');
    expect(await command(op, { type: 'playlist', name: 'empty' })).toMatchObject({ ok: false });
    expect(hub.context.show.playlists.view().active?.name).toBe('holes');
  });

  it('reloads a saved playlist, refuses a broken one with a clear error, and the playing one plays on', async () => {
    await writePlaylist('live', { entries: [{ preset: 'festival' }, { preset: 'safe' }] });
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'playlist', name: 'live' })).toEqual({ ok: true });
    const reloaded = nextEvent<PlaylistView>(op, 'playlist', (v) => v.active?.entries.length === 3);
    await writePlaylist('live', { entries: [{ preset: 'festival' }, { preset: 'late-night' }, { preset: 'safe' }] });
    expect((await reloaded).active?.entries.map((e) => e.preset)).toEqual(['festival', 'late-night', 'safe']);

    const refused = nextEvent<Notice>(op, 'notice', (n) => n.code === 'playlist-error');
    await writeFile(join(dir, 'playlists', 'live.json'), JSON.stringify({ version: 1, name: 'live', entries: [{ preset: 'festival', blend: 'slow' }] }));
    const message = (await refused).message;
    expect(message).toMatch(/live\.json/);
    expect(message).toMatch(/entries\.0\.blend/);
    expect(message).toMatch(/keeps playing/);
    const listing = hub.context.show.playlists.view().playlists.find((p) => p.name === 'live');
    expect(listing?.error?.[0].path).toBe('entries.0.blend');
    // The last good version plays on, and skips as before.
    expect(hub.context.show.playlists.view().active?.entries).toHaveLength(3);
    expect(await command(op, { type: 'playlistSkip' })).toEqual({ ok: true });
    expect(hub.context.runtime.preset.name).toBe('late-night');
    // Loading it again by name plays the last good version.
    expect(await command(op, { type: 'playlist', name: 'live' })).toEqual({ ok: true });
  });

  it('refuses hostile files: junk, oversized, a link out of the folder, a name that is not the file\'s', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'dreamscape-outside-'));
    await writeFile(join(outside, 'secret.json'), JSON.stringify({ version: 1, name: 'escape', entries: [{ preset: 'festival' }] }));
    await symlink(join(outside, 'secret.json'), join(dir, 'playlists', 'escape.json'));
    await writeFile(join(dir, 'playlists', 'junk.json'), '{"version":1,');
    await writeFile(join(dir, 'playlists', 'huge.json'), JSON.stringify({ version: 1, name: 'huge', title: 'x'.repeat(MAX_PLAYLIST_BYTES), entries: [{ preset: 'festival' }] }));
    await writePlaylist('liar', { name: 'other', entries: [{ preset: 'festival' }] });
    await writeFile(join(dir, 'playlists', 'proto.json'), '{"version":1,"name":"proto","entries":[{"preset":"festival"}],"__proto__":{"x":1}}');
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const listed = new Map(hub.context.show.playlists.view().playlists.map((p) => [p.name, p]));
    expect(listed.get('escape')?.error?.[0].message).toMatch(/outside the playlists folder/);
    expect(listed.get('junk')?.error?.[0].message).toMatch(/not valid JSON/);
    expect(listed.get('huge')?.error?.[0].message).toMatch(/larger than/);
    expect(listed.get('liar')?.error?.[0]).toMatchObject({ path: 'name' });
    expect(listed.get('proto')?.error?.[0].message).toMatch(/not allowed/);
    const op = await connectOperator(hub);
    for (const name of ['escape', 'junk', 'huge', 'liar', 'proto']) {
      expect(await command(op, { type: 'playlist', name }), name).toMatchObject({ ok: false, error: expect.stringContaining('broken') });
    }
    for (const bad of [{ type: 'playlist', name: '../x' }, { type: 'playlist' }, { type: 'playlistLock', on: 'yes' }, { type: 'cueArm', name: 'festival', blend: 999 }, { type: 'cueArm', name: 'festival' }, { type: 'cueGo', now: true }]) {
      expect(await command(op, bad as never), JSON.stringify(bad)).toMatchObject({ ok: false });
    }
    await rm(outside, { recursive: true, force: true });
  });

  it('stops a first start whose --playlist is missing or broken, with the reason', async () => {
    await writeFile(join(dir, 'playlists', 'bad.json'), JSON.stringify({ version: 1, name: 'bad', entries: [] }));
    await expect(startHub({ presetDir: dir, playlist: 'bad' })).rejects.toThrow(ConfigError);
    await expect(startHub({ presetDir: dir, playlist: 'bad' })).rejects.toThrow(/--playlist bad: playlist "bad" is broken: entries/);
    await expect(startHub({ presetDir: dir, playlist: 'absent' })).rejects.toThrow(/no playlist named "absent"/);
  });
});

describe('a playlist across restarts', () => {
  it('plays on where it was after a restart or a resumed start; --playlist on a first start begins it afresh', async () => {
    await writePlaylist('night', { entries: [{ preset: 'festival', blend: 0 }, { preset: 'late-night', blend: 0 }, { preset: 'safe', blend: 0 }] });
    const stateFile = join(dir, 'state.json');
    const first = await startHub({ presetDir: dir, stateFile, playlist: 'night', seed: 3 });
    const op = await connectOperator(first);
    expect(await command(op, { type: 'playlistSkip' })).toEqual({ ok: true });
    expect(await command(op, { type: 'playlistLock', on: true })).toEqual({ ok: true });
    expect(await command(op, { type: 'cueArm', name: 'safe', blend: 5 })).toEqual({ ok: true });
    await first.close(); // writes the state once more

    // The supervisor's restart after a crash: the command line's --playlist was for the first start.
    const restarted = await startHub({ presetDir: dir, stateFile, playlist: 'night', restart: true });
    expect(restarted.context.runtime.preset.name).toBe('late-night');
    expect(restarted.context.show.playlists.view()).toMatchObject({ active: { name: 'night', position: 1, locked: true }, cue: { name: 'safe', blend: 5 } });
    expect(await command(await connectOperator(restarted), { type: 'playlistSkip' })).toEqual({ ok: true });
    expect(restarted.context.runtime.preset.name).toBe('safe');
    await restarted.close();

    // A plain start resumes the saved show, playlist included.
    const resumed = await startHub({ presetDir: dir, stateFile });
    expect(resumed.context.show.playlists.view().active).toMatchObject({ name: 'night', position: 2, locked: true });
    await resumed.close();

    // --playlist typed again on a first start begins it at its first entry.
    const again = await startHub({ presetDir: dir, stateFile, playlist: 'night' });
    expect(again.context.show.playlists.view().active).toMatchObject({ name: 'night', position: 0, locked: false });
    expect(again.context.runtime.preset.name).toBe('festival');
    await again.close();

    // A playlist gone from the folder since: the show plays on without it.
    await rm(join(dir, 'playlists', 'night.json'));
    const without = await startHub({ presetDir: dir, stateFile });
    expect(without.context.show.playlists.view().active).toBeNull();
    expect(without.context.runtime.preset.name).toBe('festival');
    await without.close();

    // A damaged playlist record in the state file loses the playlist, never the show.
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    const loop = (saved.show as { loop: number }).loop;
    for (const junk of [{ active: { name: '../x', order: [0], position: 0 } }, { active: { name: 'night', order: [1e9], position: -1, locked: 1 } }, 'playlist', [], { __proto__: { x: 1 } }, { active: null, cue: { name: 'safe', blend: 1e9 } }]) {
      await writeFile(stateFile, JSON.stringify({ ...saved, playlist: junk }));
      const hub = await startHub({ presetDir: dir, stateFile });
      expect(hub.context.show.playlists.view(), JSON.stringify(junk)).toMatchObject({ active: null, cue: null });
      expect(hub.context.runtime.state.loop).toBe(loop);
      expect(hub.context.runtime.preset.name).toBe('festival');
      await hub.close();
    }
  });
});

describe('the cue on a real hub', () => {
  it('arms a preset and goes with its blend; go without a cue and a missing preset are refused', async () => {
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const { runtime } = hub.context;
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'cueGo' })).toMatchObject({ ok: false, error: 'no cue is armed' });
    expect(await command(op, { type: 'cueArm', name: 'nowhere', blend: 2 })).toMatchObject({ ok: false, error: expect.stringContaining('no preset named') });
    const armed = nextEvent<PlaylistView>(op, 'playlist', (v) => v.cue?.name === 'late-night');
    expect(await command(op, { type: 'cueArm', name: 'late-night', blend: 6 })).toEqual({ ok: true });
    expect((await armed).cue).toEqual({ name: 'late-night', blend: 6 });
    // Arming changes nothing on the walls.
    expect(runtime.preset.name).toBe('default');
    expect(await command(op, { type: 'cueGo' })).toEqual({ ok: true });
    expect(runtime.preset.name).toBe('late-night');
    expect(runtime.state.presetBlend?.seconds).toBe(6);
    expect(hub.context.show.playlists.view().cue).toBeNull();
    expect(await command(op, { type: 'cueGo' })).toMatchObject({ ok: false });
  });

  it('takes cue and playlist commands over real OSC', async () => {
    await writePlaylist('osc-night', { entries: [{ preset: 'safe', blend: 0 }, { preset: 'festival', blend: 1 }] });
    const oscPort = await freeUdpPort();
    const hub = await startHub({ presetDir: dir, seed: 3, oscPort });
    const { runtime } = hub.context;
    const client = new Client('127.0.0.1', oscPort);
    try {
      client.send('/dreamscape/cue/arm', 'late-night', 4);
      await until(() => hub.context.show.playlists.view().cue?.name === 'late-night', 'the OSC arm');
      client.send('/dreamscape/cue/go', 0); // a button's release does nothing
      client.send('/dreamscape/cue/go', 1);
      await until(() => runtime.preset.name === 'late-night', 'the OSC go');
      expect(runtime.state.presetBlend?.seconds).toBe(4);
      client.send('/dreamscape/playlist', 'osc-night');
      await until(() => runtime.preset.name === 'safe', 'the OSC playlist');
      client.send('/dreamscape/playlist/lock', 1);
      await until(() => hub.context.show.playlists.view().active?.locked === true, 'the OSC lock');
      client.send('/dreamscape/playlist/skip');
      await until(() => runtime.preset.name === 'festival', 'the OSC skip');
    } finally {
      client.close();
    }
  });

  it('hears nothing of it from a console that has not logged in', async () => {
    const hub = await startHub({ presetDir: dir, seed: 3 });
    const intruder = console_(hub, 'wrong-token-wrong-token');
    await new Promise<void>((done) => intruder.once('connect', () => done()));
    const reply = await new Promise<unknown>((done) => intruder.emit('command', { type: 'cueArm', name: 'festival', blend: 0 }, done));
    expect(reply).toMatchObject({ ok: false, error: 'log in first' });
    expect(hub.context.show.playlists.view().cue).toBeNull();
    expect(hub.context.runtime.preset.name).toBe('default');
  });
});

describe('OSC addresses of playlists and cues', () => {
  it('translates the addresses, and refuses what they cannot mean', () => {
    expect(translateOsc('/dreamscape/cue/go', [])).toEqual({ kind: 'command', command: { type: 'cueGo' } });
    expect(translateOsc('/dreamscape/cue/go', [0])).toEqual({ kind: 'ignore' });
    expect(translateOsc('/dreamscape/cue/arm', ['festival', 3])).toEqual({ kind: 'command', command: { type: 'cueArm', name: 'festival', blend: 3 } });
    expect(translateOsc('/dreamscape/cue/arm', [])).toEqual({ kind: 'command', command: { type: 'cueArm', name: null, blend: 0 } });
    expect(translateOsc('/dreamscape/playlist', [''])).toEqual({ kind: 'command', command: { type: 'playlist', name: null } });
    expect(translateOsc('/dreamscape/playlist/shuffle', [1])).toEqual({ kind: 'command', command: { type: 'playlistShuffle', on: true } });
    expect(translateOsc('/dreamscape/cue/arm', [3])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/cue/arm', ['festival', 'slow'])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/cue/fire', [])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/playlist/lock', ['yes'])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/playlist/skip/now', [])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/playlist', [7])).toMatchObject({ kind: 'error' });
    expect(translateOsc('/dreamscape/cue/__proto__', [])).toMatchObject({ kind: 'error' });
  });
});
