/**
 * Hostile keys against a real hub: `__proto__`, `constructor` and `prototype` thrown at every entry
 * point (preset files at start and hot-reloaded, the console's save, the state file, a recording,
 * OSC, every namespace's handshake and events) change no prototype, and afterwards the hub still
 * admits phones, walls and the operator and takes a phone's tap. A command that throws inside the
 * hub is refused and the hub plays on.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtemp, writeFile, copyFile, readFile, rm } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Client } from 'node-osc';
import { startHub, connectOperator, connectDisplay, connectPhone, command, nextEvent, teardown, connected, phone, wall, console_, onWallGestures } from '../helpers/hub.ts';
import { HOSTILE_KEYS, hostileObjectJson, expectPrototypesUntouched, prototypeKeys } from '../helpers/hostileJson.ts';
import { PROTOCOL_VERSION, type PresetListing } from '../../core/protocol.ts';
import { readStateFile } from '../../server/stateFile.ts';

const shipped = resolve(import.meta.dirname, '..', '..', 'presets');
const THE_REPORTED_PRESET = '{"version":1,"name":"evil","durations":{"__proto__":5}}';

async function presetDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dreamscape-hostile-'));
  for (const f of ['default.json', 'safe.json']) await copyFile(join(shipped, f), join(dir, f));
  return dir;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Every kind of client gets in and a phone's tap reaches a wall. */
async function expectHubAdmitsEveryone(hub: Awaited<ReturnType<typeof startHub>>, { tap = true } = {}): Promise<void> {
  const w = await connectDisplay(hub);
  const p = await connectPhone(hub);
  const op = await connectOperator(hub);
  const tapSeen = new Promise<void>((done) => {
    const stop = onWallGestures(w.socket, (list) => {
      if (list.some((g) => g.d === p.welcome.handle && g.k === 'tap')) {
        stop();
        done();
      }
    });
  });
  if (tap) {
    p.socket.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5 });
    await tapSeen;
  }
  expect(await command(op, { type: 'hold', on: true })).toEqual({ ok: true });
  expect(await command(op, { type: 'hold', on: false })).toEqual({ ok: true });
}

const samples = (n: number) => fc.sample(hostileObjectJson, { numRuns: n, seed: 16 });

