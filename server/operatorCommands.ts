/**
 * Applies an operator command — from the console, MIDI through the console, or OSC — to the show.
 * One path for every source, so they all behave alike.
 */
import { operatorCommandSchema, type CommandResult } from '../core/protocol.ts';
import { describeProblems, readPreset } from '../core/preset.ts';
import { assertNever } from '../core/assertNever.ts';
import type { HubContext } from './HubContext.ts';
import { resnapshotDisplays } from './displays.ts';
import { PresetSaveError } from './PresetStore.ts';
import { BeatGate, beatAtTick } from './beatGate.ts';

/** One beat gate per hub. */
const beatGates = new WeakMap<HubContext, BeatGate>();

/**
 * Validates and applies a command. Never throws: a command that fails inside the hub is logged
 * and answered with a refusal, and the show plays on.
 * @param raw the command as received (validated here: never trusted).
 * @param source who sent it, for the log.
 */
export async function runOperatorCommand(ctx: HubContext, raw: unknown, source: string): Promise<CommandResult> {
  try {
    return await applyCommand(ctx, raw, source);
  } catch (err) {
    ctx.log.error({ who: source, err }, 'operator command failed');
    return { ok: false, error: 'the hub could not carry out that command (see the hub log); the show goes on' };
  }
}

async function applyCommand(ctx: HubContext, raw: unknown, source: string): Promise<CommandResult> {
  const parsed = operatorCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const error = `${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`;
    ctx.log.info({ who: source, error }, 'command refused');
    return { ok: false, error };
  }
  const cmd = parsed.data;
  const before = ctx.runtime.phase;
  let result: CommandResult;
  switch (cmd.type) {
    case 'loadPreset': {
      const preset = ctx.presets.get(cmd.name);
      if (!preset) {
        const listing = ctx.presets.list().find((p) => p.name === cmd.name);
        result = { ok: false, error: listing?.error ? `preset "${cmd.name}" is broken: ${describeProblems(listing.error)}` : `no preset named "${cmd.name}"` };
        break;
      }
      ctx.runtime.usePreset(preset, cmd.blend);
      resnapshotDisplays(ctx);
      ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
      result = { ok: true };
      break;
    }
    case 'savePreset': {
      const preset = ctx.runtime.presetWithOverrides(cmd.name, cmd.title);
      // Check before writing: a preset the show could not read back is never saved.
      const check = readPreset(JSON.parse(JSON.stringify(preset)));
      if (!check.ok) {
        result = { ok: false, error: describeProblems(check.problems) };
        break;
      }
      try {
        await ctx.presets.save(cmd.name, { ...preset, $schema: './schema.json' }, { overwrite: cmd.overwrite === true });
        result = { ok: true };
      } catch (err) {
        const code = err instanceof PresetSaveError && (err.code === 'exists' || err.code === 'shipped') ? err.code : undefined;
        result = code ? { ok: false, error: err instanceof Error ? err.message : String(err), code } : { ok: false, error: (err as Error).message };
      }
      break;
    }
    case 'beat': {
      // The beat is heard by a console; OSC and anything else may not send it.
      if (source !== 'operator') {
        result = { ok: false, error: 'beat: only a logged-in console sends the beat' };
        break;
      }
      let gate = beatGates.get(ctx);
      if (!gate) beatGates.set(ctx, (gate = new BeatGate()));
      const now = Date.now();
      if (!gate.allow(now)) {
        ctx.dropped.rateLimited++;
        return { ok: false, error: 'beat: messages come too fast (at most 20 a second)' };
      }
      const since = Number.isFinite(ctx.runtime.lastTickAt) ? now - ctx.runtime.lastTickAt : 0;
      return ctx.runtime.command(beatAtTick(cmd, since));
    }
    case 'goto':
    case 'hold':
    case 'skip':
    case 'speed':
    case 'intensity':
    case 'volume':
    case 'mute':
    case 'blackout':
    case 'panic':
    case 'tempo':
    case 'param':
    case 'follow':
    case 'caption':
    case 'qr':
      result = ctx.runtime.command(cmd);
      break;
    default:
      return assertNever(cmd, 'operator command');
  }
  if (ctx.runtime.phase !== before) ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
  ctx.log.info({ who: source, command: cmd.type, ok: result.ok }, 'operator command');
  return result;
}
