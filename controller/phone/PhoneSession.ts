/**
 * The phone's screens as one state machine: joining (entering, or looking for a hub not yet found),
 * the first-visit intro, dreaming, reconnecting, waiting for a place, refused (and whether only a
 * newer page can cure it), and left (the visitor chose to go). The hub's messages and the visitor's
 * presses come in as events; the state the page renders, and what the page must do next (knock
 * again, reload), come out. Pure: no DOM, no socket, no timers; the caller passes its storage and
 * its clock where the outdated-page policy needs them (`core/wire/hubLink.ts`).
 */
import { REFUSALS } from '../../core/protocolConstants.ts';
import type { Beat, PhaseInfo, Refusal } from '../../core/protocol.ts';
import type { ControlMode, PhaseName } from '../../core/arc/phases.ts';
import type { Role } from '../../core/dreamers.ts';
import type { Waiting, Welcome } from '../../core/wire/phone.ts';
import { reloadWhenOutdated, type ReloadMemory } from '../../core/wire/hubLink.ts';

/** Which full-screen state the page is in. */
export type Screen = 'joining' | 'intro' | 'dreaming' | 'reconnecting' | 'waiting' | 'refused' | 'left';

/** What the page does after an event, besides rendering the new state. */
export type Next =
  /** Nothing more. */
  | { do: 'stay' }
  /** Knock on the hub again after `afterMs` (0: at once). */
  | { do: 'knock'; afterMs: number }
  /** Reload the page from the hub after `afterMs` (0: at once). */
  | { do: 'reload'; afterMs: number };

/** A busy or full hub is asked again by itself after this long, ms. */
export const KNOCK_AGAIN_MS = 8000;
/** A hub that said goodbye (shutting down) is knocked on again after this long, ms. */
export const GOODBYE_KNOCK_MS = 1000;

const STAY: Next = Object.freeze({ do: 'stay' });

/** See the module comment. One per page. */
export class PhoneSession {
  screen: Screen = 'joining';
  /** The dreamer id (kept on the phone; the hub may hand out a new one in `welcome`). */
  dreamer: string;
  /** The hub's short number for this phone, -1 before the first welcome. */
  handle = -1;
  role: Role | null = null;
  /** The dreamer's colour, CSS `#rrggbb`. */
  colour = '#f5e6ff';
  phase: PhaseName | null = null;
  control: ControlMode | null = null;
  prompt = '';
  /** The show's heartbeat (bpm, and its origin in hub ms). */
  beat: Beat = { bpm: 72, origin: 0 };
  /** The last phase message, kept so a language switch can say it again in new words. */
  info: PhaseInfo | null = null;
  connected = false;
  /** Place in the hub's queue (1 = next), or null when not waiting. */
  waiting: Waiting | null = null;
  /** Why the hub refused this phone, or null. */
  refusal: Refusal | null = null;
  /** Once welcomed, a lost hub shows the calm reconnecting screen rather than "entering". */
  welcomed = false;
  /** The hub could not be reached before the first welcome: the joining screen says "looking". */
  lookingForHub = false;

  constructor(dreamer: string) {
    this.dreamer = dreamer;
  }

  /** The visitor is playing: touches mean something and gestures go to the hub. */
  get dreaming(): boolean {
    return this.screen === 'dreaming';
  }

  /** A refusal only a newer page can cure: the button reloads rather than knocking again. */
  get mustReload(): boolean {
    const code = this.refusal?.code;
    return code === REFUSALS.versionMismatch || code === REFUSALS.badHandshake;
  }

  /** The socket is open (the welcome follows). */
  connect(): void {
    this.connected = true;
  }

  /**
   * The hub welcomed this phone: identity, pace and the current phase.
   * @param introSeen the visitor has seen the first screen before (it is skipped).
   * @returns true when the phase or its control changed (the page clears what fingers were doing).
   */
  welcome(w: Welcome, introSeen: boolean): boolean {
    this.dreamer = w.dreamer;
    this.handle = w.handle;
    this.role = w.role;
    this.colour = w.colour;
    this.waiting = null;
    this.refusal = null;
    const changed = this.phaseInfo(w);
    this.welcomed = true;
    this.lookingForHub = false;
    this.screen = introSeen ? 'dreaming' : 'intro';
    return changed;
  }

  /** @returns true when the phase or its control changed. */
  phaseInfo(info: PhaseInfo): boolean {
    const changed = info.phase !== this.phase || info.control !== this.control;
    this.info = info;
    this.phase = info.phase;
    this.control = info.control;
    this.prompt = info.prompt;
    this.beat = info.beat;
    return changed;
  }

  /** The hub is full: this phone waits in line. */
  wait(w: Waiting): void {
    this.waiting = w;
    this.screen = 'waiting';
  }

  /**
   * The socket closed.
   * @param reason socket.io's reason; `io server disconnect` is a hub saying goodbye, after which
   * socket.io does not knock again by itself.
   */
  disconnect(reason: string): Next {
    this.connected = false;
    // A visitor who chose to leave stays out until they come back.
    if (this.screen === 'left') return STAY;
    if (this.screen !== 'refused') this.screen = 'reconnecting';
    return reason === 'io server disconnect' ? { do: 'knock', afterMs: GOODBYE_KNOCK_MS } : STAY;
  }

  /**
   * The hub could not be reached, or refused this phone.
   * @param refusal the hub's typed refusal, or null for a plain network failure.
   * @param memory where the outdated-page policy remembers its last reload.
   * @param nowMs wall-clock ms (`Date.now()`).
   * @param reloadAfterMs pause before an outdated page reloads (`OUTDATED_RELOAD_MS`).
   */
  connectFailed(refusal: Refusal | null, memory: ReloadMemory, nowMs: number, reloadAfterMs: number): Next {
    this.connected = false;
    if (this.screen === 'left') return STAY;
    if (!refusal) {
      if (this.welcomed) this.screen = 'reconnecting';
      else {
        this.lookingForHub = true;
        this.screen = 'joining';
      }
      return STAY;
    }
    this.refusal = refusal;
    this.screen = 'refused';
    // A busy hub is worth asking again by itself; a wrong page version needs a reload, which an
    // outdated page does by itself (at most once a minute; after that the button offers it).
    if (reloadWhenOutdated(refusal, memory, nowMs)) return { do: 'reload', afterMs: reloadAfterMs };
    return this.mustReload ? STAY : { do: 'knock', afterMs: KNOCK_AGAIN_MS };
  }

  /**
   * The overlay's one button was pressed (start, reload, try again, come back).
   * @returns what the page does; `start` means the visitor has now seen the intro.
   */
  act(): Next | { do: 'start' } {
    switch (this.screen) {
      case 'intro':
        this.screen = 'dreaming';
        return { do: 'start' };
      case 'refused':
        return this.mustReload ? { do: 'reload', afterMs: 0 } : { do: 'knock', afterMs: 0 };
      case 'left':
        this.screen = this.welcomed ? 'reconnecting' : 'joining';
        return { do: 'knock', afterMs: 0 };
      default:
        return { do: 'knock', afterMs: 0 };
    }
  }

  /** The visitor chose to leave: the phone stays out until they come back. */
  leave(): void {
    this.screen = 'left';
  }
}
