import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, REFUSALS, type FrameGesture, type WireFrame } from '../../core/protocol.ts';
import { command, connectDisplay, connectOperator, connectPhone, connected, console_, loggedIn, nextEvent, nextWallGesture, onWallGestures, phone, startHub, teardown, wall } from '../helpers/hub.ts';

afterEach(teardown);

describe('hub: gestures reach the walls', () => {
  it('delivers a phone tap to every display within half a tick, the same way to each', async () => {
    const hub = await startHub({ stateFile: null, seed: 1 });
    const a = await connectDisplay(hub);
    const b = await connectDisplay(hub);
    const { socket: p, welcome } = await connectPhone(hub);
    expect(welcome.handle).toBeGreaterThan(0);
    expect(['lyra', 'remy', 'tara', 'brian']).toContain(welcome.role);
    const mine = (g: FrameGesture) => g.d === welcome.handle && g.k === 'tap';
    const both = Promise.all([nextWallGesture(a.socket, mine), nextWallGesture(b.socket, mine)]);
    p.emit('gesture', { kind: 'tap', x: 0.25, y: 0.75 });
    const [fa, fb] = await both;
    expect(fa.seq).toBe(fb.seq);
    expect(fa.via).toBe(fb.via);
    expect(fa.gesture.p).toEqual([0.25, 0.75]);
  });

  it('batches many phones: frames at the tick rate and one batch between frames, each gesture sent once', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    const phones = await Promise.all(Array.from({ length: 20 }, () => connectPhone(hub)));
    let frames = 0;
    let batches = 0;
    let gestures = 0;
    const engine: number[] = [];
    onWallGestures(d.socket, (list, via) => {
      if (via === 'frame') frames++;
      else batches++;
      gestures += list.length;
    });
    d.socket.on('frame', (f) => engine.push(f.crowd.active));
    const started = Date.now();
    for (let round = 0; round < 5; round++) for (const p of phones) p.socket.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5 });
    await new Promise((r) => setTimeout(r, 600));
    const elapsed = Date.now() - started;
    // Every gesture exactly once, whichever message carried it.
    expect(gestures).toBe(100);
    // Frames come at the tick rate (30 Hz) and batches at most one between two frames, not per gesture.
    expect(frames).toBeLessThan((elapsed / 1000) * 30 + 5);
    expect(batches).toBeLessThanOrEqual(frames + 1);
    // Gestures that went out in a batch still reach the show: all 20 phones count as active.
    expect(Math.max(...engine)).toBe(20);
  });

  it("keeps a phone's last gestures when it leaves right after sending them", async () => {
    const hub = await startHub({ stateFile: null, seed: 1 });
    const d = await connectDisplay(hub);
    const phones = await Promise.all(Array.from({ length: 5 }, () => connectPhone(hub)));
    const seen = new Map<number, number>();
    onWallGestures(d.socket, (list) => {
      for (const g of list) if (g.k === 'tap') seen.set(g.d, (seen.get(g.d) ?? 0) + 1);
    });
    // Each phone sends three taps and closes its page at once: the taps and the goodbye reach the
    // hub together, in one read.
    for (const { socket } of phones) {
      for (let i = 0; i < 3; i++) socket.emit('gesture', { kind: 'tap', x: 0.3, y: 0.6 });
      socket.disconnect();
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const { welcome } of phones) expect(seen.get(welcome.handle)).toBe(3);
  });

  it('gives a returning phone the same dreamer, and balances roles for new ones', async () => {
    const hub = await startHub({ stateFile: null });
    const first = await connectPhone(hub, { dreamer: 'phone-aaaaaaaa' });
    first.socket.disconnect();
    const again = await connectPhone(hub, { dreamer: 'phone-aaaaaaaa' });
    expect(again.welcome.handle).toBe(first.welcome.handle);
    expect(again.welcome.role).toBe(first.welcome.role);
    expect(again.welcome.colour).toBe(first.welcome.colour);
    const others = await Promise.all([1, 2, 3].map(() => connectPhone(hub)));
    const roles = new Set([again.welcome.role, ...others.map((o) => o.welcome.role)]);
    expect(roles.size).toBe(4);
  });
});

