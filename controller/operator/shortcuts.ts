/**
 * Keyboard shortcuts of the console: one table, used to handle keys and to list them on the page.
 * Pure: no DOM.
 */

/** One shortcut. `key` is a `KeyboardEvent.key` value (letters in lower case). */
export interface Shortcut {
  key: string;
  /** How the key is shown on the page. */
  label: string;
  /** The control it presses (see controls.ts), or a console action. */
  control: string;
  description: string;
}

/** Every shortcut, in the order the page lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { key: ' ', label: 'Space', control: 'hold', description: 'Hold / release the current phase' },
  { key: 'ArrowRight', label: '→', control: 'skip', description: 'Skip to the next phase (crossfades)' },
  { key: 'b', label: 'B', control: 'blackout', description: 'Blackout on / off' },
  { key: 'p', label: 'P', control: 'panic', description: 'Panic: calm dawn at once, then the next night plays by itself (a held show stays held)' },
  { key: 't', label: 'T', control: 'tap', description: 'Tap tempo' },
  { key: 'm', label: 'M', control: 'mute', description: 'Mute / unmute the sound' },
  { key: 'c', label: 'C', control: 'caption', description: 'Captions on / off' },
  { key: 'g', label: 'G', control: 'cue-go', description: 'Cue: GO (applies the armed preset with its blend)' },
  { key: 'n', label: 'N', control: 'playlist-skip', description: "Playlist: next entry now (with the entry's blend)" },
  { key: '1', label: '1–7', control: 'goto:1', description: 'Go to phase 1..7' },
];

/**
 * The control a key press acts on, or undefined. Keys typed into text fields and keys held with
 * Ctrl/Meta/Alt are not shortcuts.
 */
export function shortcutFor(event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; repeat?: boolean }, typing: boolean): string | undefined {
  if (typing || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return undefined;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (/^[1-7]$/.test(key)) return `goto:${key}`;
  return SHORTCUTS.find((s) => s.key === key && !s.control.startsWith('goto:'))?.control;
}
