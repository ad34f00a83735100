/**
 * The preset browser: every preset the hub lists, with a load button (crossfading over the blend
 * time) and, for a broken file, each problem with its JSON path, so the VJ can fix it while the
 * show keeps playing the last good version.
 */
import type { CommandResult, OperatorCommand, PresetListing } from '../../core/protocol.ts';
import { el } from './dom.ts';

/** What a preset's row offers beside "Load": arm it as the cue, preview it in the console. */
export interface PresetActions {
  arm(name: string): void;
  preview(name: string): void;
}

/**
 * Renders the list.
 * @param current name of the preset playing now (highlighted).
 * @param load called with a preset name when its load button is pressed.
 * @param actions the cue and preview buttons (left out: load only).
 * @param armed name of the preset armed as the cue, if any (marked).
 */
export function showPresets(list: HTMLElement, presets: readonly PresetListing[], current: string, load: (name: string) => void, actions?: PresetActions, armed?: string): void {
  list.replaceChildren(
    ...presets.map((p) => {
      const button = el('button', { type: 'button', 'data-preset': p.name }, 'Load');
      button.addEventListener('click', () => load(p.name));
      const extra: HTMLElement[] = [];
      if (actions && !p.error) {
        const arm = el('button', { type: 'button', className: 'quiet', 'data-arm': p.name, title: 'Arm as the cue: GO applies it with the blend' }, 'Arm');
        arm.addEventListener('click', () => actions.arm(p.name));
        const preview = el('button', { type: 'button', className: 'quiet', 'data-preview': p.name, title: 'Render it here only, not on the walls' }, 'Preview');
        preview.addEventListener('click', () => actions.preview(p.name));
        extra.push(preview, arm);
      }
      const problems = p.error?.length
        ? el(
            'ul',
            { className: 'problems', role: 'alert' },
            ...p.error.map((e) => el('li', {}, el('code', {}, e.path || '(root)'), ' ', e.message)),
          )
        : null;
      return el(
        'li',
        { className: [p.name === current ? 'current' : '', p.error ? 'broken' : '', p.name === armed ? 'armed' : ''].join(' ').trim(), 'data-preset': p.name },
        el('div', { className: 'preset-head' }, el('strong', {}, p.title), ' ', el('code', {}, p.name), ...extra, button),
        p.description ? el('p', { className: 'hint' }, p.description) : null,
        problems,
      );
    }),
  );
}

/** A save command, as {@link saveAs} sends it. */
export type SaveCommand = Extract<OperatorCommand, { type: 'savePreset' }>;

/**
 * "Save as": sends the save; when the hub answers that the preset exists, asks the operator and,
 * only if they agree, sends it again with `overwrite`. A preset that ships is refused by the hub
 * whatever the answer (its copy stays as shipped).
 * @param send sends a command and resolves with the hub's answer.
 * @param confirm asks the operator a yes/no question (the page passes `window.confirm`).
 * @returns the final answer (`exists` again when the operator said no).
 */
export async function saveAs(
  send: (command: SaveCommand) => Promise<CommandResult>,
  confirm: (question: string) => boolean,
  name: string,
  title?: string,
): Promise<CommandResult> {
  const command: SaveCommand = title ? { type: 'savePreset', name, title } : { type: 'savePreset', name };
  const first = await send(command);
  if (first.ok || first.code !== 'exists') return first;
  if (!confirm(`A preset named "${name}" exists. Overwrite it? (A copy of the old file is kept in presets/.history/.)`)) return first;
  return send({ ...command, overwrite: true });
}
