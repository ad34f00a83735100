/**
 * Applies an operator command — from the console, MIDI through the console, or OSC — to the show.
 * One path for every source, so they all behave alike: the command table (core/arc/commands.ts)
 * checks it and says what it does; the commands that need the hub's files have their effect here.
 */
import { operatorCommandSchema, type CommandResult, type OperatorCommand } from '../core/protocol.ts';
import { isHubCommand, type HubCommand } from '../core/arc/commands.ts';
import { describeProblems, readPreset } from '../core/preset.ts';
import type { ShowService } from './ShowService.ts';
import { PresetSaveError } from './PresetStore.ts';
import { BEAT_RATE, BeatGate, beatAtTick } from './beatGate.ts';

/** One beat gate per show. */
const beatGates = new WeakMap<ShowService, BeatGate>();

/**
 * Validates and applies a command. Never throws: a command that fails inside the hub is logged
 * and answered with a refusal, and the show plays on.
 * @param raw the command as received (validated here: never trusted).
 * @param source who sent it, for the log.
 */
export async function runOperatorCommand(show: ShowService, raw: unknown, source: string): Promise<CommandResult> {
  try {
    return await applyCommand(show, raw, source);
  } catch (err) {
    show.log.error({ who: source, err }, 'operator command failed');
    return { ok: false, error: 'the hub could not carry out that command (see the hub log); the show goes on' };
  }
}

/** Why a preset cannot be loaded now (missing or broken), or undefined when it can. */
function presetProblem(show: ShowService, name: string): string | undefined {
  if (show.presets.get(name)) return undefined;
  const listing = show.presets.list().find((p) => p.name === name);
  return listing?.error ? `preset "${name}" is broken: ${describeProblems(listing.error)}` : `no preset named "${name}"`;
}

/**
 * Crossfades the show to a preset over `blend` seconds: every wall gets a snapshot and the phones
 * the phase's words. The console's "load", playlists and cues all come through here.
 */
export function loadPresetNow(show: ShowService, name: string, blend: number): CommandResult {
  const preset = show.presets.get(name);
  if (!preset) return { ok: false, error: presetProblem(show, name) ?? `no preset named "${name}"` };
  show.playPreset(preset, blend);
  return { ok: true };
}

/** How the hub carries out a command whose effect needs its files. */
interface HubEffect<C> {
  run(show: ShowService, command: C): Promise<CommandResult>;
}

/** The hub's part of the command table (core/arc/commands.ts): one effect per `on: 'hub'` command. */
const HUB_EFFECTS: { [K in HubCommand['type']]: HubEffect<Extract<HubCommand, { type: K }>> } = {
  loadPreset: {
    async run(show, cmd) {
      return loadPresetNow(show, cmd.name, cmd.blend);
    },
  },
  playlist: {
    async run(show, cmd) {
      return show.playlists.play(cmd.name);
    },
  },
  playlistSkip: {
    async run(show) {
      return show.playlists.skip();
    },
  },
  playlistLock: {
    async run(show, cmd) {
      return show.playlists.lock(cmd.on);
    },
  },
  playlistShuffle: {
    async run(show, cmd) {
      return show.playlists.shuffle(cmd.on);
    },
  },
  cueArm: {
    async run(show, cmd) {
      // A cue that could not go is refused when armed, not at the moment the VJ presses go.
      const problem = cmd.name === null ? undefined : presetProblem(show, cmd.name);
      return problem ? { ok: false, error: problem } : show.playlists.arm(cmd.name, cmd.blend);
    },
  },
  cueGo: {
    async run(show) {
      return show.playlists.go();
    },
  },
  oscTarget: {
    async run(show, cmd) {
      if (!show.oscOut) return { ok: false, error: 'this hub sends no OSC' };
      if (cmd.action === 'add') {
        const added = await show.oscOut.add(cmd.target);
        return added.ok ? { ok: true } : { ok: false, error: added.error };
      }
      return show.oscOut.remove(cmd.target) ? { ok: true } : { ok: false, error: `${cmd.target.slice(0, 80)} is not an OSC target` };
    },
  },
  oscSync: {
    run(show) {
      if (!show.oscOut) return Promise.resolve({ ok: false, error: 'this hub sends no OSC' });
      show.oscOut.resync();
      return Promise.resolve({ ok: true });
    },
  },
  savePreset: {
    async run(show, cmd) {
      const preset = show.runtime.presetWithOverrides(cmd.name, cmd.title);
      // Check before writing: a preset the show could not read back is never saved.
      const check = readPreset(JSON.parse(JSON.stringify(preset)));
      if (!check.ok) return { ok: false, error: describeProblems(check.problems) };
      try {
        await show.presets.save(cmd.name, { ...preset, $schema: './schema.json' }, { overwrite: cmd.overwrite === true });
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

async function applyCommand(show: ShowService, raw: unknown, source: string): Promise<CommandResult> {
  const parsed = operatorCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const error = `${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`;
    show.log.info({ who: source, error }, 'command refused');
    return { ok: false, error };
  }
  if (parsed.data.type === 'beat') return takeBeat(show, parsed.data, source);
  const cmd = parsed.data;
  // Where the show's state goes is the console's to say: OSC gear adding a target would turn the
  // hub into a sender at anyone's port.
  if (cmd.type === 'oscTarget' && source === 'osc') return { ok: false, error: 'OSC targets are added in the console or with --osc-send, not over OSC' };
  const before = show.runtime.phase;
  const result = isHubCommand(cmd) ? await hubEffect(cmd).run(show, cmd) : show.runtime.command(cmd);
  if (show.runtime.phase !== before) show.phaseChanged();
  show.log.info({ who: source, command: cmd.type, ok: result.ok }, 'operator command');
  return result;
}

/**
 * A beat a console heard: only from a logged-in console, at most {@link BEAT_RATE} a second, and
 * moved from its arrival back to the last tick. Not logged one by one (a console sends a few a second).
 */
function takeBeat(show: ShowService, cmd: Extract<OperatorCommand, { type: 'beat' }>, source: string): CommandResult {
  if (source !== 'operator') return { ok: false, error: 'beat: only a logged-in console sends the beat' };
  let gate = beatGates.get(show);
  if (!gate) beatGates.set(show, (gate = new BeatGate()));
  const now = Date.now();
  if (!gate.allow(now)) {
    show.dropped.rateLimited++;
    return { ok: false, error: `beat: messages come too fast (at most ${BEAT_RATE} a second)` };
  }
  const since = Number.isFinite(show.runtime.lastTickAt) ? now - show.runtime.lastTickAt : 0;
  return show.runtime.command(beatAtTick(cmd, since));
}
