/**
 * The console's log shows what OSC gear did and what the hub refused from it: as notices to every
 * console, summed up when a sender repeats itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { encode, Message } from 'node-osc';
import { ConsoleLog } from '../../server/ConsoleLog.ts';
import { connectOperator, nextEvent, startHub, teardown } from '../helpers/hub.ts';
import type { Notice } from '../../core/protocol.ts';

afterEach(teardown);

describe('ConsoleLog', () => {
  it('posts one line per key per interval and counts the ones held back', () => {
    const sent: { code: string; message: string }[] = [];
    let now = 0;
    const log = new ConsoleLog({ emit: (_event: 'notice', notice: Notice) => (sent.push(notice), true) } as never, () => now);
    expect(log.post('osc', 'a', 'k', 1000)).toBe(true);
    expect(log.post('osc', 'a', 'k', 1000)).toBe(false);
    expect(log.post('osc', 'b', 'other', 1000)).toBe(true);
    now = 999;
    expect(log.post('osc', 'a', 'k', 1000)).toBe(false);
    now = 1000;
    expect(log.post('osc', 'a', 'k', 1000)).toBe(true);
    expect(sent.map((s) => s.message)).toEqual(['a', 'b', 'a (and 2 more like it)']);
    // A stream of fresh keys (spoofed senders) does not grow it without bound.
    for (let i = 0; i < 5000; i++) log.post('osc-refused', 'x'.repeat(1000), `key-${i}`, 5000);
    expect(sent.at(-1)?.message.length).toBe(300);
  });
});

describe('OSC in the console\'s log', () => {
  it('shows what gear did and what was refused, by sender', async () => {
    const hub = await startHub({ stateFile: null, oscPort: 0, oscAllow: ['127.0.0.1'] });
    const op = await connectOperator(hub);
    const vj = createSocket('udp4');
    const stranger = createSocket('udp4');
    await new Promise<void>((r) => vj.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => stranger.bind(0, '127.0.0.2', () => r()));
    try {
      const applied = nextEvent<Notice>(op, 'notice', (n) => n.code === 'osc');
      vj.send(encode(new Message('/dreamscape/phase', 'nightmare')), hub.oscPort!, '127.0.0.1');
      expect((await applied).message).toBe('OSC 127.0.0.1: goto nightmare');
      expect(hub.context.runtime.phase).toBe('nightmare');

      const refused = nextEvent<Notice>(op, 'notice', (n) => n.code === 'osc-refused');
      stranger.send(encode(new Message('/dreamscape/phase', 'dawn')), hub.oscPort!, '127.0.0.1');
      expect((await refused).message).toMatch(/^OSC from 127\.0\.0\.2 refused: not on --osc-allow/);
      expect(hub.context.runtime.phase).toBe('nightmare');

      const bad = nextEvent<Notice>(op, 'notice', (n) => n.code === 'osc-refused' && n.message.includes('127.0.0.1'));
      vj.send(encode(new Message('/dreamscape/preset', 'no-such-preset')), hub.oscPort!, '127.0.0.1');
      expect((await bad).message).toMatch(/OSC 127\.0\.0\.1: loadPreset refused: no preset named "no-such-preset"/);
    } finally {
      vj.close();
      stranger.close();
    }
  });
});
