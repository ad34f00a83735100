/**
 * The phone's read-only test hook, `window.__dreamscapePhone`: getters over the page's live state
 * (the session, the visitor's choices, the phase's control, what was sent, the hub clock). Nothing
 * here can change the page.
 */
import type { GestureKind } from '../../core/protocolConstants.ts';
import type { ClockSampler } from './clockSampler.ts';
import type { GestureCoalescer } from './GestureCoalescer.ts';
import type { ControlView } from './phaseUi.ts';
import type { PhoneSession } from './PhoneSession.ts';
import type { VisitorChoices } from './VisitorChoices.ts';

/** What the hook reads. */
export interface PhoneHookSource {
  me: PhoneSession;
  choices: VisitorChoices;
  /** The phase's control as shown now (null before the first phase). */
  view(): ControlView | null;
  /** Gestures sent, by kind. */
  sent: Readonly<Record<GestureKind, number>>;
  clock: ClockSampler;
  coalescer: GestureCoalescer;
}

/** Installs the hook (once per page). */
export function installPhoneHook(src: PhoneHookSource): void {
  const { me, choices, sent, clock, coalescer } = src;
  const hook = Object.freeze({
    get dreamer() { return me.dreamer; },
    get handle() { return me.handle; },
    get role() { return me.role; },
    get colour() { return me.colour; },
    get phase() { return me.phase; },
    get control() { return me.control; },
    get prompt() { return src.view()?.prompt ?? ''; },
    get screen() { return me.screen; },
    get story() { return src.view()?.story ?? ''; },
    get language() { return choices.words.code; },
    get simple() { return choices.simple; },
    get textScale() { return choices.textScale; },
    get sent() { return { ...sent }; },
    get clockOffset() { return clock.offset; },
    get clockRtt() { return clock.rtt; },
    get clockSamples() { return clock.samples; },
    get connected() { return me.connected; },
    get waiting() { return me.waiting ? { ...me.waiting } : null; },
    get pending() { return coalescer.pending; },
  });
  Object.defineProperty(window, '__dreamscapePhone', { value: hook, enumerable: false, configurable: false, writable: false });
}
