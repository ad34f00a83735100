/** MIDI mappings as a file: what an export writes an import reads back; a hostile file is refused with a sentence. */
import { describe, it, expect } from 'vitest';
import { exportMidiFile, importMidiFile, MIDI_FILE_FORMAT, MIDI_FILE_MAX_CHARS, midiFileSchema } from '../../../controller/operator/midiFile.ts';
import { CONTROLS } from '../../../controller/operator/controls.ts';

const mappings = { 'cc:1:74': 'param:glitch', 'note:10:36': 'blackout', 'note:1:40': 'goto:5', 'cc:16:127': 'master:speed' };
const file = (over: Record<string, unknown>) => JSON.stringify({ format: MIDI_FILE_FORMAT, version: 1, mappings: [], ...over });

describe('MIDI mappings file', () => {
  it('round-trips: an export imports back to the same mappings, and follows the schema', () => {
    const text = exportMidiFile(mappings, '2026-12-08T00:00:00.000Z', ['Launchpad Mini']);
    expect(midiFileSchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ format: MIDI_FILE_FORMAT, version: 1, devices: ['Launchpad Mini'], mappings: expect.arrayContaining([{ source: 'note:10:36', control: 'blackout', label: 'Blackout' }]) });
    expect(importMidiFile(text)).toEqual({ ok: true, mappings });
  });

  it('takes every control the console has', () => {
    const all = Object.fromEntries(CONTROLS.map((c, i) => [`cc:${(i % 16) + 1}:${Math.floor(i / 16)}`, c.id]));
    expect(importMidiFile(exportMidiFile(all, '', []))).toEqual({ ok: true, mappings: all });
  });

  it.each([
    ['not JSON', 'mappings!', /not JSON/],
    ['empty', '', /not JSON/],
    ['an array', '[]', /not a Dreamscape MIDI mappings file/],
    ['a preset', JSON.stringify({ version: 1, phases: {} }), /not a Dreamscape MIDI mappings file/],
    ['a newer version', file({ version: 2 }), /newer Dreamscape \(version 2/],
    ['version 0', file({ version: 0 }), /version/],
    ['an unknown key', file({ extra: 1 }), /unrecognized key|extra/i],
    ['a bad source', file({ mappings: [{ source: 'cc:17:1', control: 'blackout' }] }), /mappings\.0\.source: a MIDI source/],
    ['note 128', file({ mappings: [{ source: 'note:1:128', control: 'blackout' }] }), /mappings\.0\.source/],
    ['an unknown control', file({ mappings: [{ source: 'cc:1:1', control: 'param:nope' }] }), /no control "param:nope"/],
    ['a source twice', file({ mappings: [{ source: 'cc:1:1', control: 'blackout' }, { source: 'cc:1:1', control: 'hold' }] }), /cc:1:1 is mapped twice/],
    ['a control twice', file({ mappings: [{ source: 'cc:1:1', control: 'blackout' }, { source: 'cc:1:2', control: 'blackout' }] }), /blackout is mapped twice/],
    ['__proto__', `{"format":"${MIDI_FILE_FORMAT}","version":1,"mappings":[],"__proto__":{"polluted":1}}`, /key not allowed/],
    ['constructor as control', file({ mappings: [{ source: 'cc:1:1', control: 'constructor' }] }), /no control/],
    ['too many', file({ mappings: Array.from({ length: 300 }, (_, i) => ({ source: `cc:1:${i % 128}`, control: 'blackout' })) }), /mappings/],
    ['too big', ' '.repeat(MIDI_FILE_MAX_CHARS + 1), /too big/],
    ['a long label', file({ mappings: [{ source: 'cc:1:1', control: 'blackout', label: 'x'.repeat(500) }] }), /label/],
  ])('refuses %s with a clear sentence', (_what, text, why) => {
    const result = importMidiFile(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(why);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
