/**
 * Parses what the hub sends a wall, with the `/display` contract's own schemas (`core/wire/wall.ts`).
 * The page never trusts the wire: a frame, batch or snapshot that does not parse is dropped (and
 * counted), and the wall keeps drawing what it had. A snapshot's preset goes through the same
 * reader as preset files (migrated, strictly validated, complete) inside the schema.
 */
import { displaySnapshotSchema, gestureBatchSchema, showFrameSchema, type DisplaySnapshot, type GestureBatch, type ShowFrame } from '../../core/protocol.ts';

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
  return r.success ? r.data : null;
}
