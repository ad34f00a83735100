import { describe, it, expect } from 'vitest';
import { GOODBYE_KNOCK_MS, KNOCK_AGAIN_MS, PhoneSession } from '../../../controller/phone/PhoneSession.ts';
import { readPhaseInfo, readRefusal, readWaiting, readWelcome } from '../../../controller/phone/hubMessages.ts';
import { OUTDATED_RELOAD_EVERY_MS, OUTDATED_RELOAD_KEY, type ReloadMemory } from '../../../core/wire/hubLink.ts';
import { REFUSALS } from '../../../core/protocolConstants.ts';

const RELOAD_MS = 1500;
const rawWelcome = {
  dreamer: 'abcDEF12_-', handle: 3, role: 'tara', colour: '#ff8fab', name: 'Tara', trait: "Tara's wonder",
  phase: 'nightmare', control: 'shine', prompt: 'Shine your light', story: 'Tara is lost.', lines: {}, beat: { bpm: 50, origin: 12 }, hubTime: 99, maxRate: 30,
};
/** Messages go through the page's own readers, as on the phone. */
function welcome(over: Record<string, unknown> = {}) {
  const w = readWelcome({ ...rawWelcome, ...over });
  if (!w) throw new Error('the test welcome does not read');
  return w;
}
function refusal(code: string, message = '') {
  return readRefusal({ data: { code, message } });
}
function memory(): ReloadMemory & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}
const throwing: ReloadMemory = {
  getItem: () => { throw new Error('storage refused'); },
  setItem: () => { throw new Error('storage refused'); },
  removeItem: () => { throw new Error('storage refused'); },
};

describe('the phone session: joining and the welcome', () => {
  it('starts on "entering", and says "looking" only when no hub was ever reached', () => {
    const s = new PhoneSession('keptDreamer1');
    expect([s.screen, s.lookingForHub, s.dreaming, s.connected]).toEqual(['joining', false, false, false]);
    expect(s.connectFailed(null, memory(), 1000, RELOAD_MS)).toEqual({ do: 'stay' });
    expect([s.screen, s.lookingForHub]).toEqual(['joining', true]);
  });

  it('a first visit sees the intro, then dreams after the button; a known visitor dreams at once', () => {
    const first = new PhoneSession('keptDreamer1');
    first.connect();
    expect(first.welcome(welcome(), false)).toBe(true);
    expect([first.screen, first.dreamer, first.handle, first.role, first.colour, first.phase, first.control]).toEqual(['intro', 'abcDEF12_-', 3, 'tara', '#ff8fab', 'nightmare', 'shine']);
    expect(first.act()).toEqual({ do: 'start' });
    expect(first.dreaming).toBe(true);

    const known = new PhoneSession('keptDreamer1');
    known.welcome(welcome(), true);
    expect(known.screen).toBe('dreaming');
    expect(known.beat).toEqual({ bpm: 50, origin: 12 });
  });

  it('a phase change is reported once; the same phase again is not', () => {
    const s = new PhoneSession('keptDreamer1');
    s.welcome(welcome(), true);
    const again = readPhaseInfo({ ...rawWelcome, prompt: 'Brighter' });
    const next = readPhaseInfo({ ...rawWelcome, phase: 'confrontation', control: undefined, beat: { bpm: 90, origin: 5 } });
    if (!again || !next) throw new Error('test phases do not read');
    expect(s.phaseInfo(again)).toBe(false);
    expect(s.prompt).toBe('Brighter');
    expect(s.phaseInfo(next)).toBe(true);
    expect([s.phase, s.control, s.beat.bpm]).toEqual(['confrontation', 'pulse', 90]);
    expect(s.info).toBe(next);
  });

  it('a full hub puts the phone in line; the welcome takes it out', () => {
    const s = new PhoneSession('keptDreamer1');
    const place = readWaiting({ position: 3.4, capacity: 200 });
    if (!place) throw new Error('test place does not read');
    s.wait(place);
    expect([s.screen, s.waiting]).toEqual(['waiting', { position: 3, capacity: 200 }]);
    s.welcome(welcome(), true);
    expect([s.screen, s.waiting]).toEqual(['dreaming', null]);
  });
});

