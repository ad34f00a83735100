import { describe, it, expect } from 'vitest';
import { identityWords, screenWords, type ScreenState } from '../../../controller/phone/screenWords.ts';
import { LANGUAGES } from '../../../controller/phone/i18n/language.ts';
import { en } from '../../../controller/phone/i18n/messages.ts';
import { REFUSALS } from '../../../core/protocolConstants.ts';
import { REFUSAL_CODES } from '../../../core/wire/common.ts';

const state = (over: Partial<ScreenState>): ScreenState => ({ screen: 'joining', role: null, waiting: null, refusal: null, lookingForHub: false, mustReload: false, ...over });

describe('the phone overlay words', () => {
  it('joining says "entering", or "looking" once no hub answered', () => {
    expect(screenWords(state({}), en)).toMatchObject({ title: en.enteringTitle, text: en.enteringText, action: null });
    expect(screenWords(state({ lookingForHub: true }), en)).toMatchObject({ title: en.lookingTitle, text: en.lookingText, action: null });
  });

  it('the intro names the character the visitor dreams with and what they do', () => {
    const o = screenWords(state({ screen: 'intro', role: 'tara' }), en);
    expect(o.action).toBe(en.introStart);
    expect(o.who).toContain(en.characters.tara.title);
    expect(o.does).toBe(en.characters.tara.does);
    // No role yet (cannot happen after a welcome, but never a blank card).
    expect(screenWords(state({ screen: 'intro' }), en).who).toContain(en.characters.lyra.title);
  });

  it('the queue counts the phones ahead', () => {
    const at = (position: number) => screenWords(state({ screen: 'waiting', waiting: { position, capacity: 10 } }), en).text;
    expect(at(1)).toBe(en.fullNext);
    expect(at(2)).toBe(en.fullAheadOne);
    expect(at(5)).toContain('4');
  });

  it('every refusal has its sentence in every language, and the button reloads only when a reload cures it', () => {
    for (const w of LANGUAGES) {
      for (const code of REFUSAL_CODES) {
        const o = screenWords(state({ screen: 'refused', refusal: { code, message: '' }, mustReload: code === REFUSALS.versionMismatch }), w);
        expect(o.text.length, `${w.code} ${code}`).toBeGreaterThan(0);
        expect(o.action).toBe(code === REFUSALS.versionMismatch ? w.reload : w.tryAgain);
      }
    }
  });

  it('dreaming has no overlay; leaving offers the way back', () => {
    expect(screenWords(state({ screen: 'dreaming' }), en)).toEqual({ title: '', text: '', action: null, who: '', does: '' });
    expect(screenWords(state({ screen: 'left' }), en)).toMatchObject({ title: en.leftTitle, action: en.comeBack });
    expect(screenWords(state({ screen: 'reconnecting' }), en)).toMatchObject({ title: en.reconnectingTitle, action: null });
  });

  it('the identity line names the character, or says "entering" before the welcome', () => {
    expect(identityWords(null, en)).toBe(en.enteringTitle);
    expect(identityWords('brian', en)).toContain(en.characters.brian.name);
  });
});
