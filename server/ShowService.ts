/**
 * The show's service: everything that may change the show goes through it. It owns the VJ's
 * presets and playlists on disk (and what follows from them changing), takes phones' gestures
 * (checked here, queued for the show's next tick), and carries out operator commands from every
 * source by one path (`operatorCommands.ts` and the command table), and a replayed night's. On an edge of a cluster the
 * gestures and commands go to the leader instead (`routeTo`). `createHub` only creates and wires it.
 */
import { join } from 'node:path';
import { isAudienceGesture } from '../core/gestureCheck.ts';
import type { RoleIndex } from '../core/dreamers.ts';
import type { AudienceGesture, CommandResult, OperatorCommand } from '../core/protocol.ts';
import { isHubCommand } from '../core/arc/commands.ts';
import { fromSnapshot } from '../core/arc/snapshot.ts';
import type { ReplayHeader } from '../core/replayLog.ts';
import type { Preset } from '../core/preset.ts';
import type { AudienceNamespace, OperatorConsoles } from './HubContext.ts';
import type { Logger } from './log.ts';
import type { DroppedMessages } from './refuse.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { OscSender } from './OscSender.ts';
import { PresetStore, presetNamesIn, type PresetFileProblem } from './PresetStore.ts';
import { PlaylistStore } from './PlaylistStore.ts';
import { PlaylistPlayer, type SavedPlaylist } from './PlaylistPlayer.ts';
import { loadPresetNow, runOperatorCommand } from './operatorCommands.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';

/** Seconds a preset edited on disk while it plays takes to crossfade in. */
const EDITED_PRESET_BLEND_S = 2;

/** Who the show tells when it changes: the consoles, the phones, the walls. */
export interface ShowRoom {
  /** Logged-in consoles (never a socket still at its login challenge). */
  consoles: Pick<OperatorConsoles, 'emit'>;
  /** Every phone. */
  phones: Pick<AudienceNamespace, 'emit'>;
  /** Sends every wall a snapshot now (the show jumped: a preset was loaded). */
  resnapshotWalls(): void;
}

/** Where gestures and commands go instead of this hub's show (an edge of a cluster: its leader). */
export interface ShowRoute {
  takeGesture(g: AudienceGesture, handle: number, role: RoleIndex): void;
  command(raw: unknown, source: string): Promise<CommandResult>;
}

/** What becomes of a phone's gesture: taken into the show, watched only (a replay plays), or malformed. */
export type GestureVerdict = 'taken' | 'watching' | 'malformed';

/** Opens the presets folder: loaded and watched before the show starts (the show starts from one). */
export async function openPresets(dir: string, log: Logger): Promise<PresetStore> {
  // The presets that ship with Dreamscape are never overwritten by "save as" (whatever folder is in use).
  const presets = new PresetStore({ dir, log, shipped: presetNamesIn(join(PACKAGE_ROOT, 'presets')) });
  await presets.start();
  return presets;
}

/** Options of {@link ShowService}. */
export interface ShowServiceOptions {
  runtime: ShowRuntime;
  /** The presets folder, opened with {@link openPresets}; its `playlists/` holds the playlists. */
  presets: PresetStore;
  log: Logger;
  /** Replaying a recorded night: live phones are shown but do not steer. */
  replaying: boolean;
  /** The hub's dropped-message counts (a beat sent too fast is counted there). */
  dropped: DroppedMessages;
  room: ShowRoom;
}

/** The show's one door: gestures, commands, presets and playlists. */
export class ShowService {
  readonly runtime: ShowRuntime;
  readonly presets: PresetStore;
  /** The VJ's playlist and armed cue. */
  readonly playlists: PlaylistPlayer;
  readonly log: Logger;
  readonly dropped: DroppedMessages;
  /** The OSC sender: targets the console adds and removes (absent while the hub sends no OSC). */
  oscOut?: Pick<OscSender, 'add' | 'remove' | 'targets' | 'resync'>;
  private readonly playlistFiles: PlaylistStore;
  private readonly replaying: boolean;
  private readonly room: ShowRoom;
  private route: ShowRoute | undefined;

  constructor(options: ShowServiceOptions) {
    this.runtime = options.runtime;
    this.presets = options.presets;
    this.log = options.log;
    this.dropped = options.dropped;
    this.replaying = options.replaying;
    this.room = options.room;
    this.playlistFiles = new PlaylistStore(this.presets.dir, this.log);
    this.playlists = new PlaylistPlayer(
      this.playlistFiles,
      {
        load: (name, blend) => loadPresetNow(this, name, blend),
        loop: () => this.runtime.state.loop,
        seed: () => this.runtime.state.seed,
        notice: (message) => this.room.consoles.emit('notice', { code: 'playlist-error', message: message.slice(0, 500) }),
        changed: (view) => this.room.consoles.emit('playlist', view),
      },
      this.log,
    );
    this.followPresets();
  }

