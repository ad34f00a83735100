import { describe, it, expect } from 'vitest';
import { actionFor, edgeOnly, forgetControl, learnMapping, loadMappings, parseMidi, saveMappings, sourceOf, type MidiEvent } from '../../../controller/operator/midiMapping.ts';
import { CONTROLS, commandForControl, speedFromUnit, speedToUnit } from '../../../controller/operator/controls.ts';
import { operatorCommandSchema } from '../../../core/protocol.ts';
import { PARAMS } from '../../../core/params.ts';

const cc = (channel: number, number: number, value: number) => parseMidi([0xb0 | (channel - 1), number, value])!;
const noteOn = (channel: number, number: number, velocity: number) => parseMidi([0x90 | (channel - 1), number, velocity])!;
const off = { hold: false, blackout: false, mute: false, caption: false };

describe('parseMidi', () => {
  it('decodes control change and notes, ignores the rest', () => {
    expect(cc(1, 74, 127)).toEqual({ kind: 'cc', channel: 1, number: 74, value: 1, pressed: true });
    expect(parseMidi([0x9f, 36, 0])).toEqual({ kind: 'note', channel: 16, number: 36, value: 0, pressed: false });
    expect(parseMidi([0x80, 36, 64])).toEqual({ kind: 'note', channel: 1, number: 36, value: 0, pressed: false });
    expect(parseMidi([0xf8])).toBeUndefined(); // clock
    expect(parseMidi([0xe0, 0, 64])).toBeUndefined(); // pitch bend
    expect(parseMidi([0xb0, 1])).toBeUndefined();
  });
});

describe('MIDI-learn', () => {
  it('maps a knob to a fader and a pad to a trigger', () => {
    let map = learnMapping({}, 'param:glitch', cc(1, 21, 10));
    map = learnMapping(map, 'panic', noteOn(10, 36, 100));
    expect(actionFor(map, cc(1, 21, 64))).toEqual({ control: 'param:glitch', kind: 'fader', unit: 64 / 127 });
    expect(actionFor(map, noteOn(10, 36, 90))).toEqual({ control: 'panic', kind: 'press' });
    expect(actionFor(map, noteOn(10, 36, 0))).toBeUndefined();
    expect(actionFor(map, cc(2, 21, 64))).toBeUndefined();
    expect(sourceOf(map, 'param:glitch')).toBe('cc:1:21');
  });

  it('one source per control and one control per source', () => {
    let map = learnMapping({}, 'param:glitch', cc(1, 21, 0));
    map = learnMapping(map, 'param:glitch', cc(1, 22, 0));
    expect(map).toEqual({ 'cc:1:22': 'param:glitch' });
    map = learnMapping(map, 'param:fracture', cc(1, 22, 0));
    expect(map).toEqual({ 'cc:1:22': 'param:fracture' });
    expect(forgetControl(map, 'param:fracture')).toEqual({});
    expect(learnMapping(map, 'no-such-control', cc(1, 1, 0))).toBe(map);
  });

  it('a CC button presses once per rise, not on every value above the middle', () => {
    const levels = new Map<string, boolean>();
    const presses = [0, 127, 127, 100, 0, 127].map((v) => edgeOnly(cc(1, 64, v), levels).pressed);
    expect(presses).toEqual([false, true, false, false, false, true]);
    const note: MidiEvent = noteOn(1, 40, 100);
    expect(edgeOnly(note, levels)).toBe(note);
  });

  it('survives a round trip through storage and drops anything stale or forged', () => {
    const map = learnMapping(learnMapping({}, 'master:speed', cc(3, 7, 0)), 'blackout', noteOn(1, 60, 1));
    expect(loadMappings(saveMappings(map))).toEqual(map);
    expect(loadMappings(null)).toEqual({});
    expect(loadMappings('{not json')).toEqual({});
    expect(loadMappings(JSON.stringify({ version: 2, map }))).toEqual({});
    expect(
      loadMappings(JSON.stringify({ version: 1, map: { 'cc:1:7': 'param:gone', 'cc:17:1': 'panic', 'cc:1:128': 'skip', 'note:1:5': '__proto__', 'cc:1:1': 'skip', 'cc:1:2': 'skip' } })),
    ).toEqual({ 'cc:1:1': 'skip' });
  });
});

describe('controls send valid commands', () => {
  it('every control, at every end of its travel, gives a command the hub accepts', () => {
    for (const control of CONTROLS) {
      for (const unit of [0, 0.5, 1]) {
        const command = commandForControl(control.id, unit, off);
        if (command === 'tap') continue;
        expect(operatorCommandSchema.safeParse(command).success, `${control.id} @ ${unit}`).toBe(true);
      }
    }
  });

  it('faders map onto each parameter range; toggles flip', () => {
    const tempo = PARAMS.find((p) => p.name === 'tempo')!;
    expect(commandForControl('param:tempo', 1, off)).toEqual({ type: 'param', name: 'tempo', value: tempo.max });
    expect(commandForControl('param:tempo', 0, off)).toEqual({ type: 'param', name: 'tempo', value: tempo.min });
    expect(commandForControl('blackout', 1, off)).toEqual({ type: 'blackout', on: true });
    expect(commandForControl('blackout', 1, { ...off, blackout: true })).toEqual({ type: 'blackout', on: false });
    expect(commandForControl('tap', 1, off)).toBe('tap');
    expect(commandForControl('param:nope', 1, off)).toBeUndefined();
  });

  it('speed is exponential: 1× sits at 40 % of the fader', () => {
    expect(speedFromUnit(0)).toBeCloseTo(0.25);
    expect(speedFromUnit(1)).toBeCloseTo(8);
    expect(speedFromUnit(0.4)).toBeCloseTo(1);
    for (const s of [0.25, 0.5, 1, 3, 8]) expect(speedFromUnit(speedToUnit(s))).toBeCloseTo(s);
  });
});
