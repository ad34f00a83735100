import { describe, it, expect } from 'vitest';
import { learnInfo, MIDI_FADER_LOG_MS, MidiDesk } from '../../../controller/operator/MidiDesk.ts';
import { learnMapping, loadMappings, sourceKey } from '../../../controller/operator/midiMapping.ts';
import { CONTROLS } from '../../../controller/operator/controls.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);
const fader = CONTROLS.find((c) => c.kind === 'fader');
const pad = CONTROLS.find((c) => c.kind !== 'fader');
if (!fader || !pad) throw new Error('the console has no fader or no pad');

describe('the console’s MIDI desk', () => {
  it('learns a control from the next knob, then presses it with that knob', () => {
    const desk = new MidiDesk({});
    expect(desk.pick(fader.id)).toBe(false); // not learning: a click presses
    desk.learn(true);
    expect(desk.pick('no-such-control')).toBe(false);
    expect(desk.pick(fader.id)).toBe(true);
    const learned = desk.hear(bytes(0xb0, 7, 64), 0, 'Korg', 0);
    expect(learned?.kind).toBe('learned');
    expect(desk.learning).toBe(false);
    expect(desk.learnTarget).toBeUndefined();
    expect(learned?.kind === 'learned' && learned.line).toContain(fader.label);
    const pressed = desk.hear(bytes(0xb0, 7, 127), 1, 'Korg', 10);
    expect(pressed).toEqual({ kind: 'press', control: fader.id, unit: 1, line: `MIDI: ${fader.label} 100%` });
    expect(desk.inputOf(sourceKey({ kind: 'cc', channel: 1, number: 7 }))).toBe('Korg');
  });

  it('logs a turned knob at most once a second, but presses it every time; every pad press is logged', () => {
    const desk = new MidiDesk(learnMapping(learnMapping({}, fader.id, { kind: 'cc', channel: 1, number: 7 }), pad.id, { kind: 'note', channel: 1, number: 36 }));
    const lines = [0, 100, 500, MIDI_FADER_LOG_MS + 1].map((t) => {
      const heard = desk.hear(bytes(0xb0, 7, 10 + t / 100), t, 'in', t);
      expect(heard?.kind).toBe('press');
      return heard?.kind === 'press' ? heard.line : 'none';
    });
    expect(lines.map((l) => l !== null)).toEqual([true, false, false, true]);
    expect(desk.hear(bytes(0x90, 36, 100), 0, 'in', 0)).toEqual({ kind: 'press', control: pad.id, unit: 1, line: `MIDI: ${pad.label}` });
    expect(desk.hear(bytes(0x90, 36, 100), 0, 'in', 1)?.kind).toBe('press');
  });

  it('follows the MIDI clock, telling the hub at once only of a start, stop or song position', () => {
    const desk = new MidiDesk({});
    expect(desk.hear(bytes(0xfa), 0, 'in', 0)).toEqual({ kind: 'clock', tell: true });
    expect(desk.clock.running).toBe(true);
    expect(desk.hear(bytes(0xf8), 20, 'in', 20)).toEqual({ kind: 'clock', tell: false });
    expect(desk.hear(bytes(0xfc), 40, 'in', 40)).toEqual({ kind: 'clock', tell: true });
    expect(desk.clock.running).toBe(false);
  });

  it('ignores hostile and unmapped bytes', () => {
    const desk = new MidiDesk(loadMappings('{"__proto__": "cc:1:7", "nonsense": 5}'));
    for (const b of [bytes(), bytes(0xff), bytes(0xb0), bytes(0x80, 200, 200), bytes(0xb0, 7, 64), bytes(0xf0, 1, 2, 3, 0xf7)]) {
      expect(desk.hear(b, 0, 'in', 0)).toBeNull();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says what learn mode waits for', () => {
    expect(learnInfo(false)).toMatch(/^Learn:/);
    expect(learnInfo(true)).toMatch(/click a control/);
    expect(learnInfo(true, fader.id)).toContain(fader.label);
  });
});
