import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireFrame } from '../../core/protocol.ts';
import { command, connectDisplay, connectOperator, connectPhone, nextEvent, teardown } from '../helpers/hub.ts';
import { spawnHub, type HubProcess } from '../helpers/hubProcess.ts';
import { readStateFile } from '../../server/stateFile.ts';

const procs: HubProcess[] = [];
afterEach(async () => {
  await teardown();
  for (const p of procs.splice(0)) await p.kill();
});

describe('persistence: a hub killed mid-show resumes where it was', () => {
  it('resumes the nightmare within 2 s of its position after SIGKILL, and phones keep their dreamer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-kill-'));
    const state = join(dir, 'state.json');
    const first = await spawnHub(['--state', state, '--token', 'persistence-token-42', '--seed', '5']);
    procs.push(first);
    const op = await connectOperator({ url: first.url, token: 'persistence-token-42' });
    expect(await command(op, { type: 'goto', phase: 'nightmare' })).toEqual({ ok: true });
    const { welcome } = await connectPhone({ url: first.url }, { dreamer: 'phone-keepme-01' });
    const d = await connectDisplay({ url: first.url });
    // Let the show run into the nightmare and the state file catch up.
    const lastSeen = await nextEvent<WireFrame>(d.socket, 'frame', (f) => f.phase === 'nightmare' && f.phaseTime > 3, 10_000);
    await new Promise((r) => setTimeout(r, 1200));
    const before = await nextEvent<WireFrame>(d.socket, 'frame');
    await first.kill();
    await teardown();

    const saved = await readStateFile(state);
    expect(saved.ok).toBe(true);

    const second = await spawnHub(['--state', state, '--token', 'persistence-token-42']);
    procs.push(second);
    const again = await connectDisplay({ url: second.url });
    const resumed = again.snapshot.frame;
    expect(resumed.phase).toBe('nightmare');
    expect(resumed.phaseTime).toBeGreaterThanOrEqual(lastSeen.phaseTime - 0.1);
    expect(Math.abs(resumed.phaseTime - before.phaseTime)).toBeLessThan(2);
    const phoneAgain = await connectPhone({ url: second.url }, { dreamer: 'phone-keepme-01' });
    expect(phoneAgain.welcome.handle).toBe(welcome.handle);
    expect(phoneAgain.welcome.role).toBe(welcome.role);
  });

  it('starts a fresh show with a logged warning when the state file is truncated or garbage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamscape-corrupt-'));
    const state = join(dir, 'state.json');
    const first = await spawnHub(['--state', state]);
    procs.push(first);
    await new Promise((r) => setTimeout(r, 1500));
    await first.kill();
    const full = readFileSync(state, 'utf8');
    for (const broken of [full.slice(0, Math.floor(full.length / 2)), '\u0000\u0001garbage', '{"v":1}']) {
      writeFileSync(state, broken);
      const hub = await spawnHub(['--state', state, '--log-level', 'warn']);
      procs.push(hub);
      const d = await connectDisplay({ url: hub.url });
      expect(d.snapshot.frame.phase).toBe('serene');
      expect(hub.output()).toMatch(/state file (corrupt|unusable)/);
      await teardown();
      await hub.kill();
    }
  });
});
