/** Who may open a socket: the hub's cap, an address's share and the origin policy, each refused with its code. */
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { REFUSALS } from '../../core/protocol.ts';
import { connectionPolicy } from '../../server/connectionPolicy.ts';

const log = pino({ level: 'silent' });

function request(address: string | undefined, origin?: string): IncomingMessage {
  // Only what allowRequest reads: the peer's address and the Origin header.
  return { socket: { remoteAddress: address }, headers: origin === undefined ? {} : { origin } } as unknown as IncomingMessage;
}

function ask(allow: ReturnType<typeof connectionPolicy>['allowRequest'], req: IncomingMessage): { err: string | null | undefined; ok: boolean } {
  let answer: { err: string | null | undefined; ok: boolean } | undefined;
  allow(req, (err, ok) => (answer = { err, ok }));
  if (!answer) throw new Error('no answer');
  return answer;
}

describe('connectionPolicy', () => {
  it('refuses past the hub cap, past an address share and from a foreign page, each with its code', () => {
    let sockets = 0;
    const { allowRequest, socketsByAddress } = connectionPolicy({ maxConnections: 3, maxPerAddress: 2, originAllowed: (o) => o === 'http://hub.local:8080', sockets: () => sockets, log });
    expect(ask(allowRequest, request('10.0.0.1'))).toEqual({ err: null, ok: true });
    expect(ask(allowRequest, request('10.0.0.1', 'http://hub.local:8080'))).toEqual({ err: null, ok: true });
    const foreign = ask(allowRequest, request('10.0.0.1', 'http://evil.example' + 'x'.repeat(500)));
    expect(foreign.ok).toBe(false);
    expect(foreign.err).toContain(REFUSALS.originDenied);
    expect(foreign.err?.length).toBeLessThan(250);
    socketsByAddress.add('10.0.0.1');
    socketsByAddress.add('::ffff:10.0.0.1');
    const share = ask(allowRequest, request('10.0.0.1'));
    expect(share).toMatchObject({ ok: false });
    expect(share.err).toContain(REFUSALS.addressFull);
    expect(ask(allowRequest, request('10.0.0.2')).ok).toBe(true);
    sockets = 3;
    const full = ask(allowRequest, request('10.0.0.3'));
    expect(full.ok).toBe(false);
    expect(full.err).toContain(REFUSALS.full);
  });

  it('takes a request with no peer address or an empty origin without throwing', () => {
    const { allowRequest } = connectionPolicy({ maxConnections: 10, maxPerAddress: 0, originAllowed: () => false, sockets: () => 0, log });
    expect(ask(allowRequest, request(undefined)).ok).toBe(true);
    expect(ask(allowRequest, request('10.0.0.1', '')).ok).toBe(true);
    expect(ask(allowRequest, request('10.0.0.1', 'null')).ok).toBe(false);
  });
});
