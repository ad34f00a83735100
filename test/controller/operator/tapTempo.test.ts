import { describe, it, expect } from 'vitest';
import { tap, tapBeat, tempoOf, TAP_RESET_MS, type Taps } from '../../../controller/operator/tapTempo.ts';
import { shortcutFor, SHORTCUTS } from '../../../controller/operator/shortcuts.ts';
import { controlSpec } from '../../../controller/operator/controls.ts';

function tapAll(times: number[]): { taps: Taps; bpm: number | null } {
  let state: { taps: Taps; bpm: number | null } = { taps: [], bpm: null };
  for (const t of times) state = tap(state.taps, t);
  return state;
}

describe('tap tempo', () => {
  it('needs two taps, then reads the tempo', () => {
    expect(tap([], 1000).bpm).toBeNull();
    expect(tapAll([0, 500]).bpm).toBe(120);
    expect(tapAll([0, 500, 1000, 1500]).bpm).toBe(120);
  });

  it('one stumble does not throw it (median interval)', () => {
    expect(tapAll([0, 600, 1200, 1500, 2400, 3000]).bpm).toBe(100);
  });

  it('a long pause starts a new count', () => {
    const later = 1500 + TAP_RESET_MS + 1;
    const state = tapAll([0, 500, 1000, 1500, later]);
    expect(state.bpm).toBeNull();
    expect(tap(state.taps, later + 750).bpm).toBe(80);
  });

  it('stays within the score tempo range', () => {
    expect(tapAll([0, 100, 200]).bpm).toBe(180);
    expect(tapAll([0, 1900, 3800]).bpm).toBe(40);
    expect(tempoOf([5, 5])).toBeNull();
  });
});

describe('keyboard shortcuts', () => {
  it('every listed shortcut names a real control or phase', () => {
    for (const s of SHORTCUTS) expect(s.control.startsWith('goto:') || controlSpec(s.control) !== undefined, s.control).toBe(true);
  });

  it('maps keys, and ignores typing and modified keys', () => {
    expect(shortcutFor({ key: ' ' }, false)).toBe('hold');
    expect(shortcutFor({ key: 'ArrowRight' }, false)).toBe('skip');
    expect(shortcutFor({ key: 'B' }, false)).toBe('blackout');
    expect(shortcutFor({ key: 'p' }, false)).toBe('panic');
    expect(shortcutFor({ key: 't' }, false)).toBe('tap');
    expect(shortcutFor({ key: '5' }, false)).toBe('goto:5');
    expect(shortcutFor({ key: '8' }, false)).toBeUndefined();
    expect(shortcutFor({ key: 'b' }, true)).toBeUndefined();
    expect(shortcutFor({ key: 'p', ctrlKey: true }, false)).toBeUndefined();
    expect(shortcutFor({ key: 'b', repeat: true }, false)).toBeUndefined();
  });
});

describe('tap downbeat', () => {
  it('puts the bar where the first tap of the count fell, however long the count goes on', () => {
    let taps: Taps = [];
    // 100 BPM from t = 1000 ms, a little human jitter; the count runs 11 taps (the window slides by bars).
    const jitter = [0, 8, -6, 4, -9, 5, 0, -4, 7, -3, 2];
    for (let i = 0; i < jitter.length; i++) taps = tap(taps, 1000 + i * 600 + jitter[i]).taps;
    expect(taps[0]).toBe(1000 + 4 * 600 + jitter[4]);
    const now = 1000 + 12 * 600 + 150; // a quarter beat after beat 12 (a downbeat)
    const r = tapBeat(taps, now);
    expect(r?.bpm).toBeCloseTo(100, 0);
    expect(r?.beat).toBeCloseTo(0.25, 1);
    expect(tapBeat(taps.slice(0, 1), now)).toBeNull();
    expect(tapBeat(taps, Number.NaN)).toBeNull();
  });

  it('says beat 3 just before the count comes round', () => {
    const taps = tapAll([0, 500, 1000]).taps;
    expect(tapBeat(taps, 1490)?.beat).toBeCloseTo(2.98, 2);
    expect(tapBeat(taps, 1990)?.beat).toBeCloseTo(3.98, 2);
  });
});
