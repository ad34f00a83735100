/**
 * Lines for the operator console's log, sent as notices to every console: what OSC gear did and
 * what the hub refused. A sender repeating itself is summed up rather than flooding the log: one
 * line per key per interval, the lines held back counted in the next.
 */
import type { Notice } from '../core/protocol.ts';
import type { OperatorNamespace } from './HubContext.ts';

/** Keys remembered before the oldest are forgotten (a spoofing sender cannot grow the map). */
const MAX_KEYS = 512;

/** Posts throttled lines to the consoles' logs. */
export class ConsoleLog {
  private readonly last = new Map<string, { at: number; held: number }>();

  /**
   * @param operator the console namespace.
   * @param now clock, ms (tests pass their own).
   */
  constructor(
    private readonly operator: Pick<OperatorNamespace, 'emit'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Posts a line unless one with the same key went out less than `everyMs` ago (then it is counted).
   * @param code the notice's code (the console shows `osc` and `joined` as information, the rest as problems).
   * @param message what the operator reads (cut at 300 characters).
   * @param key lines sharing a key are throttled together.
   * @param everyMs least gap between lines of one key, ms (0: never held back).
   * @returns whether the line went out.
   */
  post(code: Notice['code'], message: string, key: string, everyMs: number): boolean {
    const now = this.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < everyMs) {
      seen.held++;
      return false;
    }
    const held = seen?.held ?? 0;
    this.last.delete(key);
    if (this.last.size >= MAX_KEYS) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    this.last.set(key, { at: now, held: 0 });
    const text = held > 0 ? `${message} (and ${held} more like it)` : message;
    this.operator.emit('notice', { code, message: text.slice(0, 300) });
    return true;
  }
}
