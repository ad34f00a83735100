/**
 * The hub's options, from the command line (`npm start -- --port 9000 …`), with `--help`.
 */
import { parseArgs } from 'node:util';
import { isIP } from 'node:net';
import { parseAddressRange } from './addressRange.ts';
import { tokenWeakness } from '../core/operatorLogin.ts';

/** Everything the hub can be told at start. */
export interface HubConfig {
  /** TCP port (0 picks a free one). Default 8080. */
  port: number;
  /** Address to listen on. Default 0.0.0.0 (every interface, so phones on the Wi-Fi can join). */
  host: string;
  /**
   * Preset to start with (a name in the presets folder; "default" when not given). Given on the
   * command line, it wins over the preset of a resumed show on the supervisor's first start.
   */
  preset?: string;
  /**
   * Playlist to play from the start (`presets/playlists/<name>.json`): its first entry replaces
   * the preset. A missing or broken playlist stops the first start with the reason.
   */
  playlist?: string;
  /** Start a new night: ignore (and replace) the saved show and tonight's dreamers. */
  fresh: boolean;
  /**
   * Operator token chosen by the venue (checked for strength at start). When not given, the hub
   * keeps one per installation beside the state file (`operator-token`), made once at random.
   */
  token?: string;
  /** Make a new installation token (replacing the kept one) at this start. */
  newToken: boolean;
  /** Folder of presets. */
  presetDir: string;
  /** State file (show, dreamers, switches); `null` disables persistence. */
  stateFile: string | null;
  /**
   * Seed of a fresh show; random when not given. Given on the first start and different from the
   * saved show's seed, it starts a new night with this seed.
   */
  seed?: number;
  /** Extra origins allowed to open sockets (beside the hub's own host). */
  allowOrigins: string[];
  /** Phones allowed at once; more wait for a place. */
  maxDreamers: number;
  /** Sockets allowed at once (all kinds); more are refused. */
  maxConnections: number;
  /** UDP port for OSC, off when undefined. */
  oscPort?: number;
  /**
   * Address the OSC bridge listens on. Default 127.0.0.1 (gear on this machine only); `0.0.0.0`
   * or `::` takes OSC from the network (then give {@link oscAllow}).
   */
  oscHost: string;
  /** Addresses and CIDR ranges OSC is taken from (empty: every sender that can reach the port). */
  oscAllow: string[];
  /** When set, walls must present this token (`/?wall=TOKEN`) to join `/display`. */
  wallToken?: string;
  /**
   * Sockets, and phones in the show, one network address may hold at once (0: no limit). Default
   * {@link DEFAULT_MAX_PER_ADDRESS}: a venue whose phones all reach the hub through one NAT address
   * raises it (or passes 0).
   */
  maxPerAddress: number;
  /** Record every tick's input to this JSONL file. */
  record?: string;
  /** Play back a recorded night instead of live phones. */
  replay?: string;
  /** Serve HTTPS (self-signed unless cert/key are given). */
  https: boolean;
  cert?: string;
  key?: string;
  /** Host name or address printed in URLs and QR codes (default: the LAN address). */
  publicHost?: string;
  /** Mount Vite in middleware mode (hot reload) instead of serving the build. */
  dev: boolean;
  /**
   * Show clock ticks (frames to the walls) per second, 1..120. Default 30. 60 halves the wait for
   * the next frame (hub receive → frame sent p99 ~36 → ~20 ms) for ~1% more hub CPU at 1,000
   * phones, and walls parse twice as many frames.
   */
  tickHz: number;
  /** Log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

/** Text of `--help`. */
export const HELP = `Dreamscape hub — phones steer the DreamScape arc on a projected display.

Usage: npm start -- [options]

  --port N             TCP port (default 8080)
  --host ADDR          listen address (default 0.0.0.0: phones on the venue Wi-Fi can join)
  --preset NAME        preset to play, from presets/ (default "default"); on a resumed show
                       it replaces the saved preset (the show keeps its place)
  --playlist NAME      play this playlist from presets/playlists/ (its first entry's preset
                       replaces --preset; it advances at each new loop or after an entry's duration)
  --token TEXT         operator token you choose (at least 16 characters, 8 different; default: one
                       made at random on the first start, kept in .dreamscape/operator-token and
                       reused after every restart or crash)
  --new-token          replace the kept operator token with a new random one (logs out every console)
  --presets DIR        presets folder (default presets/)
  --state FILE         state file for crash recovery (default .dreamscape/state.json)
  --no-state           do not persist the show
  --seed N             seed of the show (default random); a saved show with another seed
                       is replaced by a new night with this one
  --fresh              start a new night: do not resume the saved show or its dreamers
  --allow-origin URL   also accept sockets from this origin (repeatable)
  --max-dreamers N     phones at once; more wait for a place (default 5000)
  --max-connections N  sockets at once; more are refused (default 6000)
  --max-per-address N  sockets, and phones in the show, from one network address (default 250;
                       0: no limit). Raise it when the phones reach the hub through one NAT address
  --osc-port N         listen for OSC on this UDP port (default off)
  --osc-host ADDR      address OSC listens on (default 127.0.0.1: gear on this machine only;
                       0.0.0.0 or :: for gear on the network, with --osc-allow)
  --osc-allow LIST     take OSC only from these addresses or CIDR ranges, comma-separated
                       (e.g. 192.168.1.50,10.0.0.0/24); others are refused and counted
  --wall-token TEXT    walls must open the display as /?wall=TEXT to join (default: any wall)
  --record FILE        record the night (its first state, the crowd's input, the operator's
                       commands) to a JSONL file
  --replay FILE        play back a recorded night instead of live phones (the state file
                       is left alone)
  --https              serve HTTPS with a self-signed certificate (tilt and wake lock need it)
  --cert FILE --key FILE  use this certificate and key for --https
  --public-host NAME   host printed in URLs and the QR code (default: the LAN address)
  --dev                hot-reload the pages with Vite (development)
  --tick-hz N          frames per second sent to the walls, 1-120 (default 30; 60 halves the
                       hub's share of a gesture's latency for ~1% more hub CPU)
  --log-level LEVEL    fatal|error|warn|info|debug|silent (default info)
  --help               this text
`;

/** Default of `--max-per-address`: generous, so a family or a small NAT never notices it. */
export const DEFAULT_MAX_PER_ADDRESS = 250;

/** Thrown for a bad command line; the message says what to fix. */
export class ConfigError extends Error {}

function int(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`--${name} expects a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * Reads the command line.
 * @returns the config, or `'help'` when `--help` was asked.
 * @throws {ConfigError} on an unknown flag or a bad value.
 */
export function parseConfig(argv: string[]): HubConfig | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        preset: { type: 'string' },
        playlist: { type: 'string' },
        token: { type: 'string' },
        'new-token': { type: 'boolean' },
        presets: { type: 'string' },
        state: { type: 'string' },
        'no-state': { type: 'boolean' },
        fresh: { type: 'boolean' },
        seed: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'max-dreamers': { type: 'string' },
        'max-connections': { type: 'string' },
        'osc-port': { type: 'string' },
        'osc-host': { type: 'string' },
        'osc-allow': { type: 'string', multiple: true },
        'wall-token': { type: 'string' },
        'max-per-address': { type: 'string' },
        record: { type: 'string' },
        replay: { type: 'string' },
        https: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'public-host': { type: 'string' },
        dev: { type: 'boolean' },
        'log-level': { type: 'string' },
        'tick-hz': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\nRun with --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
  const logLevel = levels.find((l) => l === (v['log-level'] ?? 'info'));
  if (!logLevel) throw new ConfigError(`--log-level expects one of ${levels.join(', ')}`);
  if (v.preset !== undefined && !/^[a-z0-9-]{1,64}$/.test(v.preset)) throw new ConfigError('--preset expects a preset name (a-z, 0-9, "-")');
  if (v.playlist !== undefined && !/^[a-z0-9-]{1,64}$/.test(v.playlist)) throw new ConfigError('--playlist expects a playlist name (a-z, 0-9, "-")');
  if (v.token !== undefined) {
    const weakness = tokenWeakness(v.token);
    if (weakness) throw new ConfigError(`--token refused: ${weakness}.`);
  }
  if (v.token !== undefined && v['new-token']) throw new ConfigError('--token and --new-token cannot be used together');
  if ((v.cert === undefined) !== (v.key === undefined)) throw new ConfigError('--cert and --key go together');
  const oscAllow = (v['osc-allow'] ?? []).flatMap((list) => list.split(',')).map((a) => a.trim()).filter((a) => a !== '');
  for (const entry of oscAllow) {
    if (!parseAddressRange(entry)) throw new ConfigError(`--osc-allow expects addresses or CIDR ranges (192.168.1.50, 10.0.0.0/24, fd00::/8), got "${entry}"`);
  }
  const oscHost = v['osc-host'] ?? '127.0.0.1';
  if (!isIP(oscHost) && !/^[a-zA-Z0-9.-]{1,253}$/.test(oscHost)) throw new ConfigError(`--osc-host expects an address or host name, got "${oscHost}"`);
  if (v['wall-token'] !== undefined && !/^[A-Za-z0-9_.~-]{8,128}$/.test(v['wall-token'])) {
    throw new ConfigError('--wall-token must be 8 to 128 characters of A-Z, a-z, 0-9, "-", "_", "." or "~" (it goes in the display\'s URL)');
  }
  if (v.record && v.replay) throw new ConfigError('--record and --replay cannot be used together');
  return {
    port: int('port', v.port, 0, 65535) ?? 8080,
    host: v.host ?? '0.0.0.0',
    preset: v.preset,
    playlist: v.playlist,
    fresh: Boolean(v.fresh),
    token: v.token,
    newToken: Boolean(v['new-token']),
    presetDir: v.presets ?? 'presets',
    stateFile: v['no-state'] ? null : (v.state ?? '.dreamscape/state.json'),
    seed: int('seed', v.seed, 0, 2 ** 31 - 1),
    allowOrigins: v['allow-origin'] ?? [],
    maxDreamers: int('max-dreamers', v['max-dreamers'], 1, 1_000_000) ?? 5000,
    maxConnections: int('max-connections', v['max-connections'], 1, 1_000_000) ?? 6000,
    oscPort: int('osc-port', v['osc-port'], 0, 65535),
    oscHost,
    oscAllow,
    wallToken: v['wall-token'],
    maxPerAddress: int('max-per-address', v['max-per-address'], 0, 1_000_000) ?? DEFAULT_MAX_PER_ADDRESS,
    record: v.record,
    replay: v.replay,
    https: Boolean(v.https || v.cert),
    cert: v.cert,
    key: v.key,
    publicHost: v['public-host'],
    dev: Boolean(v.dev),
    tickHz: int('tick-hz', v['tick-hz'], 1, 120) ?? 30,
    logLevel,
  };
}
