/**
 * What the OSC bridge says about what it did: counts for `/healthz`, reports for the consoles' log
 * (through the bridge's `onReport`), and warnings in the hub's log. A flood is refused by the
 * thousand, so each sender's refusals are logged and reported at most once a second per reason
 * (with how many were held back), and the log takes at most 20 warnings a second: refusing stays
 * cheaper than obeying, and junk from a misconfigured device never floods the log.
 */
import type { Logger } from 'pino';
import type { CommandResult, OperatorCommand } from '../core/protocol.ts';

/** Why a packet or message was not obeyed. */
export type OscRefusal = 'not-allowed' | 'flood' | 'malformed';

/** What the bridge did with something a sender sent. */
export type OscReport =
  | { kind: 'command'; from: string; command: OperatorCommand; result: CommandResult }
  | { kind: 'refused'; from: string; reason: OscRefusal; detail: string };

/** Counts since the bridge started. */
export interface OscStats {
  /** Packets refused because their sender is not on the allow-list. */
  notAllowed: number;
  /** Packets and commands dropped over a sender's budget. */
  flooded: number;
  /** Packets and messages that did not decode or translate. */
  malformed: number;
  /** Commands passed to the show. */
  commands: number;
}

/** Most warnings per second written to the log; the rest are counted in one summary line. */
const MAX_WARNINGS_PER_SECOND = 20;
/** Senders whose last refusals are remembered; past it the first remembered is forgotten. */
const MAX_REMEMBERED_SENDERS = 256;

type Last = { at: number; held: number };

/** Counts, reports and logs what the bridge did and refused. */
export class OscReporter {
  /** Counts since the bridge started (read with {@link OscReporter.snapshot}). */
  private readonly stats: OscStats = { notAllowed: 0, flooded: 0, malformed: 0, commands: 0 };
  private readonly lastRefusal = new Map<string, Record<OscRefusal, Last>>();
  private warnWindow = 0;
  private warnings = 0;
  private suppressed = 0;

  /**
   * @param onReport told of every command's outcome and every refusal shown (its throws are logged).
   * @param now clock, ms (tests pass their own).
   */
  constructor(
    private readonly log: Logger,
    private readonly onReport: ((report: OscReport) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A copy of the counts. */
  snapshot(): OscStats {
    return { ...this.stats };
  }

  /** A command passed to the show (counted now; its outcome reported by {@link OscReporter.done}). */
  passed(): void {
    this.stats.commands++;
  }

  /** A command's outcome: a refusal is logged, every outcome reported. */
  done(from: string, command: OperatorCommand, result: CommandResult): void {
    if (!result.ok) this.log.info({ from, command: command.type, error: result.error }, 'OSC command refused');
    this.report({ kind: 'command', from, command, result });
  }

  /** A command that threw inside the hub. */
  failed(from: string, command: OperatorCommand, err: unknown): void {
    this.log.error({ err, command: command.type }, 'OSC command failed');
    this.report({ kind: 'command', from, command, result: { ok: false, error: 'the command failed' } });
  }

  /**
   * Something from `from` was refused: counted always; logged and reported at most once a second per
   * sender and reason (allocates nothing for a sender already remembered).
   */
  refuse(from: string, reason: OscRefusal, detail: string, now: number, fields?: Record<string, unknown>): void {
    if (reason === 'malformed') this.stats.malformed++;
    else if (reason === 'flood') this.stats.flooded++;
    else this.stats.notAllowed++;
    let seen = this.lastRefusal.get(from);
    if (!seen) {
      if (this.lastRefusal.size >= MAX_REMEMBERED_SENDERS) {
        const oldest = this.lastRefusal.keys().next().value;
        if (oldest !== undefined) this.lastRefusal.delete(oldest);
      }
      seen = { 'not-allowed': { at: -Infinity, held: 0 }, flood: { at: -Infinity, held: 0 }, malformed: { at: -Infinity, held: 0 } };
      this.lastRefusal.set(from, seen);
    }
    const last = seen[reason];
    if (now - last.at < 1000) {
      last.held++;
      return;
    }
    const held = last.held;
    last.at = now;
    last.held = 0;
    const text = held > 0 ? `${detail} (and ${held} more)` : detail;
    this.complain({ from, reason: text, ...fields }, reason === 'not-allowed' ? 'OSC refused: sender not on --osc-allow' : reason === 'flood' ? 'OSC flood: dropped' : 'OSC message ignored');
    this.report({ kind: 'refused', from, reason, detail: text });
  }

  /** A warning for the hub's log, at most {@link MAX_WARNINGS_PER_SECOND} a second (the rest summed up). */
  complain(fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    if (now - this.warnWindow >= 1000) {
      if (this.suppressed > 0) this.log.warn({ suppressed: this.suppressed }, `${this.suppressed} more OSC problems were not logged`);
      this.warnWindow = now;
      this.warnings = 0;
      this.suppressed = 0;
    }
    if (this.warnings++ < MAX_WARNINGS_PER_SECOND) this.log.warn(fields, message);
    else this.suppressed++;
  }

  /** Forgets the senders' last refusals (the bridge closed). */
  clear(): void {
    this.lastRefusal.clear();
  }

  private report(report: OscReport): void {
    try {
      this.onReport?.(report);
    } catch (err) {
      this.log.error({ err }, 'OSC report failed');
    }
  }
}
