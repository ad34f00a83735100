/**
 * What the phone's overlay says on each screen, in the visitor's language: a title, a sentence or
 * two, the one button's label (or none), and on the intro who the visitor dreams with and what that
 * character does. Pure: the page renders the result (`PhoneView.ts`), and says it aloud.
 */
import { assertNever } from '../../core/assertNever.ts';
import type { Messages } from './i18n/messages.ts';
import { fill } from './i18n/language.ts';
import type { PhoneSession } from './PhoneSession.ts';

/** The overlay of one screen. */
export interface ScreenWords {
  title: string;
  text: string;
  /** The button's label, or null when the screen has no button. */
  action: string | null;
  /** Intro only: "You dream with …". */
  who: string;
  /** Intro only: what the character does. */
  does: string;
}

/** The session fields the overlay reads. */
export type ScreenState = Pick<PhoneSession, 'screen' | 'role' | 'waiting' | 'refusal' | 'lookingForHub' | 'mustReload'>;

/**
 * @returns the overlay for the session's screen; on `dreaming` there is no overlay and every field
 * is empty.
 */
export function screenWords(s: ScreenState, w: Messages): ScreenWords {
  const out: ScreenWords = { title: '', text: '', action: null, who: '', does: '' };
  switch (s.screen) {
    case 'dreaming':
      break;
    case 'joining':
      [out.title, out.text] = s.lookingForHub ? [w.lookingTitle, w.lookingText] : [w.enteringTitle, w.enteringText];
      break;
    case 'intro': {
      const role = s.role ?? 'lyra';
      out.title = w.introTitle;
      out.text = w.introText;
      out.action = w.introStart;
      out.who = fill(w.dreamWith, { name: w.characters[role].title });
      out.does = w.characters[role].does;
      break;
    }
    case 'reconnecting':
      [out.title, out.text] = [w.reconnectingTitle, w.reconnectingText];
      break;
    case 'waiting': {
      const ahead = (s.waiting?.position ?? 1) - 1;
      out.title = w.fullTitle;
      out.text = ahead === 0 ? w.fullNext : ahead === 1 ? w.fullAheadOne : fill(w.fullAhead, { n: ahead });
      break;
    }
    case 'refused': {
      const code = s.refusal?.code;
      out.title = w.refusedTitle;
      out.text = code ? w.refusals[code] : '';
      out.action = s.mustReload ? w.reload : w.tryAgain;
      break;
    }
    case 'left':
      [out.title, out.text, out.action] = [w.leftTitle, w.leftText, w.comeBack];
      break;
    default:
      assertNever(s.screen, 'screen');
  }
  return out;
}

/** @returns the identity line under the mark: who the visitor dreams with, or "entering". */
export function identityWords(role: PhoneSession['role'], w: Messages): string {
  return role ? fill(w.dreamWith, { name: w.characters[role].name }) : w.enteringTitle;
}
