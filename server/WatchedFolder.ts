/**
 * A folder of the VJ's JSON files (presets, playlists) kept loaded and watched: fs.watch with a
 * short debounce (editors write in several steps), plus a periodic rescan for file systems whose
 * watch events are unreliable. A file is read only when it is a regular file (or a symlink) that
 * stays inside the folder and is small enough; a broken one is refused with its JSON path and
 * reason, logged and reported, and `get` keeps answering with its last good version, so a typo
 * saved mid-show never changes what is playing.
 */
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { access, lstat, mkdir, readFile, readdir, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { PRESET_NAME, type PresetProblem } from '../core/preset.ts';
import { isInsideDir, presetNameOfFile } from './presetPaths.ts';

/** Quiet time after a watch event before rescanning, ms. */
export const WATCH_DEBOUNCE_MS = 80;
/** Fallback rescan period, ms. */
export const RESCAN_MS = 750;

/** A refused file, as the `'problem'` event reports it. */
export interface FolderFileProblem {
  /** File name inside the folder, e.g. `festival.json`. */
  file: string;
  problems: PresetProblem[];
}

/** How a file is listed for the consoles; the folder adds `error` while it is broken. */
export interface FolderListing {
  name: string;
  error?: { path: string; message: string }[];
}

/** What a watched folder holds and how its files are read and listed. */
export interface WatchedFolderOptions<T, L extends FolderListing> {
  /** The folder; created if missing. */
  dir: string;
  log: Logger;
  /** What one file is, in the log's words: `preset`, `playlist`. */
  noun: string;
  /** Largest file read, bytes: anything bigger is a mistake. */
  maxBytes: number;
  /**
   * Checks a parsed file (never trusted: it came from the disk) and returns what it holds, or its
   * problems with their JSON paths. @param name the file's name without `.json`.
   */
  read(json: unknown, name: string): { ok: true; value: T } | { ok: false; problems: PresetProblem[] };
  /** The name a good file says it has (it must match the file's). */
  nameOf(value: T): string;
  /** A file's line in the listing, from its last good version (absent when it never loaded). */
  listing(name: string, good: T | undefined): L;
}

interface Entry<T> {
  /** Raw text last read (or a mark of why it could not be), to skip re-parsing unchanged files. */
  raw: string;
  good?: T;
  problems?: PresetProblem[];
}

/**
 * Loads and watches one folder of named JSON files.
 *
 * Events: `'change'` () when the listing changed; `'updated'` (name)
 * when a new good version of a known file was read; `'problem'` ({@link FolderFileProblem}) when a
 * file was read and refused.
 */
export class WatchedFolder<T, L extends FolderListing> extends EventEmitter {
  /** The folder's real path (symlinks resolved), once started. */
  dir = '';
  private readonly entries = new Map<string, Entry<T>>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;
  private closed = false;
  private lastListing = '';

  constructor(private readonly options: WatchedFolderOptions<T, L>) {
    super();
  }

  /** Loads every file and starts watching the folder. */
  async start(): Promise<void> {
    const { noun, log } = this.options;
    await mkdir(this.options.dir, { recursive: true });
    this.dir = await realpath(resolve(this.options.dir));
    await this.rescan();
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scheduleRescan());
      this.watcher.on('error', (err) => log.warn({ err }, `${noun} folder watch failed; relying on rescans`));
    } catch (err) {
      log.warn({ err }, `cannot watch the ${noun} folder; relying on rescans`);
    }
    this.timer = setInterval(() => void this.rescan(), RESCAN_MS);
    this.timer.unref();
  }

  /** Every file, sorted by name; broken ones carry `error`. */
  list(): L[] {
    return [...this.entries.keys()].sort().map((name) => {
      const entry = this.entries.get(name)!;
      const listing = this.options.listing(name, entry.good);
      if (entry.problems) listing.error = entry.problems.map((p) => ({ path: p.path, message: p.message }));
      return listing;
    });
  }

  /** The problems of a file that is broken now, if it is. */
  problems(name: string): PresetProblem[] | undefined {
    return this.entries.get(name)?.problems;
  }

  /** A copy of the last good version of a file, or undefined when it never loaded or the name is unsafe. */
  get(name: string): T | undefined {
    if (typeof name !== 'string' || !PRESET_NAME.test(name)) return undefined;
    const good = this.entries.get(name)?.good;
    return good === undefined ? undefined : structuredClone(good);
  }

  /** Rescans the folder; concurrent calls coalesce into one more pass. */
  rescan(): Promise<void> {
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
          this.options.log.warn({ err }, `${this.options.noun} rescan failed`);
        }
      } while (this.rescanAgain && !this.closed);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Stops watching. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
  }

  private scheduleRescan(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rescan(), WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private async scanOnce(): Promise<void> {
    if (this.closed) return;
    const names = new Set<string>();
    for (const fileName of await readdir(this.dir)) {
      const name = presetNameOfFile(fileName);
      if (name === undefined) continue;
      if (await this.loadFile(name, fileName)) names.add(name);
    }
    for (const name of [...this.entries.keys()]) if (!names.has(name)) this.entries.delete(name);
    const listing = JSON.stringify(this.list());
    if (listing !== this.lastListing) {
      this.lastListing = listing;
      this.emit('change');
    }
  }

  /** @returns false when the file vanished while the folder was being read. */
  private async loadFile(name: string, fileName: string): Promise<boolean> {
    const { noun, log } = this.options;
    const read = await this.readSafely(join(this.dir, fileName));
    if (read === 'gone') return false;
    const previous = this.entries.get(name);
    const raw = read.ok ? read.raw : `\u0000${read.problems.map((p) => p.message).join()}`;
    if (previous && previous.raw === raw) return true;
    const checked = read.ok ? this.check(name, read.raw) : read;
    if (!checked.ok) {
      this.entries.set(name, { raw, good: previous?.good, problems: checked.problems });
      for (const p of checked.problems) log.warn({ file: fileName, path: p.path || '(root)', reason: p.message }, `${noun} ${fileName} refused at ${p.path || '(root)'}: ${p.message}`);
      this.emit('problem', { file: fileName, problems: checked.problems } satisfies FolderFileProblem);
      return true;
    }
    this.entries.set(name, { raw, good: checked.value });
    log.info({ file: fileName }, previous ? `${noun} reloaded` : `${noun} loaded`);
    if (previous) this.emit('updated', name);
    return true;
  }

  private check(name: string, raw: string): { ok: true; value: T } | { ok: false; problems: PresetProblem[] } {
    const { noun } = this.options;
    if (!PRESET_NAME.test(name)) return { ok: false, problems: [{ path: '', message: `the file name "${name}.json" is not a ${noun} name (a-z, 0-9 and "-", 1..64 characters)` }] };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return { ok: false, problems: [{ path: '', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
    }
    const result = this.options.read(json, name);
    if (!result.ok) return result;
    const named = this.options.nameOf(result.value);
    if (named !== name) return { ok: false, problems: [{ path: 'name', message: `name "${named}" does not match the file name "${name}.json"` }] };
    return result;
  }

  /** Reads a file only when it is a regular file (or a symlink) that stays inside the folder and is small enough. */
  private async readSafely(file: string): Promise<'gone' | { ok: true; raw: string } | { ok: false; problems: PresetProblem[] }> {
    const { noun, maxBytes } = this.options;
    try {
      const real = await realpath(file);
      if (!isInsideDir(this.dir, real)) return { ok: false, problems: [{ path: '', message: `refused: ${basename(file)} links outside the ${noun}s folder` }] };
      const info = await lstat(real);
      if (!info.isFile()) return { ok: false, problems: [{ path: '', message: 'not a regular file' }] };
      if (info.size > maxBytes) return { ok: false, problems: [{ path: '', message: `larger than ${maxBytes} bytes` }] };
      const raw = await readFile(real, 'utf8');
      // A file that grew past the bound between the size check and the read is still refused.
      if (Buffer.byteLength(raw) > maxBytes) return { ok: false, problems: [{ path: '', message: `larger than ${maxBytes} bytes` }] };
      return { ok: true, raw };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !(await exists(file))) return 'gone';
      return { ok: false, problems: [{ path: '', message: `cannot read: ${code ?? String(err)}` }] };
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    // A dangling symlink still has an entry: it is reported, not hidden.
    try {
      await lstat(file);
      return true;
    } catch {
      return false;
    }
  }
}
