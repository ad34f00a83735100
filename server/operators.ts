/**
 * The `/operator` namespace: the VJ console. A new connection gets a random challenge and must
 * answer HMAC-SHA256(token, nonce) within {@link LOGIN_ANSWER_SECONDS} s; the token never crosses
 * the wire and a captured answer is worthless on any other connection. Until it has logged in a
 * socket hears nothing and may say nothing but its answer. Wrong answers are counted per address
 * and in total (`operatorAuth.ts`). Commands come back answered; one that fails inside the hub is
 * refused, never fatal.
 */
import { lockSteers } from '../core/arc/beatLock.ts';
import type { Socket } from 'socket.io';
import { operatorAuthSchema, operatorLoginSchema, REFUSALS, type OperatorClientToServer, type OperatorServerToClient, type OperatorStatus, type CommandResult, type LoginResult } from '../core/protocol.ts';
import { LOGIN_ANSWER_SECONDS } from '../core/operatorLogin.ts';
import { LOGGED_IN_ROOM, type HubContext } from './HubContext.ts';
import { guardSocket, readHandshake, refusal } from './refuse.ts';
import { LoginGuard, answerMatches, newNonce } from './operatorAuth.ts';

type ConsoleSocket = Socket<OperatorClientToServer, OperatorServerToClient>;

/** Options of {@link attachOperators}. */
export interface OperatorOptions {
  /** The lock-out; a test may pass its own to watch it. */
  guard?: LoginGuard;
  /** Ms a new connection has to answer its challenge (default {@link LOGIN_ANSWER_SECONDS} s). */
  answerMs?: number;
  /** The detailed health a logged-in console may ask for (the hub's `/healthz` as its own machine sees it). */
  details?: () => unknown;
}

