/**
 * The `/operator` namespace: the VJ console. Only a correct token gets in (compared in constant
 * time; an address that keeps guessing is locked out for a minute). Commands come back answered.
 */
import type { Socket } from 'socket.io';
import { operatorAuthSchema, REFUSALS, type OperatorClientToServer, type OperatorServerToClient, type OperatorStatus, type CommandResult } from '../core/protocol.ts';
import type { HubContext } from './HubContext.ts';
import { checkVersion, guardSocket, refusal } from './refuse.ts';
import { FailedLoginTracker, tokenMatches } from './operatorAuth.ts';
import { runOperatorCommand } from './operatorCommands.ts';

type ConsoleSocket = Socket<OperatorClientToServer, OperatorServerToClient>;

/** Wires the operator namespace. @returns a function that builds the status the console shows. */
export function attachOperators(ctx: HubContext, health: () => OperatorStatus['health']): { status(): OperatorStatus } {
  const { operator, log } = ctx;
  const failures = new FailedLoginTracker();

  operator.use((socket, next) => {
    const versionProblem = checkVersion(socket.handshake.auth);
    if (versionProblem) return next(versionProblem);
    const address = socket.handshake.address;
    const now = Date.now();
    if (failures.isLocked(address, now)) {
      log.warn({ who: 'operator', address, code: REFUSALS.tooManyAttempts }, 'operator refused');
      return next(refusal(REFUSALS.tooManyAttempts, 'too many wrong tokens: wait a minute and try again'));
    }
    const auth = operatorAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success || !tokenMatches(auth.data.token, ctx.token)) {
      failures.fail(address, now);
      log.warn({ who: 'operator', address, code: REFUSALS.badToken }, 'operator refused');
      return next(refusal(REFUSALS.badToken, 'wrong operator token (it is printed where the hub was started)'));
    }
    failures.succeed(address);
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
      health: health(),
    };
  };

  operator.on('connection', (socket: ConsoleSocket) => {
    const command = async (raw: unknown, reply: unknown): Promise<void> => {
      const result: CommandResult = await runOperatorCommand(ctx, raw, 'operator');
      if (typeof reply === 'function') (reply as (r: CommandResult) => void)(result);
      else if (!result.ok) socket.emit('notice', { code: REFUSALS.malformed, message: result.error });
      operator.emit('status', status());
    };
    guardSocket(socket, { handlers: { command: (raw, reply) => void command(raw, reply) }, rate: 60, burst: 120, log, who: 'operator', dropped: ctx.dropped });
    log.info({ who: 'operator', socket: socket.id }, 'operator connected');
    socket.emit('presets', ctx.presets.list());
    socket.emit('status', status());
    socket.on('disconnect', (reason) => log.info({ who: 'operator', socket: socket.id, reason }, 'operator disconnected'));
  });

  return { status };
}
