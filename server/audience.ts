/**
 * The `/audience` namespace: phones. Handshake (protocol version, dreamer id), welcome with their
 * dreamer, gestures into the show, clock samples, and a waiting line when the room is full.
 */
import type { Socket } from 'socket.io';
import { audienceAuthSchema, audienceGestureSchema, type Welcome } from '../core/protocol.ts';
import { CHARACTERS, roleIndex } from '../core/dreamers.ts';
import type { AudienceClientToServer, AudienceServerToClient } from '../core/protocol.ts';
import type { HubContext } from './HubContext.ts';
import type { DreamerRecord } from './DreamerRegistry.ts';
import { guardSocket, malformedNotifier, readHandshake, refusal } from './refuse.ts';
import { REFUSALS } from '../core/protocol.ts';
import { clockReply } from './clockReply.ts';

type PhoneSocket = Socket<AudienceClientToServer, AudienceServerToClient>;

/** Messages per second a phone may send (it coalesces to 30; clock samples come on top). */
export const PHONE_RATE = 40;
/**
 * Burst a phone may send at once: 3 s of honest 30 Hz sending, so the messages a phone queued
 * while the hub was busy (they arrive together after a stall) are not mistaken for a flood. A
 * flood is still held to {@link PHONE_RATE} once the burst is spent.
 */
export const PHONE_BURST = 90;

/** Wires the phone namespace. */
export function attachAudience(ctx: HubContext): { waiting(): number } {
  const { audience, log } = ctx;
  const waiting: PhoneSocket[] = [];

  const addressFull = (address: string) => {
    log.warn({ who: 'phone', address, code: REFUSALS.addressFull, limit: ctx.phonesByAddress.limit }, 'phone refused: this address holds its share of the places');
    return `This network already has ${ctx.phonesByAddress.limit} phones in the dream. Try again in a moment, or ask the crew.`;
  };

  audience.use((socket, next) => {
    const handshake = readHandshake(socket.handshake.auth, audienceAuthSchema, 'phone', log);
    if (!handshake.ok) return next(handshake.refusal);
    // One address (one device, one script) cannot take every place; a venue behind NAT raises the cap.
    if (!ctx.phonesByAddress.hasRoom(socket.handshake.address)) return next(refusal(REFUSALS.addressFull, addressFull(socket.handshake.address)));
    const presented = handshake.auth.dreamer;
    socket.data.dreamerId = presented;
    // A dreamer from another edge of the cluster is fetched before the phone joins.
    if (ctx.findDreamer && presented !== undefined && !ctx.registry.get(presented)) void ctx.findDreamer(presented).then(() => next());
    else next();
  });

  const welcome = (socket: PhoneSocket, dreamer: DreamerRecord): void => {
    const character = CHARACTERS[dreamer.role];
    const now = Date.now();
    const message: Welcome = {
      ...ctx.runtime.phaseInfo(now),
      dreamer: dreamer.id,
      handle: dreamer.handle,
      role: dreamer.role,
      colour: ctx.runtime.preset.dreamers[dreamer.role].colour,
      name: character.name,
      trait: character.trait,
      maxRate: ctx.phoneRate(),
    };
    socket.emit('welcome', message);
  };

  const admit = (socket: PhoneSocket): void => {
    const presented: string | undefined = socket.data.dreamerId;
    const known = presented ? ctx.registry.get(presented) : undefined;
    const alreadyIn = known !== undefined && known.sockets > 0;
    if (!alreadyIn && ctx.registry.connected >= ctx.maxDreamers) {
      waiting.push(socket);
      socket.data.waiting = true;
      socket.emit('waiting', { position: waiting.length, capacity: ctx.maxDreamers });
      log.info({ who: 'phone', socket: socket.id, position: waiting.length }, 'phone waiting for a place');
      return;
    }
    socket.data.waiting = false;
    const { dreamer, returning } = ctx.registry.join(presented, Date.now());
    socket.data.dreamer = dreamer;
    ctx.dreamerSeen?.(dreamer);
    welcome(socket, dreamer);
    log.info({ who: 'phone', socket: socket.id, handle: dreamer.handle, role: dreamer.role, returning, phones: ctx.registry.connected }, 'phone joined');
  };

  const promote = (): void => {
    while (waiting.length > 0 && ctx.registry.connected < ctx.maxDreamers) {
      const next = waiting.shift()!;
      if (next.connected) admit(next);
    }
    waiting.forEach((s, i) => s.emit('waiting', { position: i + 1, capacity: ctx.maxDreamers }));
  };

  audience.on('connection', (socket: PhoneSocket) => {
    // Counted here, where nothing else runs between the check and the count: handshakes that
    // passed the middleware together are held to the cap one by one.
    const address = socket.handshake.address;
    if (!ctx.phonesByAddress.hasRoom(address)) {
      socket.emit('notice', { code: REFUSALS.addressFull, message: addressFull(address) });
      socket.disconnect(true);
      return;
    }
    ctx.phonesByAddress.add(address);
    socket.on('disconnect', () => ctx.phonesByAddress.remove(address));
    const malformed = malformedNotifier(socket, log, 'phone', ctx.dropped);
    guardSocket(socket, {
      handlers: {
        gesture: (raw) => {
          const dreamer: DreamerRecord | undefined = socket.data.dreamer;
          if (!dreamer) return; // waiting phones watch, they do not steer yet
          const verdict = ctx.show.gesture(raw, dreamer.handle, roleIndex(dreamer.role));
          // The show's fast check decides; the schema (same verdict) only explains a refusal.
          if (verdict === 'malformed') return malformed(audienceGestureSchema.safeParse(raw).error?.issues[0]?.message ?? 'gesture');
          if (verdict === 'taken') ctx.gestureTaken();
        },
        clock: clockReply(malformed),
      },
      rate: PHONE_RATE,
      burst: PHONE_BURST,
      lane: ctx.phoneLane,
      log,
      who: 'phone',
      dropped: ctx.dropped,
    });
    admit(socket);

    socket.on('disconnect', (reason) => {
      const dreamer: DreamerRecord | undefined = socket.data.dreamer;
      if (dreamer) {
        ctx.registry.leave(dreamer.id, Date.now());
        ctx.dreamerSeen?.(dreamer);
        // A phone that vanished mid-shine stops shining now rather than after the lapse.
        const trace = ctx.runtime.state.crowd.traces.get(dreamer.handle);
        if (trace?.shining) ctx.show.takeGesture({ kind: 'shine', x: trace.x, y: trace.y, on: false }, dreamer.handle, roleIndex(dreamer.role));
        log.info({ who: 'phone', socket: socket.id, handle: dreamer.handle, reason, phones: ctx.registry.connected }, 'phone left');
        promote();
      } else {
        const i = waiting.indexOf(socket);
        if (i >= 0) waiting.splice(i, 1);
        log.info({ who: 'phone', socket: socket.id, reason }, 'waiting phone left');
      }
    });
  });

  return { waiting: () => waiting.length };
}
