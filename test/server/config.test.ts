/** The venue's flags for who may drive and join the show: OSC host and allow-list, wall token, per-address cap. */
import { describe, expect, it } from 'vitest';
import { HELP, parseConfig, type HubConfig } from '../../server/config.ts';
import { HUB_DEFAULTS } from '../../server/options.ts';

function config(argv: string[]): HubConfig {
  const c = parseConfig(argv);
  if (c === 'help') throw new Error('unexpected --help');
  return c;
}

describe('command line: who may drive and join', () => {
  it('keeps OSC on this machine, admits any wall and caps an address generously by default', () => {
    expect(config([])).toMatchObject({ oscHost: '127.0.0.1', oscAllow: [], wallToken: undefined, maxPerAddress: HUB_DEFAULTS.maxPerAddress });
    expect(HUB_DEFAULTS.maxPerAddress).toBeGreaterThanOrEqual(100);
  });

  it('reads the OSC host, allow-list (comma-separated or repeated), wall token and cap', () => {
    const c = config(['--osc-port', '9000', '--osc-host', '::', '--osc-allow', '192.168.1.50, 10.0.0.0/24', '--osc-allow', 'fd00::/8', '--wall-token', 'blue-room-7', '--max-per-address', '0']);
    expect(c).toMatchObject({ oscPort: 9000, oscHost: '::', oscAllow: ['192.168.1.50', '10.0.0.0/24', 'fd00::/8'], wallToken: 'blue-room-7', maxPerAddress: 0 });
  });

  it.each([
    [['--osc-allow', 'everyone'], /--osc-allow/],
    [['--osc-allow', '10.0.0.0/33'], /--osc-allow/],
    [['--osc-allow', '300.1.1.1'], /--osc-allow/],
    [['--osc-allow', '10.0.0.1/8/2'], /--osc-allow/],
    [['--osc-host', 'a b'], /--osc-host/],
    [['--wall-token', 'short'], /--wall-token/],
    [['--wall-token', 'has spaces in it'], /--wall-token/],
    [['--wall-token', 'x'.repeat(200)], /--wall-token/],
    [['--max-per-address', '-1'], /--max-per-address/],
    [['--max-per-address', 'many'], /--max-per-address/],
  ])('refuses %j with a sentence naming the flag', (argv, message) => {
    expect(() => parseConfig(argv)).toThrow(message);
  });

  it('lists every flag it reads in --help', () => {
    for (const flag of ['--osc-host', '--osc-allow', '--wall-token', '--max-per-address']) expect(HELP).toContain(flag);
  });
});
