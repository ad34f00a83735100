/**
 * The hub's side of a clock sample (`clock` with an acknowledgement): phones time their heartbeat
 * taps by it, walls their score's steps.
 */
import { clockRequestSchema } from '../core/protocol.ts';
import type { EventHandler } from './refuse.ts';

/**
 * A `clock` handler that answers with the hub's `Date.now()` (ms).
 * @param malformed reports a sample without a callback or without a number.
 */
export function clockReply(malformed: (detail: string) => void): EventHandler {
  return (clientTime, reply) => {
    if (typeof reply !== 'function') return malformed('clock needs an acknowledgement callback');
    if (!clockRequestSchema.safeParse(clientTime).success) return malformed('clock needs a number');
    (reply as (hubTime: number) => void)(Date.now());
  };
}
