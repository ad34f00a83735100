/**
 * One way to run a real hub in tests: port 0 on 127.0.0.1, a temporary state file, a silent log,
 * and typed socket.io clients for the three namespaces. `teardown()` closes everything it opened.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createHub, type Hub, type HubOptions } from '../../server/hub.ts';
import { createLogger } from '../../server/log.ts';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type AudienceClientToServer,
  type AudienceServerToClient,
  type DisplayClientToServer,
  type DisplayServerToClient,
  type FrameGesture,
  type WireGestureBatch,
  type OperatorClientToServer,
  type OperatorServerToClient,
  type Refusal,
  type LoginResult,
  type WireFrame,
} from '../../core/protocol.ts';
import { unpackGestures } from '../../core/gesturePack.ts';
import { loginAnswer } from '../../core/operatorLogin.ts';

export type PhoneClient = Socket<AudienceServerToClient, AudienceClientToServer>;
export type DisplayClient = Socket<DisplayServerToClient, DisplayClientToServer>;
export type OperatorClient = Socket<OperatorServerToClient, OperatorClientToServer>;

const opened: { close(): unknown }[] = [];

/**
 * Starts a hub for a test: 127.0.0.1, port 0, state in a fresh temp folder, silent log.
 * `stateFile: null` turns persistence off.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub & { stateFile: string | null }> {
  const stateFile = options.stateFile === undefined ? join(mkdtempSync(join(tmpdir(), 'dreamscape-test-')), 'state.json') : options.stateFile;
  const hub = await createHub({
    host: '127.0.0.1',
    port: 0,
    log: createLogger((process.env.DREAMSCAPE_TEST_LOG as 'info' | undefined) ?? 'silent'),
    ...options,
    stateFile,
  });
  opened.push(hub);
  return Object.assign(hub, { stateFile });
}

/** Socket options shared by the clients: websocket only, no automatic reconnection unless asked. */
function socketOptions(auth: Record<string, unknown>, reconnection: boolean) {
  return { auth, transports: ['websocket'], reconnection, forceNew: true, timeout: 5000 };
}

/** Waits for a socket to connect, or rejects with the hub's refusal. */
export function connected<S extends Socket>(socket: S): Promise<S> {
  return new Promise((done, fail) => {
    if (socket.connected) return done(socket);
    socket.once('connect', () => done(socket));
    socket.once('connect_error', (err: Error & { data?: Refusal }) => fail(Object.assign(err, { refusal: err.data })));
  });
}

/** A phone socket on `/audience` (not yet connected: await {@link connected}). */
export function phone(hub: Pick<Hub, 'url'>, auth: Record<string, unknown> = {}, reconnection = false): PhoneClient {
  const s: PhoneClient = connect(hub.url + NAMESPACES.audience, socketOptions({ v: PROTOCOL_VERSION, ...auth }, reconnection));
  opened.push(s);
  return s;
}

/** A wall socket on `/display`. */
export function wall(hub: Pick<Hub, 'url'>, auth: Record<string, unknown> = {}, reconnection = false): DisplayClient {
  const s: DisplayClient = connect(hub.url + NAMESPACES.display, socketOptions({ v: PROTOCOL_VERSION, ...auth }, reconnection));
  opened.push(s);
  return s;
}

const loginListeners = new WeakMap<OperatorClient, Set<(result: LoginResult) => void>>();

/**
 * A console socket on `/operator` that answers every challenge (each connection's, reconnections
 * too) with the hub's token, or the one given, as the console page does. Await {@link loggedIn}.
 */
export function console_(hub: Pick<Hub, 'url' | 'token'>, token: string = hub.token, reconnection = false): OperatorClient {
  const s: OperatorClient = connect(hub.url + NAMESPACES.operator, socketOptions({ v: PROTOCOL_VERSION }, reconnection));
  answerChallenges(s, token, (result) => {
    for (const listener of loginListeners.get(s) ?? []) listener(result);
  });
  opened.push(s);
  return s;
}

/**
 * Makes any `/operator` socket answer each challenge it gets with `token`, as the console page
 * does (for tests that open their own sockets).
 */
export function answerChallenges(socket: Socket, token: string, onResult: (result: LoginResult) => void = () => {}): void {
  socket.on('challenge', ({ nonce }: { nonce: string }) => {
    socket.emit('login', { answer: loginAnswer(token, nonce) }, onResult);
  });
}

/**
 * Waits for a console to log in, or rejects with the hub's refusal (`err.refusal`), whether it
 * came at the handshake or as the answer to the login.
 */
