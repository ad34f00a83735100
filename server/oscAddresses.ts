/**
 * The one table of the show's OSC addresses, both ways: what gear may send the hub (`in`), what the
 * hub sends its OSC targets (`out`), and what goes both ways (`both`: a TouchOSC fader sends it and
 * follows it). `npm start -- --osc-list` prints it and `/oscquery` serves it as OSCQuery JSON, so
 * the list a VJ reads and the list a controller discovers are the same list.
 */
import { PHASES } from '../core/arc/phases.ts';
import { PARAMS } from '../core/params.ts';
import { QR_MODES } from '../core/protocolConstants.ts';
import { OSC_PREFIX } from './oscRoutes.ts';

/** Which way an address goes. */
export type OscDirection = 'in' | 'out' | 'both';

/** One OSC address of the show. */
export interface OscAddress {
  /** Full address, e.g. `/dreamscape/param/glitch`. */
  readonly path: string;
  readonly direction: OscDirection;
  /**
   * OSC type tags of the arguments: `f` float, `i` int, `s` string, `T` a trigger (any or no
   * argument), `''` none. An address that may also be sent bare says so in its description.
   */
  readonly types: 'f' | 'i' | 's' | 'T' | 'sf';
  /** Inclusive range of a number, in the unit the wire carries. */
  readonly range?: readonly [number, number];
  /** The values a string may take. */
  readonly values?: readonly string[];
  readonly description: string;
}

/** The crowd signals the hub sends, all 0..1 except the two counts. */
export const OSC_CROWD_SIGNALS = ['dreamers', 'active', 'participation', 'energy', 'light', 'unity', 'resolve', 'ghosts'] as const;

/** What each crowd signal means, for the list. */
const CROWD_WORDS: Record<(typeof OSC_CROWD_SIGNALS)[number], string> = {
  dreamers: 'phones connected',
  active: 'phones that acted lately',
  participation: 'active / dreamers',
  energy: "the crowd's gesture rate, normalised",
  light: 'share of phones shining light (nightmare)',
  unity: 'how closely pulse taps land on the beat',
  resolve: 'confrontation progress: 1 beats the creature',
  ghosts: 'how much the ghost dreamers carry the show',
};

