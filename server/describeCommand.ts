/**
 * An operator command in a few words for the console's log (`goto nightmare`, `param glitch 0.5`),
 * and whether it comes from a continuous control (a fader sends many; the log shows a few).
 */
import type { OperatorCommand } from '../core/protocol.ts';
import { faderKey } from '../core/arc/commands.ts';

/** A command as the log shows it. */
export interface CommandText {
  text: string;
  /** Lines of one key are throttled together: one per fader, one per button. */
  key: string;
  /** A fader or knob (many values a second). */
  continuous: boolean;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** Describes a validated command; faders (from the command table) share a key per control. */
export function describeCommand(command: OperatorCommand): CommandText {
  const fader = faderKey(command);
  return { text: commandText(command), key: fader ?? command.type, continuous: fader !== undefined };
}

function commandText(command: OperatorCommand): string {
  switch (command.type) {
    case 'goto':
      return `goto ${command.phase}`;
    case 'hold':
    case 'mute':
    case 'blackout':
    case 'caption':
      return `${command.type} ${command.on ? 'on' : 'off'}`;
    case 'skip':
    case 'panic':
      return command.type;
    case 'speed':
    case 'intensity':
    case 'volume':
      return `${command.type} ${round(command.value)}`;
    case 'tempo':
      return command.bpm === null ? 'tempo released' : `tempo ${round(command.bpm)} BPM`;
    case 'param':
      return command.value === null ? `param ${command.name} released` : `param ${command.name} ${round(command.value)}`;
    case 'loadPreset':
      return `preset ${command.name}${command.blend > 0 ? ` (blend ${round(command.blend)} s)` : ''}`;
    case 'savePreset':
      return `save preset ${command.name}`;
    case 'qr':
      return `qr ${command.mode}`;
  }
}
