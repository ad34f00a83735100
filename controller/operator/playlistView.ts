/**
 * The console's running order: the playlists the hub lists, the one playing with what plays now
 * and what comes next, the armed cue, and the preview of a preset (a frozen wall in an iframe,
 * drawn in the console only). Rendering only: every button sends its command through the page.
 */
import type { PhaseName } from '../../core/arc/phases.ts';
import type { PlaylistView } from '../../core/protocol.ts';
import { el } from './dom.ts';

/** The elements the view fills. */
export interface PlaylistElements {
  select: HTMLSelectElement;
  now: HTMLElement;
  entries: HTMLOListElement;
  lock: HTMLElement;
  shuffle: HTMLElement;
  cue: HTMLElement;
  go: HTMLButtonElement;
}

/** "12:05" for seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * When the entry playing ends, in words.
 * @param hubNow the hub's clock now, ms (the console's clock corrected by nothing: minutes matter here, not ms).
 */
export function whenNext(view: NonNullable<PlaylistView['active']>, hubNow: number): string {
  if (view.locked) return 'locked: next when you skip';
  const entry = view.entries[view.position];
  if (!entry) return '';
  if (entry.duration !== null) return `next in ${clock(entry.duration - (hubNow - view.startedAt) / 1000)}`;
  return view.advance === 'loop' ? 'next at the new loop' : 'next when you skip';
}

/** Fills the playlist panel from the hub's view. */
export function showPlaylist(els: PlaylistElements, view: PlaylistView, hubNow: number): void {
  const chosen = els.select.value;
  els.select.replaceChildren(
    ...view.playlists.map((p) =>
      el('option', { value: p.name, disabled: p.entries === 0, title: p.error ? p.error.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ') : '' }, `${p.title}${p.error ? ' (broken file)' : ''}`),
    ),
  );
  const keep = view.active?.name ?? chosen;
  if (view.playlists.some((p) => p.name === keep)) els.select.value = keep;
  const active = view.active;
  els.lock.setAttribute('aria-pressed', String(active?.locked ?? false));
  els.shuffle.setAttribute('aria-pressed', String(active?.shuffled ?? false));
  if (!active) {
    els.now.textContent = 'No playlist playing.';
    els.entries.replaceChildren();
  } else {
    const now = active.entries[active.position];
    const next = active.entries[(active.position + 1) % active.entries.length];
    els.now.textContent = `${active.title} — now: ${now?.preset ?? '?'} · next: ${next?.preset ?? '?'} (${whenNext(active, hubNow)})`;
    els.entries.replaceChildren(
      ...active.entries.map((e, i) => {
        const mark = i === active.position ? 'now' : i === (active.position + 1) % active.entries.length ? 'next' : '';
        return el(
          'li',
          { className: mark, 'data-entry': String(i), 'aria-current': mark === 'now' ? 'true' : undefined },
          el('code', {}, e.preset),
          ` blend ${e.blend} s`,
          e.duration !== null ? ` · ${clock(e.duration)}` : '',
          mark ? el('span', { className: 'tag' }, mark) : null,
        );
      }),
    );
  }
  els.cue.textContent = view.cue ? `armed: ${view.cue.name} (blend ${view.cue.blend} s)` : 'nothing armed';
  els.go.disabled = view.cue === null;
  els.go.classList.toggle('armed', view.cue !== null);
}

/** What the preview draws: a preset, at a moment of a phase, with a seed. */
export interface PreviewChoice {
  preset: string;
  phase: PhaseName;
  /** Seconds into the phase, 0..3600. */
  at: number;
  seed: number;
}

/**
 * The address of a preview: the display page in frozen mode with the preset given, small and
 * cheap (quarter quality, half a second of lead: the console's page shares its thread with it). A frozen wall never joins the hub: the live show
 * is never touched.
 */
export function previewUrl(choice: PreviewChoice): string {
  const at = Math.min(3600, Math.max(0, Number.isFinite(choice.at) ? choice.at : 0));
  const seed = Number.isInteger(choice.seed) ? choice.seed : 7;
  const query = new URLSearchParams({ seed: String(seed), at: `${choice.phase}:${at}`, preset: choice.preset, quality: '0.25', lead: '0.5' });
  return `/?${query.toString()}`;
}
