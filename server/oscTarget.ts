/**
 * Where the hub may send OSC: `host:port` as a VJ writes it (`192.168.1.60:9001`, `[fd00::7]:9001`,
 * `touchosc.local:9001`), read, resolved once, and refused when it would spray the network or talk
 * to the hub itself. The hub never sends to a broadcast or multicast address (every device on the
 * Wi-Fi would get 30 bundles a second), to "any" (0.0.0.0, ::), or to its own OSC port (the state it
 * sends would come back as commands).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { normalizeAddress } from './addressRange.ts';

/** A target that passed every check. */
export interface OscTarget {
  /** As the VJ wrote it (trimmed), the key it is listed and removed by. */
  name: string;
  /** The address packets go to (resolved). */
  address: string;
  port: number;
  family: 4 | 6;
}

/** What reading a target gave. */
export type OscTargetCheck = { ok: true; target: OscTarget } | { ok: false; error: string };

/** Most OSC targets at once: each costs a bundle per change, 30 times a second. */
export const MAX_OSC_TARGETS = 8;

/** Longest a host name lookup may take before the target is refused, ms. */
const LOOKUP_MS = 3000;

/**
 * Reads `host:port` (IPv6 in brackets). Pure.
 * @returns host and port, or the reason it is not a target.
 */
export function parseOscTarget(text: string): { host: string; port: number } | { error: string } {
  const trimmed = text.trim();
  const match = /^\[([0-9a-fA-F:.]{2,45})\]:(\d{1,5})$/.exec(trimmed) ?? /^([A-Za-z0-9.-]{1,253}):(\d{1,5})$/.exec(trimmed);
  if (!match) return { error: `"${trimmed.slice(0, 80)}" is not host:port (e.g. 192.168.1.60:9001, [fd00::7]:9001, touchosc.local:9001)` };
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return { error: `port ${match[2]} is outside 1..65535` };
  return { host: match[1], port };
}

const refused = new BlockList();
refused.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 means any
refused.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
refused.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, and 255.255.255.255 (broadcast)
refused.addAddress('::', 'ipv6');
refused.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** The directed broadcast address of every IPv4 network this machine is on (e.g. 192.168.1.255). */
function localBroadcasts(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.family !== 'IPv4' || !i.netmask) continue;
      const a = i.address.split('.').map(Number);
      const m = i.netmask.split('.').map(Number);
      if (m.every((b) => b === 255)) continue;
      out.add(a.map((b, k) => (b | (~m[k] & 255)) & 255).join('.'));
    }
  }
  return out;
}

/**
 * Why an address may not be a target, or undefined when it may.
 * @param address a resolved IP address.
 */
export function refusedOscAddress(address: string): string | undefined {
  const plain = normalizeAddress(address);
  const version = isIP(plain);
  if (version === 0) return `${address} is not an address`;
  if (refused.check(plain, version === 4 ? 'ipv4' : 'ipv6')) return `${plain} is a broadcast, multicast or "any" address: name one device`;
  if (version === 4 && localBroadcasts().has(plain)) return `${plain} is the broadcast address of this machine's network: name one device`;
  return undefined;
}

/** Whether an address is this machine (loopback or one of its interfaces). */
function isThisMachine(address: string): boolean {
  const plain = normalizeAddress(address);
  if (/^127\./.test(plain) || plain === '::1') return true;
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address === plain));
}

/**
 * Reads, resolves and checks a target.
 * @param text `host:port` as typed.
 * @param ownOscPort the port the hub's own OSC bridge listens on, if any (refused on this machine).
 */
export async function checkOscTarget(text: string, ownOscPort?: number): Promise<OscTargetCheck> {
  const parsed = parseOscTarget(text);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  let address = parsed.host;
  if (isIP(address) === 0) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        lookup(parsed.host, { verbatim: true }),
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error(`no answer in ${LOOKUP_MS / 1000} s`)), LOOKUP_MS);
        }),
      ]);
      address = found.address;
    } catch (err) {
      return { ok: false, error: `cannot find ${parsed.host}: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }
  const why = refusedOscAddress(address);
  if (why) return { ok: false, error: why };
  if (ownOscPort !== undefined && parsed.port === ownOscPort && isThisMachine(address)) {
    return { ok: false, error: `${parsed.host}:${parsed.port} is this hub's own OSC port: its state would come back as commands` };
  }
  const plain = normalizeAddress(address);
  return { ok: true, target: { name: text.trim(), address: plain, port: parsed.port, family: isIP(plain) === 6 ? 6 : 4 } };
}
