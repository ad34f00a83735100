/**
 * Frame timing inside a page: counts requestAnimationFrame callbacks for a while and returns the
 * fps and the p99 frame time. Kept as source text so no transpiler helper leaks into the page.
 */

/** What {@link measureFramesScript} resolves to in the page. */
export interface FrameTiming {
  fps: number;
  /** p99 of the intervals between frames, ms. */
  p99: number;
  frames: number;
}

/** An expression that measures frames for `ms` milliseconds and resolves with a {@link FrameTiming}. */
export function measureFramesScript(ms: number): string {
  return `new Promise((done) => {
    const stamps = [];
    const start = performance.now();
    const tick = (t) => {
      stamps.push(t);
      if (t - start < ${Number(ms)}) requestAnimationFrame(tick);
      else {
        const gaps = [];
        for (let i = 1; i < stamps.length; i++) gaps.push(stamps[i] - stamps[i - 1]);
        gaps.sort((a, b) => a - b);
        const p99 = gaps.length ? gaps[Math.min(gaps.length - 1, Math.ceil(gaps.length * 0.99) - 1)] : NaN;
        const span = stamps.length > 1 ? stamps[stamps.length - 1] - stamps[0] : NaN;
        done({ fps: ((stamps.length - 1) * 1000) / span, p99, frames: stamps.length });
      }
    };
    requestAnimationFrame(tick);
  })`;
}
