/**
 * Every control the console offers, named once: the page's buttons and faders, MIDI-learn and
 * the keyboard all act through {@link commandForControl}, so a knob, a key and a click on the
 * same control send the same command. Pure: no DOM.
 */
import { PARAMS, fromUnit, isParamName, type ParamName } from '../../core/params.ts';
import { PHASES } from '../../core/arc/phases.ts';
import type { OperatorCommand } from '../../core/protocol.ts';

/** How a control reacts: a fader takes 0..1, a trigger fires on press, a toggle flips on press. */
export type ControlKind = 'fader' | 'trigger' | 'toggle';

/** One control of the console. */
export interface ControlSpec {
  /** Stable id (stored in MIDI mappings), e.g. `param:glitch`, `master:speed`, `blackout`. */
  id: string;
  label: string;
  kind: ControlKind;
}

/** Speed fader range: 0.25× at the bottom, 1× at 40 %, 8× at the top (exponential, as a DJ expects). */
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 8;

/** Maps a 0..1 fader onto the speed multiplier (exponential). */
export function speedFromUnit(unit: number): number {
  const u = Math.min(1, Math.max(0, Number.isFinite(unit) ? unit : 0));
  return SPEED_MIN * (SPEED_MAX / SPEED_MIN) ** u;
}

/** Inverse of {@link speedFromUnit}. */
export function speedToUnit(speed: number): number {
  const s = Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
  return Math.log(s / SPEED_MIN) / Math.log(SPEED_MAX / SPEED_MIN);
}

/**
 * The console's controls in page order: masters, switches, triggers, every parameter, then a go-to
 * per phase (`goto:1`..`goto:7`, the timeline's buttons: a pad mapped to one lights while its phase plays).
 */
export const CONTROLS: readonly ControlSpec[] = [
  { id: 'master:intensity', label: 'Master intensity', kind: 'fader' },
  { id: 'master:speed', label: 'Speed', kind: 'fader' },
  { id: 'master:volume', label: 'Volume', kind: 'fader' },
  { id: 'mute', label: 'Mute', kind: 'toggle' },
  { id: 'hold', label: 'Hold', kind: 'toggle' },
  { id: 'blackout', label: 'Blackout', kind: 'toggle' },
  { id: 'caption', label: 'Captions', kind: 'toggle' },
  { id: 'skip', label: 'Skip', kind: 'trigger' },
  { id: 'panic', label: 'Panic: calm dawn', kind: 'trigger' },
  { id: 'tap', label: 'Tap tempo', kind: 'trigger' },
  { id: 'cue-go', label: 'Cue: GO', kind: 'trigger' },
  { id: 'playlist-skip', label: 'Playlist: next entry', kind: 'trigger' },
  { id: 'playlist-lock', label: 'Playlist: lock', kind: 'toggle' },
  { id: 'playlist-shuffle', label: 'Playlist: shuffle', kind: 'toggle' },
  ...PARAMS.filter((p) => p.name !== 'intensity' && p.name !== 'volume').map((p) => ({ id: `param:${p.name}`, label: p.label, kind: 'fader' as const })),
  ...PHASES.map((phase, i) => ({ id: `goto:${i + 1}`, label: `Phase ${i + 1}: ${phase}`, kind: 'trigger' as const })),
];

const BY_ID: ReadonlyMap<string, ControlSpec> = new Map(CONTROLS.map((c) => [c.id, c]));

/** @returns the control with this id, if any. */
export function controlSpec(id: string): ControlSpec | undefined {
  return BY_ID.get(id);
}

/** The switches the console needs to know to flip a toggle. */
export interface ToggleState {
  hold: boolean;
  blackout: boolean;
  mute: boolean;
  caption: boolean;
  /** The playlist playing is locked / shuffled (false when none plays). */
  playlistLock?: boolean;
  playlistShuffle?: boolean;
}

/**
 * The command a control sends.
 * @param id a control id from {@link CONTROLS}.
 * @param unit fader position 0..1 (ignored by triggers and toggles).
 * @param state current switches, so a toggle sends the opposite.
 * @returns the command, `'tap'` for the tap-tempo control (the console counts taps itself), or
 *   undefined for an unknown id.
 */
export function commandForControl(id: string, unit: number, state: ToggleState): OperatorCommand | 'tap' | undefined {
  const u = Math.min(1, Math.max(0, Number.isFinite(unit) ? unit : 0));
  if (id.startsWith('param:')) {
    const name = id.slice('param:'.length);
    return isParamName(name) ? { type: 'param', name, value: fromUnit(name as ParamName, u) } : undefined;
  }
  if (id.startsWith('goto:')) {
    const phase = /^goto:[1-7]$/.test(id) ? PHASES[Number(id.slice(5)) - 1] : undefined;
    return phase ? { type: 'goto', phase } : undefined;
  }
  switch (id) {
    case 'master:intensity':
      return { type: 'intensity', value: u };
    case 'master:volume':
      return { type: 'volume', value: u };
    case 'master:speed':
      return { type: 'speed', value: speedFromUnit(u) };
    case 'mute':
    case 'hold':
    case 'blackout':
    case 'caption':
      return { type: id, on: !state[id] };
    case 'skip':
    case 'panic':
      return { type: id };
    case 'tap':
      return 'tap';
    case 'cue-go':
      return { type: 'cueGo' };
    case 'playlist-skip':
      return { type: 'playlistSkip' };
    case 'playlist-lock':
      return { type: 'playlistLock', on: !state.playlistLock };
    case 'playlist-shuffle':
      return { type: 'playlistShuffle', on: !state.playlistShuffle };
    default:
      return undefined;
  }
}