export function loggedIn(socket: OperatorClient): Promise<OperatorClient> {
  return new Promise((done, fail) => {
    const listeners = loginListeners.get(socket) ?? new Set();
    loginListeners.set(socket, listeners);
    const onResult = (result: LoginResult) => {
      listeners.delete(onResult);
      if (result.ok) done(socket);
      else fail(Object.assign(new Error(result.message), { refusal: { code: result.code, message: result.message } }));
    };
    listeners.add(onResult);
    socket.once('connect_error', (err: Error & { data?: Refusal }) => {
      listeners.delete(onResult);
      fail(Object.assign(err, { refusal: err.data }));
    });
  });
}

/** Connects a phone and resolves with it and its welcome. */
export async function connectPhone(hub: Pick<Hub, 'url'>, auth: Record<string, unknown> = {}) {
  const s = phone(hub, auth);
  const welcome = new Promise<Parameters<AudienceServerToClient['welcome']>[0]>((done) => s.once('welcome', done));
  await connected(s);
  return { socket: s, welcome: await welcome };
}

/** Connects a wall and resolves with it and its first snapshot. */
export async function connectDisplay(hub: Pick<Hub, 'url'>, auth: Record<string, unknown> = {}) {
  const s = wall(hub, auth);
  const snapshot = new Promise<Parameters<DisplayServerToClient['snapshot']>[0]>((done) => s.once('snapshot', done));
  await connected(s);
  return { socket: s, snapshot: await snapshot };
}

/** Connects the console and logs in with the hub's token (or the one given). */
export async function connectOperator(hub: Pick<Hub, 'url' | 'token'>, token?: string): Promise<OperatorClient> {
  return loggedIn(console_(hub, token));
}

/** Sends an operator command and resolves with the hub's answer. */
export function command(op: OperatorClient, cmd: Parameters<OperatorClientToServer['command']>[0]) {
  return new Promise<Parameters<NonNullable<Parameters<OperatorClientToServer['command']>[1]>>[0]>((done) => op.emit('command', cmd, done));
}

/** Resolves with the next event of a kind that passes `test`, or rejects after `ms`. */
export function nextEvent<T>(socket: Socket, event: string, test: (value: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      fail(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    const listener = (value: T) => {
      if (!test(value)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      done(value);
    };
    socket.on(event, listener);
  });
}

/** How a gesture reached a wall: in a frame, or in a batch between frames. */
export type WallDelivery = 'frame' | 'batch';

/**
 * Calls `listener` with every gesture list a wall receives, in frames and in the batches the hub
 * sends between frames, in arrival order. @returns a function that stops listening.
 */
export function onWallGestures(socket: Socket, listener: (gestures: FrameGesture[], via: WallDelivery, seq: number) => void): () => void {
  // Read the way a wall reads them: unpacked and checked.
  const onFrame = (f: WireFrame) => listener(readPacked(f.gestures), 'frame', f.seq);
  const onBatch = (b: WireGestureBatch) => listener(readPacked(b.gestures), 'batch', b.seq);
  socket.on('frame', onFrame);
  socket.on('gestures', onBatch);
  return () => {
    socket.off('frame', onFrame);
    socket.off('gestures', onBatch);
  };
}

function readPacked(data: unknown): FrameGesture[] {
  const read = unpackGestures(data);
  if (!read.ok) throw new Error(`a wall got gestures it cannot read: ${read.error}`);
  return read.gestures;
}

/** Resolves with the first gesture a wall receives (frame or batch) that passes `test`. */
export function nextWallGesture(socket: Socket, test: (g: FrameGesture) => boolean, ms = 5000): Promise<{ gesture: FrameGesture; via: WallDelivery; seq: number }> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      stop();
      fail(new Error(`no matching gesture within ${ms} ms`));
    }, ms);
    const stop = onWallGestures(socket, (gestures, via, seq) => {
      const gesture = gestures.find(test);
      if (!gesture) return;
      clearTimeout(timer);
      stop();
      done({ gesture, via, seq });
    });
  });
}

/**
 * Holds the hub's timers back the way an overloaded hub does: a synchronous run of `ms` in which a
 * tap is taken in every `everyMs` (as from a long run of socket reads). No timer can fire meanwhile.
 * The run ends early once `until` says so (a test on a busy machine waits for a state, not a time).
 */
export function takeGesturesWithoutTimers(hub: Hub, ms: number, everyMs: number, until?: () => boolean): void {
  const ctx = hub.context;
  const from = performance.now();
  let handle = 0;
  while (performance.now() - from < ms && !until?.()) {
    ctx.runtime.addGesture({ kind: 'tap', x: 0.5, y: 0.5 }, handle++ % 50, 0);
    ctx.gestureTaken();
    const t = performance.now();
    while (performance.now() - t < everyMs);
  }
}

/** Closes every hub and socket the test opened (call in afterEach/afterAll). */
export async function teardown(): Promise<void> {
  const all = opened.splice(0).reverse();
  for (const item of all) await item.close();
}
