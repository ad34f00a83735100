/** The one table of OSC addresses: it agrees with what the bridge obeys, and `--osc-list` prints it. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { OSC_ADDRESSES, oscListText } from '../../server/oscAddresses.ts';
import { translateOsc } from '../../server/oscRoutes.ts';
import { operatorCommandSchema } from '../../core/protocol.ts';
import { COMMANDS } from '../../core/arc/commands.ts';
import { parseConfig } from '../../server/config.ts';

/** A valid argument list for an address, from its table entry. */
function sample(types: string, range?: readonly [number, number], values?: readonly string[]): (string | number)[] {
  if (values) return [values[values.length - 1]];
  switch (types) {
    case 'f':
    case 'i':
      return [range ? range[1] : 1];
    case 's':
      return ['x'];
    case 'sf':
      return ['default', 2];
    default:
      return [1];
  }
}

describe('the OSC address table', () => {
  it('lists only addresses the bridge obeys as in, each with a command the schema accepts', () => {
    for (const a of OSC_ADDRESSES.filter((x) => x.direction !== 'out')) {
      const t = translateOsc(a.path, sample(a.types, a.range, a.values));
      expect(t.kind, a.path).toBe('command');
      if (t.kind === 'command') expect(operatorCommandSchema.safeParse(t.command).success, a.path).toBe(true);
    }
  });
  it('lists no out-only address the bridge would obey', () => {
    for (const a of OSC_ADDRESSES.filter((x) => x.direction === 'out')) {
      expect(translateOsc(a.path, sample(a.types, a.range)).kind, a.path).toBe('error');
    }
  });
  it('lists every command OSC answers at its own name (a command added to the table shows up here or fails)', () => {
    const listed = new Set(OSC_ADDRESSES.filter((a) => a.direction !== 'out').map((a) => a.path));
    for (const name of Object.keys(COMMANDS)) {
      const answered = [[1], [0.5], ['dawn'], ['hidden'], [100], []].some((args) => {
        const t = translateOsc(`/dreamscape/${name}`, args);
        return t.kind === 'command' && operatorCommandSchema.safeParse(t.command).success;
      });
      if (answered) expect(listed.has(`/dreamscape/${name}`), name).toBe(true);
    }
  });
  it('has each address once', () => {
    expect(new Set(OSC_ADDRESSES.map((a) => a.path)).size).toBe(OSC_ADDRESSES.length);
  });
  it('is what `--osc-list` prints, before and without starting a hub', () => {
    expect(parseConfig(['--osc-list'])).toBe('osc-list');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--osc-list'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(oscListText());
    for (const a of OSC_ADDRESSES) expect(run.stdout).toContain(a.path);
    expect(run.stdout).not.toContain('Dreamscape is dreaming');
  });
});

describe('--osc-send on the command line', () => {
  it('takes host:port targets, repeated or comma-separated', () => {
    expect(parseConfig(['--osc-send', '192.168.1.60:9001', '--osc-send', '[fd00::7]:9002,touchosc.local:9003'])).toMatchObject({
      oscSend: ['192.168.1.60:9001', '[fd00::7]:9002', 'touchosc.local:9003'],
    });
  });
  it.each([['9001'], ['host'], ['host:0'], ['host:70000'], ['http://host:9001'], ['a b:9001'], ['h:1,h:1'], [Array.from({ length: 9 }, (_, i) => `h:${i + 1}`).join(',')]])('refuses %s', (target) => {
    expect(() => parseConfig(['--osc-send', target])).toThrow(/--osc-send/);
  });
});
