/**
 * The load generator: one process holding many phones. Each phone is a real socket.io-client on
 * `/audience` (websocket only, its own connection, a dreamer id), welcomed by the hub, then drags at
 * a fixed rate with the odd tap; some phones drop and reconnect with the same dreamer id, and with
 * churn some leave for good while new ones join. Gestures are pre-encoded socket.io packets written
 * straight to each phone's engine (with the default parser) so the generator stays cheap; every
 * gesture carries its send time (see stamp.ts). Like real phones, each follows the rate the hub asks
 * for (`welcome`, `pace`) when the hub paces phones. Bounded: it stops at `stopAt` and on `close`.
 */
import { io as connect, type Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { PROTOCOL_VERSION } from '../../core/protocol.ts';
import { encodeStamp, hostNow, stampedTime } from './stamp.ts';
import type { WorkerReply, WorkerRequest } from './messages.ts';

interface Phone {
  socket: Socket;
  welcomed: boolean;
  /** Messages per second the hub asks this phone for (welcome, then `pace`), like a real phone's coalescer. */
  rate: number;
  /** Host ms of the next send. */
  next: number;
  sends: number;
  stroke: number;
  x: number;
  y: number;
  gone: boolean;
}

const send = (m: WorkerReply) => process.send?.(m);
const phones: Phone[] = [];
let url = '';
let msgpack = false;
let nextIndex = 0;
/** Crowd-wide index of this worker's first phone (bursty groups span workers). */
let firstOfWorker = 0;
let timer: NodeJS.Timeout | undefined;

function openPhone(index: number): Phone {
  const dreamer = `bench-${process.pid}-${index}`.padEnd(8, '0');
  const socket = connect(url + '/audience', {
    auth: { v: PROTOCOL_VERSION, dreamer },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
    ...(msgpack ? { parser: msgpackParser } : {}),
  });
  const phone: Phone = { socket, welcomed: false, rate: 30, next: 0, sends: 0, stroke: 0, x: (index * 0.618) % 1, y: (index * 0.414) % 1, gone: false };
  socket.on('welcome', (w: { maxRate?: number }) => {
    phone.welcomed = true;
    if (typeof w?.maxRate === 'number' && w.maxRate > 0) phone.rate = w.maxRate;
  });
  socket.on('pace', (p: { maxRate?: number }) => {
    if (typeof p?.maxRate === 'number' && p.maxRate > 0) phone.rate = p.maxRate;
  });
  socket.on('disconnect', () => {
    phone.welcomed = false;
  });
  return phone;
}

function whenWelcomed(phone: Phone, ms: number): Promise<boolean> {
  return new Promise((done) => {
    if (phone.welcomed) return done(true);
    const t = setTimeout(() => done(false), ms);
    phone.socket.once('welcome', () => {
      clearTimeout(t);
      done(true);
    });
    phone.socket.once('connect_error', () => {
      clearTimeout(t);
      done(false);
    });
  });
}

async function connectAll(count: number, firstIndex: number): Promise<void> {
  const started = hostNow();
  nextIndex = firstIndex;
  firstOfWorker = firstIndex;
  let ok = 0;
  let failed = 0;
  const batch = 25;
  for (let i = 0; i < count; i += batch) {
    const opened: Phone[] = [];
    for (let k = i; k < Math.min(count, i + batch); k++) opened.push(openPhone(nextIndex++));
    const results = await Promise.all(opened.map((p) => whenWelcomed(p, 20_000)));
    for (const r of results) r ? ok++ : failed++;
    phones.push(...opened);
  }
  send({ type: 'connected', ok, failed, ms: hostNow() - started });
}

function gesturePacket(p: Phone, now: number, epoch: number, tapEvery: number, held: number): string | unknown[] {
  // A paced phone's message carries touches up to `held` ms old: stamp the oldest, so latency
  // counts the wait on the phone too.
  const [sx, sy] = encodeStamp(now - held, epoch);
  p.sends++;
  p.x = (p.x + 0.003) % 1;
  const isTap = p.sends % tapEvery === 0;
  if (isTap) p.stroke++;
  if (msgpack) return isTap ? ['gesture', { kind: 'tap', x: sx, y: sy }] : ['gesture', { kind: 'weave', stroke: p.stroke, points: [sx, sy, p.x, p.y, p.x, p.y] }];
  return isTap
    ? `2/audience,["gesture",{"kind":"tap","x":${sx},"y":${sy}}]`
    : `2/audience,["gesture",{"kind":"weave","stroke":${p.stroke},"points":[${sx},${sy},${p.x},${p.y},${p.x},${p.y}]}]`;
}

/** The websocket under a phone's engine.io connection (the `ws` package in Node). */
type RawWebSocket = { readyState: number; send(data: string): void };

/**
 * Writes a pre-encoded socket.io packet as one engine.io message ("4" + packet) straight to the
 * phone's websocket: the same bytes the client library would send, without its per-message write
 * queue and drain timer, so the generator stays far cheaper than the hub it loads.
 */
function sendRaw(p: Phone, packet: string): void {
  const ws = (p.socket.io.engine as unknown as { transport?: { ws?: RawWebSocket } }).transport?.ws;
  if (ws && ws.readyState === 1) ws.send('4' + packet);
  else p.socket.io.engine.send(packet);
}

function run(m: Extract<WorkerRequest, { type: 'run' }>): void {
  const base = 1000 / m.hz;
  const periodOf = (p: Phone) => 1000 / Math.min(m.hz, p.rate);
  const cpuFrom = process.cpuUsage();
  const started = hostNow();
  const live = phones.filter((p) => !p.gone);
  if (m.burst > 1) {
    // Bursty: the phones of a group (crowd-wide, across workers) send in the same millisecond, as
    // phones behind one access point do after a Wi-Fi hiccup; the groups are spread over the period.
    const groups = Math.max(1, Math.ceil(m.crowd / m.burst));
    live.forEach((p, i) => (p.next = started + (Math.floor((firstOfWorker + i) / m.burst) / groups) * periodOf(p)));
  } else live.forEach((p, i) => (p.next = started + (i / Math.max(1, live.length)) * periodOf(p)));
  let sent = 0;
  let counted = 0;
  let behind = 0;
  let reconnects = 0;
  let joins = 0;
  let leaves = 0;
  let reconnectDebt = 0;
  let churnDebt = 0;
  let last = started;
  let pick = 0;
  const step = () => {
    const now = hostNow();
    reconnectDebt += ((now - last) / 1000) * m.reconnectsPerSec;
    churnDebt += ((now - last) / 1000) * m.churnPerSec;
    last = now;
    for (let i = 0; i < phones.length; i++) {
      const p = phones[i];
      if (p.gone || now < p.next) continue;
      const period = periodOf(p);
      p.next += period;
      if (now - p.next > period) {
        behind += Math.floor((now - p.next) / period);
        p.next = now + period;
      }
      if (!p.welcomed || !p.socket.connected) continue;
      const t = hostNow();
      const held = periodOf(p) - base;
      const packet = gesturePacket(p, t, m.epoch, m.tapEvery, held);
      if (typeof packet === 'string') sendRaw(p, packet);
      else p.socket.emit(packet[0] as string, packet[1]);
      sent++;
      // Counted by its stamp, as the timing wall reads it (a paced message is stamped `held` ms early).
      const stamped = stampedTime(t - held, m.epoch);
      if (stamped >= m.countFrom && stamped < m.countTo) counted++;
    }
    // A phone drops (tunnel, lock screen) and comes back as the same dreamer.
    while (reconnectDebt >= 1 && phones.length > 0) {
      reconnectDebt--;
      const p = phones[pick++ % phones.length];
      if (p.gone || !p.socket.connected) continue;
      p.socket.disconnect();
      setTimeout(() => p.socket.connect(), 200);
      reconnects++;
    }
    // Churn: someone leaves for good, someone new joins.
    while (churnDebt >= 1) {
      churnDebt--;
      const start = pick++ % phones.length;
      const p = phones.find((q, k) => !q.gone && k >= start);
      if (p) {
        p.gone = true;
        p.socket.disconnect();
        leaves++;
      }
      const fresh = openPhone(nextIndex++);
      fresh.next = now + Math.random() * base;
      phones.push(fresh);
      joins++;
    }
    // Bounded: the list of phones that left is pruned so a long soak does not grow it.
    if (phones.length > 2 * live.length + 100) {
      for (let i = phones.length - 1; i >= 0; i--) if (phones[i].gone) phones.splice(i, 1);
    }
    if (now >= m.stopAt) {
      clearInterval(timer);
      timer = undefined;
      const cpu = process.cpuUsage(cpuFrom);
      send({ type: 'done', sent, counted, behind, reconnects, joins, leaves, cpuPct: ((cpu.user + cpu.system) / 1000 / (now - started)) * 100 });
    }
  };
  timer = setInterval(step, 2);
}

process.on('message', (m: WorkerRequest) => {
  switch (m.type) {
    case 'connect':
      url = m.url;
      msgpack = m.msgpack;
      void connectAll(m.count, m.firstIndex);
      break;
    case 'run':
      run(m);
      break;
    case 'close':
      clearInterval(timer);
      for (const p of phones) p.socket.disconnect();
      send({ type: 'closed' });
      process.disconnect?.();
      setTimeout(() => process.exit(0), 200).unref();
      break;
  }
});
