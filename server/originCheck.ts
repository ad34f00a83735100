/**
 * Which browser pages may open sockets on the hub: pages the hub served itself, under one of the
 * names the hub really has (its configured and public host, localhost, the machine's host name and
 * every LAN address), plus `--allow-origin`. The request's own Host header is never trusted: a
 * DNS-rebinding page (evil.example made to resolve to the hub) sends `Host: evil.example` with
 * `Origin: http://evil.example`, and the two agree.
 */
import { hostname, networkInterfaces } from 'node:os';

/** Options of {@link createOriginCheck}. */
export interface OriginCheckOptions {
  /** Address the hub listens on (0.0.0.0 / :: mean every interface). */
  host: string;
  /** Host name or address printed in URLs and the QR code. */
  publicHost: string;
  /** Extra origins allowed, e.g. `https://vj.example:8443` (compared as `URL.origin`). */
  allowOrigins: Iterable<string>;
  /** The port the hub listens on (known once it listens: port 0 picks one). */
  port: () => number;
  /** Another port pages may come from: a balancer in front of this hub (`--public-port`). */
  publicPort?: number;
}

/** Shortest pause between two looks at the machine's addresses, ms (a DHCP lease may change them). */
const REFRESH_MS = 1000;

/** A name as `URL.hostname` gives it: lower case, IPv6 in brackets. */
function asHostname(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * Builds the check: the page's host name must be one of the hub's and its port the hub's port (a
 * page from another service on the same machine is foreign too). A venue that maps ports (80 →
 * 8080) or puts a proxy in front names that origin with `--allow-origin`.
 * @returns `(origin) => allowed`; an origin that is not a URL is refused.
 */
export function createOriginCheck(options: OriginCheckOptions): (origin: string) => boolean {
  const allowed = new Set<string>();
  for (const o of options.allowOrigins) {
    try {
      allowed.add(new URL(o).origin);
    } catch {
      // Not a URL: it can match nothing.
    }
  }
  let names = new Set<string>();
  let lookedAt = -Infinity;
  const refresh = () => {
    lookedAt = performance.now();
    const next = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
    for (const name of [options.host, options.publicHost]) {
      if (name && name !== '0.0.0.0' && name !== '::') next.add(asHostname(name));
    }
    const machine = hostname().toLowerCase();
    if (machine) {
      next.add(machine);
      next.add(`${machine}.local`);
    }
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) next.add(asHostname(a.address.replace(/%.*$/, '')));
    }
    names = next;
  };
  refresh();
  return (origin: string) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (allowed.has(url.origin)) return true;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (port !== options.port() && port !== options.publicPort) return false;
    if (names.has(url.hostname)) return true;
    // An address the machine got since the last look (Wi-Fi rejoined): look again, at most once a second.
    if (performance.now() - lookedAt < REFRESH_MS) return false;
    refresh();
    return names.has(url.hostname);
  };
}
