/**
 * The words of the phone page, one table per language. Every label, prompt, story line and screen
 * text the visitor reads comes from a {@link Messages} table; a preset may override a phase's prompt
 * and story line per language (`lines` in the preset). English is the fallback for anything missing.
 */
import { PHASES, type PhaseName } from '../../../core/arc/phases.ts';
import { BLANK_PRESET } from '../../../core/presetDefaults.ts';
import type { Role } from '../../../core/dreamers.ts';
import type { RefusalCode } from '../../../core/protocolConstants.ts';

/** What one phase says on the phone. */
export interface PhaseWords {
  /** The one-line call to action, a few words ("Shine your light"). */
  prompt: string;
  /** One or two plain sentences: what is happening in the story and what the visitor can do. */
  story: string;
}

/** One character, as the phone introduces it. */
export interface CharacterWords {
  /** The name as written in this language ("Lyra", "ライラ"). */
  name: string;
  /** "Lyra, the DreamWeaver". */
  title: string;
  /** What the visitor's light does as this dreamer, one plain sentence. */
  does: string;
}

/** Every text on the phone page, in one language. */
export interface Messages {
  /** BCP 47 code, e.g. "es". */
  code: string;
  /** The language's own name, for the switch ("Español"). */
  name: string;
  /** Writing direction. */
  dir: 'ltr' | 'rtl';
  phases: Record<PhaseName, PhaseWords>;
  characters: Record<Role, CharacterWords>;
  /** "You dream with {name}". */
  dreamWith: string;
  /** First screen: where the story happens. */
  introTitle: string;
  introText: string;
  introStart: string;
  /** How-to lines under the prompt, per touch meaning, when drawing. */
  hintWeave: string;
  hintFestival: string;
  hintFlicker: string;
  hintShine: string;
  hintPulse: string;
  hintRelease: string;
  /** Screen-reader names of the drawing surface, per touch meaning. */
  canvasWeave: string;
  canvasShine: string;
  canvasPulse: string;
  canvasRelease: string;
  /** The big button of play-without-drawing mode, per touch meaning. */
  buttonWeave: string;
  buttonShine: string;
  buttonShining: string;
  buttonPulse: string;
  buttonRelease: string;
  /** How-to lines in play-without-drawing mode. */
  simpleHintWeave: string;
  simpleHintShine: string;
  simpleHintPulse: string;
  simpleHintRelease: string;
  /** Settings. */
  settings: string;
  language: string;
  textSize: string;
  textBigger: string;
  textSmaller: string;
  simpleOn: string;
  simpleOff: string;
  leave: string;
  close: string;
  tilt: string;
  tiltOn: string;
  tiltOff: string;
  /** Screens. */
  enteringTitle: string;
  enteringText: string;
  lookingTitle: string;
  lookingText: string;
  reconnectingTitle: string;
  reconnectingText: string;
  fullTitle: string;
  fullNext: string;
  /** "{n} dreamers are ahead of you…": {n} is replaced. */
  fullAhead: string;
  fullAheadOne: string;
  refusedTitle: string;
  reload: string;
  tryAgain: string;
  leftTitle: string;
  leftText: string;
  comeBack: string;
  /** Why the hub refused, by refusal code. */
  refusals: Record<RefusalCode, string>;
}

/** English: the fallback table and the source the others are written from. */
export const en: Messages = {
  code: 'en',
  name: 'English',
  dir: 'ltr',
  // The default preset's words are the English ones: one source for the wall's preset and the phone.
  phases: Object.fromEntries(PHASES.map((p) => [p, { prompt: BLANK_PRESET.phases[p].prompt, story: BLANK_PRESET.phases[p].story }])) as Record<PhaseName, PhaseWords>,
  characters: {
    lyra: { name: 'Lyra', title: 'Lyra, the DreamWeaver', does: 'Your light draws long woven threads.' },
    remy: { name: 'Remy', title: 'Remy, the philosopher', does: 'Your light is a warm, steady lamp.' },
    tara: { name: 'Tara', title: 'Tara, Lyra’s little sister', does: 'Your light bursts into sparkles.' },
    brian: { name: 'Brian', title: 'Brian, the inventor', does: 'Your light draws fast, sharp streaks.' },
  },
  dreamWith: 'You dream with {name}',
  introTitle: 'Look at the big screen',
  introText: 'The story happens there. Your phone adds your light to it.',
  introStart: 'Start',
  hintWeave: 'Drag to draw light · tap for a lantern',
  hintFestival: 'Tap to release a lantern · drag to draw light',
  hintFlicker: 'Hold on — keep drawing',
  hintShine: 'Hold a finger where the shadows are',
  hintPulse: 'Tap with the heartbeat',
  hintRelease: 'Tap to send it up',
  canvasWeave: 'Dream canvas: drag to draw threads of light, tap to release a lantern',
  canvasShine: 'Dark canvas: hold a finger down to shine light where the shadows are',
  canvasPulse: 'Heartbeat: tap anywhere on the beat, together with everyone',
  canvasRelease: 'Sky: tap to release your echo into the sky',
  buttonWeave: 'Weave light',
  buttonShine: 'Hold to shine',
  buttonShining: 'Shining…',
  buttonPulse: 'Beat',
  buttonRelease: 'Release your echo',
  simpleHintWeave: 'Press the button to weave a burst of light',
  simpleHintShine: 'Press and hold the button to shine',
  simpleHintPulse: 'Press the button with the heartbeat',
  simpleHintRelease: 'Press the button to send your echo up',
  settings: 'Settings',
  language: 'Language',
  textSize: 'Text size',
  textBigger: 'Bigger text',
  textSmaller: 'Smaller text',
  simpleOn: 'Play without drawing',
  simpleOff: 'Play by drawing',
  leave: 'Leave the dream',
  close: 'Close',
  tilt: 'Steer by tilting',
  tiltOn: 'Tilt your phone to steer the dream.',
  tiltOff: 'Tilt is off; touch works just the same.',
  enteringTitle: 'Entering the dream…',
  enteringText: 'Hold on a moment.',
  lookingTitle: 'Looking for the dream…',
  lookingText: 'Stay on the venue’s Wi-Fi; this page joins by itself.',
  reconnectingTitle: 'The dream is reconnecting…',
  reconnectingText: 'Stay with us: your dreamer is kept for you.',
  fullTitle: 'The dream is full just now',
  fullNext: 'You’re next: you’ll join the moment a place frees up.',
  fullAhead: '{n} dreamers are ahead of you. Keep this page open; you’ll join by yourself.',
  fullAheadOne: '1 dreamer is ahead of you. Keep this page open; you’ll join by yourself.',
  refusedTitle: 'The dream cannot open here',
  reload: 'Reload',
  tryAgain: 'Try again',
  leftTitle: 'You have left the dream',
  leftText: 'Your dreamer is kept for you. Come back whenever you like.',
  comeBack: 'Come back',
  refusals: {
    'version-mismatch': 'This page is out of date. Reload it to join.',
    'bad-handshake': 'This page could not introduce itself. Reload it to join.',
    'bad-token': 'This page is not allowed here.',
    'too-many-attempts': 'Too many tries. Wait a moment and try again.',
    'origin-denied': 'Open the dream from the link on the big screen.',
    full: 'The dream is full just now. Try again in a moment.',
    'malformed-message': 'Something went wrong. Reload the page.',
    'rate-limited': 'Too fast! Wait a moment and try again.',
    'not-allowed': 'This phone cannot join right now.',
    'address-full': 'Too many phones from this network. Ask the staff, or try again in a moment.',
    'bad-wall-token': 'This screen is not one of the venue\'s own.',
  },
};