describe('hub: refusals', () => {
  it('refuses a page speaking another protocol version, with a typed reason', async () => {
    const hub = await startHub({ stateFile: null });
    const err = await connected(phone(hub, { v: PROTOCOL_VERSION + 1 })).catch((e: { refusal?: { code: string; serverVersion?: number } }) => e);
    expect((err as { refusal?: { code: string } }).refusal?.code).toBe(REFUSALS.versionMismatch);
    expect((err as { refusal?: { serverVersion?: number } }).refusal?.serverVersion).toBe(PROTOCOL_VERSION);
  });

  it('refuses the console without the right token, and locks out repeated guesses', async () => {
    const hub = await startHub({ stateFile: null, token: 'right-token' });
    for (let i = 0; i < 5; i++) {
      const err = await loggedIn(console_(hub, 'wrong')).catch((e: { refusal?: { code: string } }) => e);
      expect((err as { refusal?: { code: string } }).refusal?.code).toBe(REFUSALS.badToken);
    }
    const locked = await loggedIn(console_(hub, 'right-token')).catch((e: { refusal?: { code: string } }) => e);
    expect((locked as { refusal?: { code: string } }).refusal?.code).toBe(REFUSALS.tooManyAttempts);
  });

  it('lets the right token in and shows phones and displays', async () => {
    const hub = await startHub({ stateFile: null });
    await connectDisplay(hub);
    await connectPhone(hub);
    const op = await connectOperator(hub);
    const status = await nextEvent<{ phones: number; displays: unknown[] }>(op, 'status', (s) => s.phones === 1);
    expect(status.displays).toHaveLength(1);
  });

  it('drops a flooding phone\'s excess after telling it once', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    const { socket: p, welcome } = await connectPhone(hub);
    const notices: { code: string }[] = [];
    p.on('notice', (n) => notices.push(n));
    let delivered = 0;
    onWallGestures(d.socket, (list) => (delivered += list.filter((g) => g.d === welcome.handle).length));
    for (let i = 0; i < 300; i++) p.emit('gesture', { kind: 'tap', x: 0.1, y: 0.1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(delivered).toBeGreaterThan(30);
    expect(delivered).toBeLessThan(150);
    expect(notices.filter((n) => n.code === REFUSALS.rateLimited)).toHaveLength(1);
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { dropped: { rateLimited: number } };
    expect(health.dropped.rateLimited).toBe(300 - delivered);
  });

  it("answers phones' and walls' clock samples with its own time, and refuses a sample with no callback", async () => {
    const hub = await startHub({ stateFile: null });
    const { socket: p } = await connectPhone(hub);
    const { socket: w } = await connectDisplay(hub);
    for (const socket of [p, w]) {
      const before = Date.now();
      const hubTime: unknown = await socket.timeout(2000).emitWithAck('clock', 12.5);
      expect(typeof hubTime).toBe('number');
      expect(hubTime as number).toBeGreaterThanOrEqual(before);
      expect(hubTime as number).toBeLessThanOrEqual(Date.now());
    }
    const notice = nextEvent<{ code: string; message: string }>(w, 'notice');
    (w as unknown as { emit(event: string, arg: unknown): void }).emit('clock', 3);
    expect(await notice).toMatchObject({ code: REFUSALS.malformed, message: expect.stringMatching(/clock needs an acknowledgement/) });
  });

  it('refuses sockets from a foreign origin', async () => {
    const hub = await startHub({ stateFile: null });
    const s = connect(`${hub.url}/audience`, { auth: { v: PROTOCOL_VERSION }, transports: ['polling'], extraHeaders: { origin: 'http://evil.example' }, reconnection: false, forceNew: true });
    const err = await connected(s).catch((e: Error) => e);
    s.close();
    expect(String(err)).toMatch(/origin|xhr poll error|403/i);
  });
});

describe('hub: operator commands', () => {
  it('moves the show with goto and panic, and the audience namespace cannot', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    const { socket: p } = await connectPhone(hub);
    const op = await connectOperator(hub);
    (p as unknown as { emit(e: string, v: unknown): void }).emit('command', { type: 'goto', phase: 'nightmare' });
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.context.runtime.phase).toBe('serene');
    const phaseNote = nextEvent<{ phase: string; control: string }>(p, 'phase', (i) => i.phase === 'nightmare');
    expect(await command(op, { type: 'goto', phase: 'nightmare' })).toEqual({ ok: true });
    expect((await phaseNote).control).toBe('shine');
    await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'nightmare');
    expect(await command(op, { type: 'panic' })).toEqual({ ok: true });
    const calm = await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'dawn');
    expect(calm.flags.hold).toBe(false);
    const bad = await command(op, { type: 'goto', phase: 'nowhere' } as never);
    expect(bad.ok).toBe(false);
  });
});