describe('hostile keys at every entry point of a real hub', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await teardown();
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('a preset file present at start (the reported one, and more) is refused and pollutes nothing', async () => {
    const before = prototypeKeys();
    const dir = await presetDir();
    dirs.push(dir);
    await writeFile(join(dir, 'evil.json'), THE_REPORTED_PRESET);
    const texts = samples(10);
    for (let i = 0; i < texts.length; i++) await writeFile(join(dir, `evil-${i}.json`), `{"version":${1 + (i % 2)},"name":"evil-${i}","durations":${texts[i]},"sound":${texts[i]}}`);
    const hub = await startHub({ presetDir: dir, stateFile: null });
    const listing = hub.context.show.presets.list();
    for (const name of ['evil', ...texts.map((_, i) => `evil-${i}`)]) expect(listing.find((p) => p.name === name)?.error, name).toBeDefined();
    expectPrototypesUntouched(before);
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'loadPreset', name: 'evil', blend: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('__proto__') });
    expectPrototypesUntouched(before);
    await expectHubAdmitsEveryone(hub);
  });

  it('hot-reloaded hostile presets are listed as broken and pollute nothing', async () => {
    const before = prototypeKeys();
    const dir = await presetDir();
    dirs.push(dir);
    const hub = await startHub({ presetDir: dir, stateFile: null });
    const op = await connectOperator(hub);
    const names = ['evil', ...samples(15).map((_, i) => `hot-${i}`)];
    const listed = nextEvent<PresetListing[]>(op, 'presets', (l) => names.every((n) => l.find((p) => p.name === n)?.error), 10_000);
    await writeFile(join(dir, 'evil.json'), THE_REPORTED_PRESET);
    const texts = samples(15);
    for (let i = 0; i < texts.length; i++) {
      const field = ['durations', 'palettes', 'targets', 'prompts', 'phases', 'crowd'][i % 6];
      await writeFile(join(dir, `hot-${i}.json`), `{"version":${field === 'phases' || field === 'crowd' ? 2 : 1},"name":"hot-${i}",${JSON.stringify(field)}:${texts[i]}}`);
    }
    await listed;
    expectPrototypesUntouched(before);
    await expectHubAdmitsEveryone(hub);
  });

  it('hostile console commands (save and every other) pollute nothing and are refused', async () => {
    const before = prototypeKeys();
    const dir = await presetDir();
    dirs.push(dir);
    const hub = await startHub({ presetDir: dir, stateFile: null });
    const op = await connectOperator(hub);
    for (const key of HOSTILE_KEYS) {
      expect(await command(op, { type: 'savePreset', name: key, title: key } as never)).toMatchObject({ ok: false });
      expect(await command(op, JSON.parse(`{"type":"savePreset","name":"fine","title":"t",${JSON.stringify(key)}:{"polluted":1}}`) as never)).toMatchObject({ ok: false });
      expect(await command(op, JSON.parse(`{"type":"param","name":${JSON.stringify(key)},"value":1}`) as never)).toMatchObject({ ok: false });
    }
    for (const text of samples(20)) {
      const result = await command(op, JSON.parse(`{"type":"savePreset","name":"x","title":"y","extra":${text}}`) as never);
      expect(result.ok).toBe(false);
      await command(op, JSON.parse(text) as never);
    }
    expectPrototypesUntouched(before);
    await expectHubAdmitsEveryone(hub);
  });

  it('a state file carrying hostile keys is refused as corrupt and pollutes nothing', async () => {
    const before = prototypeKeys();
    const first = await startHub({ seed: 5 });
    await first.close();
    const good = await readFile(first.stateFile!, 'utf8');
    for (const text of samples(6)) {
      for (const at of ['{', '"show":{', '"flags":{']) {
        const i = good.indexOf(at) + at.length;
        await writeFile(first.stateFile!, `${good.slice(0, i)}"__proto__":${text},${good.slice(i)}`);
        expect(await readStateFile(first.stateFile!)).toMatchObject({ ok: false, reason: 'corrupt', error: expect.stringContaining('key not allowed') });
        const hub = await startHub({ stateFile: first.stateFile });
        expectPrototypesUntouched(before);
        await hub.close();
      }
      const withDreamers = JSON.parse(good) as Record<string, unknown>;
      withDreamers.dreamers = 'HOSTILE';
      await writeFile(first.stateFile!, JSON.stringify(withDreamers).replace('"HOSTILE"', `{"constructor":${text},"dreamers":[]}`));
      expect(await readStateFile(first.stateFile!)).toMatchObject({ ok: false, error: expect.stringContaining('dreamers.constructor') });
      const hub = await startHub({ stateFile: first.stateFile });
      expectPrototypesUntouched(before);
      await hub.close();
    }
    const hub = await startHub({ stateFile: first.stateFile });
    await expectHubAdmitsEveryone(hub);
  });

  it('a recording carrying hostile keys replays without them and pollutes nothing', async () => {
    const before = prototypeKeys();
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-hostile-replay-'));
    dirs.push(dir);
    const file = join(dir, 'night.jsonl');
    const lines = [`{"header":1,"seed":3,"preset":"default","startedAt":0,"__proto__":{"polluted":1}}`];
    for (const text of samples(20)) lines.push(`{"t":1,"dt":33,"dreamers":1,"gestures":[${text}]}`, `{"t":2,"dt":33,"dreamers":1,"gestures":[],"__proto__":${text}}`);
    lines.push('{"t":3,"dt":33,"dreamers":0,"gestures":[]}');
    await writeFile(file, lines.join('\n') + '\n');
    const hub = await startHub({ replay: file, stateFile: null });
    await new Promise((r) => setTimeout(r, 200));
    expectPrototypesUntouched(before);
    // A replay plays the recorded crowd: live taps are shown but do not steer, so none is awaited.
    await expectHubAdmitsEveryone(hub, { tap: false });
  });

  it('OSC messages naming hostile keys are ignored and pollute nothing', async () => {
    const before = prototypeKeys();
    const oscPort = await freeUdpPort();
    const hub = await startHub({ stateFile: null, oscPort, host: '127.0.0.1' });
    const client = new Client('127.0.0.1', oscPort);
    try {
      for (const key of HOSTILE_KEYS) {
        for (const address of [`/dreamscape/${key}`, `/dreamscape/param/${key}`, `/dreamscape/param/${key}/polluted`]) await client.send(address, 1);
        await client.send('/dreamscape/phase', key);
        await client.send('/dreamscape/preset', key, 0);
        await client.send('/dreamscape/qr', key);
      }
      // A real command after the junk still acts: the bridge read everything before it.
      await client.send('/dreamscape/hold', 1);
      await vi.waitFor(() => expect(hub.context.runtime.state.hold).toBe(true), { timeout: 5000 });
    } finally {
      await client.close();
    }
    expectPrototypesUntouched(before);
    await expectHubAdmitsEveryone(hub);
  });

  it('hostile handshakes on every namespace are refused, hostile events dropped, and nothing is polluted', async () => {
    const before = prototypeKeys();
    const hub = await startHub({ stateFile: null });
    for (const text of samples(8)) {
      const auth = { ...(JSON.parse(text) as Record<string, unknown>), v: PROTOCOL_VERSION };
      await expect(connected(phone(hub, auth))).rejects.toMatchObject({ refusal: { code: 'bad-handshake' } });
      await expect(connected(wall(hub, auth))).rejects.toMatchObject({ refusal: { code: 'bad-handshake' } });
      const c = console_(hub);
      (c.auth as Record<string, unknown>) = auth;
      await expect(connected(c)).rejects.toMatchObject({ refusal: { code: 'bad-handshake' } });
    }
    const p = await connectPhone(hub);
    const w = await connectDisplay(hub);
    const op = await connectOperator(hub);
    for (const text of samples(30)) {
      const payload = JSON.parse(text) as never;
      p.socket.emit('gesture', payload);
      p.socket.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5, ...(JSON.parse(text) as object) } as never);
      w.socket.emit('report', payload);
      op.emit('command', payload);
    }
    await new Promise((r) => setTimeout(r, 300));
    expectPrototypesUntouched(before);
    await expectHubAdmitsEveryone(hub);
  });

  it('an operator command that throws inside the hub is refused, logged, and the hub plays on', async () => {
    const hub = await startHub({ stateFile: null });
    const op = await connectOperator(hub);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const spy = vi.spyOn(hub.context.runtime, 'command').mockImplementation(() => {
        throw new Error('a fault inside the show');
      });
      expect(await command(op, { type: 'hold', on: true })).toMatchObject({ ok: false, error: expect.stringContaining('could not') });
      // Without an answer wanted, the console is told by a notice.
      const notice = nextEvent<{ message: string }>(op, 'notice');
      op.emit('command', { type: 'skip' });
      expect((await notice).message).toContain('could not');
      spy.mockRestore();
      expect(await command(op, { type: 'hold', on: true })).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    await expectHubAdmitsEveryone(hub);
  });
});
