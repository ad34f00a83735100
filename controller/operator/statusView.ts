/**
 * The console's read-outs: the phase timeline (with go-to buttons), the status panel (phones,
 * crowd signals, hub health) and the walls with their frame rates.
 */
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import type { OperatorStatus } from '../../core/protocol.ts';
import { el } from './dom.ts';

/** Builds the timeline: one go-to button per phase with a progress bar. */
export function buildTimeline(list: HTMLElement, goto: (phase: PhaseName) => void): void {
  list.replaceChildren(
    ...PHASES.map((phase, i) => {
      const button = el('button', { type: 'button', 'data-phase': phase, 'data-control': `goto:${i + 1}`, title: `Go to ${phase} (key ${i + 1})` }, `${i + 1} ${phase}`);
      button.addEventListener('click', () => goto(phase));
      return el('li', { 'data-phase': phase }, button, el('span', { className: 'progress', 'aria-hidden': 'true' }));
    }),
  );
}

/** What the console says about the state file. */
const PERSIST_TEXT: Record<OperatorStatus['health']['persist'], string> = {
  ok: 'saved',
  failing: 'NOT SAVING: disk full or read-only; the show is kept in memory, retrying',
  off: 'off (--no-state, or a replay)',
};

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const percent = (v: number) => `${Math.round(v * 100)} %`;

/** Shows where the arc is on the timeline. */
export function showTimeline(list: HTMLElement, phaseClock: HTMLElement, status: OperatorStatus): void {
  for (const item of list.querySelectorAll<HTMLElement>('li[data-phase]')) {
    const current = item.dataset.phase === status.phase;
    item.classList.toggle('current', current);
    item.querySelector('button')?.setAttribute('aria-current', current ? 'step' : 'false');
    const bar = item.querySelector<HTMLElement>('.progress');
    if (bar) bar.style.width = current ? `${Math.min(100, (100 * status.phaseTime) / Math.max(1, status.phaseLength))}%` : '0';
  }
  phaseClock.textContent = `${status.phase} ${clock(status.phaseTime)} / ${clock(status.phaseLength)} · night ${status.loop + 1}${status.hold ? ' · HELD' : ''}`;
}

/** Fills the status panel and the walls table. */
export function showStatus(list: HTMLElement, walls: HTMLTableSectionElement, status: OperatorStatus): void {
  const c = status.crowd;
  const h = status.health;
  const rows: [string, string][] = [
    ['Phones', `${status.phones} (${c.active} active)`],
    ['Participation', percent(c.participation)],
    ['Energy', percent(c.energy)],
    ['Light', percent(c.light)],
    ['Unity', percent(c.unity)],
    ['Resolve', percent(c.resolve)],
    ['Ghosts', percent(c.ghosts)],
    ['Walls', String(status.displays.length)],
    ['Hub', `up ${clock(h.uptime)} · ${Math.round(h.rss / 1048576)} MB · loop p99 ${h.eventLoopP99} ms · v${h.version}`],
    // Below 30 the hub is overloaded and has asked phones for fewer messages.
    ['Phone pace', h.phoneRate < 30 ? `${h.phoneRate} msg/s (hub busy)` : `${h.phoneRate} msg/s`],
    ['State file', PERSIST_TEXT[h.persist]],
  ];
  list.replaceChildren(
    ...rows.flatMap(([k, v]) => [
      el('dt', {}, k),
      el('dd', { 'data-key': k.toLowerCase(), className: k === 'State file' && h.persist === 'failing' ? 'alarm' : '' }, v),
    ]),
  );
  walls.replaceChildren(
    ...status.displays.map((d) =>
      el(
        'tr',
        { className: d.fps > 0 && d.fps < 30 ? 'warn' : '' },
        // A wall without the venue's token reports what it likes: its figures are its own claim.
        el('td', { title: d.trusted ? 'one of the venue’s walls (wall token)' : 'unverified: no wall token' }, `${d.view || d.id.slice(0, 6)}${d.trusted ? '' : ' (unverified)'}`),
        el('td', {}, d.fps.toFixed(0)),
        el('td', {}, d.frameMs.toFixed(1)),
        el('td', {}, percent(d.quality)),
      ),
    ),
  );
}
