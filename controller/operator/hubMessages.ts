/**
 * Checks what the hub sends the console before the page uses it: types are not validation, and a
 * hub from another build must not break the page with a shape it does not expect.
 */
import { z } from 'zod';
import { PHASES } from '../../core/arc/phases.ts';
import { PARAMS, type ParamName } from '../../core/params.ts';
import { LOGIN_NONCE } from '../../core/operatorLogin.ts';
import { QR_MODES, type CommandResult, type Notice, type OperatorStatus, type PresetListing, type Refusal } from '../../core/protocol.ts';

const n = z.number();
const statusSchema = z.object({
  phones: n,
  displays: z.array(z.object({ id: z.string(), view: z.string(), fps: n, frameMs: n, quality: n, particles: n, trusted: z.boolean().default(false) })),
  crowd: z.object({ dreamers: n, active: n, participation: n, energy: n, light: n, unity: n, resolve: n, ghosts: n }),
  phase: z.enum(PHASES),
  phaseTime: n,
  phaseLength: n,
  loop: n,
  preset: z.string(),
  hold: z.boolean(),
  speed: n,
  flags: z.object({ blackout: z.boolean(), hold: z.boolean(), caption: z.boolean(), qr: z.enum(QR_MODES), mute: z.boolean(), safe: z.boolean() }),
  params: z.array(n),
  overrides: z.partialRecord(z.enum(PARAMS.map((p) => p.name) as [ParamName, ...ParamName[]]), n),
  music: z.object({ follow: z.boolean(), lock: z.object({ source: z.enum(['line', 'midi', 'tap']), bpm: n, energy: n }).nullable() }).optional().catch(undefined),
  // A hub from before persistence health says nothing about it: shown as unknown ("off").
  health: z.object({ uptime: n, rss: n, eventLoopP99: n, version: z.string(), phoneRate: n, persist: z.enum(['ok', 'failing', 'off']).catch('off') }),
});
const listingSchema = z.array(
  z.object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    error: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
);
const resultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  // A code this console does not know is dropped, not a reason to lose the error.
  z.object({ ok: z.literal(false), error: z.string(), code: z.enum(['exists', 'shipped']).optional().catch(undefined) }),
]);
const noticeSchema = z.object({ code: z.string(), message: z.string() });
const refusalSchema = z.object({ code: z.string(), message: z.string() });
const challengeSchema = z.object({ nonce: z.string().regex(LOGIN_NONCE) });
const loginResultSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), code: z.string(), message: z.string() })]);

/** @returns the status, or undefined when it is not one. */
export function readStatus(value: unknown): OperatorStatus | undefined {
  const r = statusSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the preset list, or undefined. */
export function readPresetList(value: unknown): PresetListing[] | undefined {
  const r = listingSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns a command's answer; anything else counts as a failure. */
export function readResult(value: unknown): CommandResult {
  const r = resultSchema.safeParse(value);
  return r.success ? r.data : { ok: false, error: 'the hub gave no answer' };
}

/** @returns the notice's text, or undefined. */
export function readNotice(value: unknown): Pick<Notice, 'message'> & { code: string } | undefined {
  const r = noticeSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the refusal attached to a `connect_error`, if the hub sent one. */
export function readRefusal(value: unknown): (Pick<Refusal, 'message'> & { code: string }) | undefined {
  const r = refusalSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the nonce of the hub's login challenge, or undefined when it is not one. */
export function readChallenge(value: unknown): string | undefined {
  const r = challengeSchema.safeParse(value);
  return r.success ? r.data.nonce : undefined;
}

/** @returns the hub's answer to a login; anything else counts as a refusal. */
export function readLoginResult(value: unknown): { ok: true } | { ok: false; code: string; message: string } {
  const r = loginResultSchema.safeParse(value);
  return r.success ? r.data : { ok: false, code: 'bad-handshake', message: 'the hub gave no answer to the login' };
}
