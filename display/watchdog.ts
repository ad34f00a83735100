/**
 * The wall's watchdog: a projector page nobody is watching must heal itself. If the page stops
 * drawing for a while (a stuck frame, a wedged renderer) or the canvas loses its context (GPU
 * reset, driver hiccup, memory pressure), it reloads; the reloaded page asks the hub for a fresh
 * snapshot and carries on. Reloads are spaced so a page that cannot draw at all does not spin.
 */

/** Options of {@link startWatchdog}. */
export interface WatchdogOptions {
  /** The canvas the show draws on; its context-loss events trigger a reload. */
  canvas: HTMLCanvasElement;
  /**
   * Time of the last drawn frame, ms on the `performance.now()` scale (the scale of
   * requestAnimationFrame timestamps); 0 before the first frame.
   */
  isDrawing(): number;
  /** What "reload" means. Default `location.reload()`. */
  reload?(): void;
  /** Silence that counts as stalled, ms (≥ 1000). Default 5000. */
  stallMs?: number;
  /** How often the watchdog looks, ms. Default 1000. */
  checkEveryMs?: number;
  /** Clock, ms on the `performance.now()` scale. Default `performance.now()`. */
  now?(): number;
  /** Where the last reload time is kept across reloads. Default `sessionStorage` when available. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** Least time between two watchdog reloads, ms (wall-clock, across reloads). */
export const MIN_RELOAD_GAP_MS = 15_000;
/** Key under which the last reload time is kept. */
const STAMP_KEY = 'dreamscape.watchdog.lastReload';

/** Why the watchdog reloaded (the name of the trigger). */
export type WatchdogReason = 'stalled' | 'webglcontextlost' | 'contextlost';

/**
 * Starts watching. The page gets a grace period of `stallMs` from now before its first frame is
 * due (p5's async setup and font loading take a moment).
 * @returns `stop()` removes every timer and listener.
 */
export function startWatchdog(options: WatchdogOptions): { stop(): void } {
  const now = options.now ?? (() => performance.now());
  const stallMs = Math.max(1000, options.stallMs ?? 5000);
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const reload = options.reload ?? (() => location.reload());
  const startedAt = now();
  let pending: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const trigger = (reason: WatchdogReason): void => {
    if (stopped || pending !== undefined) return;
    const last = Number(storage?.getItem(STAMP_KEY) ?? 0);
    const wait = Math.max(0, last + MIN_RELOAD_GAP_MS - Date.now());
    // Logged so a venue's remote console (or the kiosk's log) shows why the wall blinked.
    console.warn(`[dreamscape] watchdog: ${reason}; reloading${wait ? ` in ${Math.round(wait / 1000)} s` : ''}`);
    pending = setTimeout(() => {
      if (stopped) return;
      storage?.setItem(STAMP_KEY, String(Date.now()));
      reload();
    }, wait);
  };

  const onWebglLost = (event: Event): void => {
    // Keep the browser from discarding the canvas for good; the reload builds a fresh one.
    event.preventDefault();
    trigger('webglcontextlost');
  };
  const onContextLost = (): void => trigger('contextlost');
  options.canvas.addEventListener('webglcontextlost', onWebglLost);
  options.canvas.addEventListener('contextlost', onContextLost);

  const timer = setInterval(() => {
    // A hidden tab gets no animation frames by design: that is not a stall.
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    const lastFrame = Math.max(options.isDrawing(), startedAt);
    if (now() - lastFrame > stallMs) trigger('stalled');
  }, options.checkEveryMs ?? 1000);

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      if (pending !== undefined) clearTimeout(pending);
      options.canvas.removeEventListener('webglcontextlost', onWebglLost);
      options.canvas.removeEventListener('contextlost', onContextLost);
    },
  };
}

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled: reloads are simply not spaced across page loads
  }
}
