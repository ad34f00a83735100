import { describe, expect, it } from 'vitest';
import { LANGUAGES, fill, languageByCode, phaseWords, pickLanguage } from '../../../../controller/phone/i18n/language.ts';
import { en } from '../../../../controller/phone/i18n/messages.ts';
import { PHASES } from '../../../../core/arc/phases.ts';
import { ROLES } from '../../../../core/dreamers.ts';
import { REFUSALS } from '../../../../core/protocolConstants.ts';
import { BLANK_PRESET } from '../../../../core/presetDefaults.ts';

/** Every string leaf of a table, by path. */
function leaves(v: unknown, path = ''): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k));
}

describe('the phone’s languages', () => {
  it('ships English, Spanish, French, German, Japanese and Arabic (right to left)', () => {
    expect(LANGUAGES.map((m) => m.code)).toEqual(['en', 'es', 'fr', 'de', 'ja', 'ar']);
    expect(LANGUAGES.filter((m) => m.dir === 'rtl').map((m) => m.code)).toEqual(['ar']);
  });

  it('has every text in every language, translated rather than copied from English', () => {
    const english = new Map(leaves(en));
    for (const m of LANGUAGES) {
      const texts = leaves(m);
      expect(texts.map(([p]) => p).sort()).toEqual([...english.keys()].sort());
      for (const [path, text] of texts) expect(text.trim().length, `${m.code} ${path}`).toBeGreaterThan(0);
      if (m.code === 'en') continue;
      // Names of the characters may stay as they are; sentences may not.
      const copied = texts.filter(([path, text]) => text === english.get(path) && !/\.name$|^code$|^dir$/.test(path) && text.length > 12);
      expect(copied, m.code).toEqual([]);
    }
  });

  it('keeps every line short enough for a phone', () => {
    for (const m of LANGUAGES) {
      for (const p of PHASES) {
        expect(m.phases[p].prompt.length, `${m.code} ${p} prompt`).toBeLessThanOrEqual(60);
        expect(m.phases[p].story.length, `${m.code} ${p} story`).toBeLessThanOrEqual(140);
      }
      for (const r of ROLES) expect(m.characters[r].title.length).toBeLessThanOrEqual(40);
      for (const code of Object.values(REFUSALS)) expect(m.refusals[code].length).toBeGreaterThan(0);
    }
  });

  it('takes the English words of the phases from the default preset (one source)', () => {
    for (const p of PHASES) expect(en.phases[p]).toEqual({ prompt: BLANK_PRESET.phases[p].prompt, story: BLANK_PRESET.phases[p].story });
  });

  it('picks the visitor’s choice, then the browser’s languages by tag or base, then English', () => {
    expect(pickLanguage('fr', ['de-DE']).code).toBe('fr');
    expect(pickLanguage(null, ['es-MX', 'en']).code).toBe('es');
    expect(pickLanguage(null, ['pt-BR', 'JA']).code).toBe('ja');
    expect(pickLanguage('xx', ['zz']).code).toBe('en');
    expect(pickLanguage(null, []).code).toBe('en');
    expect(languageByCode('__proto__')).toBeNull();
  });

  it('lets the preset’s lines for a language win, and ignores inherited keys', () => {
    const info = { phase: 'dawn' as const, prompt: 'Let go', story: 'Morning.', lines: { de: { story: 'Morgen.' } } };
    expect(phaseWords(en, info)).toEqual({ prompt: 'Let go', story: 'Morning.' });
    const de = languageByCode('de')!;
    expect(phaseWords(de, info)).toEqual({ prompt: de.phases.dawn.prompt, story: 'Morgen.' });
    const inherited = Object.create({ de: { prompt: 'geerbt' } }) as Record<string, { prompt?: string }>;
    expect(phaseWords(de, { ...info, lines: inherited }).prompt).toBe(de.phases.dawn.prompt);
  });

  it('fills templates and leaves unknown keys visible', () => {
    expect(fill('{n} dreamers are ahead', { n: 3 })).toBe('3 dreamers are ahead');
    expect(fill('{x} and {n}', { n: 1 })).toBe('{x} and 1');
    expect(fill('{constructor}', {})).toBe('{constructor}');
  });
});
