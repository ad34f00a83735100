import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createSocket } from 'node:dgram';
import { Client, Bundle, Message, encode } from 'node-osc';
import { pino } from 'pino';
import { startOscBridge, type OscBridge } from '../../server/oscBridge.ts';
import { OSC_MAX_COMMANDS_PER_SECOND } from '../../server/OscBudgets.ts';
import type { OscReport } from '../../server/OscReporter.ts';
import type { OperatorCommand } from '../../core/protocol.ts';
import { startHub, teardown } from '../helpers/hub.ts';

const silent = pino({ level: 'silent' });

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('startOscBridge over real UDP', () => {
  let bridge: OscBridge;
  let client: Client;
  const received: OperatorCommand[] = [];

  beforeAll(async () => {
    bridge = await startOscBridge({
      port: 0,
      log: silent,
      onCommand: (command) => {
        received.push(command);
        return command.type === 'loadPreset' && command.name === 'missing' ? { ok: false, error: 'no such preset' } : { ok: true };
      },
    });
    client = new Client('127.0.0.1', bridge.port);
  });
  afterAll(async () => {
    await client.close();
    await bridge.close();
  });

  it('binds a real port when asked for port 0', () => {
    expect(bridge.port).toBeGreaterThan(0);
  });

  it('turns OSC messages into validated operator commands', async () => {
    received.length = 0;
    await client.send('/dreamscape/phase', 'nightmare');
    await client.send('/dreamscape/param/brightness', 0.25);
    await client.send('/dreamscape/preset', 'festival', 4);
    await client.send('/dreamscape/blackout', 1);
    await client.send('/dreamscape/blackout', 0);
    await client.send('/dreamscape/hold', true);
    await client.send('/dreamscape/speed', 2);
    await client.send('/dreamscape/tempo', 96);
    await client.send('/dreamscape/qr', 'large');
    await client.send('/dreamscape/panic');
    await until(() => received.length >= 10, 'ten commands');
    expect(received).toEqual([
      { type: 'goto', phase: 'nightmare' },
      { type: 'param', name: 'brightness', value: 0.25 },
      { type: 'loadPreset', name: 'festival', blend: 4 },
      { type: 'blackout', on: true },
      { type: 'blackout', on: false },
      { type: 'hold', on: true },
      { type: 'speed', value: 2 },
      { type: 'tempo', bpm: 96 },
      { type: 'qr', mode: 'large' },
      { type: 'panic' },
    ]);
  });

  it('unpacks bundles', async () => {
    received.length = 0;
    await client.send(new Bundle(['/dreamscape/intensity', 0.5], ['/dreamscape/volume', 0.25]));
    await until(() => received.length >= 2, 'bundle commands');
    expect(received).toEqual([
      { type: 'intensity', value: 0.5 },
      { type: 'volume', value: 0.25 },
    ]);
  });

  it('survives junk packets and malformed messages, then keeps working', async () => {
    received.length = 0;
    const raw = createSocket('udp4');
    const junk = [Buffer.from('hello'), Buffer.alloc(0), Buffer.from([0x2f, 0x64, 0, 0, 0x2c, 0x69, 0, 0, 1]), Buffer.concat([Buffer.from('#bundle\0'), Buffer.alloc(8), Buffer.from([0, 0, 0, 40, 0xff])]), Buffer.alloc(2000, 0xff)];
    for (const packet of junk) await new Promise<void>((r) => raw.send(packet, bridge.port, '127.0.0.1', () => r()));
    raw.close();
    await client.send('/dreamscape/phase', 'not-a-phase');
    await client.send('/dreamscape/preset', 'Bad Name!');
    await client.send('/dreamscape/speed', 100);
    await client.send('/dreamscape/param/glitch', 'x');
    await client.send('/elsewhere', 1);
    await client.send('/dreamscape/preset', 'missing');
    await client.send('/dreamscape/skip');
    await until(() => received.some((c) => c.type === 'skip'), 'skip after junk');
    expect(received).toEqual([{ type: 'loadPreset', name: 'missing', blend: 0 }, { type: 'skip' }]);
  });

  it('coalesces a fader sweep to its latest value, keeping order with buttons', async () => {
    received.length = 0;
    const raw = createSocket('udp4');
    // One burst: a sweep of 50 values, then a panic button, then another short sweep.
    const packets: Buffer[] = [];
    for (let i = 1; i <= 50; i++) packets.push(encode(new Message('/dreamscape/param/glitch', i / 50)));
    packets.push(encode(new Message('/dreamscape/panic', 1)));
    for (let i = 1; i <= 10; i++) packets.push(encode(new Message('/dreamscape/intensity', i / 16)));
    for (const p of packets) raw.send(p, bridge.port, '127.0.0.1');
    await until(() => received.some((c) => c.type === 'intensity' && c.value === 10 / 16), 'last intensity');
    raw.close();
    const panicAt = received.findIndex((c) => c.type === 'panic');
    expect(panicAt).toBeGreaterThan(0);
    expect(received[panicAt - 1]).toEqual({ type: 'param', name: 'glitch', value: expect.any(Number) });
    expect(received.filter((c) => c.type === 'param').length).toBeLessThan(50);
    expect(received.filter((c) => c.type === 'intensity').length).toBeLessThan(10);
    expect(received.at(-1)).toEqual({ type: 'intensity', value: 10 / 16 });
  });

  it('drops a flood beyond the command limit and recovers', async () => {
    received.length = 0;
    const raw = createSocket('udp4');
    const skip = encode(new Message('/dreamscape/skip'));
    for (let i = 0; i < 600; i++) raw.send(skip, bridge.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 1100));
    raw.close();
    // Two rate windows at most could have opened while the burst arrived.
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(2 * OSC_MAX_COMMANDS_PER_SECOND);
    received.length = 0;
    await client.send('/dreamscape/phase', 'dawn');
    await until(() => received.length > 0, 'recovered');
    expect(received).toEqual([{ type: 'goto', phase: 'dawn' }]);
  });

  it('rejects when the port is taken', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((r) => holder.bind(0, '127.0.0.1', () => r()));
    const port = holder.address().port;
    await expect(startOscBridge({ port, log: silent, onCommand: () => ({ ok: true }) })).rejects.toThrow();
    holder.close();
  });
});

