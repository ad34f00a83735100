/**
 * The VJ's running order and cue on the hub: plays a playlist (advancing at each new loop of the
 * arc or after an entry's duration, unless locked), shuffles it, and keeps one armed cue that "go"
 * applies with its blend. Presets are applied through the same path as the console's "load", so
 * every wall crossfades and the night's recording keeps the switch.
 */
import { z } from 'zod';
import { MAX_BLEND_SECONDS, MAX_PLAYLIST_ENTRIES, advanceDeck, currentEntry, deckDue, reloadDeck, shuffleDeck, startDeck, type Deck, type PlaylistEntry } from '../core/playlist.ts';
import { PRESET_NAME, describeProblems } from '../core/preset.ts';
import type { CommandResult, PlaylistView } from '../core/protocol.ts';
import type { Logger } from './log.ts';
import type { PlaylistStore } from './PlaylistStore.ts';

/** The playlist and cue as the state file keeps them, so a restarted hub plays on where it was. */
export const savedPlaylistSchema = z.strictObject({
  active: z
    .strictObject({
      name: z.string().regex(PRESET_NAME),
      order: z.array(z.number().int().min(0).max(MAX_PLAYLIST_ENTRIES - 1)).max(MAX_PLAYLIST_ENTRIES),
      position: z.number().int().min(0).max(MAX_PLAYLIST_ENTRIES - 1),
      locked: z.boolean(),
      shuffled: z.boolean(),
      seed: z.number().int().min(0).max(2 ** 32 - 1),
      shuffles: z.number().int().min(0).max(2 ** 31),
      /** Ms the entry playing had played. */
      playedMs: z.number().finite().min(0),
    })
    .nullable(),
  cue: z.strictObject({ name: z.string().regex(PRESET_NAME), blend: z.number().min(0).max(MAX_BLEND_SECONDS) }).nullable(),
});
/** A saved playlist and cue. */
export type SavedPlaylist = z.infer<typeof savedPlaylistSchema>;

/** What the player needs from the hub. */
export interface PlaylistPlayerHooks {
  /** Applies a preset with a blend (seconds), as the console's "load" does. */
  load(name: string, blend: number): CommandResult;
  /** The arc's loop now. */
  loop(): number;
  /** The show's seed (the shuffle's, when a playlist names none). */
  seed(): number;
  /** Tells the consoles something went wrong (a preset missing, a broken playlist file). */
  notice(message: string): void;
  /** The view changed: send it to the consoles. */
  changed(view: PlaylistView): void;
  /** The hub's clock, ms. Default `Date.now`. */
  now?(): number;
}

/** Plays playlists and cues. */
export class PlaylistPlayer {
  private deck: Deck | null = null;
  private cue: { name: string; blend: number } | null = null;
  private readonly now: () => number;

  constructor(
    private readonly store: PlaylistStore,
    private readonly hooks: PlaylistPlayerHooks,
    private readonly log: Logger,
  ) {
    this.now = hooks.now ?? Date.now;
    store.on('change', () => this.changed());
    store.on('updated', (name: string) => {
      if (this.deck?.playlist.name !== name) return;
      const playlist = store.get(name);
      if (!playlist) return;
      // The entry playing goes on playing; what comes next follows the new file.
      this.deck = reloadDeck(this.deck, playlist);
      this.log.info({ playlist: name }, 'playing playlist changed on disk: running order updated');
      this.changed();
    });
    store.on('problem', (problem: { file: string; problems: { path: string; message: string }[] }) => {
      const playing = this.deck && problem.file === `${this.deck.playlist.name}.json`;
      this.hooks.notice(`playlist ${problem.file} refused${playing ? ' (the playlist keeps playing its last good version)' : ''}: ${describeProblems(problem.problems).replace(/\n/g, '; ')}`);
    });
  }

  /** Starts a playlist at its first entry, or stops when `name` is null. */
  play(name: string | null): CommandResult {
    if (name === null) {
      this.deck = null;
      this.changed();
      return { ok: true };
    }
    const playlist = this.store.get(name);
    if (!playlist) {
      const problems = this.store.problems(name);
      return { ok: false, error: problems ? `playlist "${name}" is broken: ${describeProblems(problems).replace(/\n/g, '; ')}` : `no playlist named "${name}" in presets/playlists/` };
    }
    const deck = startDeck(playlist, this.now(), this.hooks.loop(), this.hooks.seed());
    const applied = this.applyFrom(deck);
    if (!applied) return { ok: false, error: `playlist "${name}" names no preset that can be loaded` };
    this.deck = applied;
    this.log.info({ playlist: name }, 'playlist started');
    this.changed();
    return { ok: true };
  }

  /** The next entry now. */
  skip(): CommandResult {
    if (!this.deck) return { ok: false, error: 'no playlist is playing' };
    return this.advance();
  }

  /** Locks (or unlocks) the entry playing. */
  lock(on: boolean): CommandResult {
    if (!this.deck) return { ok: false, error: 'no playlist is playing' };
    // Unlocking starts the entry's time afresh: a long lock must not skip the moment it ends.
    this.deck = { ...this.deck, locked: on, ...(on ? {} : { startedAt: this.now(), startLoop: this.hooks.loop() }) };
    this.changed();
    return { ok: true };
  }