describe('the phone session: losing the hub', () => {
  it('a lost hub after a welcome shows "reconnecting"; a hub saying goodbye is knocked on again', () => {
    const s = new PhoneSession('keptDreamer1');
    s.connect();
    s.welcome(welcome(), true);
    expect(s.disconnect('transport close')).toEqual({ do: 'stay' });
    expect([s.screen, s.connected]).toEqual(['reconnecting', false]);
    expect(s.disconnect('io server disconnect')).toEqual({ do: 'knock', afterMs: GOODBYE_KNOCK_MS });
    expect(s.connectFailed(null, memory(), 1000, RELOAD_MS)).toEqual({ do: 'stay' });
    expect([s.screen, s.lookingForHub]).toEqual(['reconnecting', false]);
  });

  it('a visitor who left stays out, whatever the hub does, until they come back', () => {
    const s = new PhoneSession('keptDreamer1');
    s.welcome(welcome(), true);
    s.leave();
    expect(s.disconnect('io client disconnect')).toEqual({ do: 'stay' });
    expect(s.disconnect('io server disconnect')).toEqual({ do: 'stay' });
    expect(s.connectFailed(refusal(REFUSALS.versionMismatch), memory(), 1000, RELOAD_MS)).toEqual({ do: 'stay' });
    expect(s.screen).toBe('left');
    expect(s.act()).toEqual({ do: 'knock', afterMs: 0 });
    expect(s.screen).toBe('reconnecting');

    const never = new PhoneSession('keptDreamer1');
    never.leave();
    never.act();
    expect(never.screen).toBe('joining');
  });
});

describe('the phone session: refusals', () => {
  it('a busy hub is asked again by itself; the button asks at once', () => {
    const s = new PhoneSession('keptDreamer1');
    expect(s.connectFailed(refusal(REFUSALS.full), memory(), 1000, RELOAD_MS)).toEqual({ do: 'knock', afterMs: KNOCK_AGAIN_MS });
    expect([s.screen, s.mustReload, s.refusal?.code]).toEqual(['refused', false, 'full']);
    // A refused phone losing its socket keeps its reason on screen.
    s.disconnect('transport close');
    expect(s.screen).toBe('refused');
    expect(s.act()).toEqual({ do: 'knock', afterMs: 0 });
  });

  it('an outdated page reloads itself once a minute at most, then offers the reload on its button', () => {
    const m = memory();
    const s = new PhoneSession('keptDreamer1');
    expect(s.connectFailed(refusal(REFUSALS.versionMismatch), m, 100_000, RELOAD_MS)).toEqual({ do: 'reload', afterMs: RELOAD_MS });
    expect(m.map.get(OUTDATED_RELOAD_KEY)).toBe('100000');
    expect(s.connectFailed(refusal(REFUSALS.versionMismatch), m, 100_000 + 1000, RELOAD_MS)).toEqual({ do: 'stay' });
    expect([s.screen, s.mustReload]).toEqual(['refused', true]);
    expect(s.act()).toEqual({ do: 'reload', afterMs: 0 });
    expect(s.connectFailed(refusal(REFUSALS.versionMismatch), m, 100_000 + OUTDATED_RELOAD_EVERY_MS, RELOAD_MS)).toEqual({ do: 'reload', afterMs: RELOAD_MS });
  });

  it('a bad handshake waits for the visitor; the welcome clears any refusal', () => {
    const s = new PhoneSession('keptDreamer1');
    expect(s.connectFailed(refusal(REFUSALS.badHandshake), memory(), 1000, RELOAD_MS)).toEqual({ do: 'stay' });
    expect(s.mustReload).toBe(true);
    s.welcome(welcome(), true);
    expect([s.refusal, s.mustReload, s.screen]).toEqual([null, false, 'dreaming']);
  });

  it('hostile refusals and a storage that throws: unknown codes are network failures, the policy still holds', () => {
    const s = new PhoneSession('keptDreamer1');
    for (const bad of [null, 'x', { data: { code: 'sauron' } }, { data: null }, { data: { code: 5 } }]) {
      expect(s.connectFailed(readRefusal(bad), throwing, 1000, RELOAD_MS)).toEqual({ do: 'stay' });
      expect(s.screen).toBe('joining');
    }
    expect(s.connectFailed(refusal(REFUSALS.versionMismatch), throwing, 1000, RELOAD_MS)).toEqual({ do: 'reload', afterMs: RELOAD_MS });
    expect(s.refusal?.message.length).toBeGreaterThan(0);
  });
});
