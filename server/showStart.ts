/**
 * Where the show starts: a replayed night from its recorded first state, a new night, or the saved
 * show resumed (from the state file, or from the supervisor's memory when the disk failed). The
 * operator's word wins: `--fresh`, and `--preset` / `--seed` given on the command line, beat the
 * saved show on the supervisor's first start; a restart after a crash resumes whatever was playing.
 */
import { BLANK_PRESET, type Preset } from '../core/preset.ts';
import { fromSnapshot } from '../core/arc/snapshot.ts';
import { DreamerRegistry, RETENTION_MS } from './DreamerRegistry.ts';
import { ShowRuntime } from './ShowRuntime.ts';
import { parseStateDocument, readStateFile, removeOrphanTemps, setAsideCorrupt, type HubStateFile } from './stateFile.ts';
import type { NightPlayer } from './nightRecording.ts';
import type { PresetStore } from './PresetStore.ts';
import type { Logger } from './log.ts';
import type { SavedPlaylist } from './PlaylistPlayer.ts';

/** What {@link startShow} needs to know. */
export interface ShowStartOptions {
  presets: PresetStore;
  log: Logger;
  /** State file path, or null without persistence. */
  stateFile: string | null;
  /** A recording being replayed: its first state wins over everything. */
  player?: NightPlayer;
  /** Preset named on the command line (undefined: not given). */
  preset?: string;
  /** Seed given on the command line (undefined: not given). */
  seed?: number;
  /** `--fresh`: a new night. */
  fresh?: boolean;
  /**
   * This hub replaces one that crashed (the supervisor says so): resume what was playing, whatever
   * the command line said for the first start.
   */
  restart?: boolean;
  /** The supervisor's copy of the last state (kept while the disk failed); checked here. */
  remembered?: unknown;
  /** Most dreamers the registry remembers (connected ones are never forgotten). */
  maxRemembered: number;
}

/** The show to run, and tonight's dreamers. */
export interface ShowStart {
  runtime: ShowRuntime;
  registry: DreamerRegistry;
  /** The playlist and cue of the resumed show, when it had them. */
  playlist?: SavedPlaylist;
}

/** Decides where the show starts, logging every choice that sets a flag or a file aside. */
export async function startShow(options: ShowStartOptions): Promise<ShowStart> {
  const { presets, log, stateFile, player } = options;
  const freshRegistry = (): DreamerRegistry => new DreamerRegistry(RETENTION_MS, options.maxRemembered);
  const wanted = player?.header?.preset ?? options.preset ?? 'default';
  const pick = (name: string): Preset => {
    const preset = presets.get(name);
    if (preset) return preset;
    log.warn({ preset: name }, 'preset not found or broken: playing the built-in default');
    return presets.get('default') ?? BLANK_PRESET;
  };

  if (player) {
    const preset = pick(wanted);
    const start = player.header?.start;
    if (stateFile) log.info({ file: stateFile }, 'replaying: the live show in the state file is left as it is');
    if (start) {
      const show = fromSnapshot(start, preset);
      if (show.ok) return { runtime: new ShowRuntime(preset, show.state.seed, show.state, player.header?.flags), registry: freshRegistry() };
      log.warn({ error: show.error }, 'the recording\'s first state is unusable: replaying from the start of its seed');
    }
    return { runtime: new ShowRuntime(preset, player.header?.seed ?? options.seed ?? randomSeed()), registry: freshRegistry() };
  }

  let saved: HubStateFile | undefined;
  if (stateFile) {
    const removed = await removeOrphanTemps(stateFile);
    if (removed.length > 0) log.info({ removed }, 'removed temporary state files a killed hub left behind');
    const read = await readStateFile(stateFile);
    if (read.ok) saved = read.state;
    else if (read.reason === 'corrupt') await keepAside(stateFile, read.error, log);
    else if (read.reason === 'unreadable') log.warn({ file: stateFile, error: read.error }, 'state file cannot be read: starting a fresh show');
    const remembered = options.remembered === undefined ? undefined : parseStateDocument(options.remembered);
    if (remembered && (!saved || remembered.savedAt > saved.savedAt)) {
      log.warn({ file: stateFile, savedAt: remembered.savedAt, fileSavedAt: saved?.savedAt ?? null }, 'resuming from the state the supervisor kept (the state file is older or missing)');
      saved = remembered;
    }
  }

  const firstStart = !options.restart;
  if (saved && firstStart && options.fresh) {
    log.info({ file: stateFile, phase: saved.show.phaseIndex, loop: saved.show.loop }, '--fresh: starting a new night instead of resuming the saved show');
    saved = undefined;
  }
  if (saved && firstStart && options.seed !== undefined && options.seed !== saved.show.seed) {
    log.info({ file: stateFile, seed: options.seed, savedSeed: saved.show.seed }, '--seed overrides the saved show: starting a new night with this seed');
    saved = undefined;
  }

  if (saved) {
    const savedPreset = presets.get(saved.preset) ?? pick(wanted);
    const show = fromSnapshot(saved.show, savedPreset);
    if (show.ok) {
      const runtime = new ShowRuntime(savedPreset, show.state.seed, show.state, saved.flags);
      const dreamers = DreamerRegistry.restore(saved.dreamers, Date.now(), RETENTION_MS, options.maxRemembered);
      if (!dreamers.ok) log.warn({ file: stateFile }, 'saved dreamers unusable: tonight\'s dreamers start again');
      log.info({ file: stateFile, phase: runtime.phase, phaseTime: Math.round(show.state.phaseTime * 10) / 10, preset: savedPreset.name }, 'resumed the show');
      if (firstStart && options.preset !== undefined && options.preset !== savedPreset.name) {
        const asked = presets.get(options.preset);
        if (asked) {
          runtime.usePreset(asked, 0);
          log.info({ preset: asked.name, savedPreset: savedPreset.name }, '--preset overrides the saved show\'s preset (the show keeps its place)');
        } else {
          log.warn({ preset: options.preset, savedPreset: savedPreset.name }, '--preset not found or broken: the resumed show keeps its saved preset');
        }
      }
      return { runtime, registry: dreamers.ok ? dreamers.registry : new DreamerRegistry(), ...(saved.playlist ? { playlist: saved.playlist } : {}) };
    }
    if (stateFile) await keepAside(stateFile, show.error, log);
  }
  return { runtime: new ShowRuntime(pick(wanted), options.seed ?? randomSeed()), registry: freshRegistry() };
}

async function keepAside(stateFile: string, error: string, log: Logger): Promise<void> {
  const aside = await setAsideCorrupt(stateFile);
  if (aside) log.warn({ file: stateFile, keptAs: aside, error }, 'state file corrupt: kept aside, starting a fresh show');
  else log.warn({ file: stateFile, error }, 'state file corrupt and could not be kept aside: starting a fresh show');
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
