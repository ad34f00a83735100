import { describe, it, expect } from 'vitest';
import { BLANK_PRESET } from '../../core/preset.ts';
import { createShow, step, type ShowState } from '../../core/arc/engine.ts';
import { toSnapshot } from '../../core/arc/snapshot.ts';
import { SimCrowd } from '../../core/simCrowd.ts';
import { decodeLine, encodeHeader, encodeTick, readReplayLog, REPLAY_LOG_VERSION } from '../../core/replayLog.ts';
import { crowdInput, phaseOf, TICK } from './arc/showHarness.ts';

describe('replay log lines', () => {
  it('round-trips a header and a tick', () => {
    const header = decodeLine(encodeHeader({ seed: 7, preset: 'default', startedAt: 1_700_000_000_000 }));
    expect(header).toEqual({ ok: true, kind: 'header', header: { header: REPLAY_LOG_VERSION, seed: 7, preset: 'default', startedAt: 1_700_000_000_000 } });
    const line = encodeTick(3, 1 / 30, 2, [
      { d: 1, r: 0, k: 'pulse', x: 0.5, y: 0.5, o: -12 },
      { d: 2, r: 3, k: 'shine', x: 0.25, y: 1, on: false },
    ]);
    const tick = decodeLine(line);
    expect(tick.ok && tick.kind === 'tick' && tick.tick).toEqual({
      t: 3,
      dt: 1 / 30,
      dreamers: 2,
      gestures: [
        { d: 1, r: 0, k: 'pulse', x: 0.5, y: 0.5, o: -12 },
        { d: 2, r: 3, k: 'shine', x: 0.25, y: 1, on: false },
      ],
    });
  });

  it('writes only the fields the engine reads, so a night records byte-identically', () => {
    const extra = { d: 1, r: 0 as const, k: 'tap' as const, x: 0.5, y: 0.5, note: 'not recorded' };
    expect(encodeTick(0, 0.1, 1, [extra])).toBe('{"t":0,"dt":0.1,"dreamers":1,"gestures":[{"d":1,"r":0,"k":"tap","x":0.5,"y":0.5}]}');
  });

  it.each([
    ['', 'not JSON'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[', 'not JSON'],
    ['[]', '(line)'],
    ['null', '(line)'],
    ['{"t":-1,"dt":0.1,"dreamers":1,"gestures":[]}', 't:'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[{"d":1,"r":7,"k":"tap","x":0,"y":0}]}', 'gestures.0.r'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[{"d":1,"r":0,"k":"tap","x":2,"y":0}]}', 'gestures.0.x'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[{"d":1,"r":0,"k":"dance","x":0,"y":0}]}', 'gestures.0.k'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[],"extra":1}', '(line)'],
    ['{"header":2,"seed":1,"preset":"x","startedAt":0}', 'header'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[],"commands":[{"type":"goto","phase":"nowhere"}]}', 'commands.0'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[],"commands":[{"type":"panic","__proto__":{"x":1}}]}', 'commands.0'],
    ['{"t":0,"dt":0.1,"dreamers":1,"gestures":[],"commands":{"type":"panic"}}', 'commands'],
  ])('reports a bad line %j instead of crashing', (line, where) => {
    const decoded = decodeLine(line);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toContain(where);
  });

  it('reads a whole file, skipping blank lines and reporting bad ones by line number', () => {
    const text = [encodeHeader({ seed: 1, preset: 'default', startedAt: 0 }), encodeTick(0, 0.1, 0, []), '', 'garbage', encodeTick(1, 0.1, 0, []), '{"t":2'].join('\n');
    const log = readReplayLog(text);
    expect(log.header?.seed).toBe(1);
    expect(log.ticks.map((t) => t.t)).toEqual([0, 1]);
    expect(log.problems.map((p) => p.line)).toEqual([4, 6]);
  });
});

describe('a recording with its first state and restarts', () => {
  it('carries the show\'s first state in the header and lists later headers as restart points', () => {
    const show = toSnapshot(createShow(BLANK_PRESET, 4));
    const flags = { caption: true, qr: 'hidden' as const, mute: false };
    const text = [
      encodeHeader({ seed: 9, preset: 'old', startedAt: 0 }),
      encodeHeader({ seed: 4, preset: 'default', startedAt: 1, start: show, flags }),
      encodeTick(0, 0.1, 0, []),
      encodeTick(1, 0.1, 0, []),
      encodeHeader({ seed: 4, preset: 'festival', startedAt: 2, start: { ...show, phaseIndex: 4 } }),
      encodeTick(0, 0.1, 0, []),
    ].join('\n');
    const log = readReplayLog(text);
    // Headers before any tick: the last is where the night began.
    expect(log.header).toMatchObject({ seed: 4, preset: 'default', start: show, flags });
    expect(log.restarts.map((r) => [r.at, r.header.preset, r.header.start?.phaseIndex])).toEqual([[2, 'festival', 4]]);
  });

  it.each([
    ['a start with a foreign key', { extra: 1 }],
    ['a start with a prototype key', JSON.parse('{"__proto__":{"polluted":1}}') as object],
    ['a start in the wrong phase', { phaseIndex: 99 }],
  ])('refuses a header with %s', (_what, change) => {
    const start = { ...toSnapshot(createShow(BLANK_PRESET, 4)), ...change };
    const decoded = decodeLine(JSON.stringify({ header: REPLAY_LOG_VERSION, seed: 4, preset: 'default', startedAt: 0, start }));
    expect(decoded.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('replaying a recorded night', () => {
  it('reproduces the same show frame for frame', () => {
    const preset = BLANK_PRESET;
    const crowd = new SimCrowd({ size: 40, seed: 11, sync: 0.9 });
    const lines = [encodeHeader({ seed: 5, preset: preset.name, startedAt: 0 })];
    const live: ShowState[] = [];
    // Start in the upgrade so the glitch, nightmare and confrontation (the crowd's phases) are recorded.
    let s = createShow(preset, 5);
    while (phaseOf(s) !== 'upgrade') s = step(s, preset, 0.5);
    const from = s;
    for (let i = 0; i < 9000; i++) {
      // An uneven clock, as a busy hub has.
      const dt = TICK * (i % 7 === 0 ? 1.6 : 1);
      const input = crowdInput(crowd, s, preset, dt);
      lines.push(encodeTick(i, dt, input.dreamers, input.gestures));
      s = step(s, preset, dt, input);
      live.push(s);
    }
    const log = readReplayLog(lines.join('\n') + '\n');
    expect(log.problems).toEqual([]);
    expect(log.ticks).toHaveLength(live.length);
    let r = from;
    const phases = new Set<string>();
    for (let i = 0; i < log.ticks.length; i++) {
      const t = log.ticks[i];
      r = step(r, preset, t.dt, { gestures: t.gestures, dreamers: t.dreamers });
      phases.add(phaseOf(r));
      expect(r.params).toEqual(live[i].params);
      expect([r.phaseIndex, r.phaseTime, r.resolve, r.rng]).toEqual([live[i].phaseIndex, live[i].phaseTime, live[i].resolve, live[i].rng]);
      expect(r.changedEchoes).toEqual(live[i].changedEchoes);
    }
    expect([...phases]).toEqual(expect.arrayContaining(['glitch', 'nightmare', 'confrontation', 'dawn']));
    expect([...r.echoes.values()]).toEqual([...live[live.length - 1].echoes.values()]);
  });
});
