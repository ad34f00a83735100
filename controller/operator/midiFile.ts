/**
 * A VJ's MIDI mappings as a file they keep between machines and nights: exported as JSON with a
 * format name, a version and a schema (below), imported only when the whole file is sound. A file
 * that is not (not JSON, another format, a newer version, an unknown control, a source mapped twice,
 * a hostile key, too big) is refused with a sentence saying where, and the mappings in use stay as
 * they were: nothing is lost. Pure: text in, mappings out.
 */
import { z } from 'zod';
import { controlSpec } from './controls.ts';
import type { MidiMappings } from './midiMapping.ts';
import { parseJsonSafely } from '../../core/safeKeys.ts';

/** The `format` every mappings file names. */
export const MIDI_FILE_FORMAT = 'dreamscape-midi-mappings';
/** The version this console writes and reads. */
export const MIDI_FILE_VERSION = 1;
/** Largest file taken, bytes of text (a full mapping of every control is about 6 KB). */
export const MIDI_FILE_MAX_CHARS = 64 * 1024;
/** Most mappings a file may hold (more than there are controls, fewer than a hostile file would try). */
export const MIDI_FILE_MAX_MAPPINGS = 256;

const SOURCE = /^(cc|note):([1-9]|1[0-6]):([0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/;

/** The file's schema: what an export writes and an import demands. */
export const midiFileSchema = z.strictObject({
  format: z.literal(MIDI_FILE_FORMAT),
  version: z.literal(MIDI_FILE_VERSION),
  /** When it was exported (ISO 8601), for the VJ's eyes only. */
  exported: z.string().max(40).optional(),
  /** The MIDI inputs connected when it was exported, for the VJ's eyes only. */
  devices: z.array(z.string().max(200)).max(32).optional(),
  mappings: z
    .array(
      z.strictObject({
        /** `cc:CHANNEL:NUMBER` or `note:CHANNEL:NUMBER`, channel 1..16, number 0..127. */
        source: z.string().regex(SOURCE, 'a MIDI source such as cc:1:74 or note:10:36'),
        /** A control id of the console, e.g. `param:glitch`, `blackout`, `goto:5`. */
        control: z.string().max(64),
        /** The control's name when exported, for the VJ's eyes only. */
        label: z.string().max(100).optional(),
      }),
    )
    .max(MIDI_FILE_MAX_MAPPINGS),
});

/** A mappings file as written. */
export type MidiFile = z.infer<typeof midiFileSchema>;

/**
 * Writes mappings as a file.
 * @param exported when (ISO 8601 text; passed in so this stays pure).
 * @param devices names of the MIDI inputs connected now.
 */
export function exportMidiFile(mappings: MidiMappings, exported: string, devices: readonly string[]): string {
  const file: MidiFile = {
    format: MIDI_FILE_FORMAT,
    version: MIDI_FILE_VERSION,
    exported,
    devices: devices.slice(0, 32),
    mappings: Object.entries(mappings).map(([source, control]) => ({ source, control, label: controlSpec(control)?.label })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** What reading a file gave: the mappings, or why it was refused. */
export type MidiFileRead = { ok: true; mappings: MidiMappings } | { ok: false; error: string };

/** Reads a mappings file; see the module comment for what is refused. */
export function importMidiFile(text: string): MidiFileRead {
  if (text.length > MIDI_FILE_MAX_CHARS) return { ok: false, error: `the file is too big (${Math.round(text.length / 1024)} KB; a mappings file is a few KB)` };
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, error: `the file is ${json.error.startsWith('not JSON') ? json.error : `refused: ${json.error}`}` };
  const value = json.value;
  const notOurs = `not a Dreamscape MIDI mappings file (format must be "${MIDI_FILE_FORMAT}")`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: notOurs };
  const format: unknown = Reflect.get(value, 'format');
  const version: unknown = Reflect.get(value, 'version');
  if (format !== MIDI_FILE_FORMAT) return { ok: false, error: notOurs };
  if (typeof version === 'number' && version > MIDI_FILE_VERSION) return { ok: false, error: `made by a newer Dreamscape (version ${version}; this console reads version ${MIDI_FILE_VERSION})` };
  const parsed = midiFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  const out: Record<string, string> = {};
  const controls = new Set<string>();
  for (const [i, { source, control }] of parsed.data.mappings.entries()) {
    if (!controlSpec(control)) return { ok: false, error: `mappings.${i}.control: no control "${control.slice(0, 64)}" in this console` };
    if (Object.prototype.hasOwnProperty.call(out, source)) return { ok: false, error: `mappings.${i}.source: ${source} is mapped twice` };
    if (controls.has(control)) return { ok: false, error: `mappings.${i}.control: ${control} is mapped twice` };
    controls.add(control);
    out[source] = control;
  }
  return { ok: true, mappings: out };
}
