/**
 * The short lane for a socket's plain events: a text packet that is an event for this socket's
 * namespace with no acknowledgement (`2/audience,["gesture",{…}]`, nearly everything a phone sends)
 * is parsed and handed over in the read that brought it.
 *
 * socket.io's own path decodes each packet into an object, defers it to a later tick, wraps it in
 * the middleware chain (a copy of the chain and two closures per message) and emits it; at 60,000
 * gestures a second that bookkeeping, and the garbage it leaves, is a large share of the hub's CPU.
 * Everything else (acknowledged events such as clock samples, binary packets, the goodbye, a
 * malformed packet, any other namespace on the same connection) takes socket.io's path unchanged,
 * so socket.io still answers protocol violations by closing the connection.
 */
import type { Socket } from 'socket.io';

/** socket.io-parser's EVENT packet type, as the first character of a text packet. */
const EVENT_TYPE = '2';
const OPEN_BRACKET = 0x5b; // '['

/** The part of socket.io's decoder the lane wraps (one decoder per connection). */
interface WireDecoder {
  add(data: unknown): void;
  reconstructor?: unknown;
}

function decoderOf(socket: Socket): WireDecoder | null {
  const client: unknown = Reflect.get(socket, 'client');
  const decoder: unknown = typeof client === 'object' && client !== null ? Reflect.get(client, 'decoder') : undefined;
  if (typeof decoder !== 'object' || decoder === null) return null;
  return typeof Reflect.get(decoder, 'add') === 'function' ? (decoder as WireDecoder) : null;
}

/**
 * Routes this socket's plain events straight to `onEvent` (the event array as sent: name first,
 * then its arguments) while the socket is connected. Anything the lane does not recognise goes on
 * to socket.io. Several namespaces on one connection each add their own lane.
 * @returns false when the connection's decoder is not one this lane knows (a custom parser is
 *   still fine: its packets are not text and pass through), so the caller keeps socket.io's path.
 */
export function takePlainEventsOnArrival(socket: Socket, onEvent: (event: unknown[]) => void): boolean {
  const decoder = decoderOf(socket);
  if (!decoder) return false;
  const nsp = socket.nsp.name;
  const prefix = nsp === '/' ? EVENT_TYPE : `${EVENT_TYPE}${nsp},`;
  const start = prefix.length;
  const next = decoder.add.bind(decoder);
  decoder.add = (data: unknown): void => {
    if (typeof data === 'string' && data.charCodeAt(start) === OPEN_BRACKET && data.startsWith(prefix) && !decoder.reconstructor && socket.connected) {
      let event: unknown;
      try {
        event = JSON.parse(data.slice(start));
      } catch {
        event = undefined;
      }
      if (Array.isArray(event) && typeof event[0] === 'string') {
        onEvent(event);
        return;
      }
    }
    next(data);
  };
  return true;
}
