import { describe, it, expect } from 'vitest';
import { COMMANDS, operatorCommandSchema } from '../../core/arc/commands.ts';
import { translateOsc } from '../../server/oscRoutes.ts';

describe('translateOsc', () => {
  it('maps a 0..1 fader onto the parameter range', () => {
    expect(translateOsc('/dreamscape/param/tempo', [0.5])).toEqual({ kind: 'command', command: { type: 'param', name: 'tempo', value: 110 } });
    expect(translateOsc('/dreamscape/param/flowSpeed', [1])).toEqual({ kind: 'command', command: { type: 'param', name: 'flowSpeed', value: 4 } });
    expect(translateOsc('/dreamscape/param/glitch', [])).toEqual({ kind: 'command', command: { type: 'param', name: 'glitch', value: null } });
  });
  it('ignores a button release but acts on the press', () => {
    expect(translateOsc('/dreamscape/panic', [0])).toEqual({ kind: 'ignore' });
    expect(translateOsc('/dreamscape/panic', [1])).toEqual({ kind: 'command', command: { type: 'panic' } });
    expect(translateOsc('/dreamscape/skip', [])).toEqual({ kind: 'command', command: { type: 'skip' } });
  });
  it('answers every command of the table with one plain value at its own name, read from its schema', () => {
    const reachable = Object.keys(COMMANDS).filter((name) =>
      [[1], [0.5], ['dawn'], ['hidden'], [100]].some((args) => {
        const t = translateOsc(`/dreamscape/${name}`, args);
        return t.kind === 'command' && operatorCommandSchema.safeParse(t.command).success;
      }),
    );
    // Parameters answer at /param/<name>, presets at /preset, arming a cue at /cue/arm; saving a preset, where OSC goes and the heard beat are the console's.
    expect(reachable.sort()).toEqual(Object.keys(COMMANDS).filter((n) => !['param', 'loadPreset', 'savePreset', 'oscTarget', 'cueArm', 'beat'].includes(n)).sort());
    expect(translateOsc('/dreamscape/cue/arm', ['dawn', 2])).toEqual({ kind: 'command', command: { type: 'cueArm', name: 'dawn', blend: 2 } });
    expect(translateOsc('/dreamscape/follow', [1])).toEqual({ kind: 'command', command: { type: 'follow', on: true } });
    expect(translateOsc('/dreamscape/beat', [120]).kind).toBe('error');
    expect(translateOsc('/dreamscape/qr', ['small'])).toEqual({ kind: 'command', command: { type: 'qr', mode: 'small' } });
    expect(translateOsc('/dreamscape/hold', [1])).toEqual({ kind: 'command', command: { type: 'hold', on: true } });
    expect(translateOsc('/dreamscape/tempo', [])).toEqual({ kind: 'command', command: { type: 'tempo', bpm: null } });
    expect(translateOsc('/dreamscape/phase', ['dawn'])).toEqual({ kind: 'command', command: { type: 'goto', phase: 'dawn' } });
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'savePreset', 'loadPreset', 'oscTarget']) expect(translateOsc(`/dreamscape/${name}`, ['x']).kind, name).toBe('error');
    expect(translateOsc('/dreamscape/oscTarget', ['add', '127.0.0.1:9']).kind).toBe('error');
  });
  it.each([
    ['/other/phase', ['dawn']],
    ['/dreamscape/phase', [3]],
    ['/dreamscape/param/nope', [0.5]],
    ['/dreamscape/param/glitch/x', [0.5]],
    ['/dreamscape/param/glitch', [1.5]],
    ['/dreamscape/param/glitch', ['loud']],
    ['/dreamscape/blackout', ['yes']],
    ['/dreamscape/preset', [7]],
    ['/dreamscape/preset', ['safe', 'slow']],
    ['/dreamscape/unknown', []],
    ['/dreamscape/speed/x', [1]],
    ['/dreamscape/speed', []],
    ['/dreamscape/qr', [1]],
    ['/dreamscape/hold', ['on']],
    ['/dreamscape/param', [0.5]],
    ['/dreamscape/savePreset', ['mine']],
    ['/dreamscape/loadPreset', ['safe', 0]],
  ])('refuses %s %j', (address, args) => {
    expect(translateOsc(address, args).kind).toBe('error');
  });
});
