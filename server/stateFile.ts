/**
 * The hub's state file: the show (phase, position, seed, echoes), the preset in play, tonight's
 * dreamers and the operator's switches. Written atomically (temp file, fsync, rename) twice a second,
 * so a SIGKILL never leaves a half-written file; read back with full validation, so a corrupt or
 * truncated file starts a fresh show with a warning instead of a crash.
 */
import { z } from 'zod';
import { open, rename, readFile, readdir, mkdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { showSnapshotSchema } from '../core/arc/snapshot.ts';
import { QR_MODES } from '../core/protocol.ts';
import { PRESET_NAME } from '../core/preset.ts';
import { parseJsonSafely } from '../core/safeKeys.ts';

/** Version of the state file format. */
export const STATE_FILE_VERSION = 1;

const stateFileSchema = z.strictObject({
  v: z.literal(STATE_FILE_VERSION),
  savedAt: z.number().finite(),
  preset: z.string().regex(PRESET_NAME),
  show: showSnapshotSchema,
  dreamers: z.unknown(),
  flags: z.strictObject({ caption: z.boolean(), qr: z.enum(QR_MODES), mute: z.boolean() }),
});
/** Everything the hub keeps across restarts. */
export type HubStateFile = z.infer<typeof stateFileSchema>;

/**
 * Result of reading the state file: `missing` (no file), `unreadable` (the file system refused:
 * a directory, no permission, a parent that is a file — nothing to set aside), `corrupt` (read, but
 * not a state file: worth keeping aside for a post-mortem).
 */
export type StateReadResult = { ok: true; state: HubStateFile } | { ok: false; reason: 'missing' | 'unreadable' | 'corrupt'; error: string };

/** Checks a state document that did not come from the file (the supervisor's in-memory copy). */
export function parseStateDocument(data: unknown): HubStateFile | undefined {
  const parsed = stateFileSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Reads and validates the state file. Never throws. */
export async function readStateFile(path: string): Promise<StateReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : 'unreadable', error: String(err) };
  }
  // Unsafe keys ("__proto__", …) make the file corrupt before any part of it is copied anywhere.
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, reason: 'corrupt', error: json.error };
  const parsed = stateFileSchema.safeParse(json.value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: 'corrupt', error: `${first.path.join('.') || '(root)'}: ${first.message}` };
  }
  return { ok: true, state: parsed.data };
}

/** Writes the state file atomically: a reader sees the old file or the new one, never a mix. */
export async function writeStateFile(path: string, state: HubStateFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(state));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * Moves a corrupt state file aside as `<file>.corrupt-<UTC time>` so the fresh show's first write
 * does not destroy what a post-mortem needs.
 * @returns the new path, or undefined when it could not be moved (the reason is thrown away: the
 * caller logs that the file stays).
 */
export async function setAsideCorrupt(path: string, now = new Date()): Promise<string | undefined> {
  // Colons are not allowed in file names everywhere (a USB stick from the venue's Windows laptop).
  const aside = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, aside);
    return aside;
  } catch {
    return undefined;
  }
}

/**
 * Removes `<file>.<pid>.tmp` files a killed hub left behind (a SIGKILL between the write and the
 * rename). A temp file of a process that is still alive (a hub still closing) is left alone.
 * @returns the names removed.
 */
export async function removeOrphanTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
