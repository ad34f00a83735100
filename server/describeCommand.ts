/**
 * An operator command in a few words for the console's log (`goto nightmare`, `param glitch 0.5`),
 * and whether it comes from a continuous control (a fader sends many; the log shows a few).
 */
import type { OperatorCommand } from '../core/protocol.ts';

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

/** Describes a validated command. */
export function describeCommand(command: OperatorCommand): CommandText {
  switch (command.type) {
    case 'goto':
      return { text: `goto ${command.phase}`, key: 'goto', continuous: false };
    case 'hold':
    case 'mute':
    case 'blackout':
    case 'caption':
      return { text: `${command.type} ${command.on ? 'on' : 'off'}`, key: command.type, continuous: false };
    case 'skip':
    case 'panic':
      return { text: command.type, key: command.type, continuous: false };
    case 'speed':
    case 'intensity':
    case 'volume':
      return { text: `${command.type} ${round(command.value)}`, key: command.type, continuous: true };
    case 'tempo':
      return { text: command.bpm === null ? 'tempo released' : `tempo ${round(command.bpm)} BPM`, key: 'tempo', continuous: true };
    case 'param':
      return { text: command.value === null ? `param ${command.name} released` : `param ${command.name} ${round(command.value)}`, key: `param:${command.name}`, continuous: true };
    case 'loadPreset':
      return { text: `preset ${command.name}${command.blend > 0 ? ` (blend ${round(command.blend)} s)` : ''}`, key: 'loadPreset', continuous: false };
    case 'savePreset':
      return { text: `save preset ${command.name}`, key: 'savePreset', continuous: false };
    case 'qr':
      return { text: `qr ${command.mode}`, key: 'qr', continuous: false };
    case 'follow':
      return { text: `follow the music ${command.on ? 'on' : 'off'}`, key: 'follow', continuous: false };
    case 'beat':
      return { text: command.bpm === null ? `${command.source} beat lost` : `${command.source} beat ${round(command.bpm)} BPM`, key: `beat:${command.source}`, continuous: true };
  }
}
