/**
 * A read-only window onto the wall for tests and curious operators: `window.__dreamscape`.
 * Every property is a getter over live figures; nothing here can change the show.
 */

/** What the hook exposes. */
export interface DreamscapeHook {
  readonly mode: string;
  readonly status: string;
  /** Why the hub refused this wall (no or a wrong wall token), or null. */
  readonly refusal?: string | null;
  readonly ready: boolean;
  readonly framesReceived: number;
  readonly framesExtrapolated: number;
  readonly gesturesDrawn: number;
  readonly drawn: number;
  readonly phase: string;
  readonly phaseTime: number;
  /** Sequence number of the newest frame (resets when the hub restarts). */
  readonly seq: number;
  readonly fps: number;
  readonly quality: number;
  readonly particles: number;
  readonly flashesGuarded: number;
  readonly flashViolations: number;
  /** Regions of the wall the flash guard held back in the last frame (0: shown as drawn). */
  readonly flashHolding: number;
  /** Longest the flash guard has held some region back without a break, ms. */
  readonly flashLongestHoldMs: number;
  readonly echoes: number;
  readonly resyncs: number;
  readonly rejected: number;
  readonly soundListeners: number;
  readonly loop: number;
  /** Phases in the order the wall entered them (most recent 64). */
  readonly phasesSeen: readonly string[];
  /** The room's tilt steering the flow, each axis −1..1, and how many phones it counts. */
  readonly lean: { x: number; y: number; tilting: number };
  /** The flash guard's measured luminance grids (record mode only). */
  recording(): { cols: number; rows: number; frames: number; times: number[]; data: string };
}

declare global {
  interface Window {
    __dreamscape?: DreamscapeHook;
  }
}

/** Installs the hook; `source` is read on every property access. */
export function installTestHook(source: DreamscapeHook): void {
  const hook = {} as DreamscapeHook;
  for (const key of Object.keys(Object.getOwnPropertyDescriptors(source)) as (keyof DreamscapeHook)[]) {
    const d = Object.getOwnPropertyDescriptor(source, key);
    if (d?.get) Object.defineProperty(hook, key, { get: d.get, enumerable: true });
    else if (typeof d?.value === 'function') Object.defineProperty(hook, key, { value: d.value, enumerable: true });
  }
  Object.freeze(hook);
  Object.defineProperty(window, '__dreamscape', { value: hook, writable: false, configurable: false });
}