/** Wires the operator namespace. @returns a function that builds the status the console shows, and the lock-out. */
export function attachOperators(ctx: HubContext, health: () => OperatorStatus['health'], options: OperatorOptions = {}): { status(): OperatorStatus; guard: LoginGuard } {
  const { log } = ctx;
  const namespace = ctx.operatorNamespace;
  const guard = options.guard ?? new LoginGuard();

  const lockedOut = (retryInMs: number, scope: 'address' | 'everyone') =>
    `too many wrong answers${scope === 'everyone' ? ' from the network' : ''}: try again in ${Math.max(1, Math.ceil(retryInMs / 1000))} s`;

  namespace.use((socket, next) => {
    const handshake = readHandshake(socket.handshake.auth, operatorAuthSchema, 'operator', log);
    if (!handshake.ok) return next(handshake.refusal);
    // An address that may not answer now is told at once, before it is given a challenge.
    const block = guard.check(socket.handshake.address, Date.now());
    if (block.blocked) {
      guard.refused();
      log.warn({ who: 'operator', address: socket.handshake.address, code: REFUSALS.tooManyAttempts, scope: block.scope }, 'operator refused');
      return next(refusal(REFUSALS.tooManyAttempts, lockedOut(block.retryInMs, block.scope)));
    }
    next();
  });

  const status = (): OperatorStatus => {
    const s = ctx.runtime.state;
    const frame = ctx.runtime.frame(Date.now());
    return {
      phones: ctx.registry.connected,
      displays: [...ctx.displays.values()].map((d) => ({
        id: d.id,
        view: d.view,
        fps: d.report?.fps ?? 0,
        frameMs: d.report?.frameMs ?? 0,
        quality: d.report?.quality ?? 0,
        particles: d.report?.particles ?? 0,
        trusted: d.trusted,
      })),
      crowd: s.crowd.signals,
      phase: frame.phase,
      phaseTime: frame.phaseTime,
      phaseLength: frame.phaseLength,
      loop: s.loop,
      preset: ctx.runtime.preset.name,
      hold: s.hold,
      speed: s.speed,
      flags: frame.flags,
      params: s.params.slice(),
      overrides: { ...s.overrides },
      music: { follow: s.follow, lock: lockSteers(s.lock, s.follow, s.clock) ? { source: s.lock.source, bpm: s.lock.bpm, energy: s.lock.energy } : null },
      health: health(),
      oscTargets: ctx.show.oscOut?.targets() ?? [],
    };
  };

  namespace.on('connection', (socket: ConsoleSocket) => {
    const address = socket.handshake.address;
    const nonce = newNonce();
    let loggedIn = false;
    let answered = false;
    const answerTimer = setTimeout(() => {
      if (loggedIn) return;
      log.info({ who: 'operator', address }, 'operator did not answer the challenge in time');
      socket.disconnect(true);
    }, options.answerMs ?? LOGIN_ANSWER_SECONDS * 1000);
    answerTimer.unref();

    const refuseLogin = (reply: unknown, result: Extract<LoginResult, { ok: false }>): void => {
      log.warn({ who: 'operator', address, code: result.code }, 'operator refused');
      if (typeof reply === 'function') (reply as (r: LoginResult) => void)(result);
      // Give the answer a moment to leave before the connection closes.
      setTimeout(() => socket.disconnect(true), 50).unref();
    };

    const login = (raw: unknown, reply: unknown): void => {
      // One answer per challenge: a second one (a guess on the same nonce) is never checked.
      if (answered) return;
      answered = true;
      clearTimeout(answerTimer);
      const now = Date.now();
      const block = guard.check(address, now);
      if (block.blocked) {
        guard.refused();
        return refuseLogin(reply, { ok: false, code: REFUSALS.tooManyAttempts, message: lockedOut(block.retryInMs, block.scope) });
      }
      const parsed = operatorLoginSchema.safeParse(raw);
      if (!parsed.success || !answerMatches(parsed.data.answer, ctx.token, nonce)) {
        guard.fail(address, now);
        return refuseLogin(reply, { ok: false, code: REFUSALS.badToken, message: 'wrong operator token (it is printed where the hub was started)' });
      }
      guard.succeed(address, now);
      loggedIn = true;
      void socket.join(LOGGED_IN_ROOM);
      log.info({ who: 'operator', socket: socket.id, address }, 'operator logged in');
      if (typeof reply === 'function') (reply as (r: LoginResult) => void)({ ok: true });
      socket.emit('presets', ctx.show.presets.list());
      socket.emit('playlist', ctx.show.playlists.view());
      socket.emit('status', status());
    };

    const command = async (raw: unknown, reply: unknown): Promise<void> => {
      if (!loggedIn) {
        // Nothing but the answer is heard before the login: a command here is an intruder's.
        if (typeof reply === 'function') (reply as (r: CommandResult) => void)({ ok: false, error: 'log in first' });
        socket.disconnect(true);
        return;
      }
      try {
        const result: CommandResult = await ctx.show.command(raw, 'operator');
        if (typeof reply === 'function') (reply as (r: CommandResult) => void)(result);
        else if (!result.ok) socket.emit('notice', { code: REFUSALS.malformed, message: result.error });
        ctx.operator.emit('status', status());
      } catch (err) {
        // runOperatorCommand never throws; this guards the status and the reply, so the hub stays up.
        log.error({ who: 'operator', err }, 'operator command failed');
      }
    };
    const details = (_raw: unknown, reply: unknown): void => {
      if (!loggedIn) {
        socket.disconnect(true);
        return;
      }
      if (typeof reply === 'function') (reply as (h: unknown) => void)(options.details?.() ?? { ok: true });
    };
    guardSocket(socket, { handlers: { login, command: (raw, reply) => void command(raw, reply), health: details }, rate: 60, burst: 120, log, who: 'operator', dropped: ctx.dropped });
    socket.emit('challenge', { nonce });
    socket.on('disconnect', (reason) => {
      clearTimeout(answerTimer);
      if (loggedIn) log.info({ who: 'operator', socket: socket.id, reason }, 'operator disconnected');
    });
  });

  return { status, guard };
}
