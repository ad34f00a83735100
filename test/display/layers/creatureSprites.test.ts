/** The creature's sprites: each a canvas of the size asked for, painted once over its whole square. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingCanvas, installRecordingDocument } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let sprites: typeof import('../../../display/layers/creatureSprites.ts');
beforeAll(async () => {
  uninstall = installRecordingDocument();
  sprites = await import('../../../display/layers/creatureSprites.ts');
});
afterAll(() => uninstall());

describe("the creature's sprites", () => {
  it('are painted once at the size asked for: fog and core over their whole square, the ray as one shape', () => {
    for (const make of [sprites.fogSprite, sprites.coreSprite]) {
      const c = make(64) as unknown as RecordingCanvas;
      expect([c.width, c.height]).toEqual([64, 64]);
      const fills = c.ctx.calls.filter((k) => k.op === 'fillRect');
      expect(fills.map((k) => k.args)).toEqual([[0, 0, 64, 64]]);
    }
    const ray = sprites.raySprite(32) as unknown as RecordingCanvas;
    expect([ray.width, ray.height]).toEqual([32, 32]);
    expect(ray.ctx.calls.filter((k) => k.op === 'fill')).toHaveLength(1);
  });
});
