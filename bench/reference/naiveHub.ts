/**
 * The reference the hub is measured against: the plainest socket.io relay a person would write
 * first. Phones join `/audience` with the same handshake as the real hub; each gesture is relayed
 * to every wall on `/display` with one emit per gesture. No validation, no show, no batching.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

/** A running naive relay. */
export interface NaiveHub {
  port: number;
  /** Gestures relayed since start. */
  relayed(): number;
  /** Called on each gesture with the host time it arrived and when its relay emit returned, ms. */
  onRelay?: (arrivedMs: number, sentMs: number) => void;
  close(): Promise<void>;
}

/**
 * Starts the relay on 127.0.0.1.
 * @param port 0 for any free port.
 */
export async function startNaiveHub(port = 0): Promise<NaiveHub> {
  const server = createServer();
  const io = new Server(server, { serveClient: false, transports: ['websocket', 'polling'] });
  const display = io.of('/display');
  const audience = io.of('/audience');
  const handles = new Map<string, number>();
  let relayed = 0;
  const hub: NaiveHub = {
    port: 0,
    relayed: () => relayed,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((done) => io.close(() => done()));
      server.closeAllConnections();
    },
  };
  audience.on('connection', (socket) => {
    const auth = socket.handshake.auth as { dreamer?: string };
    const id = typeof auth.dreamer === 'string' ? auth.dreamer : socket.id;
    let handle = handles.get(id);
    if (handle === undefined) {
      handle = handles.size + 1;
      handles.set(id, handle);
    }
    const d = handle;
    socket.emit('welcome', { dreamer: id, handle: d });
    socket.on('gesture', (g: unknown) => {
      const arrived = performance.timeOrigin + performance.now();
      display.emit('gesture', { d, g });
      relayed++;
      hub.onRelay?.(arrived, performance.timeOrigin + performance.now());
    });
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  hub.port = typeof address === 'object' && address ? address.port : port;
  return hub;
}
