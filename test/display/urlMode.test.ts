import { describe, it, expect } from 'vitest';
import { parseDisplayMode } from '../../display/urlMode.ts';

describe('parseDisplayMode', () => {
  it('draws the wall with its overlays unless asked for the clean output', () => {
    expect(parseDisplayMode('').output).toBe('show');
    expect(parseDisplayMode('?output=clean').output).toBe('clean');
    expect(parseDisplayMode('?seed=7&at=dawn:3&output=clean')).toMatchObject({ kind: 'frozen', output: 'clean' });
    for (const odd of ['?output=CLEAN', '?output=clean%00', '?output=__proto__', '?output=', '?output=clean2']) expect(parseDisplayMode(odd).output, odd).toBe('show');
  });

  it('follows the hub by default', () => {
    const m = parseDisplayMode('');
    expect(m.kind).toBe('live');
    expect(m.view).toBeNull();
  });

  it('keeps a projector view and refuses a malformed one', () => {
    expect(parseDisplayMode('?view=2/3').view).toBe('2/3');
    expect(parseDisplayMode('?view=../3').view).toBeNull();
  });

  it('freezes a phase at a moment with a seed, on the virtual clock', () => {
    const m = parseDisplayMode('?seed=7&at=nightmare:12');
    expect(m).toMatchObject({ kind: 'frozen', seed: 7, phase: 'nightmare', at: 12, lead: 3, virtualClock: true });
  });

  it('falls back to serene for an unknown phase and clamps the time', () => {
    expect(parseDisplayMode('?at=__proto__:99999')).toMatchObject({ kind: 'frozen', phase: 'serene', at: 3600 });
  });

  it('runs a rehearsal with a simulated crowd, clamping speed to the engine range', () => {
    const m = parseDisplayMode('?sim=200&speed=50&seed=3&storm=1&compress=4');
    expect(m).toMatchObject({ kind: 'rehearsal', sim: 200, speed: 8, seed: 3, storm: true, compress: 4 });
  });

  it('reads a fixed particle count for benchmarks, clamped to what the flow holds', () => {
    expect(parseDisplayMode('?sim=200&particles=2000').particles).toBe(2000);
    expect(parseDisplayMode('?sim=200&particles=99999').particles).toBe(2600);
    expect(parseDisplayMode('?sim=200&particles=lots').particles).toBe(2000);
    expect(parseDisplayMode('?sim=200').particles).toBeNull();
  });

  it('reads a fixed quality inside its range', () => {
    expect(parseDisplayMode('?sim=1&quality=0.1').quality).toBe(0.25);
    expect(parseDisplayMode('?sim=1').quality).toBeNull();
  });
});

describe('the preview preset', () => {
  it('takes a preset name for frozen and rehearsal walls, and nothing that is not a preset name', () => {
    expect(parseDisplayMode('?seed=3&at=festival:10&preset=late-night').preset).toBe('late-night');
    expect(parseDisplayMode('?sim=10&preset=safe').preset).toBe('safe');
    expect(parseDisplayMode('').preset).toBeNull();
    for (const bad of ['../etc/passwd', 'Upper', '', 'a/b', 'constructor', 'x'.repeat(65), '%2e%2e']) {
      expect(parseDisplayMode(`?at=serene:1&preset=${encodeURIComponent(bad)}`).preset).toBeNull();
    }
  });
});
