/**
 * A LightVoice played for a long show keeps its params' automation lists short. The fake params
 * mirror standardized-audio-context's AudioParam wrapper (audio-param-factory, 25.3.77): every
 * automation call first runs `flush(currentTime)` on a real automation-events `AutomationEventList`,
 * then adds its event. That list is what grew on the wall (flush only trims when an event is still
 * in the future).
 */
import { describe, it, expect, vi } from 'vitest';
import {
  AutomationEventList,
  createCancelScheduledValuesAutomationEvent,
  createExponentialRampToValueAutomationEvent,
  createLinearRampToValueAutomationEvent,
  createSetTargetAutomationEvent,
  createSetValueAutomationEvent,
} from 'automation-events';

const clock = { now: 0 };

/** The wrapper's JS-side bookkeeping, without the native param behind it. */
class WrappedParam {
  readonly list: AutomationEventList;
  automationRate = 'a-rate';
  constructor(readonly defaultValue: number) {
    this.list = new AutomationEventList(defaultValue);
  }
  get value(): number {
    return this.list.getValue(clock.now);
  }
  set value(v: number) {
    this.setValueAtTime(v, clock.now);
  }
  get size(): number {
    return Array.from(this.list).length;
  }
  private ensureStart(): void {
    if (Array.from(this.list).length === 0) this.list.add(createSetValueAutomationEvent(this.defaultValue, clock.now));
  }
  setValueAtTime(v: number, t: number): this {
    this.list.flush(clock.now);
    this.list.add(createSetValueAutomationEvent(v, t));
    return this;
  }
  linearRampToValueAtTime(v: number, t: number): this {
    this.list.flush(clock.now);
    this.ensureStart();
    this.list.add(createLinearRampToValueAutomationEvent(v, t));
    return this;
  }
  exponentialRampToValueAtTime(v: number, t: number): this {
    this.list.flush(clock.now);
    this.ensureStart();
    this.list.add(createExponentialRampToValueAutomationEvent(v, t));
    return this;
  }
  setTargetAtTime(v: number, t: number, tc: number): this {
    this.list.flush(clock.now);
    this.list.add(createSetTargetAutomationEvent(v, t, tc));
    return this;
  }
  cancelScheduledValues(t: number): this {
    this.list.flush(clock.now);
    this.list.add(createCancelScheduledValuesAutomationEvent(t));
    return this;
  }
}

const params: WrappedParam[] = [];
const param = (v: number): WrappedParam => {
  const p = new WrappedParam(v);
  params.push(p);
  return p;
};
const node = { connect: () => undefined, disconnect: () => undefined };
const fakeContext = {
  get currentTime() {
    return clock.now;
  },
  createGain: () => ({ ...node, gain: param(1) }),
  createOscillator: () => ({ ...node, type: 'sine', frequency: param(440), detune: param(0), start: () => undefined, stop: () => undefined }),
};

vi.mock('tone', () => ({
  getContext: () => ({ rawContext: fakeContext }),
  connect: () => undefined,
}));

const { LightVoice } = await import('../../../display/sound/LightVoice.ts');
const { restartAutomation } = await import('../../../display/sound/automationTrim.ts');

/** Plays `minutes` of notes every `gap` s (scheduled 0.1 s ahead), a tape stop each minute; returns the longest list seen. */
function playShow(voice: InstanceType<typeof LightVoice>, minutes: number, gap: number): number {
  let longest = 0;
  let n = 0;
  for (let t = 0.1; t < minutes * 60; t += gap, n++) {
    clock.now = t - 0.1;
    voice.triggerAttackRelease(220 * (1 + (n % 5) / 4), 0.4, t, 0.8);
    if (n % Math.round(60 / gap) === 0) voice.tapeStop(t, 1.5);
    for (const p of params) longest = Math.max(longest, p.size);
  }
  return longest;
}

describe('LightVoice automation bookkeeping', () => {
  it('the wrapper list really grows without a future event (automation-events 7.1.19 flush)', () => {
    clock.now = 0;
    const p = new WrappedParam(440);
    for (let i = 0; i < 200; i++) {
      clock.now = i * 2 + 1.9;
      p.cancelScheduledValues(i * 2 + 2);
      p.setValueAtTime(300 + i, i * 2 + 2);
    }
    expect(p.size).toBeGreaterThan(150);
  });

  it.each([
    ['harp', { type: 'triangle' as const, envelope: { attack: 0.002, decay: 1.4, sustain: 0, release: 0.6 } }],
    ['celesta (FM)', { type: 'sine' as const, envelope: { attack: 0.001, decay: 1.6, sustain: 0, release: 1 }, fm: { harmonicity: 3.5, index: 5, fmDecay: 0.3 } }],
    ['heartbeat (sweep)', { type: 'sine' as const, sweep: { from: 2.5, to: 1, seconds: 0.04 }, envelope: { attack: 0.002, decay: 0.35, sustain: 0, release: 0.2 } }],
    ['chirp (FM + held sweep)', { type: 'sine' as const, fm: { harmonicity: 1.5, index: 3, fmDecay: 10 }, sweep: { from: 1, to: 1.5 }, envelope: { attack: 0.005, decay: 0.06, sustain: 0, release: 0.04 } }],
  ])('%s: every param keeps a bounded list over 30 show-minutes of sparse and dense notes', (_name, options) => {
    params.length = 0;
    clock.now = 0;
    const voice = new LightVoice(options);
    const sparse = playShow(voice, 30, 3.7);
    const dense = playShow(voice, 30, 0.13);
    expect(params.length).toBeGreaterThanOrEqual(3);
    expect(sparse).toBeLessThanOrEqual(8);
    expect(dense).toBeLessThanOrEqual(8);
  });

  it('a restart keeps what is scheduled before the cancel time and nothing after it', () => {
    clock.now = 10;
    const p = new WrappedParam(440);
    p.setValueAtTime(300, 10.5);
    p.setValueAtTime(500, 12);
    restartAutomation(p, 11, 440);
    clock.now = 11.5;
    expect(p.value).toBe(300);
    clock.now = 1e7;
    expect(p.value).toBe(300);
  });
});
