/**
 * The hub's options table: every command-line option once, with its flag, its default, its range or
 * check, and its line in `--help`. `config.ts` reads the command line through it, `--help` is written
 * from it, and `hub.ts` takes its defaults from {@link HUB_DEFAULTS}, so a default, a cap or a name
 * pattern is never written twice. Adding an option is one entry here (plus its field in `HubConfig`).
 */
import { isIP } from 'node:net';
import { parseAddressRange } from './addressRange.ts';
import { parseOscTarget } from './oscTarget.ts';
import { tokenWeakness } from '../core/operatorLogin.ts';
import { PRESET_NAME } from '../core/preset.ts';
import { choice, flag, int, list, text, type HubOption } from './optionKinds.ts';

export { ConfigError, type HubOption, type RawValue } from './optionKinds.ts';

/** Pattern of a wall token: it goes in the display's URL. */
const WALL_TOKEN = /^[A-Za-z0-9_.~-]{8,128}$/;

/**
 * Every option of the hub, in `--help` order. Keys are the names the hub's code uses; `flag` is
 * what the venue types.
 */
export const HUB_OPTIONS = {
  port: int({ flag: 'port', help: 'TCP port (default {default})', min: 0, max: 65535, default: 8080 }),
  host: text({ flag: 'host', arg: 'ADDR', help: 'listen address (default {default}: phones on the venue Wi-Fi can join)', default: '0.0.0.0' }),
  preset: text({
    flag: 'preset',
    arg: 'NAME',
    help: 'preset to play, from presets/ (default "default"); on a resumed show\nit replaces the saved preset (the show keeps its place)',
    default: undefined,
    check: (v) => (PRESET_NAME.test(v) ? undefined : `--preset expects a preset name (a-z, 0-9, "-", 1 to 64 characters), got "${v.slice(0, 80)}"`),
  }),
  playlist: text({
    flag: 'playlist',
    arg: 'NAME',
    help: "play this playlist from presets/playlists/ (its first entry's preset replaces\n--preset; it advances at each new loop or after an entry's duration)",
    default: undefined,
    check: (v) => (PRESET_NAME.test(v) ? undefined : `--playlist expects a playlist name (a-z, 0-9, "-", 1 to 64 characters), got "${v.slice(0, 80)}"`),
  }),
  token: text({
    flag: 'token',
    arg: 'TEXT',
    help: 'operator token you choose (at least 16 characters, 8 different; default: one\nmade at random on the first start, kept in .dreamscape/operator-token and\nreused after every restart or crash)',
    default: undefined,
    check: (v) => {
      const weakness = tokenWeakness(v);
      return weakness ? `--token refused: ${weakness}.` : undefined;
    },
  }),
  newToken: flag({ flag: 'new-token', help: 'replace the kept operator token with a new random one (logs out every console)' }),
  presetDir: text({ flag: 'presets', arg: 'DIR', help: 'presets folder (default {default}/)', default: 'presets' }),
  state: text({ flag: 'state', arg: 'FILE', help: 'state file for crash recovery (default {default})', default: '.dreamscape/state.json' }),
  noState: flag({ flag: 'no-state', help: 'do not persist the show' }),
  seed: int({ flag: 'seed', help: 'seed of the show (default random); a saved show with another seed\nis replaced by a new night with this one', min: 0, max: 2 ** 31 - 1, default: undefined }),
  fresh: flag({ flag: 'fresh', help: 'start a new night: do not resume the saved show or its dreamers' }),
  allowOrigins: list({ flag: 'allow-origin', arg: 'URL', help: 'also accept sockets from this origin (repeatable)', commas: false }),
  maxDreamers: int({ flag: 'max-dreamers', help: 'phones at once; more wait for a place (default {default})', min: 1, max: 1_000_000, default: 5000 }),
  maxConnections: int({ flag: 'max-connections', help: 'sockets at once; more are refused (default {default})', min: 1, max: 1_000_000, default: 6000 }),
  // Generous, so a family or a small NAT never notices it.
  maxPerAddress: int({
    flag: 'max-per-address',
    help: 'sockets, and phones in the show, from one network address (default {default};\n0: no limit). Raise it when the phones reach the hub through one NAT address',
    min: 0,
    max: 1_000_000,
    default: 250,
  }),
  oscPort: int({ flag: 'osc-port', help: 'listen for OSC on this UDP port (default off)', min: 0, max: 65535, default: undefined }),
  oscHost: text({
    flag: 'osc-host',
    arg: 'ADDR',
    help: 'address OSC listens on (default {default}: gear on this machine only;\n0.0.0.0 or :: for gear on the network, with --osc-allow)',
    default: '127.0.0.1',
    check: (v) => (isIP(v) || /^[a-zA-Z0-9.-]{1,253}$/.test(v) ? undefined : `--osc-host expects an address or host name, got "${v.slice(0, 80)}"`),
  }),
  oscAllow: list({
    flag: 'osc-allow',
    arg: 'LIST',
    help: 'take OSC only from these addresses or CIDR ranges, comma-separated\n(e.g. 192.168.1.50,10.0.0.0/24); others are refused and counted',
    commas: true,
    check: (v) => (parseAddressRange(v) ? undefined : `--osc-allow expects addresses or CIDR ranges (192.168.1.50, 10.0.0.0/24, fd00::/8), got "${v.slice(0, 80)}"`),
  }),
  oscSend: list({
    flag: 'osc-send',
    arg: 'HOST:PORT',
    help: "send the show's state over OSC to this device (repeatable, at most 8;\ne.g. 192.168.1.60:9001): phase, parameters, masters, crowd, tempo, beat",
    commas: true,
    check: (v) => {
      const target = parseOscTarget(v);
      return 'error' in target ? `--osc-send: ${target.error}` : undefined;
    },
  }),
  oscList: flag({ flag: 'osc-list', help: 'print every OSC address (in and out) and exit' }),
  wallToken: text({
    flag: 'wall-token',
    arg: 'TEXT',
    help: 'walls must open the display as /?wall=TEXT to join (default: any wall)',
    default: undefined,
    check: (v) => (WALL_TOKEN.test(v) ? undefined : '--wall-token must be 8 to 128 characters of A-Z, a-z, 0-9, "-", "_", "." or "~" (it goes in the display\'s URL)'),
  }),
  record: text({ flag: 'record', arg: 'FILE', help: "record the night (its first state, the crowd's input, the operator's\ncommands) to a JSONL file", default: undefined }),
  replay: text({ flag: 'replay', arg: 'FILE', help: 'play back a recorded night instead of live phones (the state file\nis left alone)', default: undefined }),
  https: flag({ flag: 'https', help: 'serve HTTPS with a self-signed certificate (tilt and wake lock need it)' }),
  cert: text({ flag: 'cert', arg: 'FILE', help: 'certificate for --https (with --key; implies --https)', default: undefined }),
  key: text({ flag: 'key', arg: 'FILE', help: 'private key of --cert', default: undefined }),
  publicHost: text({ flag: 'public-host', arg: 'NAME', help: 'host printed in URLs and the QR code (default: the LAN address)', default: undefined }),
  publicPort: int({
    flag: 'public-port',
    help: 'port printed in URLs and the QR code, and accepted in page origins, when phones\nreach the hub through a balancer on another port (default: the hub\'s own)',
    min: 1,
    max: 65535,
    default: undefined,
  }),
  dev: flag({ flag: 'dev', help: 'hot-reload the pages with Vite (development)' }),
  tickHz: int({
    flag: 'tick-hz',
    help: "frames per second sent to the walls, {range} (default {default}; 60 halves the\nhub's share of a gesture's latency for ~1% more hub CPU)",
    min: 1,
    max: 120,
    default: 30,
  }),
  redis: text({
    flag: 'redis',
    arg: 'URL',
    help: 'run as one process of a cluster on this Redis (redis://host:6379), with --role;\nthe show is kept in Redis, not in the state file (see README "Scaling out")',
    default: undefined,
    check: (v) => (/^rediss?:\/\/[^\s]{1,500}$/.test(v) ? undefined : `--redis expects a Redis URL (redis://host:6379), got "${v.slice(0, 80)}"`),
  }),
  role: text({
    flag: 'role',
    arg: 'ROLE',
    help: 'with --redis: leader (runs the show; start two, the second is the standby)\nor edge (takes phones, walls and consoles)',
    default: undefined,
    check: (v) => (v === 'leader' || v === 'edge' ? undefined : `--role expects leader or edge, got "${v.slice(0, 80)}"`),
  }),
  logLevel: choice({ flag: 'log-level', arg: 'LEVEL', help: '{range} (default {default})', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'silent'], default: 'info' }),
  help: flag({ flag: 'help', help: 'this text' }),
} as const;