/** A UDP socket bound to one loopback address (all of 127/8 is this machine on Linux). */
async function senderAt(address: string) {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((done, fail) => {
    socket.once('error', fail);
    socket.bind(0, address, () => done());
  });
  return socket;
}

function sendTo(socket: ReturnType<typeof createSocket>, packet: Buffer, port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((done, fail) => socket.send(packet, port, host, (err) => (err ? fail(err) : done())));
}

describe('who may drive the show over OSC', () => {
  const opened: { close(): unknown }[] = [];
  afterAll(async () => {
    for (const o of opened.splice(0)) await o.close();
  });

  it('gives each sender its own budget: a flooder does not starve the VJ\'s gear', async () => {
    const received: { command: OperatorCommand; from: string }[] = [];
    const bridge = await startOscBridge({ port: 0, log: silent, onCommand: (command, from) => (received.push({ command, from }), { ok: true }) });
    opened.push(bridge);
    const flooder = await senderAt('127.0.0.2');
    const vj = await senderAt('127.0.0.1');
    opened.push(flooder, vj);
    const skip = encode(new Message('/dreamscape/skip'));
    const phases = ['serene', 'festival', 'upgrade', 'glitch', 'nightmare'] as const;
    let flooding = true;
    let flooded = 0;
    const started = Date.now();
    // As fast as this process can send, bounded in count and time; the bridge reads in between.
    const flood = (async () => {
      while (flooding && flooded < 40_000 && Date.now() - started < 10_000) {
        for (let i = 0; i < 20; i++) flooder.send(skip, bridge.port, '127.0.0.1');
        flooded += 20;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 20; i++) {
      await sendTo(vj, encode(new Message('/dreamscape/phase', phases[i % phases.length])), bridge.port);
      await new Promise((r) => setTimeout(r, 25));
    }
    while (received.filter((r) => r.command.type === 'goto').length < 20 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 25));
    flooding = false;
    await flood;
    const elapsedS = (Date.now() - started) / 1000;
    const gotos = received.filter((r) => r.command.type === 'goto');
    expect(gotos.map((r) => r.command)).toEqual(Array.from({ length: 20 }, (_, i) => ({ type: 'goto', phase: phases[i % phases.length] })));
    expect(new Set(gotos.map((r) => r.from))).toEqual(new Set(['127.0.0.1']));
    // The flooder got its own budget and no more.
    const skips = received.filter((r) => r.command.type === 'skip').length;
    expect(flooded).toBeGreaterThan(2 * OSC_MAX_COMMANDS_PER_SECOND * (elapsedS + 1));
    expect(skips).toBeLessThanOrEqual(OSC_MAX_COMMANDS_PER_SECOND * (elapsedS + 1));
    expect(bridge.stats().flooded).toBeGreaterThan(0);
  });

  it('refuses and counts senders off the allow-list before decoding, and obeys those on it', async () => {
    const received: { command: OperatorCommand; from: string }[] = [];
    const reports: OscReport[] = [];
    const bridge = await startOscBridge({
      port: 0,
      allow: ['127.0.0.1', '127.0.1.0/24'],
      log: silent,
      onCommand: (command, from) => (received.push({ command, from }), { ok: true }),
      onReport: (r) => reports.push(r),
    });
    opened.push(bridge);
    const stranger = await senderAt('127.0.0.2');
    const inRange = await senderAt('127.0.1.9');
    const vj = await senderAt('127.0.0.1');
    opened.push(stranger, inRange, vj);
    for (let i = 0; i < 5; i++) await sendTo(stranger, encode(new Message('/dreamscape/phase', 'nightmare')), bridge.port);
    await sendTo(stranger, Buffer.from('not even OSC'), bridge.port);
    await sendTo(inRange, encode(new Message('/dreamscape/blackout', 1)), bridge.port);
    await sendTo(vj, encode(new Message('/dreamscape/phase', 'dawn')), bridge.port);
    for (const end = Date.now() + 8000; !(received.length >= 2 && bridge.stats().notAllowed >= 6) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
    expect(received).toEqual([
      { command: { type: 'blackout', on: true }, from: '127.0.1.9' },
      { command: { type: 'goto', phase: 'dawn' }, from: '127.0.0.1' },
    ]);
    expect(bridge.stats()).toMatchObject({ notAllowed: 6, malformed: 0 });
    // Reported once a second per sender at most (a flood of refusals is summed up), every one counted.
    expect(reports.filter((r) => r.kind === 'refused' && r.reason === 'not-allowed' && r.from === '127.0.0.2').length).toBeGreaterThanOrEqual(1);
    for (const end = Date.now() + 8000; reports.filter((r) => r.kind === 'command').length < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
    expect(reports.filter((r) => r.kind === 'command')).toHaveLength(2);
  });

  it('listens on IPv6 "::" and takes IPv4 gear there, under its IPv4 address', async (context) => {
    const received: { command: OperatorCommand; from: string }[] = [];
    let bridge: OscBridge;
    try {
      bridge = await startOscBridge({ port: 0, host: '::', allow: ['127.0.0.1'], log: silent, onCommand: (command, from) => (received.push({ command, from }), { ok: true }) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') return context.skip('this machine has no IPv6');
      throw err;
    }
    opened.push(bridge);
    const vj = await senderAt('127.0.0.1');
    opened.push(vj);
    await sendTo(vj, encode(new Message('/dreamscape/hold', 1)), bridge.port);
    for (const end = Date.now() + 8000; received.length < 1 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
    expect(received).toEqual([{ command: { type: 'hold', on: true }, from: '127.0.0.1' }]);
  });
});

describe('the hub\'s OSC bridge', () => {
  afterAll(teardown);

  it('stays on this machine when the web pages are served to the whole network', async () => {
    const hub = await startHub({ stateFile: null, host: '0.0.0.0', oscPort: 0 });
    expect(hub.oscHost).toBe('127.0.0.1');
  });

  it('starts with --host :: and an OSC port (its socket family follows its own address)', async () => {
    const hub = await startHub({ stateFile: null, host: '::', oscPort: 0 });
    expect(hub.oscPort).toBeGreaterThan(0);
    const hub6 = await startHub({ stateFile: null, host: '::', oscPort: 0, oscHost: '::' });
    expect(hub6.oscHost).toBe('::');
  });
});
