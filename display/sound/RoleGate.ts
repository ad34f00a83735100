/**
 * Thins a flood of crowd notes: each dreamer's voice plays at most a few notes per grid step, and
 * never the same pitch twice in one step. A crowd of a thousand becomes an ensemble of four.
 */

/** Most distinct pitches one role may hold per step. */
export const MAX_PER_STEP = 8;

/** Per-role admission for the current grid step. */
export class RoleGate {
  private readonly slot = new Float64Array(4).fill(-Infinity);
  private readonly used = new Uint8Array(4);
  private readonly pitches = new Float32Array(4 * MAX_PER_STEP);
  /** Notes refused since construction. */
  merged = 0;

  /**
   * Asks whether a note may play.
   * @param role 0..3; @param slot integer index of the grid step it falls in; @param midi its pitch;
   * @param limit notes this role may play in the step (1..{@link MAX_PER_STEP}).
   */
  admit(role: number, slot: number, midi: number, limit: number): boolean {
    const r = role & 3;
    if (this.slot[r] !== slot) {
      this.slot[r] = slot;
      this.used[r] = 0;
    }
    const n = this.used[r];
    const cap = Math.min(MAX_PER_STEP, Math.max(1, Math.floor(limit)));
    if (n >= cap) {
      this.merged++;
      return false;
    }
    for (let i = 0; i < n; i++) {
      if (this.pitches[r * MAX_PER_STEP + i] === midi) {
        this.merged++;
        return false;
      }
    }
    this.pitches[r * MAX_PER_STEP + n] = midi;
    this.used[r] = n + 1;
    return true;
  }
}