/** Every OSC address of the show, in the order `--osc-list` prints them. */
export const OSC_ADDRESSES: readonly OscAddress[] = [
  { path: `${OSC_PREFIX}/phase`, direction: 'both', types: 's', values: PHASES, description: 'the phase playing; sent in: go to that phase' },
  { path: `${OSC_PREFIX}/goto`, direction: 'in', types: 's', values: PHASES, description: 'same as /phase' },
  { path: `${OSC_PREFIX}/skip`, direction: 'in', types: 'T', description: "crossfade into the next phase (a button's release, 0, is ignored)" },
  { path: `${OSC_PREFIX}/panic`, direction: 'in', types: 'T', description: "calm dawn at once (a button's release, 0, is ignored)" },
  { path: `${OSC_PREFIX}/preset`, direction: 'in', types: 'sf', description: 'load a preset by name; optional blend seconds 0..120' },
  { path: `${OSC_PREFIX}/oscSync`, direction: 'in', types: 'T', description: 'send every OSC target the whole state again (for a layout opened after the hub)' },
  { path: `${OSC_PREFIX}/follow`, direction: 'in', types: 'i', range: [0, 1], description: "the score follows the music (1) heard by the console's line-in or MIDI clock, or the preset's tempo (0)" },
  { path: `${OSC_PREFIX}/cue/arm`, direction: 'in', types: 'sf', description: 'arm a preset as the cue, optional blend seconds 0..120; no argument disarms' },
  { path: `${OSC_PREFIX}/cue/go`, direction: 'in', types: 'T', description: 'apply the armed cue with its blend' },
  { path: `${OSC_PREFIX}/cueGo`, direction: 'in', types: 'T', description: 'same as /cue/go' },
  { path: `${OSC_PREFIX}/playlist`, direction: 'in', types: 's', description: 'play a playlist (presets/playlists/NAME.json) from its first entry; "" stops' },
  { path: `${OSC_PREFIX}/playlist/skip`, direction: 'in', types: 'T', description: "the playlist's next entry now, with its blend" },
  { path: `${OSC_PREFIX}/playlistSkip`, direction: 'in', types: 'T', description: 'same as /playlist/skip' },
  { path: `${OSC_PREFIX}/playlist/lock`, direction: 'in', types: 'i', range: [0, 1], description: 'lock the entry playing until a skip (1) or not (0)' },
  { path: `${OSC_PREFIX}/playlistLock`, direction: 'in', types: 'i', range: [0, 1], description: 'same as /playlist/lock' },
  { path: `${OSC_PREFIX}/playlist/shuffle`, direction: 'in', types: 'i', range: [0, 1], description: 'shuffle the entries still to come (seeded) (1), or the file order (0)' },
  { path: `${OSC_PREFIX}/playlistShuffle`, direction: 'in', types: 'i', range: [0, 1], description: 'same as /playlist/shuffle' },
  { path: `${OSC_PREFIX}/loop`, direction: 'out', types: 'i', range: [0, 2 ** 31 - 1], description: 'night counter: each loop of the arc is one night' },
  { path: `${OSC_PREFIX}/blackout`, direction: 'both', types: 'i', range: [0, 1], description: 'blackout on (1) or off (0)' },
  { path: `${OSC_PREFIX}/hold`, direction: 'both', types: 'i', range: [0, 1], description: 'hold the current phase' },
  { path: `${OSC_PREFIX}/mute`, direction: 'both', types: 'i', range: [0, 1], description: 'sound muted' },
  { path: `${OSC_PREFIX}/caption`, direction: 'both', types: 'i', range: [0, 1], description: 'phase captions on the wall' },
  { path: `${OSC_PREFIX}/qr`, direction: 'both', types: 's', values: QR_MODES, description: 'how the join code shows' },
  { path: `${OSC_PREFIX}/speed`, direction: 'both', types: 'f', range: [0.1, 8], description: 'speed multiplier of the arc' },
  { path: `${OSC_PREFIX}/intensity`, direction: 'both', types: 'f', range: [0, 1], description: 'master intensity' },
  { path: `${OSC_PREFIX}/volume`, direction: 'both', types: 'f', range: [0, 1], description: 'master volume' },
  { path: `${OSC_PREFIX}/tempo`, direction: 'both', types: 'f', range: [40, 180], description: "the score's tempo, BPM; sent in bare: release the override" },
  { path: `${OSC_PREFIX}/beat`, direction: 'out', types: 'i', range: [0, 2 ** 31 - 1], description: 'beat counter: goes up by one on every beat of the score' },
  ...PARAMS.map(
    (p): OscAddress => ({
      path: `${OSC_PREFIX}/param/${p.name}`,
      direction: 'both',
      types: 'f',
      range: [0, 1],
      description: `${p.label} (0..1 over ${p.min}..${p.max}${p.unit ? ` ${p.unit}` : ''}): ${p.description} Sent in bare: release it.`,
    }),
  ),
  ...OSC_CROWD_SIGNALS.map(
    (name): OscAddress => ({
      path: `${OSC_PREFIX}/crowd/${name}`,
      direction: 'out',
      types: name === 'dreamers' || name === 'active' ? 'i' : 'f',
      range: name === 'dreamers' || name === 'active' ? [0, 1_000_000] : [0, 1],
      description: CROWD_WORDS[name],
    }),
  ),
];


/** The table as text, one address a line, for `--osc-list`. */
export function oscListText(): string {
  const width = Math.max(...OSC_ADDRESSES.map((a) => a.path.length));
  const arrow: Record<OscDirection, string> = { in: 'in  ', out: 'out ', both: 'both' };
  const lines = OSC_ADDRESSES.map((a) => {
    const what = a.values ? `${a.types} ${a.values.join('|')}` : a.range ? `${a.types} ${a.range[0]}..${a.range[1]}` : a.types === 'T' ? 'T (trigger)' : a.types;
    return `${a.path.padEnd(width)}  ${arrow[a.direction]}  ${what.padEnd(28)}  ${a.description}`;
  });
  return [
    'Dreamscape OSC addresses. in: the hub obeys it (--osc-port); out: the hub sends it to --osc-send',
    'targets (each value when it changes, at most 30 times a second); both: either way.',
    '',
    ...lines,
    '',
  ].join('\n');
}
