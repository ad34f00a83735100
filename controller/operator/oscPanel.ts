/**
 * The console's OSC-out panel (DOM): where the hub sends the show as OSC, with a remove button per
 * target and a form to add one (the hub checks the address).
 */
import type { CommandResult, OperatorCommand } from '../../core/protocol.ts';
import { byId, el } from './dom.ts';

/** What the panel needs from the console. */
export interface OscHost {
  send(command: OperatorCommand, then?: (result: CommandResult) => void): void;
}

/** The panel, wired; `render` shows the hub's targets (a list that did not change is left alone). */
export function attachOscPanel(host: OscHost): { render(targets: readonly string[]): void } {
  let shownOscTargets = '';
  function renderOscTargets(targets: readonly string[]): void {
    const key = targets.join('\n');
    if (key === shownOscTargets) return;
    shownOscTargets = key;
    byId('osc-targets').replaceChildren(
      ...targets.map((target) => {
        const remove = el('button', { type: 'button', className: 'quiet', 'aria-label': `Stop sending to ${target}` }, '×');
        remove.addEventListener('click', () => host.send({ type: 'oscTarget', action: 'remove', target }));
        return el('li', {}, `${target} `, remove);
      }),
    );
  }
  byId<HTMLFormElement>('osc-target-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('osc-target');
    const target = input.value.trim();
    if (!target) return;
    host.send({ type: 'oscTarget', action: 'add', target }, (result) => {
      if (result.ok) input.value = '';
    });
  });
  return { render: renderOscTargets };
}
