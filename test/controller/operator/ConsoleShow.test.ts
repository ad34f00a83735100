import { describe, it, expect } from 'vitest';
import { ConsoleShow, notSentLine, resultLine } from '../../../controller/operator/ConsoleShow.ts';
import { readPlaylistView, readPresetList, readResult, readStatus } from '../../../controller/operator/hubMessages.ts';
import { PARAMS } from '../../../core/params.ts';

const rawStatus = {
  phones: 3,
  displays: [{ id: 'a', view: '1/1', fps: 60, frameMs: 12, quality: 1, particles: 4000, trusted: true }],
  crowd: { dreamers: 3, active: 2, participation: 0.6, energy: 0.3, light: 0, unity: 0, resolve: 0, ghosts: 0.2 },
  phase: 'glitch', phaseTime: 4, phaseLength: 60, loop: 1, preset: 'default', hold: false, speed: 1,
  flags: { blackout: false, hold: false, caption: false, qr: 'small', mute: false, safe: true },
  params: PARAMS.map((p) => p.default),
  overrides: {},
  health: { uptime: 10, rss: 1e8, eventLoopP99: 3, version: '0.1.0', phoneRate: 30, persist: 'ok' },
  oscTargets: [],
};
function status(over: Record<string, unknown> = {}) {
  const s = readStatus({ ...rawStatus, ...over });
  if (!s) throw new Error('the test status does not read');
  return s;
}
const health = (persist: string) => ({ ...rawStatus.health, persist });

describe('what the console knows of the show', () => {
  it('follows the hub’s toggles and tells when another preset plays', () => {
    const show = new ConsoleShow();
    expect(show.onStatus(status()).presetChanged).toBe(true);
    expect(show.onStatus(status()).presetChanged).toBe(false);
    const change = show.onStatus(status({ preset: 'storm', hold: true, flags: { ...rawStatus.flags, blackout: true, mute: true, caption: true } }));
    expect(change.presetChanged).toBe(true);
    expect(show.toggles).toMatchObject({ hold: true, blackout: true, mute: true, caption: true });
  });

  it('logs the state-file alarm once when it starts and once when it ends', () => {
    const show = new ConsoleShow();
    expect(show.onStatus(status()).alarm).toBeNull();
    expect(show.onStatus(status({ health: health('failing') })).alarm).toMatchObject({ kind: 'error', message: expect.stringContaining('ALARM') });
    expect(show.persistFailing).toBe(true);
    expect(show.onStatus(status({ health: health('failing') })).alarm).toBeNull();
    expect(show.onStatus(status({ health: health('ok') })).alarm).toEqual({ kind: 'info', message: 'the state file is written again' });
    // An unknown health word reads as "off", not as an alarm.
    expect(show.onStatus(status({ health: health('melting') })).alarm).toBeNull();
  });

  it('flips a toggle at once when its command goes, so a second press undoes it', () => {
    const show = new ConsoleShow();
    expect(show.sent({ type: 'blackout', on: true })).toBe(true);
    expect(show.toggles.blackout).toBe(true);
    expect(show.sent({ type: 'goto', phase: 'dawn' })).toBe(false);
  });

  it('logs a preset file once when it breaks', () => {
    const show = new ConsoleShow();
    const good = { name: 'storm', title: 'Storm', description: '' };
    const list = (error?: unknown) => readPresetList([good, { name: 'calm', title: 'Calm', description: '', ...(error ? { error } : {}) }]) ?? [];
    expect(show.onPresets(list())).toEqual([]);
    const broken = show.onPresets(list([{ path: 'phases.serene', message: 'not a number' }, { path: '', message: 'unknown key' }]));
    expect(broken).toEqual([{ kind: 'error', message: 'preset calm.json is broken: phases.serene: not a number; (root): unknown key' }]);
    expect(show.onPresets(list([{ path: '', message: 'still broken' }]))).toEqual([]);
    expect(show.presets).toHaveLength(2);
  });

  it('follows the playlist’s lock and shuffle, and tells when the cue changes', () => {
    const show = new ConsoleShow();
    const view = (cue: string | null, locked = false) =>
      readPlaylistView({
        playlists: [],
        active: { name: 'night', title: 'Night', entries: [{ preset: 'storm', blend: 2, duration: 60 }], position: 0, advance: 'loop', locked, shuffled: true, startedAt: 0 },
        cue: cue ? { name: cue, blend: 3 } : null,
      });
    const first = view(null, true);
    const armed = view('storm');
    if (!first || !armed) throw new Error('test playlists do not read');
    expect(show.onPlaylist(first)).toBe(false);
    expect(show.toggles).toMatchObject({ playlistLock: true, playlistShuffle: true });
    expect(show.onPlaylist(armed)).toBe(true);
    expect(show.onPlaylist(armed)).toBe(false);
    expect(show.toggles.playlistLock).toBe(false);
  });

  it('says what an answer means: refusals as errors (or quietly), notable successes as information', () => {
    const show = new ConsoleShow();
    expect(show.answered({ type: 'loadPreset', name: 'storm', blend: 2 }, { ok: true })).toEqual({ kind: 'info', message: 'loadPreset ok (storm)' });
    expect(show.lastResult).toEqual({ ok: true, command: 'loadPreset' });
    expect(resultLine({ type: 'cueGo' }, { ok: true })).toEqual({ kind: 'info', message: 'cue GO ok' });
    expect(resultLine({ type: 'goto', phase: 'dawn' }, { ok: true })).toBeNull();
    expect(resultLine({ type: 'goto', phase: 'dawn' }, { ok: false, error: 'no' }, undefined, 'MIDI')).toEqual({ kind: 'error', message: 'MIDI: goto: no' });
    const exists = readResult({ ok: false, error: 'a preset of that name exists', code: 'exists' });
    expect(resultLine({ type: 'savePreset', name: 'x' }, exists, 'exists')?.kind).toBe('info');
    expect(notSentLine({ type: 'panic' }, 'MIDI')).toEqual({ kind: 'error', message: 'MIDI: not connected: panic not sent' });
  });

  it('hostile answers read as refusals the log can show', () => {
    const show = new ConsoleShow();
    for (const bad of [null, 'ok', { ok: 'yes' }, { ok: false }, { ok: false, error: 5 }, JSON.parse('{"__proto__": {"ok": true}}')]) {
      const line = show.answered({ type: 'panic' }, readResult(bad));
      expect(line?.kind).toBe('error');
      expect(show.lastResult?.ok).toBe(false);
    }
  });
});
