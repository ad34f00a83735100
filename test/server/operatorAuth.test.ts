/**
 * Operator authentication: the lock-out (per address and across the network, time passed in), the
 * address keys it counts by, and a real hub under a guessing attack from 100 loopback addresses
 * (127.1.0.x source addresses), which must not find the token, must not lock out the operator on a
 * fresh laptop, and must not touch a console already logged in.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import {
  LoginGuard,
  addressKey,
  generateToken,
  MAX_FAILURES,
  FAILURE_WINDOW_MS,
  GLOBAL_BUDGET,
  FIRST_BACKOFF_MS,
  MAX_BACKOFF_MS,
  MAX_REMEMBERED,
} from '../../server/operatorAuth.ts';
import { loginAnswer } from '../../core/operatorLogin.ts';
import { NAMESPACES, PROTOCOL_VERSION, REFUSALS, type LoginResult } from '../../core/protocol.ts';
import { command, connectOperator, nextEvent, startHub, teardown } from '../helpers/hub.ts';

afterEach(() => teardown());

describe('LoginGuard', () => {
  it('locks an address after repeated wrong answers, for a window, and only that address', () => {
    const g = new LoginGuard();
    for (let i = 0; i < MAX_FAILURES; i++) g.fail('10.0.0.9', i);
    expect(g.check('10.0.0.9', MAX_FAILURES)).toMatchObject({ blocked: true, scope: 'address' });
    expect(g.check('10.0.0.10', MAX_FAILURES)).toEqual({ blocked: false });
    expect(g.check('10.0.0.9', FAILURE_WINDOW_MS + MAX_FAILURES)).toEqual({ blocked: false });
  });

  it('a spent global budget stops checking suspects, never fresh or trusted addresses, and ends by itself', () => {
    const g = new LoginGuard();
    g.succeed('192.168.1.5', 0); // the operator's laptop, earlier tonight
    for (let i = 0; i < GLOBAL_BUDGET; i++) g.fail(`10.0.1.${i}`, 1000 + i);
    const t = 1000 + GLOBAL_BUDGET;
    expect(g.check('10.0.1.0', t)).toMatchObject({ blocked: true, scope: 'everyone' });
    expect(g.check('10.0.1.0', t).blocked && g.check('10.0.1.0', t)).toMatchObject({ retryInMs: expect.any(Number) });
    // A fresh laptop and the trusted one are still heard at once.
    expect(g.check('192.168.1.77', t)).toEqual({ blocked: false });
    expect(g.check('192.168.1.5', t)).toEqual({ blocked: false });
    // Once the backoff has passed, the operator who mistyped earlier gets in.
    expect(g.check('10.0.1.0', t + FIRST_BACKOFF_MS)).toEqual({ blocked: false });
  });

  it('the backoff doubles while the guessing goes on, but never past its cap', () => {
    const g = new LoginGuard();
    let now = 0;
    const waits: number[] = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < GLOBAL_BUDGET; i++) g.fail(`10.2.${round}.${i}`, now);
      const block = g.check(`10.2.${round}.0`, now);
      if (!block.blocked) throw new Error('expected a backoff');
      waits.push(block.retryInMs);
      now += block.retryInMs;
      // The cap bounds how long an operator who mistyped can be kept out.
      expect(g.check(`10.2.${round}.0`, now)).toEqual({ blocked: false });
    }
    expect(waits.slice(0, 4)).toEqual([FIRST_BACKOFF_MS, FIRST_BACKOFF_MS * 2, FIRST_BACKOFF_MS * 4, FIRST_BACKOFF_MS * 8]);
    expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
  });

  it('stays bounded under a flood of fresh addresses, and then treats unknown ones as suspect', () => {
    const g = new LoginGuard();
    for (let i = 0; i < MAX_REMEMBERED + 500; i++) g.fail(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1000);
    const inner = g as unknown as { failures: Map<string, unknown>; suspects: Map<string, unknown> };
    expect(inner.failures.size).toBeLessThanOrEqual(MAX_REMEMBERED);
    expect(inner.suspects.size).toBeLessThanOrEqual(MAX_REMEMBERED);
    expect(g.check('172.16.0.1', 1001)).toMatchObject({ blocked: true, scope: 'everyone' });
  });

  it('counts an IPv6 machine by its /64 and unwraps IPv4-mapped addresses', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('generated tokens are 16 URL-safe characters and differ', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(generateToken()).not.toBe(a);
  });
});

/** One console connection from a chosen loopback source address, answering with `token`. */
function attempt(url: string, localAddress: string, token: string): Promise<'in' | 'wrong' | 'locked' | 'other'> {
  const options = { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000, localAddress };
  const s: Socket = connect(url + NAMESPACES.operator, options);
  return new Promise<'in' | 'wrong' | 'locked' | 'other'>((done) => {
    s.once('challenge', ({ nonce }: { nonce: string }) => {
      s.emit('login', { answer: loginAnswer(token, nonce) }, (r: LoginResult) => done(r.ok ? 'in' : r.code === REFUSALS.badToken ? 'wrong' : r.code === REFUSALS.tooManyAttempts ? 'locked' : 'other'));
    });
    s.once('connect_error', (err: Error & { data?: { code?: string } }) => done(err.data?.code === REFUSALS.tooManyAttempts ? 'locked' : 'other'));
  }).finally(() => s.close());
}

