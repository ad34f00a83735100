import { describe, it, expect } from 'vitest';
import { overlayState, wallReport } from '../../display/wallOverlay.ts';
import { Scene } from '../../display/render/Scene.ts';
import { BLANK_PRESET } from '../../core/presetDefaults.ts';

const join = { url: 'https://hub.local/c', short: 'hub.local/c' };
const preset = { ...BLANK_PRESET, phases: { ...BLANK_PRESET.phases, glitch: { ...BLANK_PRESET.phases.glitch, caption: 'The dream stutters' } } };

describe('what the wall shows over the picture', () => {
  it('shows the QR, the dreamers and the join link as the show says; the reconnecting mark only while reconnecting', () => {
    const scene = new Scene();
    scene.qr = 'small';
    expect(overlayState(scene, { preset, join }, false, 'live')).toEqual({ qr: 'small', dreamers: scene.crowd.dreamers, join, caption: null, reconnecting: false });
    expect(overlayState(scene, null, false, 'reconnecting')).toMatchObject({ join: null, reconnecting: true });
    for (const status of ['connecting', 'local'] as const) expect(overlayState(scene, null, false, status).reconnecting).toBe(false);
  });

  it("captions the phase when the operator or the wall's URL asks, and only with a preset to read", () => {
    const scene = new Scene();
    scene.phase = 'glitch';
    expect(overlayState(scene, { preset, join: null }, false, 'live').caption).toBeNull();
    expect(overlayState(scene, { preset, join: null }, true, 'live').caption).toBe('The dream stutters');
    scene.caption = true;
    expect(overlayState(scene, { preset, join: null }, false, 'live').caption).toBe('The dream stutters');
    expect(overlayState(scene, null, true, 'live').caption).toBeNull();
  });
});

describe("the wall's report", () => {
  it("holds a page's wild measurements within the hub's ranges", () => {
    expect(wallReport({ fps: 5000, frameMs: 1e9, quality: 0.5, particles: 10, flashGuarded: 2 })).toEqual({ fps: 1000, frameMs: 60_000, quality: 0.5, particles: 10, flashGuarded: 2 });
    expect(wallReport({ fps: -3, frameMs: -1, quality: 1, particles: 0, flashGuarded: 0 })).toMatchObject({ fps: 0, frameMs: 0 });
    expect(wallReport({ fps: 59.9, frameMs: 16.7, quality: 1, particles: 4000, flashGuarded: 0 })).toMatchObject({ fps: 59.9, frameMs: 16.7 });
  });
});
