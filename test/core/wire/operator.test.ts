import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OPERATOR, commandResultSchema, loginChallengeSchema, loginResultSchema, operatorStatusSchema, presetListSchema } from '../../../core/wire/operator.ts';
import { PARAMS } from '../../../core/params.ts';
import { expectPrototypesUntouched, hostileObjectJson, prototypeKeys } from '../../helpers/hostileJson.ts';

const status = {
  phones: 3,
  displays: [{ id: 'a', view: '1/1', fps: 60, frameMs: 12, quality: 1, particles: 4000, trusted: true }],
  crowd: { dreamers: 3, active: 2, participation: 0.6, energy: 0.3, light: 0, unity: 0, resolve: 0, ghosts: 0.2 },
  phase: 'glitch', phaseTime: 4, phaseLength: 60, loop: 1, preset: 'default', hold: false, speed: 1,
  flags: { blackout: false, hold: false, caption: false, qr: 'small', mute: false, safe: true },
  params: PARAMS.map((p) => p.default),
  overrides: { [PARAMS[0].name]: 0.5 },
  health: { uptime: 10, rss: 1e8, eventLoopP99: 3, version: '0.1.0', phoneRate: 30, persist: 'ok' },
  oscTargets: ['192.168.1.60:9001'],
};

describe('the /operator contract', () => {
  it('names every event in one table, each with its schema', () => {
    expect(Object.keys(OPERATOR.toHub).sort()).toEqual(['command', 'login']);
    expect(Object.keys(OPERATOR.toConsole).sort()).toEqual(['challenge', 'notice', 'playlist', 'presets', 'status']);
  });

  it('reads a status whole, and reads what an older hub leaves out as unknown', () => {
    expect(operatorStatusSchema.parse(status)).toEqual(status);
    const older = { ...status, displays: [{ ...status.displays[0], trusted: undefined }], health: { ...status.health, persist: undefined } };
    const read = operatorStatusSchema.parse(older);
    expect(read.displays[0].trusted).toBe(false);
    expect(read.health.persist).toBe('off');
    expect(operatorStatusSchema.safeParse({ ...status, overrides: { notAParam: 1 } }).success).toBe(false);
    expect(operatorStatusSchema.safeParse({ ...status, phase: 'limbo' }).success).toBe(false);
  });

  it('keeps a refused command’s error when its code is unknown', () => {
    expect(commandResultSchema.parse({ ok: false, error: 'no such preset', code: 'gone' })).toEqual({ ok: false, error: 'no such preset' });
    expect(commandResultSchema.parse({ ok: false, error: 'exists', code: 'exists' })).toEqual({ ok: false, error: 'exists', code: 'exists' });
    expect(commandResultSchema.safeParse({ ok: 'yes' }).success).toBe(false);
  });

  it('takes a login answer only with a refusal code it knows, and a challenge only as 64 hex digits', () => {
    expect(loginResultSchema.safeParse({ ok: false, code: 'bad-token', message: 'wrong' }).success).toBe(true);
    expect(loginResultSchema.safeParse({ ok: false, code: 'whatever', message: 'wrong' }).success).toBe(false);
    expect(loginChallengeSchema.safeParse({ nonce: 'ab'.repeat(32) }).success).toBe(true);
    expect(loginChallengeSchema.safeParse({ nonce: 'AB'.repeat(32) }).success).toBe(false);
    expect(presetListSchema.safeParse([{ name: 'a', title: 'A', description: '' }]).success).toBe(true);
  });

  it('throws nothing on hostile JSON and pollutes no prototype', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, (json) => {
        const value: unknown = JSON.parse(json);
        for (const schema of [operatorStatusSchema, commandResultSchema, loginResultSchema, loginChallengeSchema, presetListSchema]) schema.safeParse(value);
        operatorStatusSchema.safeParse({ ...status, overrides: value });
      }),
      { numRuns: 200 },
    );
    expectPrototypesUntouched(before);
  });
});
