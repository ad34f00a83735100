/**
 * The junk flood's senders, run as their own process (`node --import tsx junkSender.ts '<json>'`)
 * so that generating and sending junk does not share the hub's event loop: the hub stays in the
 * test process, where its globals can be checked for prototype pollution.
 *
 * Argument: `{ url, sockets, perSecond, seconds }`. Prints one JSON line of figures when done.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { NAMESPACES, PROTOCOL_VERSION } from '../../../core/protocol.ts';
import { openRawSocket, type RawSocket } from './rawSocket.ts';
import { junkEvent, junkPayload, rawTraffic, sample } from './junk.ts';

/** What the sender reports. */
export interface JunkFigures {
  sent: number;
  rawSent: number;
  socketIoSent: number;
  socketIoDisconnects: number;
  rawDropped: number;
  perSocketPerSecond: number;
}

async function main(): Promise<void> {
  const { url, sockets, perSecond, seconds } = JSON.parse(process.argv[2] ?? '{}') as { url: string; sockets: number; perSecond: number; seconds: number };
  const payloads = sample(junkPayload, 800, 20251);
  const events = sample(junkEvent, 800, 7);
  const frames = sample(rawTraffic, 800, 99);
  const rawCount = Math.floor(sockets / 3);
  const clients: Socket[] = [];
  let socketIoDisconnects = 0;
  for (let i = 0; i < sockets - rawCount; i++) {
    const ns = i % 2 === 0 ? NAMESPACES.audience : NAMESPACES.display;
    const c = connect(url + ns, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 250 });
    c.on('disconnect', () => socketIoDisconnects++);
    clients.push(c);
  }
  const openRaw = async (): Promise<RawSocket | null> => {
    const r = await openRawSocket({ url }).catch(() => null);
    if (!r || !r.ok) return null;
    r.socket.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION });
    return r.socket;
  };
  const raws: (RawSocket | null | 'opening')[] = await Promise.all(Array.from({ length: rawCount }, openRaw));
  let socketIoSent = 0;
  let rawSent = 0;
  let rawDropped = 0;
  let k = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    for (const c of clients) {
      if (!c.connected) continue;
      const event = events[k % events.length];
      const payload = payloads[(k * 7) % payloads.length];
      k++;
      try {
        if (k % 5 === 0) c.volatile.emit(event, payload, () => undefined);
        else c.volatile.emit(event, payload);
        socketIoSent++;
      } catch {
        // socket.io-client refuses reserved names itself; the raw sockets send those.
      }
    }
    raws.forEach((r, i) => {
      if (r === 'opening') return;
      if (!r || r.closed) {
        rawDropped++;
        raws[i] = 'opening';
        void openRaw().then((s) => (raws[i] = s));
        return;
      }
      r.send(frames[k++ % frames.length]);
      rawSent++;
    });
  }, 1000 / perSecond);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  const elapsed = (Date.now() - started) / 1000;
  for (const c of clients) c.close();
  for (const r of raws) if (r && r !== 'opening') r.destroy();
  const figures: JunkFigures = {
    sent: socketIoSent + rawSent,
    rawSent,
    socketIoSent,
    socketIoDisconnects,
    rawDropped,
    perSocketPerSecond: (socketIoSent + rawSent) / sockets / elapsed,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

void main();
