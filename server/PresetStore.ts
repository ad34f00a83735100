/**
 * The preset store: every `*.json` in `presets/`, kept loaded and watched (`WatchedFolder.ts`:
 * saving a file updates the list within a second). A broken file is listed with its problems and
 * logged with file name, JSON path and reason; `get` keeps answering with the last good version,
 * so a typo mid-show never changes what is playing. "Save as" writes here too.
 */
import { readdirSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import { PRESET_VERSION, readPreset, type Preset } from '../core/preset.ts';
import type { PresetListing } from '../core/protocol.ts';
import { presetFilePath, presetNameOfFile } from './presetPaths.ts';
import { WatchedFolder, type FolderFileProblem } from './WatchedFolder.ts';

/** Largest preset file read, bytes: anything bigger is a mistake, not a preset. */
export const MAX_PRESET_BYTES = 256 * 1024;
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
export type PresetFileProblem = FolderFileProblem;

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
export class PresetStore extends WatchedFolder<Preset, PresetListing> {
  private readonly shipped: ReadonlySet<string>;
  private readonly log: Logger;

  constructor(options: PresetStoreOptions) {
    super({
      dir: options.dir,
      log: options.log,
      noun: 'preset',
      maxBytes: MAX_PRESET_BYTES,
      // readPreset refuses "__proto__", "constructor" and "prototype" keys before migrating anything.
      read: (json) => {
        const result = readPreset(json);
        return result.ok ? { ok: true, value: result.preset } : result;
      },
      nameOf: (preset) => preset.name,
      listing: (name, good) => ({ name, title: good?.title ?? name, description: good?.description ?? '' }),
    });
    this.log = options.log;
    this.shipped = options.shipped ?? new Set();
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

