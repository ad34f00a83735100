/**
 * The playlist store: every `*.json` in `presets/playlists/`, kept loaded and watched like the
 * presets (`WatchedFolder.ts`). A broken file is refused with its JSON path and reason, logged and
 * reported; `get` keeps answering with the last good version, so a typo saved mid-show never stops
 * the playlist that is playing.
 */
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { readPlaylist, type Playlist } from '../core/playlist.ts';
import type { PlaylistListing } from '../core/protocol.ts';
import { WatchedFolder } from './WatchedFolder.ts';

/** Folder of the playlists, inside the presets folder. */
export const PLAYLIST_DIR = 'playlists';
/** Largest playlist file read, bytes. */
export const MAX_PLAYLIST_BYTES = 128 * 1024;

/**
 * Loads and watches the playlists of one presets folder.
 *
 * Events: `'change'` () when the listing changed; `'updated'` (name) when a new good version of a
 * known playlist was read; `'problem'` (`FolderFileProblem`) when a file was refused.
 */
export class PlaylistStore extends WatchedFolder<Playlist, PlaylistListing> {
  /** @param presetDir the presets folder; playlists live in its `playlists/` (created if missing). */
  constructor(presetDir: string, log: Logger) {
    super({
      dir: join(resolve(presetDir), PLAYLIST_DIR),
      log,
      noun: 'playlist',
      maxBytes: MAX_PLAYLIST_BYTES,
      read: (json) => {
        const result = readPlaylist(json);
        return result.ok ? { ok: true, value: result.playlist } : result;
      },
      nameOf: (playlist) => playlist.name,
      listing: (name, good) => ({ name, title: good?.title ?? name, entries: good?.entries.length ?? 0 }),
    });
  }
}
