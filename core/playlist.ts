/**
 * Playlists: a night's running order of presets, kept as files beside the presets
 * (`presets/playlists/<name>.json`). Each entry names a preset, the blend it comes in with and,
 * optionally, how long it plays; entries without a duration play until the arc starts a new loop
 * (or until the operator skips, when the playlist says `advance: "manual"`).
 *
 * Also the deck: which entry plays, which comes next, shuffle (seeded, so a night can be told
 * again) and lock. Pure: time is passed in, nothing here touches the show.
 */
import { z } from 'zod';
import { PRESET_NAME, type PresetProblem } from './preset.ts';
import { findUnsafeKey } from './safeKeys.ts';
import { SeededRandom } from './random.ts';

/** Playlist file format version. */
export const PLAYLIST_VERSION = 1;
/** Most entries a playlist holds (a night of five-minute presets is ~150). */
export const MAX_PLAYLIST_ENTRIES = 500;
/** Longest blend, seconds (the same cap as the console's preset blend). */
export const MAX_BLEND_SECONDS = 120;
/** Shortest and longest entry duration, seconds. */
export const MIN_ENTRY_SECONDS = 1;
export const MAX_ENTRY_SECONDS = 24 * 3600;

const presetName = z.string().regex(PRESET_NAME, 'names use a-z, 0-9 and "-" (1..64 characters)');

/** Schema of one entry. */
export const playlistEntrySchema = z
  .strictObject({
    preset: presetName.describe('Name of a preset in the presets folder (its file name without ".json").'),
    blend: z.number().min(0).max(MAX_BLEND_SECONDS).optional().describe(`Seconds of crossfade into this preset (0..${MAX_BLEND_SECONDS}; default 8).`),
    duration: z
      .number()
      .min(MIN_ENTRY_SECONDS)
      .max(MAX_ENTRY_SECONDS)
      .optional()
      .describe(`Seconds this entry plays before the next (${MIN_ENTRY_SECONDS}..${MAX_ENTRY_SECONDS}); without it, the entry plays until the arc starts a new loop.`),
  })
  .describe('One preset in the running order.');

/** Schema of a playlist file. */
export const playlistFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of this JSON Schema, "./schema.json", so editors validate while you type.'),
    version: z.literal(PLAYLIST_VERSION).describe(`Playlist format version (${PLAYLIST_VERSION}).`),
    name: presetName.describe('The file name without ".json": a-z, 0-9 and "-", 1..64 characters.'),
    title: z.string().max(80).optional().describe('Title shown in the console (≤ 80 characters).'),
    advance: z
      .enum(['loop', 'manual'])
      .optional()
      .describe('When an entry without a duration ends: "loop" (default) at each new loop of the arc, "manual" only when the operator skips.'),
    shuffle: z.boolean().optional().describe('Start shuffled (a seeded order: the same seed gives the same night).'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe("Seed of the shuffle (default: the show's seed)."),
    entries: z.array(playlistEntrySchema).min(1).max(MAX_PLAYLIST_ENTRIES).describe('The running order.'),
  })
  .describe('A Dreamscape playlist: the presets of a night, in order.');

/** What a playlist file may contain. */
export type PlaylistFile = z.infer<typeof playlistFileSchema>;

/** Default blend of an entry that names none, seconds. */
export const DEFAULT_ENTRY_BLEND = 8;

/** One entry, with its defaults filled in. */
export interface PlaylistEntry {
  preset: string;
  /** Seconds of crossfade, 0..{@link MAX_BLEND_SECONDS}. */
  blend: number;
  /** Seconds it plays, or null: until the next loop (or a skip). */
  duration: number | null;
}

/** A checked playlist. */
export interface Playlist {
  name: string;
  title: string;
  advance: 'loop' | 'manual';
  shuffle: boolean;
  seed: number | null;
  entries: PlaylistEntry[];
}

/** Result of reading a playlist. */
export type PlaylistResult = { ok: true; playlist: Playlist } | { ok: false; problems: PresetProblem[] };

/**
 * Reads a playlist from parsed JSON: strict (unknown keys refused, with their JSON path).
 * @param input the parsed JSON of a playlist file.
 */
export function readPlaylist(input: unknown): PlaylistResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ path: '', message: 'a playlist must be a JSON object' }] };
  const unsafe = findUnsafeKey(input);
  if (unsafe !== undefined) return { ok: false, problems: [{ path: unsafe, message: 'key not allowed (__proto__, constructor and prototype are never read from a playlist)' }] };
  const parsed = playlistFileSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: [...issue.path, key].map(String).join('.'), message: `unknown key "${key}"` }))
          : [{ path: issue.path.map(String).join('.'), message: issue.message }],
      ),
    };
  }
  const file = parsed.data;
  return {
    ok: true,
    playlist: {
      name: file.name,
      title: file.title ?? file.name,
      advance: file.advance ?? 'loop',
      shuffle: file.shuffle ?? false,
      seed: file.seed ?? null,
      entries: file.entries.map((e) => ({ preset: e.preset, blend: e.blend ?? DEFAULT_ENTRY_BLEND, duration: e.duration ?? null })),
    },
  };
}

