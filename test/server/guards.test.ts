import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/TokenBucket.ts';
import { DreamerRegistry, RETENTION_MS } from '../../server/DreamerRegistry.ts';
import { ConfigError, parseConfig } from '../../server/config.ts';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and refills with time', () => {
    const b = new TokenBucket(10, 5, 0);
    expect(Array.from({ length: 8 }, () => b.take(0)).filter(Boolean)).toHaveLength(5);
    expect(b.take(50)).toBe(false); // half a token after 50 ms at 10/s
    expect(b.take(100)).toBe(true); // one whole token by 100 ms
    // After a quiet spell the bucket is full again (5, never more); then a second of sending at
    // 100/s lets the burst plus about 10 through.
    let passed = 0;
    for (let t = 1000; t < 2000; t += 10) if (b.take(t)) passed++;
    expect(passed).toBeGreaterThanOrEqual(13);
    expect(passed).toBeLessThanOrEqual(15);
  });
});

describe('DreamerRegistry', () => {
  it('keeps a dreamer for 10 minutes after they leave, then forgets them', () => {
    const r = new DreamerRegistry();
    const { dreamer } = r.join('phone-aaaaaaaa', 0);
    r.leave(dreamer.id, 1000);
    expect(r.connected).toBe(0);
    const back = r.join('phone-aaaaaaaa', 1000 + RETENTION_MS - 1);
    expect(back.returning).toBe(true);
    expect(back.dreamer.handle).toBe(dreamer.handle);
    r.leave(dreamer.id, 2000 + RETENTION_MS);
    const late = r.join('phone-aaaaaaaa', 3000 + 2 * RETENTION_MS + 1);
    expect(late.returning).toBe(false);
    expect(late.dreamer.handle).not.toBe(dreamer.handle);
  });

  it('balances the four roles and counts a phone with two sockets once', () => {
    const r = new DreamerRegistry();
    const roles = Array.from({ length: 8 }, (_, i) => r.join(`phone-${String(i).padStart(8, '0')}`, 0).dreamer.role);
    for (const role of ['lyra', 'remy', 'tara', 'brian']) expect(roles.filter((x) => x === role)).toHaveLength(2);
    r.join('phone-00000000', 1);
    expect(r.connected).toBe(8);
    r.leave('phone-00000000', 2);
    expect(r.connected).toBe(8);
    r.leave('phone-00000000', 3);
    expect(r.connected).toBe(7);
  });

  it('survives a restart through its persisted form and refuses garbage', () => {
    const r = new DreamerRegistry();
    const a = r.join('phone-aaaaaaaa', 0).dreamer;
    const restored = DreamerRegistry.restore(JSON.parse(JSON.stringify(r.toJSON())), 10);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const back = restored.registry.join('phone-aaaaaaaa', 20);
    expect(back.dreamer).toMatchObject({ handle: a.handle, role: a.role });
    expect(restored.registry.join('phone-bbbbbbbb', 30).dreamer.handle).toBeGreaterThan(a.handle);
    expect(DreamerRegistry.restore({ nextHandle: 'x', dreamers: [] }, 0).ok).toBe(false);
    expect(DreamerRegistry.restore({ nextHandle: 1, dreamers: [{ id: '../../etc', handle: 1, role: 'lyra', lastSeen: 0 }] }, 0).ok).toBe(false);
  });
});

describe('command line', () => {
  it('has venue defaults and reads every flag', () => {
    const c = parseConfig([]);
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', preset: undefined, fresh: false, stateFile: '.dreamscape/state.json', https: false });
    expect(parseConfig(['--fresh'])).toMatchObject({ fresh: true });
    expect(() => parseConfig(['--fresh=no'])).toThrow(ConfigError);
    expect(() => parseConfig(['--fresh', 'now'])).toThrow(ConfigError);
    const d = parseConfig(['--port', '9000', '--preset', 'festival', '--token', 'moon-tide-lantern-47', '--allow-origin', 'http://a', '--allow-origin', 'http://b', '--no-state', '--osc-port', '9001']);
    expect(d).toMatchObject({ port: 9000, preset: 'festival', token: 'moon-tide-lantern-47', newToken: false, allowOrigins: ['http://a', 'http://b'], stateFile: null, oscPort: 9001 });
    expect(parseConfig(['--help'])).toBe('help');
    expect(parseConfig([])).toMatchObject({ tickHz: 30 });
    expect(parseConfig(['--tick-hz', '60'])).toMatchObject({ tickHz: 60 });
  });

  it('explains bad flags instead of starting wrong', () => {
    expect(() => parseConfig(['--port', 'eighty'])).toThrow(ConfigError);
    expect(() => parseConfig(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseConfig(['--preset', '../x'])).toThrow(/preset name/);
    expect(() => parseConfig(['--cert', 'a.pem'])).toThrow(/--cert and --key/);
    expect(() => parseConfig(['--bogus'])).toThrow(/--help/);
    expect(() => parseConfig(['--tick-hz', '0'])).toThrow(/1 to 120/);
    expect(() => parseConfig(['--tick-hz', '29.97'])).toThrow(/--tick-hz/);
  });
});
