/**
 * Checks what the hub sends the console before the page uses it, with the `/operator` contract's
 * own schemas (`core/wire/operator.ts`): types are not validation, and a hub from another build must
 * not break the page with a shape it does not expect.
 */
import {
  commandResultSchema,
  loginChallengeSchema,
  loginResultSchema,
  noticeSchema,
  operatorStatusSchema,
  playlistViewSchema,
  presetListSchema,
  REFUSALS,
  type CommandResult,
  type LoginResult,
  type Notice,
  type OperatorStatus,
  type PlaylistView,
  type PresetListing,
} from '../../core/protocol.ts';

/** @returns the status, or undefined when it is not one. */
export function readStatus(value: unknown): OperatorStatus | undefined {
  const r = operatorStatusSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the preset list, or undefined. */
export function readPresetList(value: unknown): PresetListing[] | undefined {
  const r = presetListSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the playlist view, or undefined when it is not one. */
export function readPlaylistView(value: unknown): PlaylistView | undefined {
  const r = playlistViewSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns a command's answer; anything else counts as a failure. */
export function readResult(value: unknown): CommandResult {
  const r = commandResultSchema.safeParse(value);
  return r.success ? r.data : { ok: false, error: 'the hub gave no answer' };
}

/** @returns the notice, or undefined. */
export function readNotice(value: unknown): Notice | undefined {
  const r = noticeSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** @returns the nonce of the hub's login challenge, or undefined when it is not one. */
export function readChallenge(value: unknown): string | undefined {
  const r = loginChallengeSchema.safeParse(value);
  return r.success ? r.data.nonce : undefined;
}

/** @returns the hub's answer to a login; anything else counts as a refusal. */
export function readLoginResult(value: unknown): LoginResult {
  const r = loginResultSchema.safeParse(value);
  return r.success ? r.data : { ok: false, code: REFUSALS.badHandshake, message: 'the hub gave no answer to the login' };
}
