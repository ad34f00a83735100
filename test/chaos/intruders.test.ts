/**
 * Chaos 7: pages from other origins cannot open sockets (a malicious page on a phone's browser
 * must not steer the show), and nothing without the operator token moves the show: 0 of 1,000
 * attempts, whether by guessing tokens on `/operator`, sending commands before or without a
 * successful handshake, or sending commands on the phone and wall namespaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, PROTOCOL_VERSION, REFUSALS } from '../../core/protocol.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { openRawSocket, type RawSocket } from './helpers/rawSocket.ts';
import { FULL, figures } from './helpers/hubProcess.ts';

afterEach(teardown);

const FOREIGN_ORIGINS = (host: string) => [
  'http://evil.example',
  'https://evil.example',
  `http://${host}.evil.example`,
  `http://evil.example:${host.split(':')[1]}`,
  'null',
  'file://',
  `http://${host.split(':')[0]}:1`,
  'chrome-extension://abcdefghijklmnop',
  'not a url',
];

/** A command that would visibly move the show if it were obeyed. */
const COMMANDS = [
  { type: 'goto', phase: 'nightmare' },
  { type: 'blackout', on: true },
  { type: 'hold', on: true },
  { type: 'speed', value: 8 },
  { type: 'panic' },
  { type: 'param', name: 'volume', value: 0 },
] as const;

/** Tokens an intruder might try: none, wrong, near-misses, wrong types, prototype tricks. */
function guessedAuth(i: number, real: string): unknown {
  const forms: unknown[] = [
    { v: PROTOCOL_VERSION },
    { v: PROTOCOL_VERSION, token: '' },
    { v: PROTOCOL_VERSION, token: `guess-${i}` },
    { v: PROTOCOL_VERSION, token: real.slice(0, -1) },
    { v: PROTOCOL_VERSION, token: `${real}x` },
    { v: PROTOCOL_VERSION, token: real.toUpperCase() },
    { v: PROTOCOL_VERSION, token: 12345678 },
    { v: PROTOCOL_VERSION, token: [real] },
    { v: PROTOCOL_VERSION, token: { toString: real } },
    JSON.parse(`{"v":${PROTOCOL_VERSION},"__proto__":{"token":"${real}"}}`),
    { v: PROTOCOL_VERSION, token: 'a'.repeat(2000) },
    null,
    'token',
  ];
  return forms[i % forms.length];
}

describe('chaos 7: intruders', () => {
  it('refuses websocket handshakes from foreign origins, and admits the hub\'s own', async () => {
    const hub = await startHub({ stateFile: null });
    const host = new URL(hub.url).host;
    const origins = FOREIGN_ORIGINS(host);
    const rounds = FULL ? 20 : 3;
    let refused = 0;
    let attempts = 0;
    const bodies = new Set<string>();
    for (let r = 0; r < rounds; r++) {
      for (const origin of origins) {
        attempts++;
        const result = await openRawSocket({ url: hub.url, origin });
        if (result.ok) {
          result.socket.destroy();
          continue;
        }
        refused++;
        bodies.add(result.body.replace(/pages from .* may/, 'pages from … may'));
      }
    }
    const own = await openRawSocket({ url: hub.url, origin: hub.url });
    expect(own.ok).toBe(true);
    if (own.ok) own.socket.destroy();
    figures('7a cross-origin handshakes', { attempts, refused, reasons: [...bodies] });
    expect(refused).toBe(attempts);
    expect([...bodies].every((b) => b.includes(REFUSALS.originDenied))).toBe(true);
  });

  it('lets 0 of 1,000 operator actions without the token through', async () => {
    const hub = await startHub({ stateFile: null, token: 'the-real-token-42' });
    const before = JSON.stringify({ phase: hub.context.runtime.phase, hold: hub.context.runtime.state.hold, speed: hub.context.runtime.state.speed, blackout: hub.context.runtime.state.blackout, overrides: hub.context.runtime.state.overrides });
    const total = 1000;
    const sockets: RawSocket[] = [];
    const open = async () => {
      const r = await openRawSocket({ url: hub.url });
      if (!r.ok) throw new Error(`upgrade refused: ${r.status}`);
      sockets.push(r.socket);
      return r.socket;
    };
    // Half the attempts guess a token on /operator and fire a command straight after the guess;
    // the other half join as a phone or a wall and send operator commands there.
    // A command on a namespace the socket never joined makes the hub drop the whole connection,
    // so a guesser that fired too early is gone: the intruder simply opens another.
    const guessers = await Promise.all([open(), open(), open(), open()]);
    let reopened = 0;
    const phoneSock = await open();
    phoneSock.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION });
    await phoneSock.waitFor((m) => m.includes('"welcome"'));
    const wallSock = await open();
    wallSock.joinNamespace(NAMESPACES.display, { v: PROTOCOL_VERSION });
    await wallSock.waitFor((m) => m.includes('"snapshot"'));
    let sent = 0;
    for (let i = 0; i < total; i++) {
      const cmd = COMMANDS[i % COMMANDS.length];
      if (i % 2 === 0) {
        const slot = (i / 2) % guessers.length;
        if (guessers[slot].closed) {
          guessers[slot] = await open();
          reopened++;
        }
        const s = guessers[slot];
        s.joinNamespace(NAMESPACES.operator, guessedAuth(i / 2, 'the-real-token-42'));
        s.sendEvent(NAMESPACES.operator, 'command', cmd);
      } else {
        const s = i % 4 === 1 ? phoneSock : wallSock;
        const ns = s === phoneSock ? NAMESPACES.audience : NAMESPACES.display;
        s.sendEvent(ns, 'command', cmd);
      }
      sent++;
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 60)); // stay under the per-socket budget
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = JSON.stringify({ phase: hub.context.runtime.phase, hold: hub.context.runtime.state.hold, speed: hub.context.runtime.state.speed, blackout: hub.context.runtime.state.blackout, overrides: hub.context.runtime.state.overrides });
    const refusals = sockets.flatMap((s) => s.received.filter((m) => m.startsWith(`44${NAMESPACES.operator},`)));
    // The bare handshake ({ v }) is admitted to its challenge; only an answer logs in, and a command
    // before it closes the connection. Logged in means: any status heard.
    const admitted = sockets.flatMap((s) => s.received.filter((m) => m.startsWith(`40${NAMESPACES.operator},`)));
    const challenged = sockets.flatMap((s) => s.received.filter((m) => m.startsWith(`42${NAMESPACES.operator},["challenge"`)));
    const statuses = sockets.flatMap((s) => s.received.filter((m) => m.includes('"status"')));
    const codes = new Set(refusals.map((m) => (JSON.parse(m.slice(m.indexOf(',') + 1)) as { data?: { code?: string } }).data?.code));
    figures('7b operator actions without the token', { attempts: sent, obeyed: before === after ? 0 : 'some', handshakesRefused: refusals.length, connectionsDroppedForCommandsWithoutHandshake: reopened, handshakesAdmittedToTheirChallenge: admitted.length, challenges: challenged.length, refusalCodes: [...codes] });
    expect(sent).toBe(total);
    expect(after).toBe(before);
    expect(challenged.length).toBe(admitted.length);
    expect(statuses).toHaveLength(0);
    expect(refusals.length).toBeGreaterThan(0);
    expect([...codes].every((c) => c === REFUSALS.badToken || c === REFUSALS.tooManyAttempts || c === REFUSALS.badHandshake)).toBe(true);
    for (const s of sockets) s.destroy();
  });
});
