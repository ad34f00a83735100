/**
 * Structured logs for the hub: one JSON line per event (pino). Nothing here ever logs a token.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the hub's logger. `level: 'silent'` for tests. */
export function createLogger(level: pino.LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { app: 'dreamscape' },
    redact: { paths: ['token', '*.token', 'auth.token', 'handshake.auth.token'], censor: '[redacted]' },
  });
}
