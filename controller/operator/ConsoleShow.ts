/**
 * What the console knows of the show, as one state machine: the hub's last status, the preset list,
 * the playlist and its cue, the toggles (hold, blackout, mute, caption, the playlist's lock and
 * shuffle) and the last command's answer. The hub's messages and the console's own commands come in;
 * the state the panels render, what changed and the log lines to write come out. Pure: no DOM.
 */
import type { CommandResult, OperatorCommand, OperatorStatus, PlaylistView, PresetListing } from '../../core/protocol.ts';
import type { ToggleState } from './controls.ts';

/** A line for the console's log. */
export interface LogLine {
  message: string;
  kind: 'info' | 'error';
}

/** What a new status changed that the page shows beyond re-rendering. */
export interface StatusChange {
  /** Another preset plays: the preset list marks it. */
  presetChanged: boolean;
  /** The hub began or stopped failing to write its state file: logged once per change. */
  alarm: LogLine | null;
}

/** The toggles a command flips at once (before the next status says so). */
const FLIPPED = ['hold', 'blackout', 'mute', 'caption'] as const;

/** See the module comment. One per console page. */
export class ConsoleShow {
  status: OperatorStatus | undefined;
  presets: PresetListing[] = [];
  playlist: PlaylistView | undefined;
  /** The last command's answer, with the command it answered. */
  lastResult: (CommandResult & { command: OperatorCommand['type'] }) | undefined;
  readonly toggles: ToggleState = { hold: false, blackout: false, mute: false, caption: false, playlistLock: false, playlistShuffle: false };

  /** The hub's state file cannot be written (disk full or read-only). */
  get persistFailing(): boolean {
    return this.status?.health.persist === 'failing';
  }

  /** A status from the hub: the toggles follow it. */
  onStatus(next: OperatorStatus): StatusChange {
    const presetChanged = next.preset !== this.status?.preset;
    const failing = next.health.persist === 'failing';
    const alarm: LogLine | null =
      failing === this.persistFailing
        ? null
        : failing
          ? { message: 'ALARM: the hub cannot write its state file (disk full or read-only); the show is kept in memory', kind: 'error' }
          : { message: 'the state file is written again', kind: 'info' };
    this.status = next;
    this.toggles.hold = next.hold;
    this.toggles.blackout = next.flags.blackout;
    this.toggles.mute = next.flags.mute;
    this.toggles.caption = next.flags.caption;
    return { presetChanged, alarm };
  }

  /** @returns a log line for each preset file that broke since the last list. */
  onPresets(list: PresetListing[]): LogLine[] {
    const broken = list.filter((p) => p.error && !this.presets.find((q) => q.name === p.name)?.error);
    this.presets = list;
    return broken.map((p) => ({
      message: `preset ${p.name}.json is broken: ${p.error?.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`,
      kind: 'error',
    }));
  }

  /** @returns true when another preset is armed on the cue (the preset list marks it). */
  onPlaylist(view: PlaylistView): boolean {
    const cueChanged = view.cue?.name !== this.playlist?.cue?.name;
    this.playlist = view;
    this.toggles.playlistLock = view.active?.locked ?? false;
    this.toggles.playlistShuffle = view.active?.shuffled ?? false;
    return cueChanged;
  }

  /** @returns true when the command flipped a toggle (a second press before the next status does the right thing). */
  sent(command: OperatorCommand): boolean {
    for (const id of FLIPPED) {
      if (command.type === id) {
        this.toggles[id] = command.on;
        return true;
      }
    }
    return false;
  }

  /**
   * The hub answered a command (or it timed out).
   * @param quietCode a refusal with this code is logged as information (the caller handles it).
   * @param via `MIDI` when a knob or pad sent it: the log says so.
   * @returns the log line, or null when a success is not worth a line.
   */
  answered(command: OperatorCommand, result: CommandResult, quietCode?: string, via?: 'MIDI'): LogLine | null {
    this.lastResult = { ...result, command: command.type };
    return resultLine(command, result, quietCode, via);
  }
}

/** @returns the log line for a command's answer, or null (most successes go unlogged: the status shows them). */
export function resultLine(command: OperatorCommand, result: CommandResult, quietCode?: string, via?: 'MIDI'): LogLine | null {
  const prefix = via ? `${via}: ` : '';
  if (!result.ok) return { message: `${prefix}${command.type}: ${result.error}`, kind: quietCode !== undefined && result.code === quietCode ? 'info' : 'error' };
  if (command.type === 'cueGo' || command.type === 'playlist') return { message: `${command.type === 'cueGo' ? 'cue GO' : 'playlist'} ok`, kind: 'info' };
  if (command.type === 'loadPreset' || command.type === 'savePreset' || command.type === 'panic') {
    return { message: `${command.type} ok${'name' in command ? ` (${command.name})` : ''}`, kind: 'info' };
  }
  return null;
}

/** @returns the log line for a command that could not be sent (no live link). */
export function notSentLine(command: OperatorCommand, via?: 'MIDI'): LogLine {
  return { message: `${via ? `${via}: ` : ''}not connected: ${command.type} not sent`, kind: 'error' };
}
