/**
 * The console's pure parts of playlists, cues and the preview: the preview's address (a frozen wall
 * with the preset given, nothing else), when the next entry comes, the controls and keys that
 * send the playlist and cue commands, and the console's check of the hub's playlist view.
 */
import { describe, expect, it } from 'vitest';
import { previewUrl, whenNext } from '../../../controller/operator/playlistView.ts';
import { commandForControl, controlSpec } from '../../../controller/operator/controls.ts';
import { shortcutFor } from '../../../controller/operator/shortcuts.ts';
import { readPlaylistView } from '../../../controller/operator/hubMessages.ts';
import { parseDisplayMode } from '../../../display/urlMode.ts';
import type { PlaylistView } from '../../../core/protocol.ts';

const off = { hold: false, blackout: false, mute: false, caption: false };

describe('the preview', () => {
  it('is a frozen wall of the chosen preset, phase and moment, small and cheap', () => {
    const url = previewUrl({ preset: 'late-night', phase: 'glitch', at: 12, seed: 9 });
    expect(url).toBe('/?seed=9&at=glitch%3A12&preset=late-night&quality=0.25&lead=0.5');
    const mode = parseDisplayMode(url.slice(1));
    expect(mode).toMatchObject({ kind: 'frozen', seed: 9, phase: 'glitch', at: 12, preset: 'late-night', quality: 0.25, lead: 0.5 });
  });

  it('keeps odd inputs in range', () => {
    expect(previewUrl({ preset: 'safe', phase: 'dawn', at: Number.NaN, seed: 1.5 })).toBe('/?seed=7&at=dawn%3A0&preset=safe&quality=0.25&lead=0.5');
    expect(previewUrl({ preset: 'safe', phase: 'dawn', at: 1e9, seed: 3 })).toContain('at=dawn%3A3600');
  });
});

describe('now and next', () => {
  const active = (over: Partial<NonNullable<PlaylistView['active']>> = {}): NonNullable<PlaylistView['active']> => ({
    name: 'n',
    title: 'N',
    entries: [
      { preset: 'a', blend: 2, duration: 90 },
      { preset: 'b', blend: 2, duration: null },
    ],
    position: 0,
    advance: 'loop',
    locked: false,
    shuffled: false,
    startedAt: 1_000_000,
    ...over,
  });

  it('says when the entry playing ends', () => {
    expect(whenNext(active(), 1_000_000 + 30_000)).toBe('next in 1:00');
    expect(whenNext(active({ position: 1 }), 0)).toBe('next at the new loop');
    expect(whenNext(active({ position: 1, advance: 'manual' }), 0)).toBe('next when you skip');
    expect(whenNext(active({ locked: true }), 0)).toBe('locked: next when you skip');
  });

  it('reads the hub\'s view, and refuses one of another shape', () => {
    const view: PlaylistView = { playlists: [{ name: 'n', title: 'N', entries: 2 }], active: active(), cue: { name: 'safe', blend: 3 } };
    expect(readPlaylistView(view)).toEqual(view);
    expect(readPlaylistView({ ...view, active: { ...active(), position: -1 } })).toBeUndefined();
    expect(readPlaylistView({ ...view, cue: { name: 'safe' } })).toBeUndefined();
    expect(readPlaylistView(null)).toBeUndefined();
    expect(readPlaylistView('playlist')).toBeUndefined();
  });
});

describe('cue and playlist controls', () => {
  it('sends GO, next entry, lock and shuffle from a click, a key or a MIDI pad alike', () => {
    expect(controlSpec('cue-go')?.kind).toBe('trigger');
    expect(commandForControl('cue-go', 1, off)).toEqual({ type: 'cueGo' });
    expect(commandForControl('playlist-skip', 1, off)).toEqual({ type: 'playlistSkip' });
    expect(commandForControl('playlist-lock', 1, off)).toEqual({ type: 'playlistLock', on: true });
    expect(commandForControl('playlist-lock', 1, { ...off, playlistLock: true })).toEqual({ type: 'playlistLock', on: false });
    expect(commandForControl('playlist-shuffle', 1, { ...off, playlistShuffle: true })).toEqual({ type: 'playlistShuffle', on: false });
    expect(shortcutFor({ key: 'g' }, false)).toBe('cue-go');
    expect(shortcutFor({ key: 'G' }, false)).toBe('cue-go');
    expect(shortcutFor({ key: 'n' }, false)).toBe('playlist-skip');
    expect(shortcutFor({ key: 'g' }, true)).toBeUndefined();
    expect(shortcutFor({ key: 'g', repeat: true }, false)).toBeUndefined();
  });
});
