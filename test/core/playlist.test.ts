import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  advanceDeck,
  currentEntry,
  deckDue,
  nextEntry,
  playlistJsonSchema,
  readPlaylist,
  reloadDeck,
  shuffleDeck,
  shuffledOrder,
  startDeck,
  MAX_PLAYLIST_ENTRIES,
  type Playlist,
} from '../../core/playlist.ts';

const presetsDir = resolve(import.meta.dirname, '..', '..', 'presets');

function playlist(over: Record<string, unknown> = {}): Playlist {
  const r = readPlaylist({ version: 1, name: 'night', entries: [{ preset: 'a' }, { preset: 'b', blend: 2 }, { preset: 'c', duration: 60 }], ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.playlist;
}

describe('playlist files', () => {
  it('reads a playlist and fills the defaults', () => {
    const p = playlist();
    expect(p).toEqual({
      name: 'night',
      title: 'night',
      advance: 'loop',
      shuffle: false,
      seed: null,
      entries: [
        { preset: 'a', blend: 8, duration: null },
        { preset: 'b', blend: 2, duration: null },
        { preset: 'c', blend: 8, duration: 60 },
      ],
    });
  });

  it('refuses hostile and broken files with the JSON path of the problem', () => {
    const problemsOf = (input: unknown) => {
      const r = readPlaylist(input);
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.problems;
    };
    const base = { version: 1, name: 'night', entries: [{ preset: 'a' }] };
    expect(problemsOf(null)[0].message).toMatch(/JSON object/);
    expect(problemsOf([base])[0].message).toMatch(/JSON object/);
    expect(problemsOf('night')[0].message).toMatch(/JSON object/);
    expect(problemsOf({ ...base, version: 2 })[0].path).toBe('version');
    expect(problemsOf({ ...base, entries: [] })[0].path).toBe('entries');
    expect(problemsOf({ ...base, entries: [{ preset: 'a', blnd: 3 }] })[0]).toEqual({ path: 'entries.0.blnd', message: 'unknown key "blnd"' });
    expect(problemsOf({ ...base, colour: 'red' })[0]).toEqual({ path: 'colour', message: 'unknown key "colour"' });
    expect(problemsOf({ ...base, entries: [{ preset: '../../etc/passwd' }] })[0].path).toBe('entries.0.preset');
    expect(problemsOf({ ...base, entries: [{ preset: 'constructor' }] })[0].path).toBe('entries.0.preset');
    expect(problemsOf({ ...base, entries: [{ preset: 'a', blend: -1 }] })[0].path).toBe('entries.0.blend');
    expect(problemsOf({ ...base, entries: [{ preset: 'a', blend: 1e9 }] })[0].path).toBe('entries.0.blend');
    expect(problemsOf({ ...base, entries: [{ preset: 'a', duration: 0 }] })[0].path).toBe('entries.0.duration');
    expect(problemsOf({ ...base, entries: [{ preset: 'a', duration: 'ten' }] })[0].path).toBe('entries.0.duration');
    expect(problemsOf({ ...base, advance: 'sometimes' })[0].path).toBe('advance');
    expect(problemsOf({ ...base, seed: 1.5 })[0].path).toBe('seed');
    expect(problemsOf({ ...base, entries: Array.from({ length: MAX_PLAYLIST_ENTRIES + 1 }, () => ({ preset: 'a' })) })[0].path).toBe('entries');
    expect(problemsOf(JSON.parse('{"version":1,"name":"night","entries":[{"preset":"a"}],"__proto__":{"polluted":true}}'))[0].message).toMatch(/not allowed/);
    expect(problemsOf(JSON.parse('{"version":1,"name":"night","entries":[{"preset":"a","constructor":{"prototype":{}}}]}'))[0].message).toMatch(/not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ships a JSON Schema for editors that is up to date (npm run schema)', () => {
    const onDisk: unknown = JSON.parse(readFileSync(join(presetsDir, 'playlists', 'schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(playlistJsonSchema())));
  });

  it('ships sample playlists that read and name presets that ship', () => {
    const presets = new Set(readdirSync(presetsDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)));
    const files = readdirSync(join(presetsDir, 'playlists')).filter((f) => f.endsWith('.json') && f !== 'schema.json');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const r = readPlaylist(JSON.parse(readFileSync(join(presetsDir, 'playlists', file), 'utf8')));
      expect(r.ok, file).toBe(true);
      if (!r.ok) continue;
      expect(`${r.playlist.name}.json`).toBe(file);
      for (const e of r.playlist.entries) expect(presets.has(e.preset), `${file}: ${e.preset}`).toBe(true);
    }
  });
});

describe('the deck', () => {
  it('advances at each new loop of the arc, and after an entry\'s duration', () => {
    let deck = startDeck(playlist(), 1000, 0, 7);
    expect(currentEntry(deck).preset).toBe('a');
    expect(nextEntry(deck).preset).toBe('b');
    expect(deckDue(deck, 10_000_000, 0)).toBe(false); // no duration: time alone never ends it
    expect(deckDue(deck, 1000, 1)).toBe(true);
    deck = advanceDeck(deck, 2000, 1);
    expect(currentEntry(deck).preset).toBe('b');
    expect(deckDue(deck, 3000, 1)).toBe(false);
    deck = advanceDeck(deck, 3000, 2);
    expect(currentEntry(deck).preset).toBe('c');
    // A duration wins over the loop.
    expect(deckDue(deck, 3000 + 59_999, 5)).toBe(false);
    expect(deckDue(deck, 3000 + 60_000, 2)).toBe(true);
    deck = advanceDeck(deck, 63_000, 2);
    expect(currentEntry(deck).preset).toBe('a'); // wraps around
  });

  it('never advances by itself when locked or in manual mode', () => {
    const locked = { ...startDeck(playlist(), 0, 0, 7), locked: true };
    expect(deckDue(locked, 1e9, 9)).toBe(false);
    const manual = startDeck(playlist({ advance: 'manual' }), 0, 0, 7);
    expect(deckDue(manual, 1e9, 9)).toBe(false);
  });

  it('shuffles by its seed: the same seed the same night, every entry once, the one playing kept', () => {
    expect(shuffledOrder(20, 3)).toEqual(shuffledOrder(20, 3));
    expect(shuffledOrder(20, 3)).not.toEqual(shuffledOrder(20, 4));
    expect([...shuffledOrder(20, 3)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(shuffledOrder(20, 3, 11)[0]).toBe(11);
    const entries = Array.from({ length: 12 }, (_, i) => ({ preset: `p${i}` }));
    let deck = startDeck(playlist({ entries }), 0, 0, 7);
    deck = advanceDeck(advanceDeck(deck, 0, 1), 0, 2);
    expect(currentEntry(deck).preset).toBe('p2');
    const shuffled = shuffleDeck(deck, true);
    expect(currentEntry(shuffled).preset).toBe('p2');
    expect(shuffled.order).not.toEqual(deck.order);
    const back = shuffleDeck(shuffled, false);
    expect(currentEntry(back).preset).toBe('p2');
    expect(nextEntry(back).preset).toBe('p3');
    // A playlist that starts shuffled follows its own seed whatever the show's.
    const a = startDeck(playlist({ entries, shuffle: true, seed: 42 }), 0, 0, 1);
    const b = startDeck(playlist({ entries, shuffle: true, seed: 42 }), 0, 0, 2);
    expect(a.order).toEqual(b.order);
  });

  it('keeps the entry playing when its file is saved with another running order', () => {
    let deck = startDeck(playlist(), 0, 0, 7);
    deck = advanceDeck(deck, 0, 1); // b
    const edited = playlist({ entries: [{ preset: 'x' }, { preset: 'b' }, { preset: 'y' }] });
    const reloaded = reloadDeck(deck, edited);
    expect(currentEntry(reloaded).preset).toBe('b');
    expect(nextEntry(reloaded).preset).toBe('y');
    const gone = reloadDeck(deck, playlist({ entries: [{ preset: 'z' }] }));
    expect(currentEntry(gone).preset).toBe('z');
  });
});
