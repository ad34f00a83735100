/**
 * The show clock keeps its cadence when its timer cannot run: with a big crowd the hub can spend a
 * long run of the event loop reading sockets, and timers wait for the end of it. Every gesture the
 * hub takes in lets the clock send the frame or batch that is due, so walls keep their 30 Hz.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, takeGesturesWithoutTimers, teardown } from '../helpers/hub.ts';

afterEach(teardown);

describe('the show clock under a long run of socket reads', () => {
  it('sends frames and batches on cadence from the gesture path while its timer is held back', async () => {
    const hub = await startHub({ stateFile: null });
    const ctx = hub.context;
    const sent: { event: string; at: number; seq: number }[] = [];
    const emit = ctx.display.emit.bind(ctx.display) as (event: string, ...args: unknown[]) => boolean;
    ctx.display.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'frame' || event === 'gestures') sent.push({ event, at: performance.now(), seq: (args[0] as { seq: number }).seq });
      return emit(event, ...args);
    }) as typeof ctx.display.emit;

    // A run in which no timer can fire: one gesture taken in every ~0.1 ms, as in a busy read run.
    // It lasts until 18 steps (300 ms of cadence) were sent, with a generous deadline: on a busy
    // machine this process is descheduled now and then, so the count in a fixed time says nothing.
    const from = performance.now();
    takeGesturesWithoutTimers(hub, 5_000, 0.1, () => sent.length >= 18);
    const elapsed = performance.now() - from;
    const during = sent.filter((s) => s.at >= from);
    // Every step came from the gesture path (no timer could fire), and there were never more than
    // the clock's grid allows in the time it took: a step every 16.7 ms, never a burst.
    expect(during.length).toBe(18);
    expect(during.length).toBeLessThanOrEqual(Math.floor(elapsed / (1000 / 60)) + 1);
    for (let i = 1; i < during.length; i++) expect(during[i].event).not.toBe(during[i - 1].event);
    // On the clock's grid: a step taken late leaves the next ones sooner (a descheduled process can
    // make a late step and a due one come ms apart), but steps never run ahead of the grid: in any
    // stretch, at most two more steps than its half-ticks (8.3 ms each) allow. A burst breaks this.
    const half = 1000 / 60 / 2;
    for (let i = 0; i < during.length; i++) {
      for (let j = i + 3; j < during.length; j++) expect(during[j].at - during[i].at).toBeGreaterThan((j - i - 2) * half - 1);
    }
    const frames = during.filter((s) => s.event === 'frame').map((s) => s.seq);
    frames.forEach((seq, i) => i > 0 && expect(seq).toBe(frames[i - 1] + 1));
  });

  it('without gestures the timer alone keeps the cadence, and never ticks twice', async () => {
    const hub = await startHub({ stateFile: null });
    const ctx = hub.context;
    let frames = 0;
    const emit = ctx.display.emit.bind(ctx.display) as (event: string, ...args: unknown[]) => boolean;
    ctx.display.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'frame') frames++;
      return emit(event, ...args);
    }) as typeof ctx.display.emit;
    // Waits for 10 frames (a third of a second of cadence) with a generous deadline, then checks
    // they never came faster than the 30 Hz grid allows in the time they took: never a double tick.
    const from = performance.now();
    const deadline = from + 10_000;
    while (frames < 10 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - from;
    expect(frames).toBeGreaterThanOrEqual(10);
    expect(frames).toBeLessThanOrEqual(Math.floor(elapsed / (1000 / 30)) + 2);
  });
});

describe('the state file on a failing disk', () => {
  it('says so in /healthz and the console status, keeps the show for the supervisor, retries and recovers', async () => {
    const { mkdtempSync, writeFileSync, rmSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readStateFile } = await import('../../server/stateFile.ts');
    const { command, connectOperator, nextEvent } = await import('../helpers/hub.ts');
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-disk-'));
    // The folder of the state file is a file: every write fails, even for root.
    writeFileSync(join(dir, 'disk'), 'not a folder');
    const stateFile = join(dir, 'disk', 'state.json');
    const kept: (unknown | null)[] = [];
    const hub = await startHub({ stateFile, persistEveryMs: 20, statusEveryMs: 50, keep: (s) => kept.push(s) });
    const healthz = async () => (await (await fetch(`${hub.url}/healthz`)).json()) as { persist?: string };
    expect((await healthz()).persist).toBe('failing');
    const op = await connectOperator(hub);
    const status = await nextEvent<{ health: { persist: string } }>(op, 'status', (s) => s.health.persist === 'failing');
    expect(status.health.persist).toBe('failing');
    expect(await command(op, { type: 'goto', phase: 'glitch' })).toEqual({ ok: true });
    // Every period the supervisor is given the show as it is now (while writes back off).
    // Waits on the count, not a time: a loaded machine ticks its timers late (bounded: 5 s).
    const before = kept.length;
    const keptBy = Date.now() + 5000;
    while (kept.length - before <= 3 && Date.now() < keptBy) await new Promise((r) => setTimeout(r, 50));
    expect(kept.length - before).toBeGreaterThan(3);
    const last = kept.at(-1) as { show: { phaseIndex: number } };
    expect(last.show.phaseIndex).toBe(3);
    // The disk comes back: the next retry writes, health is ok, the supervisor drops its copy.
    rmSync(join(dir, 'disk'));
    mkdirSync(join(dir, 'disk'));
    const deadline = Date.now() + 10_000;
    while ((await healthz()).persist !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await healthz()).persist).toBe('ok');
    expect(kept.at(-1)).toBeNull();
    const saved = await readStateFile(stateFile);
    expect(saved.ok && saved.state.show.phaseIndex).toBe(3);
  });

  it('reports persistence off without a state file', async () => {
    const hub = await startHub({ stateFile: null });
    expect(((await (await fetch(`${hub.url}/healthz`)).json()) as { persist?: string }).persist).toBe('off');
  });
});
