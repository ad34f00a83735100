/**
 * OSC 1.0 encoding of the few shapes the hub sends: messages with one float, int or string argument,
 * gathered in bundles. Written by hand so each argument goes with the type the address table
 * promises (a general encoder sends 1.0 as an int).
 */

/** One outgoing OSC message: an address and one argument of the given type. */
export interface OscOut {
  address: string;
  type: 'f' | 'i' | 's';
  value: number | string;
}

/** Bytes of an OSC string: its UTF-8 bytes, a NUL, padded to a multiple of 4. */
function paddedLength(text: string): number {
  return (Buffer.byteLength(text) + 4) & ~3;
}

/** @returns the encoded size of one message, bytes. */
export function oscMessageSize(message: OscOut): number {
  const arg = message.type === 's' ? paddedLength(String(message.value)) : 4;
  return paddedLength(message.address) + 4 + arg;
}

function writeString(buffer: Buffer, offset: number, text: string): number {
  const end = offset + paddedLength(text);
  const written = buffer.write(text, offset, 'utf8');
  buffer.fill(0, offset + written, end);
  return end;
}

function writeMessage(buffer: Buffer, offset: number, message: OscOut): number {
  let at = writeString(buffer, offset, message.address);
  at = writeString(buffer, at, `,${message.type}`);
  if (message.type === 's') return writeString(buffer, at, String(message.value));
  const n = typeof message.value === 'number' ? message.value : Number(message.value);
  if (message.type === 'i') buffer.writeInt32BE(Math.trunc(n) | 0, at);
  else buffer.writeFloatBE(n, at);
  return at + 4;
}

/** The header of a bundle: `#bundle`, then the timetag 1 ("at once"). */
const BUNDLE_HEADER = Buffer.from('#bundle\0\0\0\0\0\0\0\0\x01', 'latin1');

/** @returns one message as a packet. */
export function encodeOscMessage(message: OscOut): Buffer {
  const buffer = Buffer.alloc(oscMessageSize(message));
  writeMessage(buffer, 0, message);
  return buffer;
}

/**
 * Packs messages into bundles of at most `maxBytes` each (a UDP datagram that fits one Ethernet
 * frame is never fragmented, and fragmented datagrams are the first lost on venue Wi-Fi).
 * A message bigger than that on its own goes alone in its own bundle.
 * @param maxBytes most bytes a bundle may take (default 1400).
 */
export function encodeOscBundles(messages: readonly OscOut[], maxBytes = 1400): Buffer[] {
  const packets: Buffer[] = [];
  let start = 0;
  while (start < messages.length) {
    let size = BUNDLE_HEADER.length;
    let end = start;
    while (end < messages.length) {
      const next = 4 + oscMessageSize(messages[end]);
      if (end > start && size + next > maxBytes) break;
      size += next;
      end++;
    }
    const buffer = Buffer.alloc(size);
    BUNDLE_HEADER.copy(buffer, 0);
    let at = BUNDLE_HEADER.length;
    for (let i = start; i < end; i++) {
      buffer.writeInt32BE(oscMessageSize(messages[i]), at);
      at = writeMessage(buffer, at + 4, messages[i]);
    }
    packets.push(buffer);
    start = end;
  }
  return packets;
}
