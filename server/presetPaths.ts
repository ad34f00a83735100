/**
 * Where a preset may live on disk. Pure string logic (no file system access), so the rules that
 * keep loading and saving inside `presets/` are tested on their own; the store adds the symlink
 * checks that need the disk.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { PRESET_NAME } from '../core/preset.ts';

/** File names in `presets/` that are not presets (the generated JSON Schema). */
export const RESERVED_PRESET_NAMES: ReadonlySet<string> = new Set(['schema']);

/** Outcome of checking a preset name. */
export type PresetPathResult = { ok: true; name: string; file: string } | { ok: false; reason: string };

/**
 * Checks a preset name and resolves the file it names inside `dir`.
 * @param dir absolute (or cwd-relative) presets folder.
 * @param name a preset name ({@link PRESET_NAME}), not reserved.
 * @returns the absolute file path, or why the name is refused.
 */
export function presetFilePath(dir: string, name: unknown): PresetPathResult {
  if (typeof name !== 'string') return { ok: false, reason: 'a preset name must be a string' };
  if (!PRESET_NAME.test(name)) {
    return { ok: false, reason: `"${name.slice(0, 80)}" is not a preset name (a-z, 0-9 and "-", 1..64 characters)` };
  }
  if (RESERVED_PRESET_NAMES.has(name)) return { ok: false, reason: `"${name}" is reserved` };
  const root = resolve(dir);
  const file = resolve(root, `${name}.json`);
  // The regex already rules out separators and dots; this guards the rule if it is ever loosened.
  if (!isInsideDir(root, file)) return { ok: false, reason: `"${name}" leaves the presets folder` };
  return { ok: true, name, file };
}

/**
 * @returns true when `file` is strictly inside `dir` (both resolved; `dir` itself is not inside).
 */
export function isInsideDir(dir: string, file: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The preset name a directory entry stands for, or undefined when the entry is not a preset file
 * (not `*.json`, hidden or temporary, or the schema).
 */
export function presetNameOfFile(fileName: string): string | undefined {
  if (!fileName.endsWith('.json') || fileName.startsWith('.')) return undefined;
  const stem = fileName.slice(0, -'.json'.length);
  if (RESERVED_PRESET_NAMES.has(stem)) return undefined;
  return stem;
}
