/**
 * OSC out: the hub tells the VJ's gear what the show is doing — phase, parameters, masters, crowd
 * signals, tempo and beat — so TouchOSC or Open Stage Control faders follow the show. Each target
 * gets only the values that changed since it was last sent them (all of them when it is added),
 * at most {@link OSC_SEND_HZ} times a second, as bundles that fit one datagram. Targets come from
 * `--osc-send` and from the console (operator only); at most {@link MAX_OSC_TARGETS}, each checked
 * by {@link checkOscTarget}.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Logger } from 'pino';
import { PARAMS, paramIndex, toUnit } from '../core/params.ts';
import type { ShowFrame } from '../core/protocol.ts';
import { OSC_PREFIX } from './oscRoutes.ts';
import { OSC_CROWD_SIGNALS } from './oscAddresses.ts';
import { encodeOscBundles, type OscOut } from './oscEncode.ts';
import { checkOscTarget, MAX_OSC_TARGETS, type OscTarget } from './oscTarget.ts';

export { MAX_OSC_TARGETS };

/** Most sends a second to each target (every value at most this often). */
export const OSC_SEND_HZ = 30;
/** Shortest time between two sends, ms. */
const PERIOD_MS = 1000 / OSC_SEND_HZ;

/** One value the hub sends: where, as what type, how it is read from a frame. */
interface Slot {
  address: string;
  type: 'f' | 'i' | 's';
  /** Smallest change worth sending (floats), in the wire's unit. */
  step: number;
  read(frame: ShowFrame, speed: number): number | string;
}

const BEAT_WRAP = 2 ** 31;
const INTENSITY = paramIndex('intensity');
const VOLUME = paramIndex('volume');

/** Every value sent, built once: the send path walks this table and allocates only for changes. */
const SLOTS: readonly Slot[] = [
  { address: `${OSC_PREFIX}/phase`, type: 's', step: 0, read: (f) => f.phase },
  { address: `${OSC_PREFIX}/loop`, type: 'i', step: 0, read: (f) => f.loop },
  { address: `${OSC_PREFIX}/blackout`, type: 'i', step: 0, read: (f) => (f.flags.blackout ? 1 : 0) },
  { address: `${OSC_PREFIX}/hold`, type: 'i', step: 0, read: (f) => (f.flags.hold ? 1 : 0) },
  { address: `${OSC_PREFIX}/mute`, type: 'i', step: 0, read: (f) => (f.flags.mute ? 1 : 0) },
  { address: `${OSC_PREFIX}/caption`, type: 'i', step: 0, read: (f) => (f.flags.caption ? 1 : 0) },
  { address: `${OSC_PREFIX}/qr`, type: 's', step: 0, read: (f) => f.flags.qr },
  { address: `${OSC_PREFIX}/speed`, type: 'f', step: 0.001, read: (_f, speed) => speed },
  { address: `${OSC_PREFIX}/intensity`, type: 'f', step: 0.001, read: (f) => f.params[INTENSITY] },
  { address: `${OSC_PREFIX}/volume`, type: 'f', step: 0.001, read: (f) => f.params[VOLUME] },
  { address: `${OSC_PREFIX}/tempo`, type: 'f', step: 0.01, read: (f) => f.beat.bpm },
  {
    address: `${OSC_PREFIX}/beat`,
    type: 'i',
    step: 0,
    read: (f) => {
      const n = Math.floor(((f.at - f.beat.origin) * f.beat.bpm) / 60000);
      return ((n % BEAT_WRAP) + BEAT_WRAP) % BEAT_WRAP;
    },
  },
  ...PARAMS.map((p, i): Slot => ({ address: `${OSC_PREFIX}/param/${p.name}`, type: 'f', step: 0.001, read: (f) => toUnit(p.name, f.params[i]) })),
  ...OSC_CROWD_SIGNALS.map((name): Slot => {
    const count = name === 'dreamers' || name === 'active';
    return { address: `${OSC_PREFIX}/crowd/${name}`, type: count ? 'i' : 'f', step: count ? 0 : 0.001, read: (f) => f.crowd[name] };
  }),
];

/** A target and what it was last sent, slot by slot. */
interface Receiver extends OscTarget {
  sent: (number | string | undefined)[];
}

/** Counts since the sender started. */
export interface OscSendStats {
  targets: number;
  /** Send rounds that found something to send. */
  sends: number;
  /** Messages sent, over every target. */
  messages: number;
  /** Datagrams that could not be sent. */
  failed: number;
  /** Shortest time between two send rounds, ms (Infinity before the second). */
  minGapMs: number;
}

/** What adding a target gave. */
export type OscTargetResult = { ok: true; targets: string[] } | { ok: false; error: string };

/** Options of {@link OscSender}. */
export interface OscSenderOptions {
  log: Logger;
  /** The show's speed multiplier now (not in the frame). */
  speed(): number;
  /** The port the hub's own OSC bridge listens on, if any: never a target on this machine. */
  ownOscPort(): number | undefined;
}

