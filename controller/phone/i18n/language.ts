/**
 * Which language the phone speaks, and the words of a phase in it. Pure: the page passes in what the
 * browser prefers and what the visitor chose, and renders what comes back.
 */
import type { PhaseInfo } from '../../../core/protocol.ts';
import { en, type Messages, type PhaseWords } from './messages.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { de } from './de.ts';
import { ja } from './ja.ts';
import { ar } from './ar.ts';

/** Every language the phone ships, in the order the switch offers them. */
export const LANGUAGES: readonly Messages[] = [en, es, fr, de, ja, ar];

/** @returns the table for an exact code, or null. */
export function languageByCode(code: string | null | undefined): Messages | null {
  if (!code) return null;
  return LANGUAGES.find((m) => m.code === code) ?? null;
}

/**
 * The language to speak: the visitor's own choice if it is one we ship, else the first of the
 * browser's preferred languages we ship (exact, then by its base: "es-MX" → "es"), else English.
 * @param chosen the code the visitor picked before (localStorage), or null.
 * @param preferred `navigator.languages` (or `[navigator.language]`).
 */
export function pickLanguage(chosen: string | null, preferred: readonly string[]): Messages {
  const own = languageByCode(chosen);
  if (own) return own;
  for (const tag of preferred) {
    const exact = LANGUAGES.find((m) => m.code.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split('-')[0].toLowerCase();
    const byBase = LANGUAGES.find((m) => m.code === base);
    if (byBase) return byBase;
  }
  return en;
}

/**
 * A phase's prompt and story in the phone's language. The preset's own lines for that language win;
 * in English the preset's prompt and story are used (they are written in English); otherwise the
 * phone's translation of the default words.
 */
export function phaseWords(m: Messages, info: Pick<PhaseInfo, 'phase' | 'prompt' | 'story' | 'lines'>): PhaseWords {
  const own = Object.prototype.hasOwnProperty.call(info.lines, m.code) ? info.lines[m.code] : undefined;
  const table = m.phases[info.phase];
  const english = m.code === 'en';
  return {
    prompt: own?.prompt?.trim() || (english ? info.prompt.trim() : '') || table.prompt,
    story: own?.story?.trim() || (english ? info.story.trim() : '') || table.story,
  };
}

/** @returns `template` with each `{key}` replaced by `values[key]`. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole));
}

