/**
 * An edge's door for the leader's messages: once a message from fence n has passed, anything from
 * an older leader is refused (a leader that was paused and woke, or a forgery), so walls never see
 * two leaders' frames. A fence newer than any seen is checked against the fence Redis gave out
 * (one read per new leader): a message claiming a fence nobody was given is refused too.
 */
export class FenceGate {
  /** Newest fence whose messages pass. */
  current = 0;
  /** Messages refused for an older or unknown fence. */
  refused = 0;

  /**
   * @param issued reads the newest fence Redis gave out (the lease's counter); null when it cannot be
   * read now (Redis restarting): a newer fence is then taken on trust from a message of the right shape.
   */
  constructor(private readonly issued: () => Promise<number | null>) {}

  /**
   * Whether a message under `fence` may pass now. A newer fence is checked first; messages arriving
   * meanwhile under it wait for the answer (async), the current leader's pass at once.
   */
  pass(fence: number): boolean | Promise<boolean> {
    if (fence === this.current) return true;
    if (fence < this.current) {
      this.refused++;
      return false;
    }
    return this.issued().then(
      (issued) => {
        if (issued !== null && fence > issued) {
          this.refused++;
          return false;
        }
        if (fence > this.current) this.current = fence;
        return fence === this.current;
      },
      () => {
        if (fence > this.current) this.current = fence;
        return fence === this.current;
      },
    );
  }
}