/**
 * Defaults of the options that have one (`undefined` for those left unset), for code that starts a
 * hub without the command line (`createHub({})`, tests, tools).
 */
export const HUB_DEFAULTS = {
  port: HUB_OPTIONS.port.default,
  host: HUB_OPTIONS.host.default,
  presetDir: HUB_OPTIONS.presetDir.default,
  maxDreamers: HUB_OPTIONS.maxDreamers.default,
  maxConnections: HUB_OPTIONS.maxConnections.default,
  maxPerAddress: HUB_OPTIONS.maxPerAddress.default,
  oscHost: HUB_OPTIONS.oscHost.default,
  tickHz: HUB_OPTIONS.tickHz.default,
  logLevel: HUB_OPTIONS.logLevel.default,
} as const;

/** Width of the flag column in `--help`. */
const FLAG_COLUMN = 21;

function rangeOf(option: object): string | undefined {
  if ('min' in option && 'max' in option) return `${String(option.min)}-${String(option.max)}`;
  if ('choices' in option && Array.isArray(option.choices)) return option.choices.join('|');
  return undefined;
}

/** One option's lines in `--help`. */
function helpLines(option: HubOption<unknown>): string {
  const head = `--${option.flag}${option.arg ? ` ${option.arg}` : ''}`;
  const filled = option.help.replace('{default}', String(option.default)).replace('{range}', rangeOf(option) ?? '');
  const [line, ...more] = filled.split('\n');
  const gap = head.length < FLAG_COLUMN ? ' '.repeat(FLAG_COLUMN - head.length) : ' ';
  return [`  ${head}${gap}${line ?? ''}`, ...more.map((m) => `${' '.repeat(FLAG_COLUMN + 2)}${m}`)].join('\n');
}

/** Text of `--help`, written from {@link HUB_OPTIONS}. */
export const HELP = [
  'Dreamscape hub — phones steer the DreamScape arc on a projected display.',
  '',
  'Usage: npm start -- [options]',
  '',
  ...Object.values(HUB_OPTIONS).map((option: HubOption<unknown>) => helpLines(option)),
  '',
].join('\n');

/** `parseArgs`'s description of every option, from the table. */
export const PARSE_ARGS_OPTIONS: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = Object.fromEntries(
  Object.values(HUB_OPTIONS).map((option: HubOption<unknown>) => [option.flag, option.multiple ? { type: option.type, multiple: true } : { type: option.type }]),
);
