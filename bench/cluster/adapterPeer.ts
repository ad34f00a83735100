/**
 * One socket.io server on a Redis adapter, for the adapter bench: `adapterPeer.ts <redis url> <kind>`
 * listens on 127.0.0.1, port 0, prints `port <n>`, and hands whatever the adapter brings to its
 * own `/display` clients.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { clusterAdapter, type AdapterKind } from './adapters.ts';

const [url, kind] = process.argv.slice(2);
const made = clusterAdapter(url, kind as AdapterKind);
const http = createServer();
const io = new Server(http, { adapter: made.adapter, transports: ['websocket'] });
io.of('/display');
http.listen(0, '127.0.0.1', () => {
  const a = http.address();
  process.stdout.write(`port ${typeof a === 'object' && a ? a.port : 0}\n`);
});
