import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { beatSchema, noticeSchema, refusalSchema, REFUSAL_CODES } from '../../../core/wire/common.ts';
import { REFUSALS } from '../../../core/protocolConstants.ts';
import fc from 'fast-check';
import { expectPrototypesUntouched, hostileObjectJson, prototypeKeys } from '../../helpers/hostileJson.ts';

describe('what every namespace shares', () => {
  it('reads every refusal code REFUSALS names, and no other', () => {
    expect(REFUSAL_CODES).toEqual(Object.values(REFUSALS));
    for (const code of REFUSAL_CODES) expect(z.safeParse(refusalSchema, { code, message: 'Reload.' }).data).toEqual({ code, message: 'Reload.' });
    expect(z.safeParse(refusalSchema, { code: 'go-away', message: 'x' }).success).toBe(false);
    expect(z.safeParse(refusalSchema, { code: REFUSALS.full }).data).toEqual({ code: 'full', message: '' });
    expect(z.safeParse(refusalSchema, { code: REFUSALS.full, message: 'x'.repeat(501) }).data?.message).toBe('');
    expect(z.safeParse(refusalSchema, { code: REFUSALS.versionMismatch, message: 'm', serverVersion: 'three' }).data).toEqual({ code: 'version-mismatch', message: 'm' });
    expect(z.safeParse(refusalSchema, { code: REFUSALS.versionMismatch, message: 'm', serverVersion: 4 }).data?.serverVersion).toBe(4);
  });

  it('takes notices of known codes with a bounded sentence', () => {
    expect(z.safeParse(noticeSchema, { code: 'osc', message: 'goto dawn' }).success).toBe(true);
    expect(z.safeParse(noticeSchema, { code: REFUSALS.rateLimited, message: 'slow down' }).success).toBe(true);
    expect(z.safeParse(noticeSchema, { code: 'shout', message: 'x' }).success).toBe(false);
    expect(z.safeParse(noticeSchema, { code: 'osc', message: 'x'.repeat(501) }).success).toBe(false);
    expect(z.safeParse(noticeSchema, { code: 'osc' }).success).toBe(false);
  });

  it('keeps the heartbeat within 1..600 bpm', () => {
    expect(z.safeParse(beatSchema, { bpm: 60, origin: -5 }).success).toBe(true);
    for (const bad of [{ bpm: 0, origin: 0 }, { bpm: 601, origin: 0 }, { bpm: Number.NaN, origin: 0 }, { bpm: 60, origin: Infinity }, { bpm: '60', origin: 0 }, null]) {
      expect(z.safeParse(beatSchema, bad).success).toBe(false);
    }
  });

  it('throws nothing on hostile JSON and pollutes no prototype', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, (json) => {
        for (const schema of [refusalSchema, noticeSchema, beatSchema]) z.safeParse(schema, JSON.parse(json));
      }),
      { numRuns: 200 },
    );
    expectPrototypesUntouched(before);
  });
});
