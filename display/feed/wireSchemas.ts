/**
 * Runtime schemas for what the hub sends a wall. The page never trusts the wire: a frame or snapshot
 * that does not parse is dropped (and counted), and the wall keeps drawing what it had.
 */
import { z } from 'zod';
import { PHASES } from '../../core/arc/phases.ts';
import { PARAMS } from '../../core/params.ts';
import { GESTURE_KINDS, QR_MODES, type DisplaySnapshot, type ShowFrame } from '../../core/protocol.ts';
import { readPreset } from '../../core/preset.ts';

const role = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const unit = z.number().min(0).max(1);

const gestureSchema = z.object({
  d: z.number().int().min(0),
  r: role,
  k: z.enum(GESTURE_KINDS),
  p: z.array(z.number().finite()).max(256),
  s: z.number().finite().optional(),
  o: z.number().finite().optional(),
});

const echoSchema = z.object({ d: z.number().int().min(0), r: role, x: unit, y: unit, w: unit });

/** Schema of one {@link ShowFrame}. */
export const showFrameSchema = z.object({
  seq: z.number().int().min(0),
  at: z.number().finite(),
  time: z.number().finite().min(0),
  loop: z.number().int().min(0),
  phase: z.enum(PHASES),
  next: z.enum(PHASES),
  phaseTime: z.number().finite().min(0),
  phaseLength: z.number().finite().positive(),
  blend: unit,
  params: z.array(z.number().finite()).length(PARAMS.length),
  crowd: z.object({
    dreamers: z.number().int().min(0),
    active: z.number().int().min(0),
    participation: unit,
    energy: unit,
    light: unit,
    unity: unit,
    resolve: unit,
    ghosts: unit,
  }),
  beat: z.object({ bpm: z.number().min(1).max(600), origin: z.number().finite() }),
  lights: z.array(unit).max(256),
  gestures: z.array(gestureSchema).max(10_000),
  echoes: z.array(echoSchema).max(10_000),
  flags: z.object({
    blackout: z.boolean(),
    hold: z.boolean(),
    caption: z.boolean(),
    qr: z.enum(QR_MODES),
    mute: z.boolean(),
    safe: z.boolean(),
  }),
});

/** Schema of a {@link DisplaySnapshot}. */
export const displaySnapshotSchema = z.object({
  preset: z.unknown(),
  seed: z.number().int(),
  echoes: z.array(echoSchema).max(100_000),
  join: z.object({ url: z.string().max(2048), short: z.string().max(256) }),
  frame: showFrameSchema,
  protocol: z.number().int(),
});

/** @returns the frame, or null when the data is not a valid frame. */
export function parseFrame(data: unknown): ShowFrame | null {
  const r = showFrameSchema.safeParse(data);
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
