/**
 * What one OSC sender may send: packets and commands a second, each sender its own budget, so a
 * flood from one does not touch the VJ's own gear; and fader sweeps coalesced to one command per
 * fader per {@link OSC_FADER_MS} (the latest value wins), in order with the commands around them.
 */
import { faderKey } from '../core/arc/commands.ts';
import type { OperatorCommand } from '../core/protocol.ts';
import { TokenBucket } from './TokenBucket.ts';

/**
 * Faders send a value per pixel of travel (TouchOSC: up to ~100 messages/s per fader). Values of
 * one fader are coalesced: at most one command per this many ms, the latest value wins.
 */
export const OSC_FADER_MS = 33;
/**
 * Most commands a second one sender passes on (after fader coalescing); a flood beyond it is
 * dropped (and counted). Each sender has its own budget: a flood from one does not touch another's.
 */
export const OSC_MAX_COMMANDS_PER_SECOND = 200;
/**
 * Most packets a second one sender may have decoded: room for several faders moving at once
 * (~100 messages/s each); beyond it packets are dropped before decoding, so a flood costs little.
 */
export const OSC_MAX_PACKETS_PER_SECOND = 1000;
/** Senders whose budgets are kept; past it the one heard from least recently is forgotten. */
export const OSC_MAX_SENDERS = 256;

/** One sender's budgets. */
interface Sender {
  packets: TokenBucket;
  commands: TokenBucket;
  /** When it was last heard from, ms. */
  lastAt: number;
}

/** Every sender's budgets, at most {@link OSC_MAX_SENDERS} of them. */
export class OscBudgets {
  private readonly senders = new Map<string, Sender>();

  /** Senders remembered now. */
  get size(): number {
    return this.senders.size;
  }

  /** Takes one packet from `from`'s budget (remembering it as heard from). @returns false when over it. */
  packet(from: string, now: number): boolean {
    return this.senderOf(from, now).packets.take(now);
  }

  /** Takes one command from `from`'s budget. @returns false when over it. */
  command(from: string, now: number): boolean {
    const sender = this.senders.get(from);
    return !sender || sender.commands.take(now);
  }

  /** Forgets every sender. */
  clear(): void {
    this.senders.clear();
  }

  private senderOf(from: string, now: number): Sender {
    let sender = this.senders.get(from);
    if (sender) {
      sender.lastAt = now;
      return sender;
    }
    if (this.senders.size >= OSC_MAX_SENDERS) {
      // Forget the one heard from least recently (a rare walk: only when a new sender arrives at the limit).
      let quietest: string | undefined;
      let quietestAt = Infinity;
      for (const [address, s] of this.senders) {
        if (s.lastAt < quietestAt) {
          quietestAt = s.lastAt;
          quietest = address;
        }
      }
      if (quietest !== undefined) this.senders.delete(quietest);
    }
    sender = {
      packets: new TokenBucket(OSC_MAX_PACKETS_PER_SECOND, OSC_MAX_PACKETS_PER_SECOND, now),
      commands: new TokenBucket(OSC_MAX_COMMANDS_PER_SECOND, OSC_MAX_COMMANDS_PER_SECOND, now),
      lastAt: now,
    };
    this.senders.set(from, sender);
    return sender;
  }
}

/** Coalesces fader moves: at most one command per fader per {@link OSC_FADER_MS}, the latest value wins. */
export class FaderCoalescer {
  private readonly pending = new Map<string, { command: OperatorCommand; from: string }>();
  private timer: NodeJS.Timeout | undefined;

  /** @param deliver where commands go, in order. */
  constructor(private readonly deliver: (command: OperatorCommand, from: string) => void) {}

  /** A command from `from`: a fader's waits for its moment; anything else goes now, after the faders before it. */
  take(command: OperatorCommand, from: string): void {
    const key = faderKey(command);
    if (key === undefined) {
      // Keep order: a fader move sent before a panic lands before it, not after.
      this.flush();
      this.deliver(command, from);
      return;
    }
    this.pending.set(key, { command, from });
    this.timer ??= setTimeout(() => this.flush(), OSC_FADER_MS);
  }

  /** Drops what waits (the bridge closed). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { command, from } of due) this.deliver(command, from);
  }
}
