import { describe, it, expect } from 'vitest';
import { controlView } from '../../controller/phone/phaseUi.ts';
import { readPace, readPhaseInfo, readRefusal, readWaiting, readWelcome } from '../../controller/phone/hubMessages.ts';
import { PHASES, PHASE_CONTROLS } from '../../core/arc/phases.ts';

describe('phase → phone control', () => {
  it('gives every phase its control and a one-line prompt', () => {
    const touches = PHASES.map((phase) => {
      const view = controlView({ phase, control: PHASE_CONTROLS[phase], prompt: '' });
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
    expect(controlView({ phase: 'nightmare', control: 'shine', prompt: '  Hold back the shadows ' }).prompt).toBe('Hold back the shadows');
    expect(controlView({ phase: 'nightmare', control: 'shine', prompt: '' }).prompt).toBe('Shine your light');
    expect(controlView({ phase: 'confrontation', control: 'pulse', prompt: '' }).prompt).toBe('Pulse together');
    expect(controlView({ phase: 'dawn', control: 'release', prompt: '' }).prompt).toBe('Release your echo');
  });

  it('follows the control the hub names even when a preset moves it to another phase', () => {
    expect(controlView({ phase: 'serene', control: 'pulse', prompt: 'Breathe' }).touch).toBe('pulse');
  });
});

describe('reading hub messages', () => {
  const welcome = {
    dreamer: 'abcDEF12_-', handle: 3, role: 'tara', colour: '#ff8fab', name: 'Tara', trait: "Tara's wonder",
    phase: 'nightmare', control: 'shine', prompt: 'Shine your light', beat: { bpm: 50, origin: 12 }, hubTime: 99, maxRate: 30,
  };

  it('accepts a well-formed welcome and phase', () => {
    expect(readWelcome(welcome)).toEqual(welcome);
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
