/**
 * `npm start` lands here (under the supervisor): read the command line, start the hub, print the
 * URLs, the QR code phones scan and the operator token.
 */
import { createHub, type Hub } from './hub.ts';
import { assertNever } from '../core/assertNever.ts';
import { ConfigError, HELP, parseConfig } from './config.ts';
import { createLogger } from './log.ts';
import { qrTerminal } from './network.ts';
import { oscListText } from './oscAddresses.ts';

/** What the supervisor says with its "go". */
interface Go {
  /** A hub has run before in this supervisor: this one replaces it after a crash. */
  restart: boolean;
  /** The last state the hub before kept in the supervisor's memory (checked by the hub). */
  state: unknown;
}

/**
 * Under the supervisor every hub loads its modules, then waits for the supervisor's "go" to start:
 * a warm standby (DREAMSCAPE_STANDBY=1) waits beside the live hub so taking over after a crash skips
 * the slow start-up, and the go carries what the hub before left in the supervisor's memory.
 */
async function standBy(): Promise<Go> {
  if (process.env.DREAMSCAPE_STANDBY !== '1' || !process.send) return { restart: false, state: undefined };
  process.on('disconnect', () => process.exit(0));
  const go = await new Promise<Go>((done) => {
    process.on('message', function onMessage(message: unknown) {
      if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'go') return;
      process.off('message', onMessage);
      const { restart, state } = message as { restart?: unknown; state?: unknown };
      done({ restart: restart === true, state });
    });
    process.send?.({ type: 'standby' });
  });
  process.removeAllListeners('disconnect');
  return go;
}

/**
 * Exit code of a hub that cannot start as configured (bad flag, missing --replay file, port taken on
 * the first start): the supervisor does not restart it, since the next start would fail the same way.
 */
const EXIT_CONFIG = 2;

/** Whether a start failure is the venue's set-up, not a crash. */
function isConfigProblem(err: unknown, restart: boolean): boolean {
  if (err instanceof ConfigError) return true;
  const code = (err as NodeJS.ErrnoException).code;
  // A port taken after a crash may be freed in a moment (a dying hub): only the first start gives up.
  if (code === 'EADDRINUSE') return !restart;
  return code === 'EADDRNOTAVAIL' || code === 'EACCES';
}

function explain(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `${err.message}\nThat port is taken (another hub or program is using it): stop it, or try --port 8081.`;
  if (code === 'EADDRNOTAVAIL') return `${err.message}\nThis machine has no such address: check --host.`;
  if (code === 'EACCES') return `${err.message}\nPorts below 1024 need privileges: use --port 8080.`;
  return err.message;
}

let restarted = false;

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
  const go = await standBy();
  restarted = go.restart;
  let config;
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (config === 'osc-list') {
    process.stdout.write(oscListText());
    return;
  }
  const log = createLogger(config.logLevel);
  // Under the supervisor (an IPC channel) the hub keeps a heartbeat so a frozen hub is noticed.
  const heartbeat = process.send ? () => void (process.connected && process.send?.({ type: 'alive' })) : undefined;
  // While the state file cannot be written, the supervisor keeps the show for the next hub.
  const keep = process.send ? (state: unknown) => void (process.connected && process.send?.({ type: 'keep', state })) : undefined;
  const hub = await createHub({ ...config, log, heartbeat, keep, restart: go.restart, remembered: go.state });
  const base = hub.joinUrl.replace(/\/c$/, '');
  const banner = [
    '',
    '  Dreamscape is dreaming.',
    '',
    `  Display (open fullscreen on the projector):  ${base}/${config.wallToken ? `?wall=${encodeURIComponent(config.wallToken)}` : ''}`,
    `  Phones join at:                              ${hub.joinUrl}`,
    `  Operator console:                            ${base}/operator`,
    `  Operator token:                              ${hub.token}`,
    `                                               ${tokenOrigin(hub)}`,
    `  Console, logged in (keep private):           ${base}/operator#token=${encodeURIComponent(hub.token)}`,
    `  Preset: ${hub.context.runtime.preset.name}    Health: ${base}/healthz`,
    ...(config.cluster ? [`  Cluster: ${config.cluster.role} on ${config.cluster.redis.replace(/\/\/[^@/]*@/, '//')}`] : []),
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
  const config = isConfigProblem(err, restarted);
  process.stderr.write(`Dreamscape could not start: ${explain(err)}\n${config ? 'This is a set-up problem: fix it and start again.\n' : ''}`);
  process.exit(config ? EXIT_CONFIG : 1);
});
