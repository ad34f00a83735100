import { describe, it, expect } from 'vitest';
import { controlView, type PhaseText } from '../../../controller/phone/phaseUi.ts';
import { en } from '../../../controller/phone/i18n/messages.ts';
import { es } from '../../../controller/phone/i18n/es.ts';
import { readPace, readPhaseInfo, readRefusal, readWaiting, readWelcome } from '../../../controller/phone/hubMessages.ts';
import { PHASES, PHASE_CONTROLS } from '../../../core/arc/phases.ts';

const text = (over: Partial<PhaseText> & Pick<PhaseText, 'phase'>): PhaseText => ({ control: PHASE_CONTROLS[over.phase], prompt: '', story: '', lines: {}, ...over });

describe('phase → phone control', () => {
  it('gives every phase its control, a one-line prompt and a story line', () => {
    const touches = PHASES.map((phase) => {
      const view = controlView(text({ phase }), en);
      expect(view.story.length).toBeGreaterThan(view.prompt.length);
      expect(view.control).toBe(PHASE_CONTROLS[phase]);
      expect(view.prompt.length).toBeGreaterThan(0);
      expect(view.prompt).not.toMatch(/\n/);
      expect(view.label.length).toBeGreaterThan(view.prompt.length);
      return [phase, view.touch, view.flicker, view.heartbeat];
    });
    expect(touches).toEqual([
      ['serene', 'weave', false, false],
      ['festival', 'weave', false, false],
      ['upgrade', 'weave', false, false],
      ['glitch', 'weave', true, false],
      ['nightmare', 'shine', false, false],
      ['confrontation', 'pulse', false, true],
      ['dawn', 'release', false, false],
    ]);
  });

  it('uses the preset prompt when there is one, the lookbook line otherwise', () => {
    expect(controlView(text({ phase: 'nightmare', prompt: '  Hold back the shadows ' }), en).prompt).toBe('Hold back the shadows');
    expect(controlView(text({ phase: 'nightmare' }), en).prompt).toBe('Shine your light');
    expect(controlView(text({ phase: 'confrontation' }), en).prompt).toBe('Pulse together');
    expect(controlView(text({ phase: 'dawn' }), en).prompt).toBe('Release your echo');
    expect(controlView(text({ phase: 'nightmare', story: 'The shadows are Tara’s fears.' }), en).story).toBe('The shadows are Tara’s fears.');
  });

  it('speaks the phone’s language: its own translation, or the preset’s lines for that language', () => {
    const nightmare = controlView(text({ phase: 'nightmare', prompt: 'Hold back the shadows' }), es);
    // An English preset prompt is not shown to a Spanish phone: its own words are.
    expect(nightmare.prompt).toBe('Haz brillar tu luz');
    expect(nightmare.story).toMatch(/Tara/);
    expect(nightmare.hint).toBe(es.hintShine);
    const own = controlView(text({ phase: 'nightmare', lines: { es: { prompt: 'Aleja las sombras' } } }), es);
    expect(own.prompt).toBe('Aleja las sombras');
    expect(own.story).toBe(es.phases.nightmare.story);
  });

  it('speaks of the button, not of drawing, when the visitor plays without drawing', () => {
    for (const phase of PHASES) {
      const drawing = controlView(text({ phase }), en);
      const button = controlView(text({ phase }), en, true);
      expect(button.touch).toBe(drawing.touch);
      expect(button.hint).not.toBe(drawing.hint);
      expect(button.hint).toMatch(/button/);
      expect(button.button.length).toBeGreaterThan(0);
    }
  });

  it('follows the control the hub names even when a preset moves it to another phase', () => {
    expect(controlView(text({ phase: 'serene', control: 'pulse', prompt: 'Breathe' }), en).touch).toBe('pulse');
  });
});

describe('reading hub messages', () => {
  const welcome = {
    dreamer: 'abcDEF12_-', handle: 3, role: 'tara', colour: '#ff8fab', name: 'Tara', trait: "Tara's wonder",
    phase: 'nightmare', control: 'shine', prompt: 'Shine your light', story: 'Tara is lost.', lines: {}, beat: { bpm: 50, origin: 12 }, hubTime: 99, maxRate: 30,
  };

  it('accepts a well-formed welcome and phase', () => {
    expect(readWelcome(welcome)).toEqual(welcome);
    expect(readPhaseInfo({ ...welcome, lines: { fr: { prompt: 'Brille', story: 'Tara est perdue.' } } })?.lines).toEqual({ fr: { prompt: 'Brille', story: 'Tara est perdue.' } });
    expect(readPhaseInfo({ phase: 'dawn', control: 'release', prompt: 'x', beat: { bpm: 60, origin: 0 }, hubTime: 5 })?.control).toBe('release');
  });

  it('refuses malformed ones rather than guessing', () => {
    expect(readWelcome({ ...welcome, dreamer: 'short' })).toBeNull();
    expect(readWelcome({ ...welcome, role: 'sauron' })).toBeNull();
    expect(readWelcome({ ...welcome, beat: { bpm: 0, origin: 0 } })).toBeNull();
    expect(readPhaseInfo({ phase: 'limbo', beat: { bpm: 60, origin: 0 } })).toBeNull();
    expect(readPhaseInfo(null)).toBeNull();
    expect(readPhaseInfo('serene')).toBeNull();
    expect(readWelcome({ ...welcome, colour: 'red' })?.colour).toBe('#f5e6ff');
    expect(readWelcome({ ...welcome, maxRate: 500 })?.maxRate).toBe(30);
    expect(readPhaseInfo({ phase: 'glitch', beat: { bpm: 60, origin: 0 } })?.control).toBe('flicker');
  });

  it('keeps only language-coded, string lines, and none of them can reach Object.prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prompt": "x"}, "es": {"prompt": 5, "story": "Hola"}, "x y": {"prompt": "no"}}');
    const info = readPhaseInfo({ ...welcome, lines: hostile });
    expect(info?.lines).toEqual({ es: { story: 'Hola' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(readPhaseInfo({ ...welcome, lines: 'all of them' })?.lines).toEqual({});
    expect(readPhaseInfo({ ...welcome, story: 42 })?.story).toBe('');
  });

  it('reads refusals and waiting places', () => {
    const err = Object.assign(new Error('refused'), { data: { code: 'version-mismatch', message: 'Reload the page.' } });
    expect(readRefusal(err)).toEqual({ code: 'version-mismatch', message: 'Reload the page.' });
    expect(readRefusal(new Error('xhr poll error'))).toBeNull();
    expect(readRefusal(Object.assign(new Error('x'), { data: { code: 'nope' } }))).toBeNull();
    expect(readWaiting({ position: 2, capacity: 100 })).toEqual({ position: 2, capacity: 100 });
    expect(readWaiting({ position: 'first' })).toBeNull();
  });

  it('reads the pace a busy hub asks for, clamped to 1..30 messages a second', () => {
    expect(readPace({ maxRate: 15 })).toBe(15);
    expect(readPace({ maxRate: 120 })).toBe(30);
    expect(readPace({ maxRate: 0.2 })).toBe(1);
    expect(readPace({ maxRate: 0 })).toBeNull();
    expect(readPace({ maxRate: '15' })).toBeNull();
    expect(readPace(null)).toBeNull();
  });
});
