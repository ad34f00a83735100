/**
 * Presets, operator commands and OSC against a real hub: hot reload shows in the console's list,
 * a broken file never changes the running show, commands on the authenticated namespace move the
 * show while the same messages from phones do nothing, and OSC gear drives it over real UDP.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, writeFile, copyFile, rm, readFile, readdir } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'node-osc';
import { startHub, connectOperator, connectDisplay, connectPhone, command, nextEvent, teardown, console_, loggedIn } from '../helpers/hub.ts';
import type { PresetListing, WireFrame, OperatorStatus } from '../../core/protocol.ts';
import { paramIndex } from '../../core/params.ts';

const shipped = resolve(import.meta.dirname, '..', '..', 'presets');

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('presets and commands on a real hub', () => {
  let dir: string;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let oscPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dreamscape-hub-presets-'));
    for (const f of ['default.json', 'festival.json', 'safe.json', 'schema.json']) await copyFile(join(shipped, f), join(dir, f));
    oscPort = await freeUdpPort();
    hub = await startHub({ presetDir: dir, oscPort, seed: 11, statusEveryMs: 200 });
  });
  afterAll(async () => {
    await teardown();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists a newly saved file, then a broken one, and the show keeps playing', async () => {
    const op = await connectOperator(hub);
    const list = (test: (l: PresetListing[]) => boolean) => nextEvent<PresetListing[]>(op, 'presets', test, 5000);

    const good = list((l) => l.some((p) => p.name === 'neon' && !p.error));
    await writeFile(join(dir, 'neon.json'), JSON.stringify({ $schema: './schema.json', version: 2, name: 'neon', title: 'Neon', sound: { volume: 0.42 } }));
    expect((await good).find((p) => p.name === 'neon')?.title).toBe('Neon');

    expect(await command(op, { type: 'loadPreset', name: 'neon', blend: 0 })).toEqual({ ok: true });
    const playing = await nextEvent<OperatorStatus>(op, 'status', (s) => s.preset === 'neon');
    expect(playing.preset).toBe('neon');

    const broken = list((l) => Boolean(l.find((p) => p.name === 'neon')?.error));
    await writeFile(join(dir, 'neon.json'), JSON.stringify({ version: 2, name: 'neon', sound: { volume: 3 } }));
    expect((await broken).find((p) => p.name === 'neon')?.error).toEqual([{ path: 'sound.volume', message: expect.stringContaining('<=1') }]);
    expect(hub.context.runtime.preset.name).toBe('neon');
    expect(hub.context.runtime.preset.sound.volume).toBe(0.42);

    // Loading the broken file again still plays its last good version.
    expect(await command(op, { type: 'loadPreset', name: 'neon', blend: 0 })).toEqual({ ok: true });
    expect(hub.context.runtime.preset.sound.volume).toBe(0.42);
    expect(await command(op, { type: 'loadPreset', name: 'nowhere', blend: 0 })).toMatchObject({ ok: false });
  });

  it('saves the live show as a preset the store lists, and refuses names leaving presets/', async () => {
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'param', name: 'warmth', value: 0.9 })).toEqual({ ok: true });
    const listed = nextEvent<PresetListing[]>(op, 'presets', (l) => l.some((p) => p.name === 'warm-take'));
    expect(await command(op, { type: 'savePreset', name: 'warm-take', title: 'Warm take' })).toEqual({ ok: true });
    await listed;
    expect(hub.context.show.presets.get('warm-take')?.phases.nightmare.targets.warmth).toBe(0.9);
    for (const name of ['../escape', '/etc/x', 'UP', '']) {
      expect(await command(op, { type: 'savePreset', name } as never)).toMatchObject({ ok: false });
    }
    expect(await command(op, { type: 'param', name: 'warmth', value: null })).toEqual({ ok: true });
  });

  it('save as: a shipped preset is never overwritten; another asks first and keeps a copy in presets/.history/', async () => {
    const op = await connectOperator(hub);
    const shippedText = await readFile(join(dir, 'festival.json'), 'utf8');
    for (const overwrite of [undefined, true]) {
      const answer = await command(op, { type: 'savePreset', name: 'festival', ...(overwrite ? { overwrite } : {}) });
      expect(answer).toMatchObject({ ok: false, code: 'shipped', error: expect.stringMatching(/ships with Dreamscape/) });
    }
    expect(await readFile(join(dir, 'festival.json'), 'utf8')).toBe(shippedText);

    expect(await command(op, { type: 'savePreset', name: 'second-take', title: 'First' })).toEqual({ ok: true });
    const firstText = await readFile(join(dir, 'second-take.json'), 'utf8');
    expect(await command(op, { type: 'savePreset', name: 'second-take', title: 'Second' })).toMatchObject({ ok: false, code: 'exists' });
    expect(await readFile(join(dir, 'second-take.json'), 'utf8')).toBe(firstText);
    expect(await command(op, { type: 'savePreset', name: 'second-take', title: 'Second', overwrite: true })).toEqual({ ok: true });
    expect(JSON.parse(await readFile(join(dir, 'second-take.json'), 'utf8')).title).toBe('Second');
    const history = await readdir(join(dir, '.history'));
    expect(history).toHaveLength(1);
    expect(await readFile(join(dir, '.history', history[0]), 'utf8')).toBe(firstText);
    // Hostile: the flag must be a boolean, and the history folder is never listed as presets.
    expect(await command(op, { type: 'savePreset', name: 'second-take', overwrite: 'yes' } as never)).toMatchObject({ ok: false });
    expect(hub.context.show.presets.list().some((p) => p.name.includes('history') || p.name.includes('second-take.'))).toBe(false);
  });

  it('moves the show from the console but not from a phone', async () => {
    const { socket: phoneSocket } = await connectPhone(hub);
    const { socket: wall } = await connectDisplay(hub);
    const frame = (test: (f: WireFrame) => boolean) => nextEvent<WireFrame>(wall, 'frame', test, 5000);
    const before = hub.context.runtime.phase;
    const target = before === 'nightmare' ? 'festival' : 'nightmare';

    // A phone sends the console's messages: the hub has no such events on /audience.
    const raw = phoneSocket as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit('command', { type: 'goto', phase: target });
    raw.emit('command', { type: 'blackout', on: true });
    await frame(() => true);
    await frame(() => true);
    expect(hub.context.runtime.phase).toBe(before);
    expect(hub.context.runtime.state.blackout).toBe(false);

    // A console with a wrong token is refused before it can say anything.
    await expect(loggedIn(console_(hub, 'not-the-token'))).rejects.toMatchObject({ refusal: { code: 'bad-token' } });

    const op = await connectOperator(hub);
    expect(await command(op, { type: 'goto', phase: target })).toEqual({ ok: true });
    expect((await frame((f) => f.phase === target)).phase).toBe(target);
    expect(await command(op, { type: 'blackout', on: true })).toEqual({ ok: true });
    expect((await frame((f) => f.flags.blackout)).flags.blackout).toBe(true);
    expect(await command(op, { type: 'blackout', on: false })).toEqual({ ok: true });
    expect(await command(op, { type: 'panic' })).toEqual({ ok: true });
    const calm = await frame((f) => f.phase === 'dawn');
    expect(calm.flags.blackout).toBe(false);
    // Panic calms the room; it does not hold the show (the dawn plays on into the next night).
    expect(calm.flags.hold).toBe(false);
  });

  it('obeys OSC gear over real UDP and survives junk packets', async () => {
    const { socket: wall } = await connectDisplay(hub);
    const frame = (test: (f: WireFrame) => boolean) => nextEvent<WireFrame>(wall, 'frame', test, 5000);
    const junk = createSocket('udp4');
    for (const packet of [Buffer.from('garbage'), Buffer.alloc(3), Buffer.from('/dreamscape/phase\0\0\0,s\0\0')]) {
      await new Promise<void>((r) => junk.send(packet, oscPort, '127.0.0.1', () => r()));
    }
    junk.close();
    const client = new Client('127.0.0.1', oscPort);
    try {
      await client.send('/dreamscape/hold', 0);
      await client.send('/dreamscape/phase', 'confrontation');
      expect((await frame((f) => f.phase === 'confrontation')).phase).toBe('confrontation');
      await client.send('/dreamscape/param/brightness', 0.25); // exact in float32
      await frame(() => hub.context.runtime.state.overrides.brightness === 0.25);
      await client.send('/dreamscape/preset', 'festival', 2);
      await frame(() => hub.context.runtime.preset.name === 'festival');
      expect(hub.context.runtime.state.presetBlend?.seconds).toBe(2);
      await client.send('/dreamscape/blackout', 1);
      const dark = await frame((f) => f.flags.blackout && f.params[paramIndex('brightness')] < 0.05);
      expect(dark.flags.blackout).toBe(true);
      await client.send('/dreamscape/panic');
      expect((await frame((f) => f.phase === 'dawn' && !f.flags.blackout)).phase).toBe('dawn');
    } finally {
      await client.close();
    }
  });
});
