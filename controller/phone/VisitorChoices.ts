/**
 * The visitor's own choices on this phone: the language the page speaks, the text size on top of the
 * phone's own, and playing without drawing. Each change is kept (`preferences.ts` on the page) so a
 * later visit starts where the visitor left. Pure: the page passes in where choices are kept and
 * the browser's preferred languages, and renders what comes back.
 */
import type { Messages } from './i18n/messages.ts';
import { languageByCode, pickLanguage } from './i18n/language.ts';
import { nearestTextScale, TEXT_SCALES, type PreferenceKey } from './preferences.ts';

/** Where choices are kept (localStorage on the page; a storage that refuses simply forgets). */
export interface ChoiceStore {
  load(key: PreferenceKey): string | null;
  store(key: PreferenceKey, value: string): void;
}

/** See the module comment. One per page. */
export class VisitorChoices {
  /** The words the page speaks. */
  words: Messages;
  /** Playing without drawing: one large button does the phase's gesture. */
  simple: boolean;
  /** Text size on top of the phone's own, one of {@link TEXT_SCALES}. */
  textScale: number;

  /** @param preferred the browser's preferred languages (`navigator.languages`). */
  constructor(private readonly keep: ChoiceStore, preferred: readonly string[]) {
    this.words = pickLanguage(keep.load('language'), preferred);
    this.simple = keep.load('simple') === 'on';
    this.textScale = nearestTextScale(Number(keep.load('textScale') ?? 1));
  }

  /** @returns true when `code` is a language the phone ships (it is now spoken and kept). */
  chooseLanguage(code: string): boolean {
    const chosen = languageByCode(code);
    if (!chosen) return false;
    this.words = chosen;
    this.keep.store('language', chosen.code);
    return true;
  }

  /** One text size bigger (+1) or smaller (-1), held within the offered sizes. */
  stepText(by: number): void {
    const i = TEXT_SCALES.indexOf(this.textScale);
    this.textScale = TEXT_SCALES[Math.max(0, Math.min(TEXT_SCALES.length - 1, i + by))];
    this.keep.store('textScale', String(this.textScale));
  }

  /** Turns playing without drawing on or off. */
  toggleSimple(): void {
    this.simple = !this.simple;
    this.keep.store('simple', this.simple ? 'on' : 'off');
  }

  /** @returns true when the visitor has seen the first screen on an earlier visit. */
  get introSeen(): boolean {
    return this.keep.load('introSeen') === 'yes';
  }

  /** The visitor has seen the first screen: later visits skip it. */
  sawIntro(): void {
    this.keep.store('introSeen', 'yes');
  }
}