/** JSON Schema of a playlist file, for editors (`npm run schema` writes presets/playlists/schema.json). */
export function playlistJsonSchema(): unknown {
  return z.toJSONSchema(playlistFileSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
}

/** The deck: a playlist being played. Immutable: every change returns a new deck. */
export interface Deck {
  playlist: Playlist;
  /** Entry indices in playing order (the file's order, or a seeded shuffle of it). */
  order: number[];
  /** Place in {@link order} of the entry playing now. */
  position: number;
  /** Auto-advance is off: the current entry plays until the operator skips. */
  locked: boolean;
  shuffled: boolean;
  /** Seed of the shuffles; each reshuffle takes the next number, so the night can be told again. */
  seed: number;
  shuffles: number;
  /** When the current entry started, ms (the caller's clock). */
  startedAt: number;
  /** The arc's loop when the current entry started. */
  startLoop: number;
}

/**
 * A seeded order of `count` indices with `first` (when given) at its head: a reshuffle never
 * interrupts what is playing.
 */
export function shuffledOrder(count: number, seed: number, first?: number): number[] {
  const rng = new SeededRandom(seed);
  const order = Array.from({ length: count }, (_, i) => i).filter((i) => i !== first);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return first === undefined ? order : [first, ...order];
}

/**
 * Starts a playlist at its first entry (or the first of its shuffle).
 * @param now the caller's clock, ms; @param loop the arc's loop now; @param showSeed used when the playlist names no seed.
 */
export function startDeck(playlist: Playlist, now: number, loop: number, showSeed: number): Deck {
  const seed = playlist.seed ?? showSeed >>> 0;
  const count = playlist.entries.length;
  const order = playlist.shuffle ? shuffledOrder(count, seed) : Array.from({ length: count }, (_, i) => i);
  return { playlist, order, position: 0, locked: false, shuffled: playlist.shuffle, seed, shuffles: playlist.shuffle ? 1 : 0, startedAt: now, startLoop: loop };
}

/** The entry playing now. */
export function currentEntry(deck: Deck): PlaylistEntry {
  return deck.playlist.entries[deck.order[deck.position]];
}

/** The entry that plays next (the playlist wraps around). */
export function nextEntry(deck: Deck): PlaylistEntry {
  return deck.playlist.entries[deck.order[(deck.position + 1) % deck.order.length]];
}

/**
 * Whether the current entry is over: its duration has passed, or (without one, in `loop` mode) the
 * arc has started a new loop since it began. A locked deck is never due.
 * @param now ms, the clock {@link startDeck} was given; @param loop the arc's loop now.
 */
export function deckDue(deck: Deck, now: number, loop: number): boolean {
  if (deck.locked) return false;
  const entry = currentEntry(deck);
  if (entry.duration !== null) return now - deck.startedAt >= entry.duration * 1000;
  return deck.playlist.advance === 'loop' && loop !== deck.startLoop;
}

/** Moves to the next entry (wrapping around), started now. */
export function advanceDeck(deck: Deck, now: number, loop: number): Deck {
  return { ...deck, position: (deck.position + 1) % deck.order.length, startedAt: now, startLoop: loop };
}

/**
 * Turns shuffle on (a new seeded order, the current entry kept first) or off (the file's order,
 * resuming after the current entry). The entry playing goes on playing either way.
 */
export function shuffleDeck(deck: Deck, on: boolean): Deck {
  const playing = deck.order[deck.position];
  if (!on) return { ...deck, shuffled: false, order: deck.playlist.entries.map((_, i) => i), position: playing };
  const shuffles = deck.shuffles + 1;
  return { ...deck, shuffled: true, shuffles, order: shuffledOrder(deck.order.length, (deck.seed + shuffles * 0x9e3779b1) >>> 0, playing), position: 0 };
}

/**
 * The deck over a new version of its playlist (the file was saved mid-show): the entry playing
 * keeps playing when it is still in the list (same place, or the first entry of its preset).
 */
export function reloadDeck(deck: Deck, playlist: Playlist): Deck {
  const playingIndex = deck.order[deck.position];
  const playing = deck.playlist.entries[playingIndex];
  const same = playlist.entries[playingIndex]?.preset === playing.preset ? playingIndex : playlist.entries.findIndex((e) => e.preset === playing.preset);
  const count = playlist.entries.length;
  const keep = same >= 0 ? same : 0;
  const order = deck.shuffled ? shuffledOrder(count, (deck.seed + deck.shuffles * 0x9e3779b1) >>> 0, keep) : Array.from({ length: count }, (_, i) => i);
  return { ...deck, playlist, order, position: deck.shuffled ? 0 : keep };
}
