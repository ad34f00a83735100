import { describe, it, expect } from 'vitest';
import { VisitorChoices, type ChoiceStore } from '../../../controller/phone/VisitorChoices.ts';
import { TEXT_SCALES, type PreferenceKey } from '../../../controller/phone/preferences.ts';

function store(initial: Partial<Record<PreferenceKey, string>> = {}): ChoiceStore & { kept: Partial<Record<PreferenceKey, string>> } {
  const kept = { ...initial };
  return { kept, load: (k) => kept[k] ?? null, store: (k, v) => void (kept[k] = v) };
}

describe("the visitor's choices", () => {
  it("speaks the visitor's own choice first, then the browser's, then English", () => {
    expect(new VisitorChoices(store({ language: 'fr' }), ['de-DE']).words.code).toBe('fr');
    expect(new VisitorChoices(store(), ['es-MX', 'en']).words.code).toBe('es');
    expect(new VisitorChoices(store(), ['xx']).words.code).toBe('en');
  });

  it('keeps a chosen language, and ignores one the phone does not ship', () => {
    const s = store();
    const c = new VisitorChoices(s, ['en']);
    expect(c.chooseLanguage('ja')).toBe(true);
    expect([c.words.code, s.kept.language]).toEqual(['ja', 'ja']);
    expect(c.chooseLanguage('__proto__')).toBe(false);
    expect(c.chooseLanguage('')).toBe(false);
    expect(c.words.code).toBe('ja');
  });

  it('steps the text size within the offered sizes and keeps it', () => {
    const s = store();
    const c = new VisitorChoices(s, ['en']);
    expect(c.textScale).toBe(1);
    c.stepText(-1);
    expect(c.textScale).toBe(1);
    for (let i = 0; i < 10; i++) c.stepText(1);
    expect(c.textScale).toBe(TEXT_SCALES[TEXT_SCALES.length - 1]);
    expect(s.kept.textScale).toBe(String(TEXT_SCALES[TEXT_SCALES.length - 1]));
  });

  it('reads hostile kept values as the nearest sane choice', () => {
    for (const textScale of ['NaN', 'Infinity', '-5', '1e308', 'abc', '']) {
      const c = new VisitorChoices(store({ textScale, simple: 'maybe', language: '<script>' }), ['en']);
      expect(TEXT_SCALES).toContain(c.textScale);
      expect(c.simple).toBe(false);
      expect(c.words.code).toBe('en');
    }
  });

  it('turns playing without drawing on and off, and remembers the intro was seen', () => {
    const s = store();
    const c = new VisitorChoices(s, ['en']);
    c.toggleSimple();
    expect([c.simple, s.kept.simple]).toEqual([true, 'on']);
    c.toggleSimple();
    expect([c.simple, s.kept.simple]).toEqual([false, 'off']);
    expect(c.introSeen).toBe(false);
    c.sawIntro();
    expect(new VisitorChoices(s, ['en']).introSeen).toBe(true);
  });
});
