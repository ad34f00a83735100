/**
 * LED feedback for MIDI controllers: a pad mapped to a toggle (blackout, hold, mute, captions) lights
 * while it is on, and a pad mapped to a phase's go-to lights while that phase plays. Pure: it says
 * which bytes to send, only for lights that change (or all of them after `reset`); the console sends
 * them to the output port of the controller the pad belongs to.
 */
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import type { MidiMappings } from './midiMapping.ts';
import type { ToggleState } from './controls.ts';

/** What the lights show. */
export interface LedState {
  toggles: ToggleState;
  phase: PhaseName | undefined;
}

/** One message to send: the mapping's source (to find its device) and the three bytes. */
export interface LedMessage {
  source: string;
  bytes: [number, number, number];
}

/** Velocity / CC value of a lit pad (most controllers: full brightness or their default colour). */
export const LED_ON = 127;

/** @returns whether the control a source is mapped to is lit in this state; undefined for controls with no light. */
function lit(control: string, state: LedState): boolean | undefined {
  switch (control) {
    case 'blackout':
    case 'hold':
    case 'mute':
    case 'caption':
      return state.toggles[control];
    default:
      if (/^goto:[1-7]$/.test(control)) return state.phase !== undefined && PHASES[Number(control.slice(5)) - 1] === state.phase;
      return undefined;
  }
}

/** Remembers what each light was last told, so only changes go out. */
export class LedFeedback {
  private readonly sent = new Map<string, boolean>();

  /** Forgets what was sent: the next {@link update} sends every light (a controller just plugged in). */
  reset(): void {
    this.sent.clear();
  }

  /**
   * The messages that bring the lights to this state.
   * @returns note-on (velocity {@link LED_ON} or 0) for a note source, a CC of 127 or 0 for a CC source.
   */
  update(mappings: MidiMappings, state: LedState): LedMessage[] {
    const out: LedMessage[] = [];
    const seen = new Set<string>();
    for (const [source, control] of Object.entries(mappings)) {
      const on = lit(control, state);
      if (on === undefined) continue;
      seen.add(source);
      if (this.sent.get(source) === on) continue;
      const match = /^(cc|note):(\d+):(\d+)$/.exec(source);
      if (!match) continue;
      const channel = Number(match[2]) - 1;
      const status = (match[1] === 'cc' ? 0xb0 : 0x90) | (channel & 0x0f);
      out.push({ source, bytes: [status, Number(match[3]) & 0x7f, on ? LED_ON : 0] });
      this.sent.set(source, on);
    }
    // A pad whose mapping went away keeps no memory: mapped again, it is told afresh.
    for (const source of [...this.sent.keys()]) if (!seen.has(source)) this.sent.delete(source);
    return out;
  }
}
