/** The hub's options table: `--help`, the defaults and the refusals all come from one entry per option. */
import { describe, expect, it } from 'vitest';
import { ConfigError, HELP, HUB_DEFAULTS, HUB_OPTIONS } from '../../server/options.ts';
import { parseConfig, type HubConfig } from '../../server/config.ts';

function config(argv: string[]): HubConfig {
  const c = parseConfig(argv);
  if (c === 'help') throw new Error('unexpected --help');
  return c;
}

const options = Object.values(HUB_OPTIONS);
const ints = options.filter((o) => 'min' in o && 'max' in o);

describe('options table', () => {
  it('lists every option in --help, once, with its value placeholder and its default', () => {
    for (const option of options) {
      const head = `--${option.flag}${option.arg ? ` ${option.arg}` : ''}`;
      const lines = HELP.split('\n').filter((line) => line.startsWith(`  ${head} `) || line === `  ${head}`);
      expect(lines, option.flag).toHaveLength(1);
      if (option.default !== undefined && typeof option.default !== 'boolean' && !Array.isArray(option.default)) {
        expect(HELP, option.flag).toMatch(new RegExp(`--${option.flag}[^\\n]*(\\n {23}[^\\n]*)*default ${String(option.default)}`));
      }
    }
    expect(HELP).not.toMatch(/\{default\}|\{range\}/);
  });

  it('gives the command line and createHub the same defaults', () => {
    const c = config([]);
    for (const [key, value] of Object.entries(HUB_DEFAULTS)) expect(c[key as keyof HubConfig], key).toEqual(value);
    expect(c).toMatchObject({ preset: undefined, seed: undefined, oscPort: undefined, stateFile: HUB_OPTIONS.state.default, allowOrigins: [], oscAllow: [], https: false });
  });

  it('takes every whole-number option at both ends of its range', () => {
    for (const option of ints) {
      expect(option.read(String(option.min)), option.flag).toBe(option.min);
      expect(option.read(String(option.max)), option.flag).toBe(option.max);
    }
  });

  it.each(ints.flatMap((o) => [String(o.min - 1), String(o.max + 1), '1.5', 'ten', '', ' ', '0x10', '1e3', 'Infinity', 'NaN'].map((bad) => [o.flag, bad] as const)))(
    'refuses --%s %j with a sentence naming the flag and its range',
    (flag, bad) => {
      const option = ints.find((o) => o.flag === flag);
      if (!option) throw new Error(flag);
      // 1e3 and 0x10 are whole numbers to Number(): refused only when outside the range.
      const n = Number(bad);
      if (bad.trim() !== '' && Number.isInteger(n) && n >= option.min && n <= option.max) return expect(config([`--${flag}=${bad}`])).toBeDefined();
      expect(() => parseConfig([`--${flag}=${bad}`])).toThrow(ConfigError);
      expect(() => parseConfig([`--${flag}=${bad}`])).toThrow(`--${flag} expects a whole number from ${option.min} to ${option.max}`);
    },
  );

  it.each([
    [['--log-level', 'loud'], /--log-level expects one of fatal, error, warn, info, debug, silent, got "loud"/],
    [['--preset', 'constructor'], /--preset expects a preset name/],
    [['--preset', 'A'.repeat(65)], /--preset expects a preset name/],
    [['--preset', '../etc/passwd'], /--preset expects a preset name/],
    [['--osc-host', 'x'.repeat(300)], /--osc-host expects an address or host name/],
    [['--osc-allow', '1.2.3.4,nope'], /--osc-allow expects addresses or CIDR ranges.*"nope"/],
    [['--wall-token', 'ünïcødé-token'], /--wall-token must be 8 to 128 characters/],
    [['--token', 'aaaaaaaaaaaaaaaaaaaa'], /--token refused/],
    [['--record', 'a.jsonl', '--replay', 'b.jsonl'], /--record and --replay cannot be used together/],
    [['--key', 'k.pem'], /--cert and --key go together/],
    [['--port'], /--port/],
    [['--dev=yes'], /--dev/],
    [['stray'], /--help/],
    [['--__proto__', 'x'], /--help/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseConfig(argv)).toThrow(ConfigError);
    expect(() => parseConfig(argv)).toThrow(message);
  });

  it('keeps the last of a repeated single-value option and every one of a list', () => {
    expect(config(['--port', '9000', '--port', '9001']).port).toBe(9001);
    expect(config(['--allow-origin', 'http://a', '--allow-origin', 'http://b']).allowOrigins).toEqual(['http://a', 'http://b']);
    expect(config(['--cert', 'c.pem', '--key', 'k.pem'])).toMatchObject({ https: true, cert: 'c.pem', key: 'k.pem' });
    expect(config(['--no-state']).stateFile).toBeNull();
  });
});
