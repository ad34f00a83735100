/**
 * The hub's options, from the command line (`npm start -- --port 9000 …`), with `--help`; each
 * option's flag, default, range and help line is in the options table (`options.ts`).
 */
import { parseArgs } from 'node:util';
import { MAX_OSC_TARGETS } from './oscTarget.ts';
import { ConfigError, HUB_OPTIONS, PARSE_ARGS_OPTIONS, type HubOption, type RawValue } from './options.ts';
import type { ClusterOptions } from './cluster/startCluster.ts';

/** Everything the hub can be told at start. */
export interface HubConfig {
  /** TCP port (0 picks a free one). */
  port: number;
  /** Address to listen on; by default every interface, so phones on the Wi-Fi can join. */
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
   * Address the OSC bridge listens on; by default this machine only; `0.0.0.0`
   * or `::` takes OSC from the network (then give {@link oscAllow}).
   */
  oscHost: string;
  /** Addresses and CIDR ranges OSC is taken from (empty: every sender that can reach the port). */
  oscAllow: string[];
  /** OSC targets (`host:port`) the hub sends the show's state to (resolved and checked when the hub starts). */
  oscSend: string[];
  /** When set, walls must present this token (`/?wall=TOKEN`) to join `/display`. */
  wallToken?: string;
  /**
   * Sockets, and phones in the show, one network address may hold at once (0: no limit). A venue
   * whose phones all reach the hub through one NAT address raises it (or passes 0).
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
  /** Port printed in URLs and QR codes and accepted in page origins (a balancer's; default the hub's own). */
  publicPort?: number;
  /** Mount Vite in middleware mode (hot reload) instead of serving the build. */
  dev: boolean;
  /**
   * Show clock ticks (frames to the walls) per second, 1..120. 60 halves the wait for
   * the next frame (hub receive → frame sent p99 ~36 → ~20 ms) for ~1% more hub CPU at 1,000
   * phones, and walls parse twice as many frames.
   */
  tickHz: number;
  /** Log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** One process of a cluster on Redis (`--redis`, `--role`); absent: the single hub. */
  cluster?: ClusterOptions;
}

export { ConfigError, HELP } from './options.ts';

/**
 * Reads the command line through the options table (`options.ts`), then the rules between options.
 * @returns the config, `'help'` when `--help` was asked, or `'osc-list'` for `--osc-list`.
 * @throws {ConfigError} on an unknown flag or a bad value, with a sentence naming the flag.
 */
export function parseConfig(argv: string[]): HubConfig | 'help' | 'osc-list' {
  let values: Record<string, RawValue>;
  try {
    values = parseArgs({ args: argv, allowPositionals: false, strict: true, options: PARSE_ARGS_OPTIONS }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\nRun with --help for the options.`);
  }
  const o = HUB_OPTIONS;
  const read = <T>(option: HubOption<T>): T => option.read(values[option.flag]);
  if (read(o.help)) return 'help';
  if (read(o.oscList)) return 'osc-list';
  const token = read(o.token);
  const newToken = read(o.newToken);
  if (token !== undefined && newToken) throw new ConfigError('--token and --new-token cannot be used together');
  const cert = read(o.cert);
  const key = read(o.key);
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('--cert and --key go together');
  const oscSend = read(o.oscSend);
  if (new Set(oscSend).size !== oscSend.length) throw new ConfigError('--osc-send names the same target twice');
  if (oscSend.length > MAX_OSC_TARGETS) throw new ConfigError(`--osc-send takes at most ${MAX_OSC_TARGETS} targets`);
  const record = read(o.record);
  const replay = read(o.replay);
  if (record && replay) throw new ConfigError('--record and --replay cannot be used together');
  const redis = read(o.redis);
  const role = read(o.role);
  if ((redis === undefined) !== (role === undefined)) throw new ConfigError('--redis and --role go together (--redis redis://host:6379 --role leader|edge)');
  if (redis !== undefined && replay) throw new ConfigError('--replay plays a night on one hub: it cannot be used with --redis');
  return {
    port: read(o.port),
    host: read(o.host),
    preset: read(o.preset),
    playlist: read(o.playlist),
    fresh: read(o.fresh),
    token,
    newToken,
    presetDir: read(o.presetDir),
    stateFile: read(o.noState) ? null : read(o.state),
    seed: read(o.seed),
    allowOrigins: read(o.allowOrigins),
    maxDreamers: read(o.maxDreamers),
    maxConnections: read(o.maxConnections),
    oscPort: read(o.oscPort),
    oscHost: read(o.oscHost),
    oscAllow: read(o.oscAllow),
    oscSend,
    wallToken: read(o.wallToken),
    maxPerAddress: read(o.maxPerAddress),
    record,
    replay,
    https: read(o.https) || cert !== undefined,
    cert,
    key,
    publicHost: read(o.publicHost),
    publicPort: read(o.publicPort),
    dev: read(o.dev),
    tickHz: read(o.tickHz),
    logLevel: read(o.logLevel),
    ...(redis !== undefined && (role === 'leader' || role === 'edge') ? { cluster: { redis, role } } : {}),
  };
}