  /** Loads the playlists and starts watching them. */
  start(): Promise<void> {
    return this.playlistFiles.start();
  }

  /** Stops watching presets and playlists. */
  close(): void {
    this.presets.close();
    this.playlistFiles.close();
  }

  /** Sends gestures and commands elsewhere from now on (an edge of a cluster: to its leader). */
  routeTo(route: ShowRoute): void {
    this.route = route;
  }

  /**
   * A phone's gesture, as received (checked here, never trusted). Allocates nothing.
   * @param handle the dreamer's handle; @param role their role index.
   */
  gesture(raw: unknown, handle: number, role: RoleIndex): GestureVerdict {
    if (!isAudienceGesture(raw)) return 'malformed';
    if (this.replaying) return 'watching';
    this.takeGesture(raw, handle, role);
    return 'taken';
  }

  /** A checked gesture, into the show's next tick (or the cluster leader's). */
  takeGesture(g: AudienceGesture, handle: number, role: RoleIndex): void {
    if (this.route) this.route.takeGesture(g, handle, role);
    else this.runtime.addGesture(g, handle, role);
  }

  /**
   * Carries out an operator command from a logged-in console or OSC (never throws): here, or on
   * the cluster's leader. @param source who sent it (`operator`, `osc`), for the log and the rules.
   */
  command(raw: unknown, source: string): Promise<CommandResult> {
    return this.route ? this.route.command(raw, source) : runOperatorCommand(this, raw, source);
  }

  /** Crossfades to a preset over `blend` seconds: every wall gets a snapshot, the phones the phase's words. */
  playPreset(preset: Preset, blend: number): void {
    this.runtime.usePreset(preset, blend);
    this.room.resnapshotWalls();
    this.phaseChanged();
  }

  /** Tells the phones the phase's words (the phase or the preset changed). */
  phaseChanged(): void {
    this.room.phones.emit('phase', this.runtime.phaseInfo(Date.now()));
  }

  /**
   * Starts the playlist a first start names, or plays on with the one the resumed show kept.
   * @returns why a named playlist cannot play (the start stops), or undefined.
   */
  startPlaylist(named: string | undefined, resumed: SavedPlaylist | undefined): string | undefined {
    if (named !== undefined) {
      const started = this.playlists.play(named);
      return started.ok ? undefined : started.error;
    }
    if (resumed) {
      const where = this.playlists.resume(resumed);
      if (where.playlist || where.cue) this.log.info(where, 'resumed the playlist and cue');
    }
    return undefined;
  }

  /**
   * A replay reaches a point where the recorded hub (re)started: the show jumps to the state it
   * started from, and the walls get a fresh snapshot (echoes and preset may differ).
   */
  restartReplay(header: ReplayHeader): void {
    if (!header.start) return;
    const preset = this.presets.get(header.preset) ?? this.runtime.preset;
    const show = fromSnapshot(header.start, preset);
    if (!show.ok) {
      this.log.warn({ error: show.error }, 'replay: a restart point in the recording is unusable; playing on');
      return;
    }
    this.runtime.restartFrom(preset, show.state, header.flags);
    this.room.resnapshotWalls();
  }

  /** Applies the operator's recorded commands before a replayed tick, as the night had them. */
  replayCommands(commands: readonly OperatorCommand[]): void {
    const before = this.runtime.phase;
    let presetChanged = false;
    for (const cmd of commands) {
      if (cmd.type === 'loadPreset') {
        const preset = this.presets.get(cmd.name);
        if (!preset) {
          this.log.warn({ preset: cmd.name }, 'replay: a recorded preset switch names a preset that is not here; playing on');
          continue;
        }
        this.runtime.usePreset(preset, cmd.blend);
        presetChanged = true;
      } else if (!isHubCommand(cmd)) {
        // The hub's other commands (saves, playlists, cues) reach a recording as the preset switches they made.
        this.runtime.command(cmd);
      }
    }
    if (presetChanged) this.room.resnapshotWalls();
    if (presetChanged || this.runtime.phase !== before) this.phaseChanged();
  }

  /**
   * Follows the preset folder: consoles get the new list and any broken file's problems; the
   * playing preset, saved anew on disk, takes effect crossfaded.
   */
  private followPresets(): void {
    const { presets, log, room } = this;
    presets.on('change', () => room.consoles.emit('presets', presets.list()));
    presets.on('updated', (name: string) => {
      const playing = presets.get(name);
      if (!playing || name !== this.runtime.preset.name) return;
      this.playPreset(playing, EDITED_PRESET_BLEND_S);
      log.info({ preset: name }, 'playing preset changed on disk: crossfading to it');
    });
    presets.on('problem', (problem: PresetFileProblem) => {
      const detail = problem.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
      room.consoles.emit('notice', { code: 'preset-error', message: `${problem.file}: ${detail}`.slice(0, 500) });
    });
  }
}
