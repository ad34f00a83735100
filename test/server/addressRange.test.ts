import { describe, expect, it } from 'vitest';
import { addressAllowList, normalizeAddress, parseAddressRange } from '../../server/addressRange.ts';

describe('address ranges', () => {
  it('reads addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(parseAddressRange('192.168.1.50')).toEqual({ address: '192.168.1.50', prefix: 32, family: 'ipv4' });
    expect(parseAddressRange('10.0.0.0/24')).toEqual({ address: '10.0.0.0', prefix: 24, family: 'ipv4' });
    expect(parseAddressRange('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseAddressRange('::ffff:10.1.2.3')).toEqual({ address: '10.1.2.3', prefix: 32, family: 'ipv4' });
  });

  it.each(['', 'localhost', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/-1', '10.0.0.0/33', 'fd00::/129', '1.2.3.4/8/8', '__proto__', '999.0.0.1'])('refuses %j', (text) => {
    expect(parseAddressRange(text)).toBeUndefined();
  });

  it('checks senders in any spelling against the list', () => {
    const allowed = addressAllowList(['192.168.1.50', '10.0.0.0/24', 'fd00::/8']);
    expect(allowed('192.168.1.50')).toBe(true);
    expect(allowed('::ffff:192.168.1.50')).toBe(true);
    expect(allowed('10.0.0.200')).toBe(true);
    expect(allowed('10.0.1.1')).toBe(false);
    expect(allowed('192.168.1.51')).toBe(false);
    expect(allowed('fd12::1')).toBe(true);
    expect(allowed('fe80::1')).toBe(false);
    expect(allowed('not an address')).toBe(false);
    expect(addressAllowList([])('203.0.113.9')).toBe(true);
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });
});