describe('hub: presets on disk', () => {
  it('crossfades to the playing preset when its file is saved, and tells consoles about a broken save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-presets-'));
    cpSync('presets', dir, { recursive: true });
    const hub = await startHub({ stateFile: null, presetDir: dir, preset: 'festival' });
    const d = await connectDisplay(hub);
    const op = await connectOperator(hub);
    const file = join(dir, 'festival.json');
    const preset = JSON.parse(readFileSync(file, 'utf8')) as { phases?: Record<string, { prompt?: string }> };
    preset.phases = { ...preset.phases, serene: { ...preset.phases?.serene, prompt: 'Dream louder' } };
    const snapshot = nextEvent<{ preset: { phases: { serene: { prompt: string } } } }>(d.socket, 'snapshot', (s) => s.preset.phases.serene.prompt === 'Dream louder', 5000);
    writeFileSync(file, JSON.stringify(preset));
    await snapshot;
    const notice = nextEvent<{ code: string; message: string }>(op, 'notice', (n) => n.code === 'preset-error', 5000);
    writeFileSync(file, '{"version": 2, "name": "festival", "phases": {"serene": {"duration": -1}}}');
    expect((await notice).message).toMatch(/festival\.json: phases\.serene\.duration/);
    // The show keeps the last good version.
    expect(hub.context.runtime.preset.phases.serene.prompt).toBe('Dream louder');
  });
});

describe('hub: http', () => {
  it('answers /healthz with the show state and serves the QR code', async () => {
    const hub = await startHub({ stateFile: null });
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, phones: 0, displays: 0, phase: 'serene', protocol: PROTOCOL_VERSION });
    const qr = await fetch(`${hub.url}/qr.svg`);
    expect(qr.headers.get('content-type')).toMatch(/svg/);
    expect(await qr.text()).toContain('<svg');
    expect(hub.joinUrl).toBe(`${hub.url}/c`);
  });

  it('closes promptly even with a browser connection stuck halfway through a request', async () => {
    const hub = await startHub({ stateFile: null });
    const { socket: p } = await connectPhone(hub);
    const goodbye = nextEvent<string>(p, 'disconnect', () => true, 5000);
    // Headers begun and never finished: the HTTP server would wait for it for a minute or more.
    const stuck = createConnection({ host: '127.0.0.1', port: hub.port });
    await new Promise<void>((done) => stuck.once('connect', () => done()));
    stuck.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    stuck.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await hub.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // The phone saw the hub go (and, with reconnection on, would knock again).
    expect(await goodbye).toBe('transport close');
    stuck.destroy();
  }, 15_000);
});

void wall;

describe('hub: echoes', () => {
  it('sends every dreamer\'s echo to the walls, a bounded number per frame', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    const phones = await Promise.all(Array.from({ length: 30 }, () => connectPhone(hub)));
    const echoed = new Set<number>();
    let most = 0;
    d.socket.on('frame', (f) => {
      most = Math.max(most, f.echoes.length);
      f.echoes.forEach((e) => echoed.add(e.d));
    });
    for (const p of phones) p.socket.emit('gesture', { kind: 'tap', x: 0.4, y: 0.4 });
    await new Promise((r) => setTimeout(r, 500));
    expect(echoed.size).toBe(30);
    expect(most).toBeLessThanOrEqual(200);
    const late = await connectDisplay(hub);
    expect(late.snapshot.echoes).toHaveLength(30);
  });
});
