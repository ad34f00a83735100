/**
 * The playlist store: every `*.json` in `presets/playlists/`, kept loaded and watched like the
 * presets (fs.watch with a short debounce, plus a periodic rescan). A broken file is refused with
 * its JSON path and reason, logged and reported; `get` keeps answering with the last good version,
 * so a typo saved mid-show never stops the playlist that is playing.
 */
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { lstat, mkdir, readFile, readdir, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { PresetProblem } from '../core/preset.ts';
import { PRESET_NAME } from '../core/preset.ts';
import { readPlaylist, type Playlist } from '../core/playlist.ts';
import type { PlaylistListing } from '../core/protocol.ts';
import { isInsideDir, presetNameOfFile } from './presetPaths.ts';
import { RESCAN_MS, WATCH_DEBOUNCE_MS } from './PresetStore.ts';

/** Folder of the playlists, inside the presets folder. */
export const PLAYLIST_DIR = 'playlists';
/** Largest playlist file read, bytes. */
export const MAX_PLAYLIST_BYTES = 128 * 1024;

/** A refused playlist file, as the `'problem'` event reports it. */
export interface PlaylistFileProblem {
  /** File name inside the playlists folder, e.g. `saturday.json`. */
  file: string;
  problems: PresetProblem[];
}

interface Entry {
  raw: string;
  good?: Playlist;
  problems?: PresetProblem[];
}

/**
 * Loads and watches the playlists of one presets folder.
 *
 * Events: `'change'` () when the listing changed; `'updated'` (name) when a new good version of a
 * known playlist was read; `'problem'` ({@link PlaylistFileProblem}) when a file was refused.
 */
export class PlaylistStore extends EventEmitter {
  private dir = '';
  private readonly entries = new Map<string, Entry>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;
  private closed = false;
  private lastListing = '';

  /** @param presetDir the presets folder; playlists live in its `playlists/` (created if missing). */
  constructor(
    private readonly presetDir: string,
    private readonly log: Logger,
  ) {
    super();
  }

  /** Loads every playlist and starts watching. */
  async start(): Promise<void> {
    const wanted = join(resolve(this.presetDir), PLAYLIST_DIR);
    await mkdir(wanted, { recursive: true });
    this.dir = await realpath(wanted);
    await this.rescan();
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scheduleRescan());
      this.watcher.on('error', (err) => this.log.warn({ err }, 'playlist folder watch failed; relying on rescans'));
    } catch (err) {
      this.log.warn({ err }, 'cannot watch the playlist folder; relying on rescans');
    }
    this.timer = setInterval(() => void this.rescan(), RESCAN_MS);
    this.timer.unref();
  }

  /** Waits for a rescan of the folder (tests, and callers that just wrote a file). */
  refresh(): Promise<void> {
    return this.rescan();
  }

  /** Every playlist file, sorted by name; broken ones carry `error`. */
  list(): PlaylistListing[] {
    return [...this.entries.keys()].sort().map((name) => {
      const entry = this.entries.get(name)!;
      const listing: PlaylistListing = { name, title: entry.good?.title ?? name, entries: entry.good?.entries.length ?? 0 };
      if (entry.problems) listing.error = entry.problems.map((p) => ({ path: p.path, message: p.message }));
      return listing;
    });
  }

  /** The last good version of a playlist, or undefined when it never loaded. */
  get(name: string): Playlist | undefined {
    if (typeof name !== 'string' || !PRESET_NAME.test(name)) return undefined;
    const good = this.entries.get(name)?.good;
    return good ? structuredClone(good) : undefined;
  }

  /** The problems of a playlist that is broken now, if it is. */
  problems(name: string): PresetProblem[] | undefined {
    return this.entries.get(name)?.problems;
  }

  /** Stops watching. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
  }

  private scheduleRescan(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rescan(), WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private rescan(): Promise<void> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescanAgain = false;
        try {
          await this.scanOnce();
        } catch (err) {
          this.log.warn({ err }, 'playlist rescan failed');
        }
      } while (this.rescanAgain && !this.closed);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (this.closed) return;
    const seen = new Set<string>();
    for (const fileName of await readdir(this.dir)) {
      const name = presetNameOfFile(fileName);
      if (name === undefined) continue;
      seen.add(name);
      await this.loadFile(name, fileName);
    }
    for (const name of [...this.entries.keys()]) if (!seen.has(name)) this.entries.delete(name);
    const listing = JSON.stringify(this.list());
    if (listing !== this.lastListing) {
      this.lastListing = listing;
      this.emit('change');
    }
  }

  private async loadFile(name: string, fileName: string): Promise<void> {
    const read = await this.readSafely(join(this.dir, fileName));
    const previous = this.entries.get(name);
    const raw = read.ok ? read.raw : `\u0000${read.problems.map((p) => p.message).join()}`;
    if (previous && previous.raw === raw) return;
    const result = read.ok ? this.check(name, read.raw) : read.problems;
    if (Array.isArray(result)) {
      this.entries.set(name, { raw, good: previous?.good, problems: result });
      for (const p of result) this.log.warn({ file: fileName, path: p.path || '(root)', reason: p.message }, `playlist ${fileName} refused at ${p.path || '(root)'}: ${p.message}`);
      this.emit('problem', { file: fileName, problems: result } satisfies PlaylistFileProblem);
      return;
    }
    this.entries.set(name, { raw, good: result });
    this.log.info({ file: fileName }, previous ? 'playlist reloaded' : 'playlist loaded');
    if (previous) this.emit('updated', name);
  }

  private check(name: string, raw: string): Playlist | PresetProblem[] {
    if (!PRESET_NAME.test(name)) return [{ path: '', message: `the file name "${name}.json" is not a playlist name (a-z, 0-9 and "-", 1..64 characters)` }];
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return [{ path: '', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }];
    }
    const result = readPlaylist(json);
    if (!result.ok) return result.problems;
    if (result.playlist.name !== name) return [{ path: 'name', message: `name "${result.playlist.name}" does not match the file name "${name}.json"` }];
    return result.playlist;
  }

  /** Reads a regular file (or a symlink staying inside the folder) of bounded size. */
  private async readSafely(file: string): Promise<{ ok: true; raw: string } | { ok: false; problems: PresetProblem[] }> {
    try {
      const real = await realpath(file);
      if (!isInsideDir(this.dir, real)) return { ok: false, problems: [{ path: '', message: `refused: ${basename(file)} links outside the playlists folder` }] };
      const info = await lstat(real);
      if (!info.isFile()) return { ok: false, problems: [{ path: '', message: 'not a regular file' }] };
      if (info.size > MAX_PLAYLIST_BYTES) return { ok: false, problems: [{ path: '', message: `larger than ${MAX_PLAYLIST_BYTES} bytes` }] };
      return { ok: true, raw: await readFile(real, 'utf8') };
    } catch (err) {
      return { ok: false, problems: [{ path: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }] };
    }
  }
}