describe('a guessing attack on a real hub', () => {
  it('450 guesses from 100 addresses do not find the token; the operator gets in and a logged-in console stays in', async () => {
    const candidates = Array.from({ length: 450 }, (_, i) => `stage-door-${String(i).padStart(3, '0')}`);
    // The right token is guess 400: a lock-out of 5 guesses per address alone (500 for 100
    // addresses) would let it through.
    const hub = await startHub({ stateFile: null, token: candidates[400] });
    const vj = await connectOperator(hub);
    let vjDropped = false;
    vj.on('disconnect', () => (vjDropped = true));

    const addresses = Array.from({ length: 100 }, (_, i) => `127.1.0.${i + 1}`);
    const outcomes = { in: 0, wrong: 0, locked: 0, other: 0 };
    const started = Date.now();
    // Ten at a time, in order, the way a script on a few laptops would try them.
    for (let i = 0; i < candidates.length; i += 10) {
      const batch = candidates.slice(i, i + 10).map((guess, j) => attempt(hub.url, addresses[(i + j) % addresses.length], guess));
      for (const outcome of await Promise.all(batch)) outcomes[outcome]++;
    }
    const elapsed = Date.now() - started;
    console.info(`[figures] guessing attack: ${JSON.stringify({ guesses: candidates.length, addresses: addresses.length, ...outcomes, elapsedMs: elapsed })}`);

    expect(outcomes.in).toBe(0);
    expect(outcomes.other).toBe(0);
    expect(outcomes.wrong + outcomes.locked).toBe(candidates.length);
    // Each address's first answer, plus one global budget per backoff that can have passed.
    expect(outcomes.wrong).toBeLessThanOrEqual(addresses.length + GLOBAL_BUDGET * (1 + Math.floor(elapsed / FIRST_BACKOFF_MS)));

    // The operator on a laptop that never guessed wrong gets in at once, mid-backoff.
    expect(await attempt(hub.url, '127.2.0.1', hub.token)).toBe('in');
    // The console logged in before the attack never noticed it.
    expect(vjDropped).toBe(false);
    expect(await command(vj, { type: 'hold', on: true })).toEqual({ ok: true });
    await nextEvent(vj, 'status', (s: { hold: boolean }) => s.hold);
  }, 120_000);

  it('hears one answer per challenge, and nothing but the answer before it', async () => {
    const hub = await startHub({ stateFile: null, token: 'moon-tide-lantern-47' });
    const s: Socket = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    const nonce = await new Promise<string>((done) => s.once('challenge', (c: { nonce: string }) => done(c.nonce)));
    let heard = 0;
    s.on('status', () => heard++);
    s.on('presets', () => heard++);
    // A command before logging in is refused and the connection closed.
    const refused = await new Promise((done) => s.emit('command', { type: 'blackout', on: true }, done));
    expect(refused).toEqual({ ok: false, error: 'log in first' });
    await new Promise<void>((done) => (s.disconnected ? done() : s.once('disconnect', () => done())));
    expect(hub.context.runtime.state.blackout).toBe(false);

    const t: Socket = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    const nonce2 = await new Promise<string>((done) => t.once('challenge', (c: { nonce: string }) => done(c.nonce)));
    expect(nonce2).not.toBe(nonce);
    const first = new Promise((done) => t.emit('login', { answer: loginAnswer('wrong-guess-0000', nonce2) }, done));
    // A second answer on the same challenge is never checked (no answer comes back).
    let secondAnswered = false;
    t.emit('login', { answer: loginAnswer('moon-tide-lantern-47', nonce2) }, () => (secondAnswered = true));
    expect(await first).toMatchObject({ ok: false, code: REFUSALS.badToken });
    await new Promise<void>((done) => (t.disconnected ? done() : t.once('disconnect', () => done())));
    expect(secondAnswered).toBe(false);
    expect(heard).toBe(0);
    t.close();
  });

  it('closes a connection that does not answer its challenge in time', async () => {
    const hub = await startHub({ stateFile: null, loginAnswerMs: 300 });
    const s: Socket = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((done) => s.once('challenge', () => done()));
    const reason = await new Promise<string>((done) => s.once('disconnect', done));
    expect(reason).toBe('io server disconnect');
    s.close();
  });

  it('refuses a console that still sends the token in its handshake', async () => {
    const hub = await startHub({ stateFile: null, token: 'moon-tide-lantern-47' });
    const s: Socket = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION, token: 'moon-tide-lantern-47' }, transports: ['websocket'], forceNew: true, reconnection: false });
    const err = await new Promise<Error & { data?: { code: string } }>((done) => s.once('connect_error', done));
    expect(err.data?.code).toBe(REFUSALS.badHandshake);
    s.close();
  });
});
