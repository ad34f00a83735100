/** The supervisor's heartbeat: at most one beat a second, from the timer or the gesture path, none without a supervisor. */
import { describe, expect, it } from 'vitest';
import { Heartbeat } from '../../server/heartbeat.ts';

describe('Heartbeat', () => {
  it('beats once a second at most, whoever polls it', () => {
    let beats = 0;
    const heart = new Heartbeat(() => beats++);
    const start = Math.ceil(performance.now()) + 10;
    heart.poll(start + 500 - 10);
    expect(beats).toBe(0);
    heart.poll(start + 1000);
    heart.poll(start + 1001);
    heart.poll(start + 1999);
    expect(beats).toBe(1);
    heart.poll(start + 2000);
    expect(beats).toBe(2);
    heart.poll(Number.NaN);
    expect(beats).toBe(2);
    heart.stop();
  });

  it('does nothing without a supervisor', () => {
    const heart = new Heartbeat(undefined);
    expect(() => heart.poll(performance.now() + 10_000)).not.toThrow();
    heart.stop();
  });
});
