/**
 * Reading what the hub sends a phone. The hub is trusted but wire data is still data: each message
 * is checked field by field before the page acts on it (zod stays off the phone to keep it small).
 */
import { isPhaseName, PHASE_CONTROLS, type ControlMode } from '../../core/arc/phases.ts';
import { ROLES, type Role } from '../../core/dreamers.ts';
import { DREAMER_ID, LANGUAGE_CODE, MAX_PRESET_LANGUAGES, REFUSALS, type RefusalCode } from '../../core/protocolConstants.ts';
import type { Beat, PhaseInfo, Refusal, Welcome } from '../../core/protocol.ts';

const CONTROLS: readonly ControlMode[] = ['weave', 'flicker', 'shine', 'pulse', 'release'];
const REFUSAL_CODES: readonly string[] = Object.values(REFUSALS);

type Fields = Record<string, unknown>;

function isRecord(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function str(v: unknown, max = 200): v is string {
  return typeof v === 'string' && v.length <= max;
}
function isControl(v: unknown): v is ControlMode {
  return typeof v === 'string' && (CONTROLS as readonly string[]).includes(v);
}
function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
function isRefusalCode(v: unknown): v is RefusalCode {
  return typeof v === 'string' && REFUSAL_CODES.includes(v);
}

function readBeat(v: unknown): Beat | null {
  if (!isRecord(v) || !num(v.bpm) || !num(v.origin) || v.bpm <= 0) return null;
  return { bpm: v.bpm, origin: v.origin };
}

/**
 * The preset's words for this phase by language: codes that are not language codes, entries that are
 * not strings, and anything past the preset's limit are left out. Built on a null prototype, so no key
 * can reach `Object.prototype`.
 */
function readLines(v: unknown): PhaseInfo['lines'] {
  const out: PhaseInfo['lines'] = Object.create(null);
  if (!isRecord(v)) return out;
  let n = 0;
  for (const code of Object.keys(v)) {
    if (n >= MAX_PRESET_LANGUAGES) break;
    const words = v[code];
    if (!LANGUAGE_CODE.test(code) || !isRecord(words)) continue;
    const entry: { prompt?: string; story?: string } = {};
    if (str(words.prompt, 200)) entry.prompt = words.prompt;
    if (str(words.story, 400)) entry.story = words.story;
    out[code] = entry;
    n++;
  }
  return out;
}

/** @returns the phase info, or null when the message is not one. A missing control follows the phase. */
export function readPhaseInfo(v: unknown): PhaseInfo | null {
  if (!isRecord(v) || !isPhaseName(v.phase)) return null;
  const beat = readBeat(v.beat);
  if (!beat) return null;
  return {
    phase: v.phase,
    control: isControl(v.control) ? v.control : PHASE_CONTROLS[v.phase],
    prompt: str(v.prompt) ? v.prompt : '',
    story: str(v.story, 400) ? v.story : '',
    lines: readLines(v.lines),
    beat,
    hubTime: num(v.hubTime) ? v.hubTime : 0,
  };
}

/** @returns the welcome, or null when the message is not one. */
export function readWelcome(v: unknown): Welcome | null {
  const info = readPhaseInfo(v);
  if (!info || !isRecord(v)) return null;
  if (!str(v.dreamer, 64) || !DREAMER_ID.test(v.dreamer) || !num(v.handle) || !isRole(v.role)) return null;
  const colour = str(v.colour, 16) && /^#[0-9a-fA-F]{6}$/.test(v.colour) ? v.colour : '#f5e6ff';
  return {
    ...info,
    dreamer: v.dreamer,
    handle: v.handle,
    role: v.role,
    colour,
    name: str(v.name, 40) ? v.name : '',
    trait: str(v.trait, 120) ? v.trait : '',
    maxRate: num(v.maxRate) && v.maxRate > 0 ? Math.min(30, v.maxRate) : 30,
  };
}

/** @returns the rate the hub asks for now (messages/s, 1..30), or null. */
export function readPace(v: unknown): number | null {
  return isRecord(v) && num(v.maxRate) && v.maxRate > 0 ? Math.min(30, Math.max(1, v.maxRate)) : null;
}

/** @returns the place in the queue, or null. */
export function readWaiting(v: unknown): { position: number; capacity: number } | null {
  if (!isRecord(v) || !num(v.position) || !num(v.capacity)) return null;
  return { position: Math.max(1, Math.round(v.position)), capacity: Math.max(0, Math.round(v.capacity)) };
}

/** @returns the refusal attached to a `connect_error`, or null for a plain network failure. */
export function readRefusal(err: unknown): Refusal | null {
  if (!isRecord(err) && !(err instanceof Error)) return null;
  const data: unknown = Reflect.get(err, 'data');
  if (!isRecord(data) || !isRefusalCode(data.code)) return null;
  return { code: data.code, message: str(data.message, 500) ? data.message : 'The dream cannot take this phone right now.' };
}

/** @returns the notice's sentence, or null. */
export function readNoticeMessage(v: unknown): string | null {
  return isRecord(v) && str(v.message, 500) ? v.message : null;
}