  /** Shuffles what is still to come, or goes back to the file's order. */
  shuffle(on: boolean): CommandResult {
    if (!this.deck) return { ok: false, error: 'no playlist is playing' };
    this.deck = shuffleDeck(this.deck, on);
    this.changed();
    return { ok: true };
  }

  /** Arms a preset as the cue (null disarms). The preset must load now. */
  arm(name: string | null, blend: number): CommandResult {
    if (name === null) {
      this.cue = null;
      this.changed();
      return { ok: true };
    }
    this.cue = { name, blend };
    this.changed();
    return { ok: true };
  }

  /** Applies the armed cue with its blend, then disarms it. */
  go(): CommandResult {
    if (!this.cue) return { ok: false, error: 'no cue is armed' };
    const result = this.hooks.load(this.cue.name, this.cue.blend);
    if (!result.ok) return result;
    this.log.info({ preset: this.cue.name, blend: this.cue.blend }, 'cue gone');
    this.cue = null;
    this.changed();
    return result;
  }

  /**
   * Advances the playlist when its entry is over. Called on the hub's clock; does nothing (and
   * allocates nothing) while the entry plays on.
   */
  poll(): void {
    if (!this.deck || !deckDue(this.deck, this.now(), this.hooks.loop())) return;
    this.advance();
  }

  /** The playlist and cue, for the state file. */
  save(): SavedPlaylist {
    const deck = this.deck;
    return {
      active: deck
        ? {
            name: deck.playlist.name,
            order: deck.order.slice(),
            position: deck.position,
            locked: deck.locked,
            shuffled: deck.shuffled,
            seed: deck.seed,
            shuffles: deck.shuffles,
            playedMs: Math.max(0, this.now() - deck.startedAt),
          }
        : null,
      cue: this.cue ? { ...this.cue } : null,
    };
  }

  /**
   * Plays on from a saved playlist and cue (a restart, or a resumed show): the entry that was
   * playing goes on (its preset is already the show's), with the time it had played. A playlist
   * that is gone or changed shape since is picked up at the same place in its new order, or dropped.
   * @returns what was resumed, for the log.
   */
  resume(saved: SavedPlaylist): { playlist: string | null; cue: string | null } {
    this.cue = saved.cue;
    const active = saved.active;
    const playlist = active ? this.store.get(active.name) : undefined;
    if (active && playlist) {
      const count = playlist.entries.length;
      // The saved order must still be a full order of the file's entries; else the file's own order.
      const valid = active.order.length === count && new Set(active.order).size === count && active.order.every((i) => i < count);
      const order = valid ? active.order : playlist.entries.map((_, i) => i);
      const now = this.now();
      this.deck = {
        playlist,
        order,
        position: Math.min(active.position, count - 1),
        locked: active.locked,
        shuffled: valid && active.shuffled,
        seed: active.seed,
        shuffles: active.shuffles,
        startedAt: now - active.playedMs,
        startLoop: this.hooks.loop(),
      };
    } else if (active) {
      this.log.warn({ playlist: active.name }, 'the saved playlist is gone or broken: the show plays on without it');
    }
    this.changed();
    return { playlist: this.deck?.playlist.name ?? null, cue: this.cue?.name ?? null };
  }

  /** What the consoles show. */
  view(): PlaylistView {
    const deck = this.deck;
    return {
      playlists: this.store.list(),
      active: deck
        ? {
            name: deck.playlist.name,
            title: deck.playlist.title,
            entries: deck.order.map((i) => ({ ...deck.playlist.entries[i] })),
            position: deck.position,
            advance: deck.playlist.advance,
            locked: deck.locked,
            shuffled: deck.shuffled,
            startedAt: deck.startedAt,
          }
        : null,
      cue: this.cue ? { ...this.cue } : null,
    };
  }

  private advance(): CommandResult {
    if (!this.deck) return { ok: false, error: 'no playlist is playing' };
    const next = this.applyFrom(advanceDeck(this.deck, this.now(), this.hooks.loop()));
    if (!next) {
      // Nothing in the list loads any more: stop rather than retry every tick.
      this.hooks.notice(`playlist ${this.deck.playlist.name}: no entry's preset can be loaded; the playlist stopped (the show plays on)`);
      this.deck = null;
      this.changed();
      return { ok: false, error: 'no entry of the playlist can be loaded' };
    }
    this.deck = next;
    this.changed();
    return { ok: true };
  }

  /**
   * Applies the deck's current entry; an entry whose preset is missing or broken is passed over
   * (with a notice) for the next. @returns the deck at the entry applied, or null when none loads.
   */
  private applyFrom(deck: Deck): Deck | null {
    let at = deck;
    for (let tries = 0; tries < deck.order.length; tries++) {
      const entry: PlaylistEntry = currentEntry(at);
      const result = this.hooks.load(entry.preset, entry.blend);
      if (result.ok) {
        this.log.info({ playlist: deck.playlist.name, preset: entry.preset, blend: entry.blend }, 'playlist entry playing');
        return at;
      }
      this.hooks.notice(`playlist ${deck.playlist.name}: entry ${at.order[at.position] + 1} (${entry.preset}) passed over: ${result.error}`);
      at = advanceDeck(at, at.startedAt, at.startLoop);
    }
    return null;
  }

  private changed(): void {
    this.hooks.changed(this.view());
  }
}
