/** Controller lights: toggles and the phase playing, only changes sent, note or CC as the pad was mapped. */
import { describe, it, expect } from 'vitest';
import { LedFeedback, LED_ON } from '../../../controller/operator/LedFeedback.ts';

const off = { hold: false, blackout: false, mute: false, caption: false };
const mappings = { 'note:1:36': 'blackout', 'cc:2:20': 'hold', 'note:1:40': 'goto:1', 'note:1:41': 'goto:5', 'cc:1:74': 'param:glitch', 'note:1:50': 'panic' };

describe('LedFeedback', () => {
  it('lights mapped toggles and the phase pad, note-on on the pad’s channel, CC for a CC source', () => {
    const leds = new LedFeedback();
    const first = leds.update(mappings, { toggles: { ...off, blackout: true }, phase: 'serene' });
    expect(first).toEqual(
      expect.arrayContaining([
        { source: 'note:1:36', bytes: [0x90, 36, LED_ON] },
        { source: 'cc:2:20', bytes: [0xb1, 20, 0] },
        { source: 'note:1:40', bytes: [0x90, 40, LED_ON] },
        { source: 'note:1:41', bytes: [0x90, 41, 0] },
      ]),
    );
    // Faders and triggers have no light.
    expect(first.map((m) => m.source).sort()).toEqual(['cc:2:20', 'note:1:36', 'note:1:40', 'note:1:41']);
  });

  it('sends only what changes, and everything again after a reset', () => {
    const leds = new LedFeedback();
    leds.update(mappings, { toggles: off, phase: 'serene' });
    expect(leds.update(mappings, { toggles: off, phase: 'serene' })).toEqual([]);
    expect(leds.update(mappings, { toggles: off, phase: 'nightmare' })).toEqual([
      { source: 'note:1:40', bytes: [0x90, 40, 0] },
      { source: 'note:1:41', bytes: [0x90, 41, LED_ON] },
    ]);
    expect(leds.update(mappings, { toggles: { ...off, hold: true }, phase: 'nightmare' })).toEqual([{ source: 'cc:2:20', bytes: [0xb1, 20, LED_ON] }]);
    leds.reset();
    expect(leds.update(mappings, { toggles: { ...off, hold: true }, phase: 'nightmare' })).toHaveLength(4);
  });

  it('tells a pad mapped anew its state, and ignores a malformed source', () => {
    const leds = new LedFeedback();
    leds.update({ 'note:1:36': 'blackout' }, { toggles: off, phase: undefined });
    leds.update({}, { toggles: off, phase: undefined });
    expect(leds.update({ 'note:1:36': 'blackout' }, { toggles: off, phase: undefined })).toEqual([{ source: 'note:1:36', bytes: [0x90, 36, 0] }]);
    expect(leds.update({ 'sysex:1:1': 'blackout', __proto__x: 'hold' }, { toggles: off, phase: undefined })).toEqual([]);
  });
});
