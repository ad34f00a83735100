import { describe, expect, it } from 'vitest';
import { COMMAND_MAX_AGE_MS, commandMessageSchema, leaderMessageSchema, signCommand, verifyCommand } from '../../../server/cluster/clusterWire.ts';

const TOKEN = 'wire-test-token-8Lr2!xyz';

describe('clusterWire', () => {
  it('verifies a command signed with the token, and nothing tampered, stale or signed otherwise', () => {
    const now = 1_800_000_000_000;
    const cmd = { type: 'goto', phase: 'dawn' };
    const m = signCommand(TOKEN, 'edge-1', 3, now, cmd);
    expect(commandMessageSchema.safeParse(m).success).toBe(true);
    expect(verifyCommand(TOKEN, m, now + 100)).toBe(true);
    expect(verifyCommand(TOKEN, { ...m, cmd: { type: 'goto', phase: 'nightmare' } }, now)).toBe(false);
    expect(verifyCommand(TOKEN, { ...m, id: 4 }, now)).toBe(false);
    expect(verifyCommand(TOKEN, { ...m, edge: 'edge-2' }, now)).toBe(false);
    expect(verifyCommand(TOKEN, m, now + COMMAND_MAX_AGE_MS + 1)).toBe(false);
    expect(verifyCommand('another-token-entirely-1', m, now)).toBe(false);
  });

  it('refuses leader messages of the wrong shape', () => {
    const good = { fence: 1, kind: 'frame', body: { seq: 1 } };
    expect(leaderMessageSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { ...good, fence: 0 },
      { ...good, fence: 1.5 },
      { ...good, kind: 'takeover' },
      { ...good, body: [1, 2] },
      { ...good, body: 'x' },
      { ...good, extra: true },
      null,
      'frame',
      42,
      [],
      JSON.parse('{"__proto__": {"fence": 1}, "kind": "frame", "body": {}}'),
      { fence: Number.MAX_SAFE_INTEGER + 2, kind: 'frame', body: {} },
    ]) {
      expect(leaderMessageSchema.safeParse(bad).success, JSON.stringify(bad)?.slice(0, 80)).toBe(false);
    }
  });
});
