/**
 * The console's keyboard (DOM): the shortcut list shown on the page, and keys that press controls
 * while the console is logged in (`shortcuts.ts` says which key is which control). Keys typed into a
 * field stay the field's.
 */
import { byId, el } from './dom.ts';
import { SHORTCUTS, shortcutFor } from './shortcuts.ts';

/**
 * Wires the keys. @param connected whether the console is logged in; @param press presses a control.
 * @returns the key handler, for other documents of the page (the preview) to share.
 */
export function attachShortcutKeys(connected: () => boolean, press: (control: string) => void): (event: KeyboardEvent) => void {
  byId('shortcuts').replaceChildren(...SHORTCUTS.flatMap((s) => [el('dt', {}, el('kbd', {}, s.label)), el('dd', {}, s.description)]));

  function isTyping(event: KeyboardEvent): boolean {
    const target = event.target as HTMLElement | null;
    if (!target) return false;
    // A focused fader keeps its arrow keys; every other shortcut still works over it.
    if (target instanceof HTMLInputElement && target.type === 'range') return event.key.startsWith('Arrow');
    return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
  }

  function onShortcutKey(event: KeyboardEvent): void {
    if (!connected()) return;
    const control = shortcutFor(event, isTyping(event));
    if (!control) return;
    event.preventDefault();
    press(control);
  }
  document.addEventListener('keydown', onShortcutKey);
  // A focused button would also "click" on Space's release: the shortcut already acted.
  document.addEventListener('keyup', (event) => {
    if (connected() && event.key === ' ' && event.target instanceof HTMLButtonElement) event.preventDefault();
  });
  return onShortcutKey;
}
