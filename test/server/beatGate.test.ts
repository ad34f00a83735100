/**
 * The hub's door for the beat: pure parts (the token bucket, moving a beat back to the tick), then
 * a real hub with real sockets: a console's beat locks the score and shows in its status, OSC may
 * not send one, a flood is cut to the rate, out-of-range and malformed beats are refused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BEAT_BURST, BEAT_RATE, BeatGate, beatAtTick } from '../../server/beatGate.ts';
import { runOperatorCommand } from '../../server/operatorCommands.ts';
import { command, connectOperator, connectDisplay, nextEvent, startHub, teardown } from '../helpers/hub.ts';
import type { OperatorStatus, WireFrame } from '../../core/protocol.ts';
import { paramIndex } from '../../core/params.ts';

const TEMPO = paramIndex('tempo');

afterAll(teardown);

describe('beat gate', () => {
  it('lets a burst through, then the rate, never more', () => {
    const gate = new BeatGate();
    let taken = 0;
    for (let i = 0; i < 100; i++) if (gate.allow(1000)) taken++;
    expect(taken).toBe(BEAT_BURST);
    // Over 2 s of a flood every millisecond, about the rate a second gets through.
    taken = 0;
    for (let t = 1001; t <= 3000; t++) if (gate.allow(t)) taken++;
    expect(taken).toBeGreaterThanOrEqual(2 * BEAT_RATE - 1);
    expect(taken).toBeLessThanOrEqual(2 * BEAT_RATE + 1);
    // A clock that runs backward earns nothing.
    const back = new BeatGate();
    for (let i = 0; i < BEAT_BURST; i++) back.allow(5000);
    expect(back.allow(1000)).toBe(false);
  });

  it('moves a beat back from its arrival to the last tick', () => {
    const moved = beatAtTick({ type: 'beat', source: 'line', bpm: 120, beat: 0.1 }, 100);
    // 100 ms at 120 BPM is 0.2 beat: 0.1 − 0.2 wraps to 3.9.
    expect(moved.beat).toBeCloseTo(3.9, 9);
    expect(beatAtTick({ type: 'beat', source: 'midi', bpm: null }, 100)).toEqual({ type: 'beat', source: 'midi', bpm: null });
    expect(beatAtTick({ type: 'beat', source: 'line', bpm: 60, beat: 1 }, Number.NaN).beat).toBe(1);
    expect(beatAtTick({ type: 'beat', source: 'line', bpm: 60, beat: 1 }, 1e9).beat).toBeCloseTo(0, 9);
  });
});

describe('beat at the hub', () => {
  it('locks the score to a console’s beat, shows it in the status, and the walls’ frames follow', async () => {
    const hub = await startHub({ statusEveryMs: 100, stateFile: null });
    const op = await connectOperator(hub);
    const { socket: wall } = await connectDisplay(hub);
    expect(await command(op, { type: 'follow', on: true })).toEqual({ ok: true });
    // Report a 128 BPM beat a few times, as the console does (where the beat is, now).
    const t0 = Date.now();
    const beatNow = () => ((((Date.now() - t0) / 1000) * 128) / 60 + 0.25) % 4;
    for (let i = 0; i < 6; i++) {
      expect(await command(op, { type: 'beat', source: 'line', bpm: 128, beat: beatNow(), bar: false, energy: 0.6 })).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 400));
    }
    const status = await nextEvent<OperatorStatus>(op, 'status', (s) => s.music?.lock?.bpm === 128);
    expect(status.music).toEqual({ follow: true, lock: { source: 'line', bpm: 128, energy: 0.6 } });
    // The walls' score is on the room's beat: within 30 ms.
    const frame = await nextEvent<WireFrame>(wall, 'frame', (f) => Math.abs(f.params[TEMPO] - 128) < 0.5);
    let err = frame.score / 4 - ((((frame.at - t0) / 1000) * 128) / 60 + 0.25);
    err -= Math.round(err);
    expect(Math.abs(err) * (60_000 / 128)).toBeLessThan(30);
    // The source says it is gone: the lock goes at once.
    expect(await command(op, { type: 'beat', source: 'line', bpm: null })).toEqual({ ok: true });
    expect(hub.context.runtime.state.lock).toBeNull();
  });

  it('refuses a beat from OSC, out of range, malformed or hostile, and cuts a flood to the rate', async () => {
    const hub = await startHub({ stateFile: null });
    const op = await connectOperator(hub);
    const osc = await runOperatorCommand(hub.context.show, { type: 'beat', source: 'line', bpm: 120, beat: 0 }, 'osc');
    expect(osc.ok).toBe(false);
    for (const bad of [
      { type: 'beat', source: 'line', bpm: 20, beat: 0 },
      { type: 'beat', source: 'line', bpm: 500, beat: 0 },
      { type: 'beat', source: 'line', bpm: 120, beat: 7 },
      { type: 'beat', source: 'line', bpm: 120, beat: 0, energy: -1 },
      { type: 'beat', source: 'wall', bpm: 120, beat: 0 },
      { type: 'beat', source: 'line', bpm: '120' },
      { type: 'beat', source: 'line', bpm: 120, at: 1 },
      { type: 'follow', on: 1 },
      ...[{}, [], true, JSON.parse('{"__proto__":{"bpm":120}}'), 'x'.repeat(1000)].map((h: unknown) => ({ type: 'beat', source: 'line', bpm: h, beat: 0 })),
    ]) {
      // The hub answers a refusal, or drops what its socket guard will not even read (both refuse it).
      const answer = await Promise.race([command(op, bad as never), new Promise<{ ok: false }>((r) => setTimeout(() => r({ ok: false }), 1500))]);
      expect(answer.ok, JSON.stringify(bad)).toBe(false);
    }
    expect(hub.context.runtime.state.lock).toBeNull();
    const answers = await Promise.all(Array.from({ length: 60 }, () => command(op, { type: 'beat', source: 'midi', bpm: 120, beat: 0, bar: true })));
    const taken = answers.filter((a) => a.ok).length;
    expect(taken).toBeGreaterThanOrEqual(BEAT_BURST);
    expect(taken).toBeLessThan(BEAT_BURST + 10);
    expect(answers.find((a) => !a.ok)).toMatchObject({ error: expect.stringContaining('too fast') });
  });
});

