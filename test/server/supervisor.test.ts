import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { PROTOCOL_VERSION, type OperatorClientToServer, type OperatorServerToClient, type WireFrame, type WireSnapshot } from '../../core/protocol.ts';
import { readStateFile } from '../../server/stateFile.ts';
import { alive, figures, freePort, health, startSupervisor, until, type SupervisedHub } from '../chaos/helpers/hubProcess.ts';
import type { Socket } from 'socket.io-client';
import { answerChallenges } from '../helpers/hub.ts';

const running: SupervisedHub[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  for (const hub of running.splice(0)) await hub.stop();
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
});

async function goto(hub: SupervisedHub, phase: string): Promise<void> {
  const op: Socket<OperatorServerToClient, OperatorClientToServer> = connect(`${hub.url}/operator`, {
    auth: { v: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  try {
    expect(await new Promise((done) => answerChallenges(op, hub.token, done))).toEqual({ ok: true });
    const result = await new Promise((done) => op.emit('command', { type: 'goto', phase } as never, done));
    expect(result).toEqual({ ok: true });
  } finally {
    op.close();
  }
}

describe('supervisor', () => {
  it('restarts a SIGKILLed hub within a second, says why, and resumes the show from the state file', async () => {
    const hub = await startSupervisor();
    running.push(hub);
    await goto(hub, 'nightmare');
    // The state file is written every second: wait until it holds the nightmare.
    await until(async () => {
      const saved = await readStateFile(hub.state);
      return saved.ok && saved.state.show.phaseIndex > 0;
    }, 5000, 'state file written');
    const standby = await hub.waitFor((e) => e.event === 'standby', 20_000);
    const first = hub.hubPid();
    const from = hub.events.length;
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    const exit = await hub.waitFor((e) => e.event === 'exit', 5000, from);
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.reason).toMatch(/SIGKILL/);
    expect(exit.restartInMs).toBe(0);
    const ready = await hub.waitFor((e) => e.event === 'ready', 20_000, from);
    // The warm standby took over.
    expect(ready.hubPid).toBe(standby.standbyPid);
    expect(ready.fromStandby).toBe(true);
    const back = await health(hub.url);
    expect(back?.phase).toBe('nightmare');
    figures('supervisor: SIGKILL → standby takes over', { restartInMs: exit.restartInMs ?? -1, hubStartMs: ready.startMs ?? -1, downMs: ready.time - killedAt });
    // A second crash soon after: no standby is warm yet, so a cold start, still within a second.
    await hub.waitFor((e) => e.event === 'standby', 20_000, from);
    const again = hub.events.length;
    process.kill(hub.hubPid(), 'SIGKILL');
    const second = await hub.waitFor((e) => e.event === 'exit', 5000, again);
    expect(second.restartInMs).toBeLessThanOrEqual(1000);
    await hub.waitFor((e) => e.event === 'ready', 20_000, again);
    expect((await health(hub.url))?.phase).toBe('nightmare');
  });

  it('starts cold within a second when the standby is off', async () => {
    const hub = await startSupervisor({ env: { DREAMSCAPE_STANDBY: '0' } });
    running.push(hub);
    const from = hub.events.length;
    const killedAt = Date.now();
    process.kill(hub.hubPid(), 'SIGKILL');
    const exit = await hub.waitFor((e) => e.event === 'exit', 5000, from);
    expect(exit.restartInMs).toBe(250);
    const ready = await hub.waitFor((e) => e.event === 'ready', 20_000, from);
    expect(ready.fromStandby).toBe(false);
    expect(hub.events.some((e) => e.event === 'standby')).toBe(false);
    figures('supervisor: SIGKILL → cold start', { restartInMs: exit.restartInMs ?? -1, hubStartMs: ready.startMs ?? -1, downMs: ready.time - killedAt });
  });

  it('stops cleanly on SIGTERM: the hub writes its state and both exit 0', async () => {
    const hub = await startSupervisor();
    const pid = hub.hubPid();
    const standby = await hub.waitFor((e) => e.event === 'standby', 20_000);
    expect(await hub.stop()).toBe(0);
    expect(alive(pid)).toBe(false);
    await until(() => !alive(Number(standby.standbyPid)), 5000, 'standby stops too');
    expect((await readStateFile(hub.state)).ok).toBe(true);
    expect(hub.events.some((e) => e.event === 'stop')).toBe(true);
    expect(hub.events.some((e) => e.event === 'exit')).toBe(false);
  });

  it('backs off a crash loop (port taken after a crash), logs the reason each time, and still stops at once', async () => {
    const hub = await startSupervisor({ env: { DREAMSCAPE_STANDBY: '0' } });
    running.push(hub);
    // A steady run first, so the loop's count starts at the crash.
    await new Promise((r) => setTimeout(r, 3200));
    const from = hub.events.length;
    process.kill(hub.hubPid(), 'SIGKILL');
    await hub.waitFor((e) => e.event === 'exit', 5000, from);
    // The restart comes 250 ms later: take the port first.
    const blocker = createServer();
    blockers.push(blocker);
    await until(() => new Promise<boolean>((ok) => {
      blocker.once('error', () => ok(false));
      blocker.listen(hub.port, '127.0.0.1', () => ok(true));
    }), 5000, 'port taken');
    await hub.waitFor((e) => e.event === 'exit' && e.crashesInARow === 4, 40_000, from);
    const exits = hub.events.slice(from).filter((e) => e.event === 'exit');
    expect(exits[0].reason).toMatch(/SIGKILL/);
    for (const e of exits.slice(1)) expect(e.reason).toMatch(/could not start|EADDRINUSE/);
    expect(exits.map((e) => e.restartInMs)).toEqual([250, 500, 1000, 2000]);
    const stoppedAt = Date.now();
    expect(await hub.stop()).toBe(0);
    figures('supervisor: crash loop', { delaysMs: exits.map((e) => e.restartInMs), reason: exits[1].reason, stopMs: Date.now() - stoppedAt });
  });

  it('exits once with a clear message when the port is taken on the first start', async () => {
    const port = await freePort();
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    const hub = await startSupervisor({ port, waitReady: false });
    running.push(hub);
    expect(await hub.exited).toBe(2);
    const stop = hub.events.find((e) => e.event === 'stop');
    expect(stop?.reason).toMatch(/could not start.*EADDRINUSE/);
    expect(hub.events.some((e) => e.event === 'exit')).toBe(false);
  });

  it('exits once with a clear message when the --replay file is missing, a folder or unreadable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-replay-'));
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    for (const [file, why] of [
      [join(dir, 'no-such-night.jsonl'), /no such file/],
      [dir, /a folder/],
      [join(dir, 'blocker', 'night.jsonl'), /cannot read the recording/],
    ] as const) {
      const hub = await startSupervisor({ waitReady: false, args: ['--replay', file] });
      running.push(hub);
      expect(await hub.exited).toBe(2);
      const stop = hub.events.find((e) => e.event === 'stop');
      expect(stop?.reason).toMatch(why);
      expect(stop?.reason).toContain('--replay');
      expect(hub.events.some((e) => e.event === 'exit')).toBe(false);
    }
  });

  it('exits once with a clear message when the --cert file cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-cert-'));
    const hub = await startSupervisor({ waitReady: false, args: ['--cert', join(dir, 'missing.pem'), '--key', join(dir, 'missing-key.pem')] });
    running.push(hub);
    expect(await hub.exited).toBe(2);
    expect(hub.events.find((e) => e.event === 'stop')?.reason).toMatch(/--cert .*missing\.pem.*ENOENT/);
    expect(hub.events.some((e) => e.event === 'exit')).toBe(false);
  });

  it('keeps the show in memory while the state file cannot be written, and the next hub resumes it after a crash', async () => {
    // A state file whose folder is a file: no write can succeed, even as root.
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-outage-'));
    writeFileSync(join(dir, 'disk'), 'not a folder');
    const state = join(dir, 'disk', 'state.json');
    const hub = await startSupervisor({ args: ['--state', state] });
    running.push(hub);
    await until(async () => (await health(hub.url))?.persist === 'failing', 10_000, 'healthz says persistence fails');
    await goto(hub, 'nightmare');
    // 50 dreamers join during the outage (the state file never holds them).
    const phone = (i: number) =>
      connect(`${hub.url}/audience`, { auth: { v: PROTOCOL_VERSION, dreamer: `phone-outage-${String(i).padStart(4, '0')}` }, transports: ['websocket'], forceNew: true, reconnection: false });
    const joinAs = async (i: number) => {
      const socket = phone(i);
      const welcome = await new Promise<{ handle: number; role: string }>((done) => socket.once('welcome' as never, done as never));
      socket.close();
      return welcome;
    };
    const before: { handle: number; role: string }[] = [];
    for (let i = 0; i < 50; i++) before.push(await joinAs(i));
    await hub.waitFor((e) => e.event === 'keep', 10_000);
    const standby = await hub.waitFor((e) => e.event === 'standby', 20_000);
    const wall = connect(`${hub.url}/display`, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    let last: WireFrame | undefined;
    wall.on('frame' as never, ((f: WireFrame) => (last = f)) as never);
    // Two persist periods: the supervisor's copy holds the nightmare and the phones.
    await new Promise((r) => setTimeout(r, 1200));
    const from = hub.events.length;
    const seen = last;
    process.kill(hub.hubPid(), 'SIGKILL');
    wall.close();
    const ready = await hub.waitFor((e) => e.event === 'ready', 20_000, from);
    expect(ready.hubPid).toBe(standby.standbyPid);
    const back = await health(hub.url);
    expect(back?.phase).toBe('nightmare');
    expect(back?.persist).toBe('failing');
    const wallAgain = connect(`${hub.url}/display`, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    const snapshot = await new Promise<WireSnapshot>((done) => wallAgain.once('snapshot' as never, done as never));
    wallAgain.close();
    expect(seen?.phase).toBe('nightmare');
    const rewindS = (seen?.phaseTime ?? 0) - snapshot.frame.phaseTime;
    // The copy is at most one persist period (0.5 s) older than the last frame seen.
    expect(snapshot.frame.phase).toBe('nightmare');
    expect(rewindS).toBeLessThan(1);
    let kept = 0;
    for (let i = 0; i < 50; i++) {
      const again = await joinAs(i);
      if (again.handle === before[i].handle && again.role === before[i].role) kept++;
    }
    expect(kept).toBe(50);
    figures('supervisor: crash during a disk outage', { rewindS, dreamersKept: kept, dreamersJoinedDuringOutage: 50 });
  });

  it('kills and restarts a hub that stops answering (frozen event loop)', async () => {
    const hub = await startSupervisor({ env: { DREAMSCAPE_HANG_MS: '3000' } });
    running.push(hub);
    const frozen = hub.hubPid();
    const from = hub.events.length;
    process.kill(frozen, 'SIGSTOP');
    const hang = await hub.waitFor((e) => e.event === 'hang', 10_000, from);
    expect(hang.hubPid).toBe(frozen);
    const ready = await hub.waitFor((e) => e.event === 'ready', 20_000, from);
    expect(ready.hubPid).not.toBe(frozen);
    expect(await health(hub.url)).not.toBeNull();
  });

  it('takes the hub down with it when the supervisor itself is killed, leaving no orphan on the port', async () => {
    const hub = await startSupervisor();
    const standby = await hub.waitFor((e) => e.event === 'standby', 20_000);
    const pid = hub.hubPid();
    hub.supervisor.kill('SIGKILL');
    await hub.exited;
    await until(() => !alive(pid) && !alive(Number(standby.standbyPid)), 10_000, 'orphaned hub and standby stop');
    expect(await health(hub.url)).toBeNull();
  });
});
