import { describe, it, expect } from 'vitest';
import { tap, tempoOf, TAP_RESET_MS, type Taps } from '../../../controller/operator/tapTempo.ts';
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
