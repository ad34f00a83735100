/**
 * The soundscape's safety in real headless Chromium: a flood of taps at full volume stays under
 * −1 dBFS true peak with voices capped; mute is silent; building and disposing the orchestra again
 * and again does not grow the number of live nodes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openLab, type OpenLab } from './fixtures/sound/serveLab.ts';
import type { RenderRequest } from './fixtures/sound/lab.ts';

let lab: OpenLab;
let page: Page;

beforeAll(async () => {
  lab = await openLab('/tmp/dist-sound-safety');
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

const render = (req: RenderRequest) => page.evaluate((q) => window.__soundLab.render(q), req);

describe('the soundscape is safe for ears and speakers', () => {
  it.each(['festival', 'confrontation'] as const)('%s: a thousand phones tapping every frame at full volume stays under −1 dBFS', async (phase) => {
    const r = await render({ phase, seconds: 2, crowd: 100, seed: 3, warm: 10, volume: 1, flood: true });
    console.log(
      `[sound flood] ${phase}: ${r.gestures} gestures → ${r.notes} notes, voices ≤${r.maxVoices}/${r.voiceCap}, stolen ${r.stolen}, merged ${r.merged}, ` +
        `peak ${r.peakDb.toFixed(2)} dBFS, true peak ${r.truePeakDb.toFixed(2)} dBFS, rms ${r.rmsDb.toFixed(1)} dBFS, ×${r.realTime.toFixed(1)} real time`,
    );
    expect(r.gestures).toBeGreaterThan(50_000);
    expect(r.nonFinite).toBe(0);
    expect(r.peakDb).toBeLessThanOrEqual(-1);
    expect(r.truePeakDb).toBeLessThanOrEqual(-1);
    expect(r.rmsDb).toBeGreaterThan(-30);
    expect(r.maxVoices).toBeLessThanOrEqual(r.voiceCap);
    expect(r.merged).toBeGreaterThan(r.notes);
    expect(lab.warnings.filter((w) => /polyphony|dropped/i.test(w))).toEqual([]);
  }, 60_000);

  it('the operator volume at 0 is silence', async () => {
    const r = await render({ phase: 'festival', seconds: 1, crowd: 20, seed: 1, warm: 5, volume: 0 });
    expect(r.peakDb).toBeLessThan(-60);
  }, 60_000);

  it('rendering and disposing again and again does not grow the live node count', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await render({ phase: i % 2 ? 'dawn' : 'nightmare', seconds: 0.5, crowd: 10, seed: i, warm: 2 });
      expect(r.nodesAfterDispose).toBe(0);
      counts.push(r.nodesLive);
    }
    expect(new Set(counts).size).toBe(1);
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    console.log(`[sound nodes] live per build ${counts[0]}, after dispose 0, JS heap ${(heap / 1e6).toFixed(1)} MB`);
  }, 60_000);
});
