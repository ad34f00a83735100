/**
 * Chaos 12: one OSC sender floods the bridge as fast as it can while the VJ's own gear sends 20
 * commands. Each sender has its own budget: all 20 of the VJ's commands are applied, the flood is
 * dropped and counted, and the console's log shows the VJ's commands. The hub runs as a venue runs
 * it (the supervisor, its own process), so the flood and the hub do not share an event loop.
 *
 * npm test floods for about 5 s at ~2,000 packets/s; npm run chaos for about 12 s at up to ~10,000.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { encode, Message } from 'node-osc';
import { connectOperator, connectPhone, teardown } from '../helpers/hub.ts';
import type { Notice } from '../../core/protocol.ts';
import { FULL, figures, startSupervisor, type SupervisedHub } from './helpers/hubProcess.ts';

let hub: SupervisedHub | undefined;
const udp: UdpSocket[] = [];
afterEach(async () => {
  for (const s of udp.splice(0)) s.close();
  await teardown();
  await hub?.stop();
  hub = undefined;
});

async function udpAt(address: string, port = 0): Promise<UdpSocket> {
  const s = createSocket('udp4');
  await new Promise<void>((done, fail) => {
    s.once('error', fail);
    s.bind(port, address, () => done());
  });
  udp.push(s);
  return s;
}

describe('chaos 12: an OSC flood beside the VJ\'s gear', () => {
  it('applies every one of the VJ\'s 20 commands while one sender floods', async () => {
    // A free UDP port for the bridge.
    const probe = await udpAt('127.0.0.1');
    const oscPort = probe.address().port;
    probe.close();
    udp.splice(udp.indexOf(probe), 1);
    hub = await startSupervisor({ args: ['--osc-port', String(oscPort)] });
    const op = await connectOperator(hub);
    const notices: Notice[] = [];
    op.on('notice', (n: Notice) => notices.push(n));
    // Every phase change reaches the phones at once: the VJ's commands, as applied.
    const watcher = await connectPhone(hub);
    const phasesSeen: string[] = [];
    watcher.socket.on('phase', (info) => phasesSeen.push(info.phase));
    const flooder = await udpAt('127.0.0.2');
    const vj = await udpAt('127.0.0.1');
    // A command that does not move the phase, so the phones' phase events are the VJ's alone.
    const junk = encode(new Message('/dreamscape/hold', 0));
    const phases = ['festival', 'upgrade', 'glitch', 'nightmare', 'confrontation', 'dawn', 'serene'] as const;
    const spacingMs = FULL ? 600 : 200;
    // Paced by the clock, not by timer ticks (slow on a loaded machine): what is due is sent each tick.
    const perSecond = FULL ? 10_000 : 2000;
    let flooding = true;
    let flooded = 0;
    const started = Date.now();
    const flood = (async () => {
      while (flooding && flooded < 400_000 && Date.now() - started < (FULL ? 30_000 : 15_000)) {
        const due = Math.min(400, Math.floor(((Date.now() - started) / 1000) * perSecond) - flooded);
        for (let i = 0; i < due; i++) flooder.send(junk, oscPort, '127.0.0.1');
        flooded += Math.max(0, due);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const phase = phases[i % phases.length]!;
      sent.push(phase);
      vj.send(encode(new Message('/dreamscape/phase', phase)), oscPort, '127.0.0.1');
      await new Promise((r) => setTimeout(r, spacingMs));
    }
    const appliedInOrder = (): number => {
      let matched = 0;
      for (const p of phasesSeen) if (p === sent[matched]) matched++;
      return matched;
    };
    const deadline = Date.now() + 5000;
    while (appliedInOrder() < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    flooding = false;
    await flood;
    const seconds = (Date.now() - started) / 1000;
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { osc?: { flooded: number; commands: number } };
    figures('12 OSC flood beside the VJ', { seconds, floodPackets: flooded, floodPerSecond: flooded / seconds, vjApplied: appliedInOrder(), oscStats: health.osc });
    expect(appliedInOrder()).toBe(20);
    expect(health.osc?.flooded ?? 0).toBeGreaterThan(0);
    // The console's log showed the VJ's commands and the flood's refusal.
    expect(notices.some((n) => n.code === 'osc' && n.message.startsWith('OSC 127.0.0.1: goto '))).toBe(true);
    expect(notices.some((n) => n.code === 'osc-refused' && n.message.startsWith('OSC from 127.0.0.2 refused: more than'))).toBe(true);
  }, FULL ? 120_000 : 60_000);
});
