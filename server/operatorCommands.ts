/**
 * Applies an operator command — from the console, MIDI through the console, or OSC — to the show.
 * One path for every source, so they all behave alike: the command table (core/arc/commands.ts)
 * checks it and says what it does; the commands that need the hub's files have their effect here.
 */
import { operatorCommandSchema, type CommandResult } from '../core/protocol.ts';
import { isHubCommand, type HubCommand } from '../core/arc/commands.ts';
import { describeProblems, readPreset } from '../core/preset.ts';
import type { HubContext } from './HubContext.ts';
import { resnapshotDisplays } from './displays.ts';
import { PresetSaveError } from './PresetStore.ts';

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

/** How the hub carries out a command whose effect needs its files. */
interface HubEffect<C> {
  run(ctx: HubContext, command: C): Promise<CommandResult>;
}

/** The hub's part of the command table (core/arc/commands.ts): one effect per `on: 'hub'` command. */
const HUB_EFFECTS: { [K in HubCommand['type']]: HubEffect<Extract<HubCommand, { type: K }>> } = {
  loadPreset: {
    async run(ctx, cmd) {
      const preset = ctx.presets.get(cmd.name);
      if (!preset) {
        const listing = ctx.presets.list().find((p) => p.name === cmd.name);
        return { ok: false, error: listing?.error ? `preset "${cmd.name}" is broken: ${describeProblems(listing.error)}` : `no preset named "${cmd.name}"` };
      }
      ctx.runtime.usePreset(preset, cmd.blend);
      resnapshotDisplays(ctx);
      ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
      return { ok: true };
    },
  },
  savePreset: {
    async run(ctx, cmd) {
      const preset = ctx.runtime.presetWithOverrides(cmd.name, cmd.title);
      // Check before writing: a preset the show could not read back is never saved.
      const check = readPreset(JSON.parse(JSON.stringify(preset)));
      if (!check.ok) return { ok: false, error: describeProblems(check.problems) };
      try {
        await ctx.presets.save(cmd.name, { ...preset, $schema: './schema.json' }, { overwrite: cmd.overwrite === true });
        return { ok: true };
      } catch (err) {
        const code = err instanceof PresetSaveError && (err.code === 'exists' || err.code === 'shipped') ? err.code : undefined;
        return code ? { ok: false, error: err instanceof Error ? err.message : String(err), code } : { ok: false, error: (err as Error).message };
      }
    },
  },
};

function hubEffect(cmd: HubCommand): HubEffect<HubCommand> {
  return HUB_EFFECTS[cmd.type];
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
  const result = isHubCommand(cmd) ? await hubEffect(cmd).run(ctx, cmd) : ctx.runtime.command(cmd);
  if (ctx.runtime.phase !== before) ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
  ctx.log.info({ who: source, command: cmd.type, ok: result.ok }, 'operator command');
  return result;
}
