/**
 * The crowd's lean: which way the room is tilting its phones. Each phone that sends tilt (an
 * optional input: phones without a gyroscope, or whose owner declined the permission, never do)
 * counts with its latest reading for a few seconds. The lean is their average direction, weighted
 * by how many of the wall's dreamers take part, and eased so the picture sways rather than jerks:
 * one phone barely stirs the flow; a room tilting together bends the whole river of dreams.
 */

/** Seconds a phone's last tilt keeps counting after it stops sending. */
export const TILT_MEMORY_S = 3;
/** Phones that must tilt together for the lean to reach full strength. */
export const FULL_LEAN_PHONES = 12;
/** Seconds for the eased lean to cover ~63 % of a change. */
export const LEAN_EASE_S = 0.8;
/** Most phones remembered at once (older readings are forgotten first). */
export const MAX_TILTING = 4096;

/** The eased lean, each axis −1..1 (x right, y down on the wall). */
export interface Lean {
  x: number;
  y: number;
}

/** Follows the phones' tilt readings and eases the room's lean. */
export class CrowdLean {
  /** Latest reading per dreamer handle: x, y (−1..1) and when it came (s, the wall's clock). */
  private readonly readings = new Map<number, { x: number; y: number; at: number }>();
  private readonly eased: Lean = { x: 0, y: 0 };

  /** The eased lean (the same object every call; read it, do not keep it). */
  get lean(): Readonly<Lean> {
    return this.eased;
  }

  /** Phones whose tilt counts right now. */
  get tilting(): number {
    return this.readings.size;
  }

  /**
   * Takes one tilt gesture as the wall receives it.
   * @param handle the dreamer; @param px,py the tilt mapped to 0..1 by the hub (0.5 = level);
   * @param now the wall's clock, s.
   */
  tilt(handle: number, px: number, py: number, now: number): void {
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    const x = Math.max(-1, Math.min(1, px * 2 - 1));
    const y = Math.max(-1, Math.min(1, py * 2 - 1));
    const known = this.readings.get(handle);
    if (known) {
      known.x = x;
      known.y = y;
      known.at = now;
      // Re-inserted so the map stays oldest-first for the bound below.
      this.readings.delete(handle);
      this.readings.set(handle, known);
      return;
    }
    if (this.readings.size >= MAX_TILTING) {
      const oldest = this.readings.keys().next();
      if (!oldest.done) this.readings.delete(oldest.value);
    }
    this.readings.set(handle, { x, y, at: now });
  }

  /**
   * Forgets stale readings and eases the lean toward the room's average.
   * @param now the wall's clock, s; @param dt seconds since the last step (0..1).
   */
  step(now: number, dt: number): Readonly<Lean> {
    const sum = this.sum;
    sum.x = 0;
    sum.y = 0;
    sum.n = 0;
    sum.now = now;
    this.readings.forEach(this.visit);
    const n = sum.n;
    const strength = Math.min(1, n / FULL_LEAN_PHONES);
    const tx = n > 0 ? (sum.x / n) * strength : 0;
    const ty = n > 0 ? (sum.y / n) * strength : 0;
    const k = 1 - Math.exp(-Math.max(0, Math.min(1, dt)) / LEAN_EASE_S);
    this.eased.x += (tx - this.eased.x) * k;
    this.eased.y += (ty - this.eased.y) * k;
    return this.eased;
  }

  // Per-frame sums and one visitor made once: stepping allocates nothing.
  private readonly sum = { x: 0, y: 0, n: 0, now: 0 };
  private readonly visit = (r: { x: number; y: number; at: number }, handle: number): void => {
    if (this.sum.now - r.at > TILT_MEMORY_S) {
      this.readings.delete(handle);
      return;
    }
    this.sum.x += r.x;
    this.sum.y += r.y;
    this.sum.n++;
  };
}
