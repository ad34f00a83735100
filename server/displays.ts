/**
 * The `/display` namespace: walls. Each gets a snapshot on connect (and on request), then one frame
 * per tick; each reports how it is drawing, which the operator sees, and asks the hub's clock
 * (`clock`), by which it times the score.
 */
import type { Socket } from 'socket.io';
import { displayAuthSchema, displayReportSchema, toWireSnapshot } from '../core/protocol.ts';
import type { DisplayClientToServer, DisplayServerToClient } from '../core/protocol.ts';
import type { HubContext } from './HubContext.ts';
import { guardSocket, malformedNotifier, readHandshake } from './refuse.ts';
import { clockReply } from './clockReply.ts';

type WallSocket = Socket<DisplayClientToServer, DisplayServerToClient>;

/** Wires the display namespace. */
export function attachDisplays(ctx: HubContext): void {
  const { display, log } = ctx;

  display.use((socket, next) => {
    const handshake = readHandshake(socket.handshake.auth, displayAuthSchema, 'display', log);
    if (!handshake.ok) return next(handshake.refusal);
    socket.data.view = handshake.auth.view ?? '1/1';
    next();
  });

  display.on('connection', (socket: WallSocket) => {
    const malformed = malformedNotifier(socket, log, 'display', ctx.dropped);
    guardSocket(socket, {
      handlers: {
        report: (raw) => {
          const parsed = displayReportSchema.safeParse(raw);
          if (!parsed.success) return malformed(parsed.error.issues[0]?.message ?? 'report');
          const info = ctx.displays.get(socket.id);
          if (info) info.report = parsed.data;
        },
        resync: () => {
          socket.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(Date.now(), ctx.join)));
        },
        clock: clockReply(malformed),
      },
      rate: 10,
      burst: 20,
      log,
      who: 'display',
      dropped: ctx.dropped,
    });
    ctx.displays.set(socket.id, { id: socket.id, view: socket.data.view, report: null });
    socket.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(Date.now(), ctx.join)));
    log.info({ who: 'display', socket: socket.id, view: socket.data.view, displays: ctx.displays.size }, 'display connected');

    socket.on('disconnect', (reason) => {
      ctx.displays.delete(socket.id);
      log.info({ who: 'display', socket: socket.id, reason, displays: ctx.displays.size }, 'display disconnected');
    });
  });
}

/** Sends every wall a fresh snapshot (after a preset change). */
export function resnapshotDisplays(ctx: HubContext): void {
  ctx.display.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(Date.now(), ctx.join)));
}
