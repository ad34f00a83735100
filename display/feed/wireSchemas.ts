/**
 * Parses what the hub sends a wall. The page never trusts the wire: a frame, batch or snapshot that does
 * not parse is dropped (and counted), and the wall keeps drawing what it had.
 */
import { displaySnapshotSchema, gestureBatchSchema, showFrameSchema, type DisplaySnapshot, type GestureBatch, type ShowFrame } from '../../core/protocol.ts';
import { readPreset } from '../../core/preset.ts';

/** @returns the frame, or null when the data is not a valid frame. */
export function parseFrame(data: unknown): ShowFrame | null {
  const r = showFrameSchema.safeParse(data);
  return r.success ? r.data : null;
}

/** @returns the gesture batch, or null when the data is not a valid batch. */
export function parseGestureBatch(data: unknown): GestureBatch | null {
  const r = gestureBatchSchema.safeParse(data);
  return r.success ? r.data : null;
}

/** @returns the snapshot, or null when the data is not a valid snapshot. */
export function parseSnapshot(data: unknown): DisplaySnapshot | null {
  const r = displaySnapshotSchema.safeParse(data);
  if (!r.success) return null;
  // The preset goes through the same reader as preset files: migrated, strictly validated, complete.
  const preset = readPreset(r.data.preset);
  if (!preset.ok) return null;
  return { ...r.data, preset: preset.preset };
}
