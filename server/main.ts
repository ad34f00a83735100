/**
 * `npm start` lands here (under the supervisor): read the command line, start the hub, print the
 * URLs, the QR code phones scan and the operator token.
 */
import { createHub, type Hub } from './hub.ts';
import { assertNever } from '../core/assertNever.ts';
import { ConfigError, HELP, parseConfig } from './config.ts';
import { createLogger } from './log.ts';
import { qrTerminal } from './network.ts';

/**
 * A warm standby (started by the supervisor with DREAMSCAPE_STANDBY=1) loads every module, then
 * waits for the supervisor's "go" to start: taking over after a crash skips the slow start-up.
 */
async function standBy(): Promise<void> {
  if (process.env.DREAMSCAPE_STANDBY !== '1' || !process.send) return;
  process.on('disconnect', () => process.exit(0));
  await new Promise<void>((go) => {
    process.on('message', function onMessage(message: unknown) {
      if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'go') return;
      process.off('message', onMessage);
      go();
    });
    process.send?.({ type: 'standby' });
  });
  process.removeAllListeners('disconnect');
}

/** What the banner says about where the token came from. */
function tokenOrigin(hub: Pick<Hub, 'tokenOrigin' | 'tokenFile'>): string {
  const file = hub.tokenFile ?? '';
  switch (hub.tokenOrigin) {
    case 'chosen':
      return '(the one given with --token)';
    case 'kept':
      return `(this installation's, kept in ${file}; --new-token replaces it)`;
    case 'new':
      return `(new, kept in ${file} for every restart; --new-token replaces it)`;
    case 'renewed':
      return '(renewed with --new-token: consoles log in again with this one)';
    case 'run':
      return '(for this run only: no state file)';
    default:
      return assertNever(hub.tokenOrigin, 'token origin');
  }
}

async function main(): Promise<void> {
  await standBy();
  let config;
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const log = createLogger(config.logLevel);
  // Under the supervisor (an IPC channel) the hub keeps a heartbeat so a frozen hub is noticed.
  const heartbeat = process.send ? () => void (process.connected && process.send?.({ type: 'alive' })) : undefined;
  const hub = await createHub({ ...config, log, heartbeat });
  const base = hub.joinUrl.replace(/\/c$/, '');
  const banner = [
    '',
    '  Dreamscape is dreaming.',
    '',
    `  Display (open fullscreen on the projector):  ${base}/`,
    `  Phones join at:                              ${hub.joinUrl}`,
    `  Operator console:                            ${base}/operator`,
    `  Operator token:                              ${hub.token}`,
    `                                               ${tokenOrigin(hub)}`,
    `  Console, logged in (keep private):           ${base}/operator#token=${encodeURIComponent(hub.token)}`,
    `  Preset: ${hub.context.runtime.preset.name}    Health: ${base}/healthz`,
    '',
    '  Scan to join:',
    (await qrTerminal(hub.joinUrl)).replace(/^/gm, '  '),
    '',
  ].join('\n');
  process.stdout.write(`${banner}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await hub.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Under the supervisor: say where the show is, and stop if the supervisor is gone so no orphan
  // keeps the port.
  if (process.send) {
    process.send({ type: 'ready', url: hub.url, port: hub.port });
    process.on('disconnect', () => void stop('supervisor gone'));
  }
}

main().catch((err: Error) => {
  process.stderr.write(`Dreamscape could not start: ${err.message}\n`);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') process.stderr.write('That port is taken: try --port 8081.\n');
  process.exit(1);
});
