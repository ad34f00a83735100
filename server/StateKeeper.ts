/**
 * Keeps the show on disk: the state file written twice a second (atomically, `stateFile.ts`), and
 * while the disk fails, retried with backoff and the show handed to the supervisor meanwhile, so a
 * crash during a disk outage loses nothing. `/healthz` and the consoles read its health.
 */
import { toSnapshot } from '../core/arc/snapshot.ts';
import type { Logger } from './log.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { DreamerRegistry } from './DreamerRegistry.ts';
import type { PlaylistPlayer } from './PlaylistPlayer.ts';
import { writeStateFile, STATE_FILE_VERSION, type HubStateFile } from './stateFile.ts';

/** Persistence health: `off` without a state file, `failing` while writes fail. */
export type PersistHealth = 'ok' | 'failing' | 'off';

/** Longest pause between attempts to write a failing state file, ms. */
export const MAX_PERSIST_BACKOFF_MS = 30_000;

/** What is kept: the show, tonight's dreamers and the playlist playing. */
export interface KeptShow {
  runtime: ShowRuntime;
  registry: Pick<DreamerRegistry, 'toJSON'>;
  show: { playlists: Pick<PlaylistPlayer, 'save'> };
  log: Logger;
}

/** Where and how often the show is kept. */
export interface StateKeeperOptions {
  /** State file path, or null for none. */
  stateFile: string | null;
  /** Cadence of writes, ms (the first backoff step). */
  persistEveryMs: number;
  /** Told the state at every persist while the file cannot be written, null once it can again. */
  keep?: (state: HubStateFile | null) => void;
}

/** Writes the hub's state file and says whether the show reaches the disk. */
export class StateKeeper {
  private writing: Promise<void> | null = null;
  /** Writes that failed in a row (0: the state file is healthy). */
  private persistFailures = 0;
  /** While failing: no write before this time (performance.now() ms). */
  private nextWriteAt = 0;

  constructor(
    private readonly ctx: KeptShow,
    private readonly options: StateKeeperOptions,
  ) {}

  /**
   * Writes the state file (skipped while the previous write is still running). While writes fail
   * they are retried with backoff (one period, doubling, at most {@link MAX_PERSIST_BACKOFF_MS}),
   * and every period the state goes to `keep` instead, so the supervisor holds the latest.
   * @param force write now even while backing off (the last write of a stopping hub).
   */
  persist(force = false): Promise<void> {
    const { ctx, options } = this;
    if (!options.stateFile || this.writing) return this.writing ?? Promise.resolve();
    const file = options.stateFile;
    const state: HubStateFile = {
      v: STATE_FILE_VERSION,
      savedAt: Date.now(),
      preset: ctx.runtime.preset.name,
      show: toSnapshot(ctx.runtime.state),
      dreamers: ctx.registry.toJSON(),
      flags: ctx.runtime.flags,
      playlist: ctx.show.playlists.save(),
    };
    if (this.persistFailures > 0 && !force && performance.now() < this.nextWriteAt) {
      options.keep?.(state);
      return Promise.resolve();
    }
    this.writing = writeStateFile(file, state)
      .then(() => {
        if (this.persistFailures === 0) return;
        ctx.log.warn({ file, failedWrites: this.persistFailures }, 'state file written again: persistence healthy');
        this.persistFailures = 0;
        options.keep?.(null);
      })
      .catch((err: Error) => {
        this.persistFailures++;
        const backoff = Math.min(MAX_PERSIST_BACKOFF_MS, options.persistEveryMs * 2 ** Math.min(16, this.persistFailures - 1));
        this.nextWriteAt = performance.now() + backoff;
        // The first failure, then one line per retry at most every ~30 s: the log must not fill the disk.
        if (this.persistFailures === 1 || backoff >= MAX_PERSIST_BACKOFF_MS) {
          ctx.log.error({ file, err: err.message, failedWrites: this.persistFailures, retryInMs: backoff }, 'could not write the state file: keeping the show in memory, retrying');
        }
        options.keep?.(state);
      })
      .finally(() => {
        this.writing = null;
      });
    return this.writing;
  }

  /** The last write of a stopping hub: after the one running, a fresh one, even while backing off. */
  async final(): Promise<void> {
    if (this.writing) await this.writing;
    await this.persist(true);
  }

  /** Whether the show reaches the disk. */
  health(): PersistHealth {
    if (!this.options.stateFile) return 'off';
    return this.persistFailures > 0 ? 'failing' : 'ok';
  }
}
