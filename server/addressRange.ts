/**
 * Network addresses as the venue names them: one address (`192.168.1.50`, `fd00::7`) or a CIDR range
 * (`10.0.0.0/24`), for the OSC allow-list; and one spelling per sender, so an IPv4 sender reaching a
 * dual-stack socket (`::ffff:192.168.1.50`) is the same sender as on an IPv4 socket.
 */
import { BlockList, isIP } from 'node:net';

/** One entry of an address list. */
export interface AddressRange {
  address: string;
  /** Prefix length in bits (32 or 128 for a single address). */
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Reads `ADDR` or `ADDR/PREFIX`.
 * @returns the range, or undefined when it is not one.
 */
export function parseAddressRange(text: string): AddressRange | undefined {
  const [rawAddress, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || rawAddress === undefined) return undefined;
  const address = normalizeAddress(rawAddress);
  const version = isIP(address);
  if (version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** An IPv4 address carried in IPv6 (`::ffff:a.b.c.d`) written as plain IPv4; others unchanged. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * A test for "is this sender on the list".
 * @param entries addresses or ranges as {@link parseAddressRange} reads them (unreadable ones are skipped;
 * the command line refuses them before this).
 * @returns a function taking a sender's address (any spelling); with no entries every sender passes.
 */
export function addressAllowList(entries: readonly string[]): (address: string) => boolean {
  const ranges = entries.map(parseAddressRange).filter((r): r is AddressRange => r !== undefined);
  if (ranges.length === 0) return () => true;
  const list = new BlockList();
  for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family);
  return (address) => {
    const plain = normalizeAddress(address);
    const version = isIP(plain);
    if (version === 0) return false;
    return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
