/**
 * Chaos 4: a message bigger than the hub accepts (8 KiB) closes only the socket that sent it; the
 * walls keep their frames and the other phones keep steering.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, PROTOCOL_VERSION } from '../../core/protocol.ts';
import { connectDisplay, connectPhone, nextWallGesture, startHub, teardown } from '../helpers/hub.ts';
import { openRawSocket } from './helpers/rawSocket.ts';
import { FULL, figures, until } from './helpers/hubProcess.ts';

afterEach(teardown);

describe('chaos 4: oversize frames', () => {
  it('closes only the offending socket', async () => {
    const hub = await startHub({ stateFile: null });
    const wall = await connectDisplay(hub);
    const bystander = await connectPhone(hub);
    const rounds = FULL ? 20 : 4;
    const sizes = [8 * 1024 + 1, 16 * 1024, 64 * 1024, 1024 * 1024];
    let closedSocketIo = 0;
    let closedRaw = 0;
    const rawCodes = new Set<number | undefined>();
    for (let i = 0; i < rounds; i++) {
      const size = sizes[i % sizes.length];
      // A socket.io phone emitting a gesture with a huge string.
      const big = await connectPhone(hub);
      const gone = new Promise<string>((done) => big.socket.once('disconnect', done));
      big.socket.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5, note: 'x'.repeat(size) } as never);
      await gone;
      closedSocketIo++;
      // A raw websocket sending one oversize engine.io frame.
      const raw = await openRawSocket({ url: hub.url });
      if (!raw.ok) throw new Error(`upgrade refused: ${raw.status}`);
      raw.socket.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION });
      await raw.socket.waitFor((m) => m.includes('"welcome"'));
      raw.socket.send(`42${NAMESPACES.audience},["gesture","${'y'.repeat(size)}"]`);
      await until(() => raw.socket.closed, 5000, 'oversize raw socket closed');
      rawCodes.add(raw.socket.closeCode);
      closedRaw++;
    }
    // The wall still gets frames and the bystander's tap still lands.
    const tap = nextWallGesture(wall.socket, (g) => g.d === bystander.welcome.handle);
    bystander.socket.emit('gesture', { kind: 'tap', x: 0.2, y: 0.2 });
    await tap;
    expect(wall.socket.connected).toBe(true);
    expect(bystander.socket.connected).toBe(true);
    expect(hub.context.registry.connected).toBe(1);
    expect(hub.context.displays.size).toBe(1);
    figures('4 oversize frames', { rounds, closedSocketIo, closedRaw, rawCloseCodes: [...rawCodes], bystanderConnected: bystander.socket.connected, wallConnected: wall.socket.connected });
  });
});
