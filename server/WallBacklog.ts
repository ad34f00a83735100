/**
 * Keeps one slow wall from making the hub grow. A wall that stops reading (a projector PC on weak
 * Wi-Fi, a browser frozen by the OS) leaves every frame and batch queued in the hub's memory —
 * megabytes a minute with a big crowd, without bound over a weekend. Past {@link WALL_BEHIND_BYTES}
 * waiting, the wall is set aside: it gets nothing (it keeps the show going itself, as when the hub
 * is away) until what it has is under {@link WALL_CAUGHT_UP_BYTES}; then it gets a fresh snapshot
 * and follows the show again.
 */

/** Bytes waiting for a wall above which it stops getting frames and batches. */
export const WALL_BEHIND_BYTES = 4 * 1024 * 1024;
/** Bytes waiting below which a set-aside wall is resynced and followed again. */
export const WALL_CAUGHT_UP_BYTES = 256 * 1024;
/** socket.io room of the set-aside walls (broadcasts skip it). */
export const BEHIND_ROOM = 'behind';

/** The parts of a socket.io socket this module reads and drives. */
export interface WallSocketLike {
  id: string;
  conn: unknown;
  join(room: string): unknown;
  leave(room: string): unknown;
}

/**
 * Bytes queued for a socket and not yet handed to the kernel: the websocket's buffer plus the
 * engine.io packets waiting for the transport (approximate: their text lengths).
 */
export function pendingBytes(socket: WallSocketLike): number {
  const conn = socket.conn as { transport?: { socket?: { bufferedAmount?: number } }; writeBuffer?: { data?: unknown }[] } | undefined;
  let bytes = conn?.transport?.socket?.bufferedAmount ?? 0;
  const queue = conn?.writeBuffer ?? [];
  for (let i = 0; i < queue.length && i < 4096; i++) {
    const data = queue[i]?.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 64;
  }
  return bytes;
}

/** What one check did. */
export interface WallCheck {
  /** Walls set aside now (ids). */
  setAside: string[];
  /** Walls that caught up now (ids): send each a snapshot. */
  caughtUp: string[];
  /** Walls set aside after the check. */
  behind: number;
}

/**
 * Moves walls in and out of {@link BEHIND_ROOM} by how much waits for them.
 * @param walls every connected wall; @param behind ids set aside so far (updated in place);
 * @param measure bytes waiting for a wall (default {@link pendingBytes}).
 */
export function checkWalls(walls: Iterable<WallSocketLike>, behind: Set<string>, measure: (s: WallSocketLike) => number = pendingBytes, limits = { behind: WALL_BEHIND_BYTES, caughtUp: WALL_CAUGHT_UP_BYTES }): WallCheck {
  const setAside: string[] = [];
  const caughtUp: string[] = [];
  const present = new Set<string>();
  for (const wall of walls) {
    present.add(wall.id);
    const bytes = measure(wall);
    if (!behind.has(wall.id) && bytes > limits.behind) {
      behind.add(wall.id);
      wall.join(BEHIND_ROOM);
      setAside.push(wall.id);
    } else if (behind.has(wall.id) && bytes < limits.caughtUp) {
      behind.delete(wall.id);
      wall.leave(BEHIND_ROOM);
      caughtUp.push(wall.id);
    }
  }
  for (const id of behind) if (!present.has(id)) behind.delete(id);
  return { setAside, caughtUp, behind: behind.size };
}

/**
 * A wall with bytes waiting whose connection took nothing more for this long (ms) is dropped: it
 * does not read. Whatever it sends (resync requests, pongs it was never asked for) does not count,
 * only what it takes. An honest wall on weak Wi-Fi takes something every few seconds.
 */
export const WALL_STALL_MS = 20_000;

/**
 * Bytes of this socket the kernel has taken (sent, or buffered for the peer), or undefined when the
 * transport does not say (long-polling). It grows only while the peer reads.
 */
export function deliveredBytes(socket: WallSocketLike): number | undefined {
  const tcp: unknown = Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(socket.conn), 'transport')), 'socket')), '_socket');
  if (typeof tcp !== 'object' || tcp === null) return undefined;
  const written: unknown = Reflect.get(tcp, 'bytesWritten');
  const waiting: unknown = Reflect.get(tcp, 'writableLength');
  return typeof written === 'number' && typeof waiting === 'number' ? written - waiting : undefined;
}

/** What was last seen of a wall's progress. */
export interface WallProgress {
  /** Bytes delivered (or, without that figure, fewest bytes waiting) when it last moved. */
  mark: number;
  /** When the wall last took anything (or had nothing waiting), ms. */
  at: number;
}

/**
 * Finds the walls that stopped reading: bytes waiting, and nothing taken for `stallMs`.
 * @param walls every connected wall; @param progress per wall id, kept between calls (updated in place);
 * @param now ms; @param stallMs how long without progress makes a wall stalled.
 * @returns the ids of the stalled walls (drop them).
 */
export function findStalledWalls(
  walls: Iterable<WallSocketLike>,
  progress: Map<string, WallProgress>,
  now: number,
  stallMs: number = WALL_STALL_MS,
  measure: { pending: (s: WallSocketLike) => number; delivered: (s: WallSocketLike) => number | undefined } = { pending: pendingBytes, delivered: deliveredBytes },
): string[] {
  const stalled: string[] = [];
  const present = new Set<string>();
  for (const wall of walls) {
    present.add(wall.id);
    const pending = measure.pending(wall);
    const delivered = measure.delivered(wall);
    const seen = progress.get(wall.id);
    // Taken more since last time, or fewer waiting (when the transport cannot tell what it took).
    const mark = delivered ?? -pending;
    if (!seen || pending === 0 || mark > seen.mark) {
      progress.set(wall.id, { mark, at: now });
      continue;
    }
    if (now - seen.at > stallMs) stalled.push(wall.id);
  }
  for (const id of progress.keys()) if (!present.has(id)) progress.delete(id);
  return stalled;
}
