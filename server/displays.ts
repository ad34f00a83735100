/**
 * The `/display` namespace: walls. Each gets a snapshot on connect (and on request), then one frame
 * per tick; each reports how it is drawing, which the operator sees, and asks the hub's clock
 * (`clock`), by which it times the score.
 *
 * A venue that gives its walls a token (`--wall-token`, the display opened as `/?wall=…`) admits
 * only its own projectors; without one, any page may be a wall and its reports are shown as its
 * own claim. A wall's snapshot requests are answered one at a time: while it has not taken what it
 * was sent, or is set aside for being behind, requests are coalesced into one owed snapshot.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'socket.io';
import { displayAuthSchema, displayReportSchema, REFUSALS, toWireSnapshot } from '../core/protocol.ts';
import type { DisplayClientToServer, DisplayServerToClient } from '../core/protocol.ts';
import type { DisplayInfo, HubContext } from './HubContext.ts';
import { guardSocket, malformedNotifier, readHandshake, refusal } from './refuse.ts';
import { clockReply } from './clockReply.ts';
import { BEHIND_ROOM, pendingBytes } from './WallBacklog.ts';

type WallSocket = Socket<DisplayClientToServer, DisplayServerToClient>;

/**
 * Bytes waiting for a wall above which its snapshot request waits: it has not yet taken what it
 * was sent (a snapshot is a few KB to a few hundred KB with many echoes).
 */
export const SNAPSHOT_ROOM_BYTES = 64 * 1024;
/** Least time between two snapshots to one wall, ms: an honest wall asks every few seconds at most. */
export const SNAPSHOT_GAP_MS = 1000;

/** Constant-time comparison, whatever the lengths. */
function sameToken(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Sends a wall the snapshot it asked for, if it has room for one now; else it is owed (paid by
 * {@link payOwedSnapshots}). @returns whether it was sent.
 */
function sendSnapshot(ctx: HubContext, socket: WallSocket, info: DisplayInfo, now: number): boolean {
  if (socket.rooms.has(BEHIND_ROOM) || now - info.lastSnapshotAt < SNAPSHOT_GAP_MS || pendingBytes(socket) > SNAPSHOT_ROOM_BYTES) {
    info.snapshotOwed = true;
    return false;
  }
  info.snapshotOwed = false;
  info.lastSnapshotAt = now;
  socket.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(now, ctx.join)));
  return true;
}

/** Wires the display namespace. */
export function attachDisplays(ctx: HubContext): void {
  const { display, log } = ctx;

  display.use((socket, next) => {
    const handshake = readHandshake(socket.handshake.auth, displayAuthSchema, 'display', log);
    if (!handshake.ok) return next(handshake.refusal);
    const presented = handshake.auth.wall;
    if (ctx.wallToken !== undefined && (presented === undefined || !sameToken(presented, ctx.wallToken))) {
      log.warn({ who: 'display', address: socket.handshake.address, code: REFUSALS.badWallToken, presented: presented !== undefined }, 'wall refused: no wall token or a wrong one');
      return next(
        refusal(
          REFUSALS.badWallToken,
          presented === undefined
            ? 'This hub admits only the venue’s own walls: open the display with its wall link (/?wall=…), printed where the hub was started.'
            : 'Wrong wall token: open the display with the wall link printed where the hub was started.',
        ),
      );
    }
    socket.data.view = handshake.auth.view ?? '1/1';
    socket.data.trusted = ctx.wallToken !== undefined;
    next();
  });

  display.on('connection', (socket: WallSocket) => {
    const malformed = malformedNotifier(socket, log, 'display', ctx.dropped);
    const now = Date.now();
    const info: DisplayInfo = { id: socket.id, view: socket.data.view, report: null, trusted: socket.data.trusted === true, snapshotOwed: false, lastSnapshotAt: now };
    guardSocket(socket, {
      handlers: {
        report: (raw) => {
          const parsed = displayReportSchema.safeParse(raw);
          if (!parsed.success) return malformed(parsed.error.issues[0]?.message ?? 'report');
          // Only a wall this hub admitted and still holds has its report kept.
          if (ctx.displays.get(socket.id) === info) info.report = parsed.data;
        },
        resync: () => {
          sendSnapshot(ctx, socket, info, Date.now());
        },
        clock: clockReply(malformed),
      },
      rate: 10,
      burst: 20,
      log,
      who: 'display',
      dropped: ctx.dropped,
    });
    ctx.displays.set(socket.id, info);
    socket.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(now, ctx.join)));
    log.info({ who: 'display', socket: socket.id, view: socket.data.view, trusted: info.trusted, displays: ctx.displays.size }, 'display connected');

    socket.on('disconnect', (reason) => {
      ctx.displays.delete(socket.id);
      log.info({ who: 'display', socket: socket.id, reason, displays: ctx.displays.size }, 'display disconnected');
    });
  });
}

/**
 * Sends the snapshots walls are owed, to those that now have room (called by the show clock a few
 * times a second).
 */
export function payOwedSnapshots(ctx: HubContext, now: number): void {
  for (const info of ctx.displays.values()) {
    if (!info.snapshotOwed) continue;
    const socket = ctx.display.sockets.get(info.id);
    if (socket) sendSnapshot(ctx, socket, info, now);
  }
}

/** Notes that a wall was just sent a snapshot by other means (it caught up, the preset changed). */
export function snapshotSent(ctx: HubContext, id: string, now: number): void {
  const info = ctx.displays.get(id);
  if (!info) return;
  info.snapshotOwed = false;
  info.lastSnapshotAt = now;
}

/**
 * Sends every wall that keeps up a fresh snapshot (after a preset change); a wall set aside gets
 * one when it catches up.
 */
export function resnapshotDisplays(ctx: HubContext): void {
  const now = Date.now();
  ctx.display.except(BEHIND_ROOM).emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(now, ctx.join)));
  for (const info of ctx.displays.values()) {
    info.snapshotOwed = false;
    info.lastSnapshotAt = now;
  }
}
