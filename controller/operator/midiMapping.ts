/**
 * MIDI-learn and MIDI mappings, pure: raw MIDI bytes in, control actions out. The console's Web
 * MIDI glue (midiAccess.ts) feeds it; mappings are stored as JSON in localStorage and validated
 * when read back (a stale or hand-edited entry is dropped, never trusted).
 */
import { z } from 'zod';
import { controlSpec } from './controls.ts';
import { parseJsonSafely } from '../../core/safeKeys.ts';

/** localStorage key of the saved mappings. */
export const MIDI_STORAGE_KEY = 'dreamscape.operator.midi.v1';

/** A decoded MIDI message the console cares about. */
export interface MidiEvent {
  kind: 'cc' | 'note';
  /** 1..16. */
  channel: number;
  /** Controller or note number, 0..127. */
  number: number;
  /** Normalised value 0..1 (CC value or note velocity; note-off is 0). */
  value: number;
  /** A button press: note-on with velocity, or a CC crossing up through the middle. */
  pressed: boolean;
}

/**
 * Decodes one MIDI message (status byte + data). Only control change and note on/off are used;
 * everything else (clock, sysex, aftertouch…) gives undefined.
 */
export function parseMidi(data: ArrayLike<number>): MidiEvent | undefined {
  if (data.length < 3) return undefined;
  const status = data[0] & 0xf0;
  const channel = (data[0] & 0x0f) + 1;
  const number = data[1] & 0x7f;
  const raw = data[2] & 0x7f;
  switch (status) {
    case 0xb0:
      return { kind: 'cc', channel, number, value: raw / 127, pressed: raw >= 64 };
    case 0x90:
      return { kind: 'note', channel, number, value: raw / 127, pressed: raw > 0 };
    case 0x80:
      return { kind: 'note', channel, number, value: 0, pressed: false };
    default:
      return undefined;
  }
}

/** Where a mapping listens: `cc:1:74` is CC 74 on channel 1, `note:10:36` note 36 on channel 10. */
export function sourceKey(event: Pick<MidiEvent, 'kind' | 'channel' | 'number'>): string {
  return `${event.kind}:${event.channel}:${event.number}`;
}

/** MIDI source → control id. */
export type MidiMappings = Readonly<Record<string, string>>;

const SOURCE = /^(cc|note):([1-9]|1[0-6]):([0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/;
const storedSchema = z.strictObject({ version: z.literal(1), map: z.record(z.string(), z.string()) });

/**
 * Maps a source to a control (MIDI-learn). A control has one source and a source one control:
 * older mappings of either are replaced.
 */
export function learnMapping(mappings: MidiMappings, controlId: string, event: Pick<MidiEvent, 'kind' | 'channel' | 'number'>): MidiMappings {
  if (!controlSpec(controlId)) return mappings;
  const next: Record<string, string> = {};
  for (const [source, control] of Object.entries(mappings)) if (control !== controlId) next[source] = control;
  next[sourceKey(event)] = controlId;
  return next;
}

/** Removes every mapping of a control. */
export function forgetControl(mappings: MidiMappings, controlId: string): MidiMappings {
  return Object.fromEntries(Object.entries(mappings).filter(([, control]) => control !== controlId));
}

/** The source mapped to a control, for display (e.g. `cc:1:74`). */
export function sourceOf(mappings: MidiMappings, controlId: string): string | undefined {
  return Object.entries(mappings).find(([, control]) => control === controlId)?.[0];
}

/** What a MIDI event does: a fader move, a press, or nothing. */
export type MidiAction = { control: string; kind: 'fader'; unit: number } | { control: string; kind: 'press' } | undefined;

/**
 * The action a MIDI event triggers under some mappings. Faders follow every value; triggers and
 * toggles act on the press only (a pad's release, a knob's way down, do nothing).
 */
export function actionFor(mappings: MidiMappings, event: MidiEvent): MidiAction {
  const control = mappings[sourceKey(event)];
  const spec = control ? controlSpec(control) : undefined;
  if (!spec) return undefined;
  if (spec.kind === 'fader') return { control: spec.id, kind: 'fader', unit: event.value };
  return event.pressed ? { control: spec.id, kind: 'press' } : undefined;
}

/**
 * A CC's button state is level-triggered, not edge-triggered: remember the last level per
 * source so only a rise through the middle counts as a press.
 * @returns the event with `pressed` true only on the rising edge.
 */
export function edgeOnly(event: MidiEvent, lastLevel: Map<string, boolean>): MidiEvent {
  if (event.kind !== 'cc') return event;
  const key = sourceKey(event);
  const was = lastLevel.get(key) ?? false;
  lastLevel.set(key, event.pressed);
  return { ...event, pressed: event.pressed && !was };
}

/** Serialises mappings for localStorage. */
export function saveMappings(mappings: MidiMappings): string {
  return JSON.stringify({ version: 1, map: mappings });
}

/** Reads saved mappings; anything malformed, unknown or stale is dropped. */
export function loadMappings(text: string | null | undefined): MidiMappings {
  if (!text) return {};
  const json = parseJsonSafely(text);
  if (!json.ok) return {};
  const parsed = storedSchema.safeParse(json.value);
  if (!parsed.success) return {};
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [source, control] of Object.entries(parsed.data.map)) {
    if (!SOURCE.test(source) || !controlSpec(control) || seen.has(control)) continue;
    seen.add(control);
    out[source] = control;
  }
  return out;
}
