/**
 * The hub's state file: the show (phase, position, seed, echoes), the preset in play, tonight's
 * dreamers and the operator's switches. Written atomically (temp file, fsync, rename) twice a second,
 * so a SIGKILL never leaves a half-written file; read back with full validation, so a corrupt or
 * truncated file starts a fresh show with a warning instead of a crash.
 */
import { z } from 'zod';
import { open, rename, readFile, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { showSnapshotSchema } from '../core/arc/snapshot.ts';
import { QR_MODES } from '../core/protocol.ts';
import { parseJsonSafely } from '../core/safeKeys.ts';

/** Version of the state file format. */
export const STATE_FILE_VERSION = 1;

const stateFileSchema = z.strictObject({
  v: z.literal(STATE_FILE_VERSION),
  savedAt: z.number().finite(),
  preset: z.string().regex(/^[a-z0-9-]{1,64}$/),
  show: showSnapshotSchema,
  dreamers: z.unknown(),
  flags: z.strictObject({ caption: z.boolean(), qr: z.enum(QR_MODES), mute: z.boolean() }),
});
/** Everything the hub keeps across restarts. */
export type HubStateFile = z.infer<typeof stateFileSchema>;

/** Result of reading the state file. */
export type StateReadResult = { ok: true; state: HubStateFile } | { ok: false; reason: 'missing' | 'corrupt'; error: string };

/** Reads and validates the state file. Never throws. */
export async function readStateFile(path: string): Promise<StateReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : 'corrupt', error: String(err) };
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
