/**
 * The preset store: every `*.json` in `presets/`, kept loaded and watched. Saving a file updates
 * the list within a second (fs.watch with a short debounce, plus a periodic rescan for file
 * systems whose watch events are unreliable). A broken file is listed with its problems and
 * logged with file name, JSON path and reason; `get` keeps answering with the last good version,
 * so a typo mid-show never changes what is playing.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { access, copyFile, lstat, mkdir, readFile, readdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { PRESET_NAME, PRESET_VERSION, readPreset, type Preset, type PresetProblem } from '../core/preset.ts';
import type { PresetListing } from '../core/protocol.ts';
import { isInsideDir, presetFilePath, presetNameOfFile } from './presetPaths.ts';

/** Largest preset file read, bytes: anything bigger is a mistake, not a preset. */
export const MAX_PRESET_BYTES = 256 * 1024;
/** Quiet time after a watch event before rescanning, ms (editors write in several steps). */
export const WATCH_DEBOUNCE_MS = 80;
/** Fallback rescan period, ms. */
export const RESCAN_MS = 750;

/** Folder inside `presets/` keeping the files "save as" overwrote. */
export const HISTORY_DIR = '.history';
/** Copies kept per preset in {@link HISTORY_DIR}; the oldest go first. */
export const HISTORY_PER_PRESET = 10;

/** Why a save was refused: `exists` (ask the operator, then save with overwrite), `shipped`, `invalid`. */
export type PresetSaveCode = 'exists' | 'shipped' | 'invalid';

/** A refused save, with a sentence for the operator and a code for the console. */
export class PresetSaveError extends Error {
  constructor(
    message: string,
    readonly code: PresetSaveCode,
  ) {
    super(message);
  }
}

/**
 * Names of the presets that ship with Dreamscape (the `*.json` in a presets folder, the schema
 * aside): "save as" never overwrites them, so the venue can always go back to what shipped.
 * @param dir the package's own presets folder; a folder that cannot be read ships nothing.
 */
export function presetNamesIn(dir: string): ReadonlySet<string> {
  try {
    return new Set(readdirSync(dir).map(presetNameOfFile).filter((n): n is string => n !== undefined));
  } catch {
    return new Set();
  }
}

/** A broken preset file, as the `'problem'` event reports it. */
export interface PresetFileProblem {
  /** File name inside the presets folder, e.g. `festival.json`. */
  file: string;
  problems: PresetProblem[];
}

interface Entry {
  /** Raw text last read, to skip re-parsing unchanged files. */
  raw: string;
  good?: Preset;
  problems?: PresetProblem[];
}

/** Options of {@link PresetStore}. */
export interface PresetStoreOptions {
  /** The presets folder; created if missing. */
  dir: string;
  log: Logger;
  /** Presets "save as" must never overwrite (see {@link presetNamesIn}). Default: none. */
  shipped?: ReadonlySet<string>;
}

/**
 * Loads, watches and saves presets in one folder.
 *
 * Events: `'change'` () when the listing changed; `'updated'` (name) when a new good version of a
 * known preset was read; `'problem'` ({@link PresetFileProblem}) when a file was read and refused.
 */
export class PresetStore extends EventEmitter {
  private readonly log: Logger;
  private readonly dirOption: string;
  private readonly shipped: ReadonlySet<string>;
  private dir = '';
  private readonly entries = new Map<string, Entry>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;
  private closed = false;
  private lastListing = '';

  constructor(options: PresetStoreOptions) {
    super();
    this.dirOption = options.dir;
    this.log = options.log;
    this.shipped = options.shipped ?? new Set();
  }

