/**
 * The console's MIDI gear as one state machine: the mappings (control ← knob or pad), MIDI-learn
 * (pick a control, then move a knob or hit a pad), the MIDI clock, which input each source was
 * last heard on (its lights go back there) and how often a turned knob is logged. Bytes come in with
 * their time; what they mean for the console — a clock to report, a mapping learned, a control
 * pressed — comes out. Pure: no DOM, no Web MIDI; times are `performance.now()` ms passed in.
 */
import { controlSpec } from './controls.ts';
import { clockMessage, IDLE_CLOCK, type MidiClock } from './midiClock.ts';
import { actionFor, edgeOnly, learnMapping, parseMidi, sourceKey, type MidiMappings } from './midiMapping.ts';

/** Least gap between two log lines of one MIDI fader, ms (a knob turned sends dozens a second). */
export const MIDI_FADER_LOG_MS = 1000;

/** What some MIDI bytes meant. */
export type MidiHeard =
  /** Clock bytes: `tell` when the hub should hear it at once (start, stop, continue, song position). */
  | { kind: 'clock'; tell: boolean }
  /** In learn mode: this mapping was learned (the caller keeps the mappings and logs `line`). */
  | { kind: 'learned'; mappings: MidiMappings; line: string }
  /** A mapped control was moved or hit: press it at `unit` (0..1; 1 for pads); `line` to log, or null (a knob logged under a second ago). */
  | { kind: 'press'; control: string; unit: number; line: string | null };

/** The learn panel's sentence. */
export function learnInfo(learning: boolean, target?: string): string {
  if (!learning) return 'Learn: press “MIDI learn”, click a control, move a knob or hit a pad.';
  if (target === undefined) return 'Learning: click a control, then move a knob or hit a pad.';
  return `Learning ${controlSpec(target)?.label}: move a knob or hit a pad.`;
}

const CLOCK_BYTES = new Set([0xf8, 0xfa, 0xfb, 0xfc, 0xf2]);

/** See the module comment. One per console page. */
export class MidiDesk {
  /** In learn mode, a click picks a control instead of pressing it. */
  learning = false;
  /** The control picked to learn, once clicked. */
  learnTarget: string | undefined;
  clock: MidiClock = IDLE_CLOCK;
  private readonly ccLevels = new Map<string, boolean>();
  private readonly heardOn = new Map<string, string>();
  private readonly logged = new Map<string, number>();

  constructor(public mappings: MidiMappings) {}

  /** Learn mode on or off (either way, no control is picked yet). */
  learn(on: boolean): void {
    this.learning = on;
    this.learnTarget = undefined;
  }

  /** @returns true when the control can be learned (it is now the one picked). */
  pick(control: string): boolean {
    if (!this.learning || !controlSpec(control)) return false;
    this.learnTarget = control;
    return true;
  }

  /** @returns the input the source (`sourceKey`) was last heard on, for its lights. */
  inputOf(source: string): string | undefined {
    return this.heardOn.get(source);
  }

  /**
   * @param at the bytes' own time stamp; @param from the input's name; @param now `performance.now()`.
   * @returns what they meant, or null (not for the console, or an unmapped source).
   */
  hear(data: Uint8Array, at: number, from: string, now: number): MidiHeard | null {
    const status = data[0];
    if (CLOCK_BYTES.has(status)) {
      this.clock = clockMessage(this.clock, data, at);
      // A stop is told at once (the hub falls back); pulses are reported by the music loop.
      return { kind: 'clock', tell: status !== 0xf8 };
    }
    const raw = parseMidi(data);
    if (!raw) return null;
    this.heardOn.set(sourceKey(raw), from);
    const event = edgeOnly(raw, this.ccLevels);
    if (this.learning && this.learnTarget) {
      const target = this.learnTarget;
      this.mappings = learnMapping(this.mappings, target, event);
      this.learn(false);
      return { kind: 'learned', mappings: this.mappings, line: `MIDI: ${controlSpec(target)?.label ?? target} ← ${event.kind} ${event.number} (channel ${event.channel})` };
    }
    const action = actionFor(this.mappings, event);
    if (!action) return null;
    const unit = action.kind === 'fader' ? action.unit : undefined;
    return { kind: 'press', control: action.control, unit: unit ?? 1, line: this.logLine(action.control, unit, now) };
  }

  /** Every pad press is logged, a fader at most once a {@link MIDI_FADER_LOG_MS}. */
  private logLine(control: string, unit: number | undefined, now: number): string | null {
    const label = controlSpec(control)?.label ?? control;
    if (unit === undefined) return `MIDI: ${label}`;
    if (now - (this.logged.get(control) ?? -Infinity) < MIDI_FADER_LOG_MS) return null;
    this.logged.set(control, now);
    return `MIDI: ${label} ${Math.round(unit * 100)}%`;
  }
}
