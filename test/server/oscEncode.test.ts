/** The hub's OSC encoder: each argument with the type the table promises, bundles that fit a datagram. */
import { describe, it, expect } from 'vitest';
import { decode } from 'node-osc';
import { encodeOscBundles, encodeOscMessage, oscMessageSize, type OscOut } from '../../server/oscEncode.ts';

describe('oscEncode', () => {
  it('writes a float as a float even when it is whole, an int as an int, a string padded', () => {
    const f = encodeOscMessage({ address: '/dreamscape/speed', type: 'f', value: 1 });
    expect(f.toString('latin1')).toContain(',f\0\0');
    expect(decode(f)).toMatchObject({ address: '/dreamscape/speed', args: [{ value: 1 }] });
    const i = encodeOscMessage({ address: '/dreamscape/blackout', type: 'i', value: 1 });
    expect(i.toString('latin1')).toContain(',i\0\0');
    const s = encodeOscMessage({ address: '/dreamscape/phase', type: 's', value: 'dawn' });
    expect(s.length % 4).toBe(0);
    expect(decode(s)).toMatchObject({ args: [{ value: 'dawn' }] });
  });
  it('splits into bundles no bigger than asked, losing nothing and keeping order', () => {
    const messages: OscOut[] = Array.from({ length: 100 }, (_, k) => ({ address: `/dreamscape/param/p${k}`, type: 'f', value: k / 100 }));
    const packets = encodeOscBundles(messages, 400);
    expect(packets.length).toBeGreaterThan(1);
    for (const p of packets) expect(p.length).toBeLessThanOrEqual(400);
    const addresses = packets.flatMap((p) => (decode(p) as { elements: { address: string }[] }).elements.map((e) => e.address));
    expect(addresses).toEqual(messages.map((m) => m.address));
    expect(oscMessageSize(messages[0])).toBe(encodeOscMessage(messages[0]).length);
  });
  it('puts a message bigger than a bundle alone in its own', () => {
    const big: OscOut = { address: '/dreamscape/phase', type: 's', value: 'x'.repeat(2000) };
    const packets = encodeOscBundles([{ address: '/a', type: 'i', value: 1 }, big], 1400);
    expect(packets).toHaveLength(2);
    expect((decode(packets[1]) as { elements: { args: { value: string }[] }[] }).elements[0].args[0].value).toHaveLength(2000);
  });
});