/** Sends the show's state to the VJ's OSC targets. */
export class OscSender {
  private readonly receivers = new Map<string, Receiver>();
  private latest: ShowFrame | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSend = -Infinity;
  private udp4: UdpSocket | undefined;
  private udp6: UdpSocket | undefined;
  private closed = false;
  private readonly counts: OscSendStats = { targets: 0, sends: 0, messages: 0, failed: 0, minGapMs: Infinity };
  /** Messages of one send round, reused. */
  private readonly batch: OscOut[] = [];
  private lastFailureLog = -Infinity;

  constructor(private readonly options: OscSenderOptions) {}

  /** Takes the frame the hub just made (kept by reference; read at the next send). */
  observe(frame: ShowFrame): void {
    this.latest = frame;
  }

  /** The targets, as they were written. */
  targets(): string[] {
    return [...this.receivers.keys()];
  }

  /**
   * Adds a target after checking it (see {@link checkOscTarget}). It gets the whole state at the next send.
   * @param text `host:port`.
   */
  async add(text: string): Promise<OscTargetResult> {
    if (this.closed) return { ok: false, error: 'the hub is closing' };
    const name = text.trim();
    if (this.receivers.has(name)) return { ok: false, error: `${name} is already an OSC target` };
    if (this.receivers.size >= MAX_OSC_TARGETS) return { ok: false, error: `at most ${MAX_OSC_TARGETS} OSC targets: remove one first` };
    const checked = await checkOscTarget(name, this.options.ownOscPort());
    if (!checked.ok) return checked;
    // Checked again after the lookup: two adds may have raced.
    if (this.receivers.has(name)) return { ok: false, error: `${name} is already an OSC target` };
    if (this.receivers.size >= MAX_OSC_TARGETS) return { ok: false, error: `at most ${MAX_OSC_TARGETS} OSC targets: remove one first` };
    this.receivers.set(name, { ...checked.target, sent: new Array<number | string | undefined>(SLOTS.length) });
    this.counts.targets = this.receivers.size;
    this.options.log.info({ target: name, address: checked.target.address, port: checked.target.port }, 'OSC target added: the show state goes there');
    this.schedule();
    return { ok: true, targets: this.targets() };
  }

  /** Removes a target. @returns false when there was none of that name. */
  remove(text: string): boolean {
    const removed = this.receivers.delete(text.trim());
    this.counts.targets = this.receivers.size;
    if (removed) this.options.log.info({ target: text.trim() }, 'OSC target removed');
    return removed;
  }

  /** Every target gets the whole state at the next send (gear that opened after the hub asks for it). */
  resync(): void {
    for (const receiver of this.receivers.values()) receiver.sent.fill(undefined);
    this.schedule();
  }

  stats(): OscSendStats {
    return { ...this.counts };
  }

  /** Stops sending and closes the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.receivers.clear();
    await Promise.all([this.udp4, this.udp6].map((s) => (s ? new Promise<void>((done) => s.close(() => done())) : undefined)));
  }

  /** Arms the next send round, no sooner than one period after the last. */
  private schedule(): void {
    if (this.timer || this.closed || this.receivers.size === 0) return;
    const wait = Math.max(0, this.lastSend + PERIOD_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Timers may fire a fraction of a ms early: the rate is a promise, so wait the rest.
      if (performance.now() - this.lastSend >= PERIOD_MS) this.send();
      this.schedule();
    }, Math.ceil(wait));
    this.timer.unref();
  }

  private send(): void {
    const frame = this.latest;
    if (!frame) return;
    const now = performance.now();
    const speed = this.options.speed();
    let any = false;
    for (const receiver of this.receivers.values()) {
      const batch = this.batch;
      batch.length = 0;
      for (let i = 0; i < SLOTS.length; i++) {
        const slot = SLOTS[i];
        const value = slot.read(frame, speed);
        const before = receiver.sent[i];
        if (typeof value === 'number' && !Number.isFinite(value)) continue;
        if (before !== undefined && (typeof value === 'string' || slot.step === 0 ? value === before : Math.abs(value - Number(before)) < slot.step)) continue;
        receiver.sent[i] = value;
        batch.push({ address: slot.address, type: slot.type, value });
      }
      if (batch.length === 0) continue;
      any = true;
      this.counts.messages += batch.length;
      for (const packet of encodeOscBundles(batch)) this.transmit(receiver, packet);
    }
    if (!any) return;
    if (this.lastSend > -Infinity) this.counts.minGapMs = Math.min(this.counts.minGapMs, now - this.lastSend);
    this.lastSend = now;
    this.counts.sends++;
  }

  private transmit(receiver: Receiver, packet: Buffer): void {
    const socket = receiver.family === 6 ? (this.udp6 ??= this.open('udp6')) : (this.udp4 ??= this.open('udp4'));
    socket.send(packet, receiver.port, receiver.address, (err) => {
      if (err) this.failed(receiver, err);
    });
  }

  private open(type: 'udp4' | 'udp6'): UdpSocket {
    const socket = createSocket({ type });
    socket.on('error', (err) => this.failed(undefined, err));
    socket.unref();
    return socket;
  }

  /** A send that failed: counted, and logged at most once every 10 s (a target switched off is normal). */
  private failed(receiver: Receiver | undefined, err: Error): void {
    this.counts.failed++;
    const now = performance.now();
    if (now - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = now;
    this.options.log.warn({ target: receiver?.name, err: err.message }, 'OSC send failed');
  }
}
