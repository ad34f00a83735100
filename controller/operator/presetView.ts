/**
 * The preset browser: every preset the hub lists, with a load button (crossfading over the blend
 * time) and, for a broken file, each problem with its JSON path, so the VJ can fix it while the
 * show keeps playing the last good version.
 */
import type { PresetListing } from '../../core/protocol.ts';
import { el } from './dom.ts';

/**
 * Renders the list.
 * @param current name of the preset playing now (highlighted).
 * @param load called with a preset name when its load button is pressed.
 */
export function showPresets(list: HTMLElement, presets: readonly PresetListing[], current: string, load: (name: string) => void): void {
  list.replaceChildren(
    ...presets.map((p) => {
      const button = el('button', { type: 'button', 'data-preset': p.name }, 'Load');
      button.addEventListener('click', () => load(p.name));
      const problems = p.error?.length
        ? el(
            'ul',
            { className: 'problems', role: 'alert' },
            ...p.error.map((e) => el('li', {}, el('code', {}, e.path || '(root)'), ' ', e.message)),
          )
        : null;
      return el(
        'li',
        { className: [p.name === current ? 'current' : '', p.error ? 'broken' : ''].join(' ').trim(), 'data-preset': p.name },
        el('div', { className: 'preset-head' }, el('strong', {}, p.title), ' ', el('code', {}, p.name), button),
        p.description ? el('p', { className: 'hint' }, p.description) : null,
        problems,
      );
    }),
  );
}
