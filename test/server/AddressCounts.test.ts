/**
 * Per-address limits: one device (or one script) cannot take every connection slot or every
 * dreamer place; other addresses still get in. `--max-per-address`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AddressCounts } from '../../server/AddressCounts.ts';
import { NAMESPACES, PROTOCOL_VERSION, REFUSALS } from '../../core/protocol.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { openRawSocket, type RawSocket } from '../chaos/helpers/rawSocket.ts';

afterEach(teardown);

const raws: RawSocket[] = [];
afterEach(() => {
  for (const r of raws.splice(0)) r.destroy();
});

async function upgrade(url: string, localAddress: string) {
  const result = await openRawSocket({ url, localAddress });
  if (result.ok) raws.push(result.socket);
  return result;
}

describe('AddressCounts', () => {
  it('counts per address in any spelling, forgets empty ones, and 0 means no limit', () => {
    const c = new AddressCounts(2);
    c.add('127.0.0.1');
    c.add('::ffff:127.0.0.1');
    expect(c.count('127.0.0.1')).toBe(2);
    expect(c.hasRoom('127.0.0.1')).toBe(false);
    expect(c.hasRoom('127.0.0.2')).toBe(true);
    c.remove('127.0.0.1');
    c.remove('127.0.0.1');
    c.remove('127.0.0.1');
    expect(c.addresses).toBe(0);
    expect(c.count('127.0.0.1')).toBe(0);
    const open = new AddressCounts(0);
    for (let i = 0; i < 1000; i++) open.add('10.0.0.1');
    expect(open.hasRoom('10.0.0.1')).toBe(true);
  });
});

describe('per-address caps on a real hub', () => {
  it('refuses an address its connection past the cap, and lets it back in once one closes', async () => {
    const hub = await startHub({ stateFile: null, maxPerAddress: 3, maxConnections: 100 });
    for (let i = 0; i < 3; i++) expect((await upgrade(hub.url, '127.0.0.5')).ok).toBe(true);
    const fourth = await upgrade(hub.url, '127.0.0.5');
    expect(fourth.ok).toBe(false);
    if (!fourth.ok) expect(fourth.body).toContain(REFUSALS.addressFull);
    // Another device is not held back by that one.
    expect((await upgrade(hub.url, '127.0.0.6')).ok).toBe(true);
    raws[0]?.destroy();
    await expect.poll(async () => {
      const again = await upgrade(hub.url, '127.0.0.5');
      return again.ok;
    }, { timeout: 5000, interval: 100 }).toBe(true);
  });

  it('caps the dreamer places one address takes with a typed refusal; other addresses still join', async () => {
    const hub = await startHub({ stateFile: null, maxPerAddress: 10, maxDreamers: 60 });
    // Fewer places than connections for this address, so the phones' own cap is what refuses.
    hub.context.phonesByAddress = new AddressCounts(2);
    const joined: RawSocket[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await upgrade(hub.url, '127.0.0.7');
      if (!result.ok) throw new Error(`upgrade refused: ${result.status}`);
      result.socket.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION, dreamer: `script-${String(i).padStart(8, '0')}` });
      const answer = await result.socket.waitFor((m) => m.startsWith(`42${NAMESPACES.audience},["welcome"`) || m.startsWith(`44${NAMESPACES.audience},`));
      if (i < 2) {
        expect(answer).toContain('"welcome"');
        joined.push(result.socket);
      } else {
        expect(answer).toContain(REFUSALS.addressFull);
        expect(answer).toMatch(/phones in the dream/);
      }
    }
    expect(hub.context.registry.connected).toBe(2);
    // A phone from elsewhere still gets a place.
    const other = await upgrade(hub.url, '127.0.0.8');
    if (!other.ok) throw new Error('other address refused');
    other.socket.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION });
    await other.socket.waitFor((m) => m.startsWith(`42${NAMESPACES.audience},["welcome"`));
    expect(hub.context.registry.connected).toBe(3);
    // Places are given back when a phone goes.
    joined[0]?.destroy();
    await expect.poll(() => hub.context.phonesByAddress.count('127.0.0.7'), { timeout: 5000 }).toBe(1);
    const again = await upgrade(hub.url, '127.0.0.7');
    if (!again.ok) throw new Error('refused again');
    again.socket.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION });
    await again.socket.waitFor((m) => m.startsWith(`42${NAMESPACES.audience},["welcome"`));
  });
});
