/**
 * The console's presets, playlist, cue and preview (DOM): the preset list (load with the blend, arm
 * as the cue, preview here only), the playlist's controls with its countdown, and the preview frame
 * that plays a preset in this console while the walls play on.
 */
import { PHASES } from '../../core/arc/phases.ts';
import type { OperatorCommand } from '../../core/protocol.ts';
import { byId, el } from './dom.ts';
import { showPresets } from './presetView.ts';
import { previewUrl, showPlaylist, type PlaylistElements } from './playlistView.ts';
import type { ConsoleShow } from './ConsoleShow.ts';

/** What the panel needs from the console. */
export interface CueHost {
  show: ConsoleShow;
  send(command: OperatorCommand): void;
  /** The console's key handler, given to the preview so its keys (G for GO above all) still act. */
  keys(event: KeyboardEvent): void;
}

/** The panel, wired; the console re-renders it when the hub's presets, playlist or preset playing change. */
export function attachCuePanel(host: CueHost): { renderPresets(): void; renderPlaylist(): void; previewing(): string | undefined } {
  /** The preset the preview shows, if any. */
  let previewing: string | undefined;

  function blendSeconds(): number {
    const value = Number(byId<HTMLInputElement>('blend').value);
    return Number.isFinite(value) ? Math.min(120, Math.max(0, value)) : 0;
  }

  function renderPresets(): void {
    showPresets(
      byId('presets'),
      host.show.presets,
      host.show.status?.preset ?? '',
      (name) => host.send({ type: 'loadPreset', name, blend: blendSeconds() }),
      {
        arm: (name) => {
          host.send({ type: 'cueArm', name, blend: blendSeconds() });
          // What is armed is seen before it goes.
          showPreview(name);
        },
        preview: showPreview,
      },
      host.show.playlist?.cue?.name,
    );
  }

  const playlistElements: PlaylistElements = {
    select: byId<HTMLSelectElement>('playlist-select'),
    now: byId('playlist-now'),
    entries: byId<HTMLOListElement>('playlist-entries'),
    lock: byId('playlist-lock'),
    shuffle: byId('playlist-shuffle'),
    cue: byId('cue-armed'),
    go: byId<HTMLButtonElement>('cue-go'),
  };
  function renderPlaylist(): void {
    if (host.show.playlist) showPlaylist(playlistElements, host.show.playlist, Date.now());
  }
  byId('playlist-play').addEventListener('click', () => {
    const name = playlistElements.select.value;
    if (name) host.send({ type: 'playlist', name });
  });
  byId('playlist-stop').addEventListener('click', () => host.send({ type: 'playlist', name: null }));
  byId('cue-disarm').addEventListener('click', () => host.send({ type: 'cueArm', name: null, blend: 0 }));
  // "next in 3:12" counts down between the hub's updates.
  window.setInterval(renderPlaylist, 1000);

  const previewPhase = byId<HTMLSelectElement>('preview-phase');
  previewPhase.replaceChildren(...PHASES.map((p) => el('option', { value: p }, p)));
  previewPhase.value = 'festival';
  // A click into the preview gives it the keyboard: the console's keys (G for GO above all) still act.
  byId<HTMLIFrameElement>('preview').addEventListener('load', (event) => {
    (event.target as HTMLIFrameElement).contentDocument?.addEventListener('keydown', host.keys);
  });
  function showPreview(name: string): void {
    const phase = PHASES.find((p) => p === previewPhase.value) ?? 'serene';
    const frame = byId<HTMLIFrameElement>('preview');
    previewing = name;
    frame.src = previewUrl({ preset: name, phase, at: Number(byId<HTMLInputElement>('preview-at').value), seed: Math.floor(Number(byId<HTMLInputElement>('preview-seed').value)) });
    frame.hidden = false;
    byId('preview-name').textContent = `Preview: ${name}, ${phase} (here only; the walls play on)`;
  }
  for (const id of ['preview-phase', 'preview-at', 'preview-seed']) {
    byId(id).addEventListener('change', () => {
      if (previewing) showPreview(previewing);
    });
  }

  return { renderPresets, renderPlaylist, previewing: () => previewing };
}