  /** Loads every preset and starts watching the folder. */
  async start(): Promise<void> {
    await mkdir(this.dirOption, { recursive: true });
    this.dir = await realpath(resolve(this.dirOption));
    await this.rescan();
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scheduleRescan());
      this.watcher.on('error', (err) => this.log.warn({ err }, 'preset folder watch failed; relying on rescans'));
    } catch (err) {
      this.log.warn({ err }, 'cannot watch the preset folder; relying on rescans');
    }
    this.timer = setInterval(() => void this.rescan(), RESCAN_MS);
    this.timer.unref();
  }

  /** Every preset file, sorted by name; broken ones carry `error`. */
  list(): PresetListing[] {
    const out: PresetListing[] = [];
    for (const name of [...this.entries.keys()].sort()) {
      const entry = this.entries.get(name)!;
      const listing: PresetListing = {
        name,
        title: entry.good?.title ?? name,
        description: entry.good?.description ?? '',
      };
      if (entry.problems) listing.error = entry.problems.map((p) => ({ path: p.path, message: p.message }));
      out.push(listing);
    }
    return out;
  }

  /** The last good version of a preset, or undefined when it never loaded. */
  get(name: string): Preset | undefined {
    if (typeof name !== 'string' || !PRESET_NAME.test(name)) return undefined;
    const good = this.entries.get(name)?.good;
    return good ? structuredClone(good) : undefined;
  }

  /**
   * Saves a preset atomically (temp file + rename) as `<name>.json`, then reloads it. An existing
   * file is only replaced when `overwrite` is set, never when it ships with Dreamscape, and a copy
   * of what it held is kept in `.history/` (the last {@link HISTORY_PER_PRESET} per preset).
   * @param name a {@link PRESET_NAME}; the file never leaves the presets folder.
   * @param preset a preset file object (partial over the defaults); its `name` is set to `name`.
   * @param options.overwrite the operator confirmed replacing an existing file.
   * @throws PresetSaveError (`exists`, `shipped`, `invalid`) or Error, with a readable message.
   */
  async save(name: string, preset: object, options: { overwrite?: boolean } = {}): Promise<void> {
    if (!this.dir) throw new Error('the preset store has not started');
    const target = presetFilePath(this.dir, name);
    if (!target.ok) throw new PresetSaveError(target.reason, 'invalid');
    const body: Record<string, unknown> = { $schema: './schema.json', version: PRESET_VERSION, ...preset, name };
    const checked = readPreset(body);
    if (!checked.ok) {
      throw new PresetSaveError(`preset "${name}" is invalid: ${checked.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, 'invalid');
    }
    const exists = await this.assertPlainFileOrAbsent(target.file);
    if (exists && this.shipped.has(name)) {
      throw new PresetSaveError(`"${name}" ships with Dreamscape and is never overwritten: save under another name`, 'shipped');
    }
    if (exists && !options.overwrite) throw new PresetSaveError(`a preset named "${name}" exists: overwrite it?`, 'exists');
    if (exists) await this.keepHistory(name, target.file);
    const temp = join(this.dir, `.${name}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      await writeFile(temp, JSON.stringify(body, null, 2) + '\n', { flag: 'wx' });
      await rename(temp, target.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    this.log.info({ preset: name, overwrote: exists }, 'preset saved');
    await this.rescan();
  }

  /** Copies a file about to be overwritten into `.history/`, dropping the oldest copies past the bound. */
  private async keepHistory(name: string, file: string): Promise<void> {
    const history = join(this.dir, HISTORY_DIR);
    await mkdir(history, { recursive: true });
    const info = await lstat(history);
    if (!info.isDirectory()) throw new Error(`refused: ${HISTORY_DIR} in the presets folder is not a folder`);
    // Sortable by time: ISO time in the name, then a counter for two saves in one millisecond.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const existing = (await readdir(history)).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.json') && /^\d{4}-/.test(f.slice(name.length + 1)));
    let i = 0;
    const named = () => `${name}.${stamp}-${String(i).padStart(3, '0')}.json`;
    while (existing.includes(named())) i++;
    const copy = named();
    await copyFile(file, join(history, copy));
    const all = [...existing, copy].sort();
    for (const old of all.slice(0, Math.max(0, all.length - HISTORY_PER_PRESET))) await unlink(join(history, old)).catch(() => undefined);
    this.log.info({ preset: name, copy: `${HISTORY_DIR}/${copy}` }, 'kept a copy of the overwritten preset');
  }

  /** Stops watching. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher = undefined;
  }

  private scheduleRescan(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.rescan(), WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** Rescans the folder; concurrent calls coalesce into one more pass. */
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
          this.log.warn({ err }, 'preset rescan failed');
        }
      } while (this.rescanAgain && !this.closed);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (this.closed) return;
    const names = new Set<string>();
    for (const fileName of await readdir(this.dir)) {
      const name = presetNameOfFile(fileName);
      if (name === undefined) continue;
      if (await this.loadFile(name, fileName)) names.add(name);
    }
    for (const name of [...this.entries.keys()]) {
      if (!names.has(name)) this.entries.delete(name);
    }
    const listing = JSON.stringify(this.list());
    if (listing !== this.lastListing) {
      this.lastListing = listing;
      this.emit('change');
    }
  }

  /** @returns false when the file vanished while the folder was being read. */
  private async loadFile(name: string, fileName: string): Promise<boolean> {
    const file = join(this.dir, fileName);
    const read = await this.readSafely(file);
    if (read === 'gone') return false;
    const previous = this.entries.get(name);
    if (read.ok && previous && previous.raw === read.raw) return true;
    const problems = read.ok ? this.check(name, read.raw) : read.problems;
    const raw = read.ok ? read.raw : `\u0000${read.problems.map((p) => p.message).join()}`;
    if (previous && previous.raw === raw) return true;
    if (Array.isArray(problems)) {
      this.entries.set(name, { raw, good: previous?.good, problems });
      for (const p of problems) {
        this.log.warn({ file: fileName, path: p.path || '(root)', reason: p.message }, `preset ${fileName} refused at ${p.path || '(root)'}: ${p.message}`);
      }
      this.emit('problem', { file: fileName, problems } satisfies PresetFileProblem);
    } else {
      this.entries.set(name, { raw, good: problems });
      this.log.info({ file: fileName }, previous ? 'preset reloaded' : 'preset loaded');
      if (previous) this.emit('updated', name);
    }
    return true;
  }

  /** @returns the preset, or its problems. */
  private check(name: string, raw: string): Preset | PresetProblem[] {
    if (!PRESET_NAME.test(name)) {
      return [{ path: '', message: `the file name "${name}.json" is not a preset name (a-z, 0-9 and "-", 1..64 characters)` }];
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return [{ path: '', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }];
    }
    // readPreset refuses "__proto__", "constructor" and "prototype" keys before migrating anything.
    const result = readPreset(json);
    if (!result.ok) return result.problems;
    if (result.preset.name !== name) {
      return [{ path: 'name', message: `name "${result.preset.name}" does not match the file name "${name}.json"` }];
    }
    return result.preset;
  }

  /** Reads a file only when it is a regular file (or a symlink) that stays inside the folder. */
  private async readSafely(file: string): Promise<'gone' | { ok: true; raw: string } | { ok: false; problems: PresetProblem[] }> {
    try {
      const info = await lstat(file);
      if (info.isSymbolicLink()) {
        const real = await realpath(file);
        if (!isInsideDir(this.dir, real)) {
          return { ok: false, problems: [{ path: '', message: `refused: ${basename(file)} links outside the presets folder` }] };
        }
      }
      const real = await realpath(file);
      const realInfo = await lstat(real);
      if (!realInfo.isFile()) return { ok: false, problems: [{ path: '', message: 'not a regular file' }] };
      if (realInfo.size > MAX_PRESET_BYTES) return { ok: false, problems: [{ path: '', message: `larger than ${MAX_PRESET_BYTES} bytes` }] };
      return { ok: true, raw: await readFile(real, 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !(await exists(file))) return 'gone';
      return { ok: false, problems: [{ path: '', message: `cannot read: ${code ?? String(err)}` }] };
    }
  }

  /** @returns whether the file exists (a plain file); throws for anything else in its place. */
  private async assertPlainFileOrAbsent(file: string): Promise<boolean> {
    try {
      const info = await lstat(file);
      if (info.isSymbolicLink()) throw new Error(`refused: ${basename(file)} is a symbolic link`);
      if (!info.isFile()) throw new Error(`refused: ${basename(file)} is not a regular file`);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
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
