/**
 * The soundscape in real headless Chromium: every phase rendered offline (Tone.Offline) from the
 * real engine's frames, idle and with a simulated crowd, and the buffers measured.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openLab, type OpenLab } from './fixtures/sound/serveLab.ts';
import type { RenderReport, RenderRequest } from './fixtures/sound/lab.ts';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';

let lab: OpenLab;
let page: Page;
const reports = new Map<string, RenderReport>();

/** Seconds of show before the render: the upgrade is heard mid-climb, the rest settled. */
const WARM: Record<PhaseName, number> = { serene: 12, festival: 12, upgrade: 45, glitch: 10, nightmare: 15, confrontation: 12, dawn: 12 };

async function render(phase: PhaseName, crowd: number): Promise<RenderReport> {
  const req: RenderRequest = { phase, seconds: 4, crowd, seed: 7, warm: WARM[phase] };
  const r = await page.evaluate((q) => window.__soundLab.render(q), req);
  reports.set(`${phase}/${crowd}`, r);
  return r;
}

beforeAll(async () => {
  lab = await openLab('/tmp/dist-sound-phases');
  page = lab.page;
});

afterAll(async () => {
  const rows = [...reports.values()].map(
    (r) =>
      `${r.phase.padEnd(13)} rms ${r.rmsDb.toFixed(1)} dBFS  peak ${r.peakDb.toFixed(1)}  true ${r.truePeakDb.toFixed(1)}  centroid ${r.centroidHz.toFixed(0)} Hz  ` +
      `onsets ${r.onsetsPerSecond.toFixed(1)}/s  notes ${r.notes}  voices ≤${r.maxVoices}/${r.voiceCap}  gestures ${r.gestures}  ×${r.realTime.toFixed(1)} real time`,
  );
  console.log(`[sound figures]\n${rows.join('\n')}`);
  await lab?.close();
});

describe('every phase of the arc sounds, safely', () => {
  it.each(PHASES)('%s: idle and with a crowd of 40, not silent, peak ≤ −1 dBFS, no NaN', async (phase) => {
    for (const crowd of [0, 40]) {
      const r = await render(phase, crowd);
      expect(r.nonFinite).toBe(0);
      expect(r.rmsDb).toBeGreaterThan(-40);
      expect(r.peakDb).toBeLessThanOrEqual(-1);
      expect(r.truePeakDb).toBeLessThanOrEqual(-1);
      expect(r.maxVoices).toBeLessThanOrEqual(r.voiceCap);
      expect(r.nodesAfterDispose).toBe(0);
      if (crowd > 0 && phase !== 'glitch') expect(r.notes).toBeGreaterThan(reports.get(`${phase}/0`)!.notes);
    }
  }, 60_000);

  it('phases measurably differ', () => {
    const get = (k: string) => reports.get(k)!;
    // The nightmare is dark; dawn is bright.
    expect(get('nightmare/0').centroidHz).toBeLessThan(get('dawn/0').centroidHz);
    expect(get('nightmare/40').centroidHz).toBeLessThan(get('dawn/40').centroidHz);
    // The upgrade runs faster and busier than the serene dream.
    expect(get('upgrade/0').tempo).toBeGreaterThan(get('serene/0').tempo + 20);
    // Busier: counted in notes the score played. (The renders start wherever the room's score clock
    // is, often mid-bar, and the audio onset count of a quiet serene stretch is mostly its drones.)
    expect(get('upgrade/0').notes).toBeGreaterThan(2 * get('serene/0').notes);
    expect(get('upgrade/0').onsetsPerSecond).toBeGreaterThan(get('serene/0').onsetsPerSecond);
    expect(lab.warnings.filter((w) => /polyphony|dropped/i.test(w))).toEqual([]);
  });
});
