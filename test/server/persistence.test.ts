import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFrame } from '../../core/protocol.ts';
import { command, connectDisplay, connectOperator, connectPhone, nextEvent, teardown } from '../helpers/hub.ts';
import { spawnHub, type HubProcess } from '../helpers/hubProcess.ts';
import { readStateFile } from '../../server/stateFile.ts';
import { PHASES } from '../../core/arc/phases.ts';

const NIGHTMARE = PHASES.indexOf('nightmare');

const procs: HubProcess[] = [];
afterEach(async () => {
  await teardown();
  for (const p of procs.splice(0)) await p.kill();
});

describe('persistence: a hub killed mid-show resumes where it was', () => {
  it('resumes the nightmare within 2 s of its position after SIGKILL, and phones keep their dreamer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-kill-'));
    const state = join(dir, 'state.json');
    // Starting a hub on a busy machine can take long: generous deadlines, and every check below is
    // by show time (the show's own clock), never by how much wall time passed.
    const first = await spawnHub(['--state', state, '--token', 'persistence-token-42', '--seed', '5'], 60_000);
    procs.push(first);
    const op = await connectOperator({ url: first.url, token: 'persistence-token-42' });
    expect(await command(op, { type: 'goto', phase: 'nightmare' })).toEqual({ ok: true });
    const { welcome } = await connectPhone({ url: first.url }, { dreamer: 'phone-keepme-01' });
    const d = await connectDisplay({ url: first.url });
    let latest: WireFrame | undefined;
    d.socket.on('frame', (f: WireFrame) => (latest = f));
    // Let the show run into the nightmare, and wait until the state file holds that position.
    const lastSeen = await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'nightmare' && f.phaseTime > 3, 30_000);
    const savedPhaseTime = async () => {
      const saved = await readStateFile(state);
      return saved.ok && saved.state.show.phaseIndex === NIGHTMARE ? saved.state.show.phaseTime : -1;
    };
    const deadline = Date.now() + 30_000;
    while ((await savedPhaseTime()) < lastSeen.phaseTime && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await savedPhaseTime()).toBeGreaterThanOrEqual(lastSeen.phaseTime);
    const before = latest!;
    await first.kill();
    await teardown();

    // The state file holds a position the show had reached, within 2 s (of show time) of the last
    // frame the wall saw before the kill.
    const saved = await readStateFile(state);
    expect(saved.ok).toBe(true);
    const kept = await savedPhaseTime();
    expect(kept).toBeGreaterThanOrEqual(lastSeen.phaseTime);
    expect(Math.abs(kept - before.phaseTime)).toBeLessThan(2);

    const spawnedAt = Date.now();
    const second = await spawnHub(['--state', state, '--token', 'persistence-token-42'], 60_000);
    procs.push(second);
    const again = await connectDisplay({ url: second.url });
    const resumed = again.snapshot.frame;
    expect(resumed.phase).toBe('nightmare');
    // It resumed from the saved position: no earlier, and no further on than the show time the new
    // hub has played (which never exceeds the wall time since it was started, plus one tick).
    expect(resumed.phaseTime).toBeGreaterThanOrEqual(kept - 0.01);
    expect(resumed.phaseTime - kept).toBeLessThanOrEqual((resumed.at - spawnedAt) / 1000 + 0.1);
    const phoneAgain = await connectPhone({ url: second.url }, { dreamer: 'phone-keepme-01' });
    expect(phoneAgain.welcome.handle).toBe(welcome.handle);
    expect(phoneAgain.welcome.role).toBe(welcome.role);
  }, 180_000);

  it('starts a fresh show with a logged warning when the state file is truncated or garbage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-corrupt-'));
    const state = join(dir, 'state.json');
    const first = await spawnHub(['--state', state], 60_000);
    procs.push(first);
    // Waits for a good state file to be on disk (a busy machine writes it later), then breaks it.
    const deadline = Date.now() + 30_000;
    while (!(await readStateFile(state)).ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await readStateFile(state)).ok).toBe(true);
    await first.kill();
    const full = readFileSync(state, 'utf8');
    for (const broken of [full.slice(0, Math.floor(full.length / 2)), '\u0000\u0001garbage', '{"v":1}']) {
      writeFileSync(state, broken);
      const hub = await spawnHub(['--state', state, '--log-level', 'warn'], 60_000);
      procs.push(hub);
      const d = await connectDisplay({ url: hub.url });
      expect(d.snapshot.frame.phase).toBe('serene');
      expect(hub.output()).toMatch(/state file (corrupt|unusable)/);
      await teardown();
      await hub.kill();
    }
  }, 240_000);
});
