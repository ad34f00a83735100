import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFrame } from '../../core/protocol.ts';
import { command, connectDisplay, connectOperator, connectPhone, nextEvent, nextWallGesture, onWallGestures, startHub, teardown } from '../helpers/hub.ts';

afterEach(teardown);

describe('recording and replaying a night', () => {
  it('records every tick to JSONL and plays the same gestures back instead of live phones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-rec-'));
    const file = join(dir, 'night.jsonl');
    const live = await startHub({ stateFile: null, seed: 3, record: file });
    const d = await connectDisplay(live);
    const liveParams = new Map<number, number[]>();
    d.socket.on('frame', (f) => liveParams.set(f.seq, f.params));
    const { socket: p, welcome } = await connectPhone(live);
    p.emit('gesture', { kind: 'tap', x: 0.3, y: 0.6 });
    p.emit('gesture', { kind: 'weave', stroke: 1, points: [0.1, 0.1, 0.2, 0.2] });
    const weaveSeen = await nextWallGesture(d.socket, (g) => g.k === 'weave');
    // Record a good stretch of the night after the gestures, so the replay has ticks to compare.
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.seq >= weaveSeen.seq + 30, 10_000);
    await teardown();

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ header: 1, seed: 3 });
    const ticks = lines.slice(1).map((l) => JSON.parse(l) as { gestures: { d: number; k: string }[] });
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.flatMap((t) => t.gestures).filter((g) => g.d === welcome.handle).map((g) => g.k)).toEqual(['tap', 'weave']);

    // A damaged line is skipped, not fatal.
    appendFileSync(file, '{"t": "broken"\nnot json at all\n');
    const replay = await startHub({ stateFile: null, seed: 99, replay: file });
    const wall = await connectDisplay(replay);
    const replayParams = new Map<number, number[]>();
    wall.socket.on('frame', (f) => replayParams.set(f.seq, f.params));
    // Live, the tap may have gone out in a batch between frames; the recording keeps it with its tick.
    const tap = (await nextWallGesture(wall.socket, (g) => g.d === welcome.handle && g.k === 'tap', 10_000)).gesture;
    expect(tap.p[0]).toBeCloseTo(0.3, 3);
    expect(tap.p[1]).toBeCloseTo(0.6, 3);
    const weave = await nextWallGesture(wall.socket, (g) => g.k === 'weave', 10_000);
    expect(weave.gesture.p).toHaveLength(4);
    // Live phones watch a replay but do not steer it.
    const { socket: phone2 } = await connectPhone(replay);
    const seen: number[] = [];
    onWallGestures(wall.socket, (list) => list.forEach((g) => g.k === 'tap' && seen.push(g.p[0])));
    phone2.emit('gesture', { kind: 'tap', x: 0.9, y: 0.9 });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((x) => x > 0.8)).toBe(false);

    // Same seed (from the recording, not the hub's own) + same input: the same show, frame for frame.
    await nextEvent<WireFrame>(wall.socket, 'frame', (f) => f.seq >= ticks.length, 10_000);
    const common = [...replayParams.keys()].filter((seq) => seq <= ticks.length && liveParams.has(seq));
    expect(common.length).toBeGreaterThan(3);
    for (const seq of common) expect(replayParams.get(seq)).toEqual(liveParams.get(seq));
  });

  it('a recording a restarted hub appended to replays each part from where that hub started, frame for frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-rec-restart-'));
    const file = join(dir, 'night.jsonl');
    const stateFile = join(dir, 'state.json');
    const frames = async (hub: Awaited<ReturnType<typeof startHub>>, until: number) => {
      const d = await connectDisplay(hub);
      const seen = new Map<number, WireFrame>();
      d.socket.on('frame', (f) => seen.set(f.seq, f));
      const { socket: p } = await connectPhone(hub);
      p.emit('gesture', { kind: 'tap', x: 0.2, y: 0.8 });
      await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.seq >= until, 10_000);
      return seen;
    };
    const first = await startHub({ stateFile, seed: 8, record: file });
    const firstFrames = await frames(first, 30);
    await teardown();
    const ticksBefore = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    // The same command line again (as the supervisor restarts it): the show resumes and the recording goes on.
    const second = await startHub({ stateFile, seed: 8, record: file, restart: true });
    expect(second.context.runtime.state.clock).toBeGreaterThan(0.5);
    const secondFrames = await frames(second, 30);
    await teardown();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('{"header"'))).toHaveLength(2);
    const total = lines.length - 2;

    const replay = await startHub({ stateFile: null, replay: file });
    const wall = await connectDisplay(replay);
    const replayed = new Map<number, WireFrame>();
    wall.socket.on('frame', (f) => replayed.set(f.seq, f));
    await nextEvent<WireFrame>(wall.socket, 'frame', (f) => f.seq >= total, 15_000);
    let compared = { first: 0, second: 0 };
    for (const [seq, frame] of replayed) {
      if (seq > total) continue;
      const live = seq <= ticksBefore ? firstFrames.get(seq) : secondFrames.get(seq - ticksBefore);
      if (!live) continue;
      expect([frame.phase, frame.phaseTime, frame.params], `seq ${seq}`).toEqual([live.phase, live.phaseTime, live.params]);
      compared = seq <= ticksBefore ? { ...compared, first: compared.first + 1 } : { ...compared, second: compared.second + 1 };
    }
    expect(compared.first).toBeGreaterThan(5);
    expect(compared.second).toBeGreaterThan(5);
  });

  it('records the operator\'s commands with their tick, so a replay follows the VJ too, frame for frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-rec-commands-'));
    const file = join(dir, 'night.jsonl');
    const live = await startHub({ stateFile: null, seed: 12, record: file });
    const d = await connectDisplay(live);
    const liveFrames = new Map<number, WireFrame>();
    d.socket.on('frame', (f) => liveFrames.set(f.seq, f));
    const op = await connectOperator(live);
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.seq >= 5);
    expect(await command(op, { type: 'goto', phase: 'glitch' })).toEqual({ ok: true });
    expect(await command(op, { type: 'param', name: 'warmth', value: 0.95 })).toEqual({ ok: true });
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'glitch');
    expect(await command(op, { type: 'loadPreset', name: 'festival', blend: 1 })).toEqual({ ok: true });
    expect(await command(op, { type: 'blackout', on: true })).toEqual({ ok: true });
    expect(await command(op, { type: 'panic' })).toEqual({ ok: true });
    const last = await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'dawn');
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.seq >= last.seq + 10);
    await teardown();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const recorded = lines.slice(1).flatMap((l) => (JSON.parse(l) as { commands?: { type: string }[] }).commands ?? []).map((c) => c.type);
    expect(recorded).toEqual(['goto', 'param', 'loadPreset', 'blackout', 'panic']);

    const replay = await startHub({ stateFile: null, replay: file });
    const wall = await connectDisplay(replay);
    const replayFrames = new Map<number, WireFrame>();
    wall.socket.on('frame', (f) => replayFrames.set(f.seq, f));
    await nextEvent<WireFrame>(wall.socket, 'frame', (f) => f.seq >= lines.length - 1, 15_000);
    const common = [...replayFrames.keys()].filter((seq) => seq <= lines.length - 1 && liveFrames.has(seq));
    expect(common.length).toBeGreaterThan(10);
    for (const seq of common) {
      const a = liveFrames.get(seq)!;
      const b = replayFrames.get(seq)!;
      expect([b.phase, b.phaseTime, b.params, b.flags], `seq ${seq}`).toEqual([a.phase, a.phaseTime, a.params, a.flags]);
    }
    expect(common.some((seq) => liveFrames.get(seq)!.phase === 'glitch')).toBe(true);
    expect(common.some((seq) => liveFrames.get(seq)!.phase === 'dawn')).toBe(true);
  });
});
