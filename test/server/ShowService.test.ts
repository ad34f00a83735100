import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ShowService, type ShowRoom } from '../../server/ShowService.ts';
import { ShowRuntime } from '../../server/ShowRuntime.ts';
import { PresetStore } from '../../server/PresetStore.ts';
import { noDroppedMessages } from '../../server/refuse.ts';
import type { AudienceGesture } from '../../core/protocol.ts';

const silent = pino({ level: 'silent' });
const preset = (name: string, title: string) => JSON.stringify({ $schema: './schema.json', version: 2, name, title });

/** Polls until `check` holds (bounded: 100 × 50 ms). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ShowService', () => {
  let root: string;
  let dir: string;
  let presets: PresetStore;
  let runtime: ShowRuntime;
  let told: { to: string; event: string; message: unknown }[];
  let resnapshots: number;
  let room: ShowRoom;

  const service = (replaying = false) => new ShowService({ runtime, presets, log: silent, replaying, dropped: noDroppedMessages(), room });
  /** Gestures the show's next tick takes in. */
  const nextTick = () => runtime.tick(1 / 30, Date.now(), 1).frame.gestures;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dreamscape-service-'));
    dir = join(root, 'presets');
    await mkdir(dir);
    await writeFile(join(dir, 'calm.json'), preset('calm', 'Calm'));
    await writeFile(join(dir, 'neon.json'), preset('neon', 'Neon'));
    presets = new PresetStore({ dir, log: silent });
    await presets.start();
    runtime = new ShowRuntime(presets.get('calm')!, 7);
    told = [];
    resnapshots = 0;
    const to = (who: string) => ({
      emit: (event: string, message: unknown) => {
        told.push({ to: who, event, message });
        return true;
      },
    });
    room = { consoles: to('consoles') as unknown as ShowRoom['consoles'], phones: to('phones') as unknown as ShowRoom['phones'], resnapshotWalls: () => resnapshots++ };
  });
  afterEach(async () => {
    presets.close();
    await rm(root, { recursive: true, force: true });
  });

  it('takes a valid gesture into the next tick and refuses hostile ones without touching the show', () => {
    const show = service();
    expect(show.gesture({ kind: 'tap', x: 0.25, y: 0.75 }, 5, 1)).toBe('taken');
    expect(nextTick()).toHaveLength(1);
    const hostile: unknown[] = [
      null,
      undefined,
      'tap',
      42,
      [],
      { kind: 'tap', x: '0.5', y: 0.5 },
      { kind: 'tap', x: Number.NaN, y: 0.5 },
      { kind: 'tap', x: 2, y: 0.5 },
      { kind: 'tap', x: 0.5, y: 0.5, extra: 1 },
      { kind: 'weave', stroke: 1, points: Array.from({ length: 100_000 }, () => 0.5) },
      { kind: 'toString', x: 0.5, y: 0.5 },
      JSON.parse('{"kind":"tap","x":0.5,"y":0.5,"__proto__":{"polluted":true}}'),
      JSON.parse('{"__proto__":{"kind":"tap","x":0.5,"y":0.5}}'),
    ];
    for (const raw of hostile) expect(show.gesture(raw, 5, 1), JSON.stringify(raw)?.slice(0, 60)).toBe('malformed');
    expect(nextTick()).toHaveLength(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('only watches while a recorded night replays', () => {
    const show = service(true);
    expect(show.gesture({ kind: 'tap', x: 0.5, y: 0.5 }, 5, 1)).toBe('watching');
    expect(show.gesture({ kind: 'tap', x: 5 }, 5, 1)).toBe('malformed');
    expect(nextTick()).toHaveLength(0);
  });

  it('sends gestures and commands to the route it is given (an edge: its leader)', async () => {
    const show = service();
    const routed: { gestures: AudienceGesture[]; commands: unknown[] } = { gestures: [], commands: [] };
    show.routeTo({
      takeGesture: (g) => routed.gestures.push(g),
      command: async (raw) => {
        routed.commands.push(raw);
        return { ok: true };
      },
    });
    expect(show.gesture({ kind: 'tap', x: 0.5, y: 0.5 }, 5, 1)).toBe('taken');
    expect(await show.command({ type: 'goto', phase: 'glitch' }, 'operator')).toEqual({ ok: true });
    expect(routed).toEqual({ gestures: [{ kind: 'tap', x: 0.5, y: 0.5 }], commands: [{ type: 'goto', phase: 'glitch' }] });
    expect(nextTick()).toHaveLength(0);
    expect(runtime.phase).toBe('serene');
  });

  it('carries out commands by the one path, tells the phones of a new phase, and refuses hostile ones with a sentence', async () => {
    const show = service();
    expect(await show.command({ type: 'goto', phase: 'glitch' }, 'operator')).toEqual({ ok: true });
    expect(runtime.phase).toBe('glitch');
    expect(told.filter((t) => t.to === 'phones' && t.event === 'phase')).toHaveLength(1);
    for (const raw of [null, 'panic', { type: 'goto', phase: 'nowhere' }, { type: '__proto__' }, JSON.parse('{"type":"panic","__proto__":{"polluted":1}}')]) {
      const result = await show.command(raw, 'operator');
      if (result.ok) continue; // a command with an extra own key may parse; it must still pollute nothing
      expect(result.error.length).toBeGreaterThan(3);
    }
    expect(await show.command({ type: 'beat', source: 'line', bpm: 120, beat: 0 }, 'osc')).toMatchObject({ ok: false });
    expect(await show.command({ type: 'oscTarget', action: 'add', target: '127.0.0.1:9000' }, 'osc')).toMatchObject({ ok: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('loads a preset with a snapshot for the walls; a missing one is refused', async () => {
    const show = service();
    expect(await show.command({ type: 'loadPreset', name: 'neon', blend: 0 }, 'operator')).toEqual({ ok: true });
    expect(runtime.preset.name).toBe('neon');
    expect(resnapshots).toBe(1);
    expect(await show.command({ type: 'loadPreset', name: 'gone', blend: 0 }, 'operator')).toEqual({ ok: false, error: 'no preset named "gone"' });
  });

  it('crossfades to the playing preset saved anew on disk, and tells the consoles of a broken save', async () => {
    service();
    await writeFile(join(dir, 'calm.json'), preset('calm', 'Calm again'));
    await until(() => runtime.preset.title === 'Calm again', 'the new calm playing');
    expect(resnapshots).toBe(1);
    await writeFile(join(dir, 'calm.json'), '{ "broken": ');
    await until(() => told.some((t) => t.event === 'notice'), 'a notice');
    expect(told.find((t) => t.event === 'notice')?.message).toMatchObject({ code: 'preset-error', message: expect.stringContaining('calm.json') });
    expect(runtime.preset.title).toBe('Calm again');
  });

  it('refuses a named playlist that is not there, and resumes none when the show kept none', async () => {
    const show = service();
    await show.start();
    expect(show.startPlaylist('nowhere', undefined)).toMatch(/nowhere/);
    expect(show.startPlaylist(undefined, undefined)).toBeUndefined();
    show.close();
  });
});
