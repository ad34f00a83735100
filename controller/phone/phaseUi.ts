/**
 * What the phone shows and does in each phase: the hub announces a {@link ControlMode}, the preset's
 * prompt and story line, and this module turns that into the page's control, in the phone's language
 * and for the way the visitor plays (drawing, or one large button). Pure: the page renders the result.
 */
import type { ControlMode } from '../../core/arc/phases.ts';
import type { PhaseInfo } from '../../core/protocol.ts';
import { assertNever } from '../../core/assertNever.ts';
import type { Messages } from './i18n/messages.ts';
import { phaseWords } from './i18n/language.ts';

/** What a touch means in a control. */
export type TouchMeaning =
  /** Drag draws a thread; a still tap releases a lantern. */
  | 'weave'
  /** Hold to shine; moving moves the light. */
  | 'shine'
  /** A tap on the heartbeat. */
  | 'pulse'
  /** A tap sends the echo from where it landed. */
  | 'release';

/** The page's control for one phase. */
export interface ControlView {
  control: ControlMode;
  /** The one-line prompt, a few words. */
  prompt: string;
  /** One or two plain sentences: what is happening and what the visitor can do. */
  story: string;
  /** A short how-to under the prompt, a few words (for drawing or for the button). */
  hint: string;
  /** Label of the touch area for screen readers. */
  label: string;
  /** The large button's label in play-without-drawing mode (and the screen-reader action). */
  button: string;
  touch: TouchMeaning;
  /** The page flickers gently (glitch); ignored under prefers-reduced-motion. */
  flicker: boolean;
  /** The heartbeat shows and vibrates. */
  heartbeat: boolean;
}

/** What the phone needs of the hub's phase message. */
export type PhaseText = Pick<PhaseInfo, 'phase' | 'control' | 'prompt' | 'story' | 'lines'>;

/**
 * @param info the phase, its control and the preset's words (from `welcome` or `phase`).
 * @param m the phone's language.
 * @param simple play without drawing: hints speak of the button.
 * @returns what the page shows.
 */
export function controlView(info: PhaseText, m: Messages, simple = false): ControlView {
  const { prompt, story } = phaseWords(m, info);
  const base = { prompt, story, control: info.control, flicker: false, heartbeat: false };
  switch (info.control) {
    case 'weave':
    case 'flicker': {
      const flicker = info.control === 'flicker';
      const drawHint = flicker ? m.hintFlicker : info.phase === 'festival' ? m.hintFestival : m.hintWeave;
      return { ...base, flicker, hint: simple ? m.simpleHintWeave : drawHint, label: m.canvasWeave, button: m.buttonWeave, touch: 'weave' };
    }
    case 'shine':
      return { ...base, hint: simple ? m.simpleHintShine : m.hintShine, label: m.canvasShine, button: m.buttonShine, touch: 'shine' };
    case 'pulse':
      return { ...base, heartbeat: true, hint: simple ? m.simpleHintPulse : m.hintPulse, label: m.canvasPulse, button: m.buttonPulse, touch: 'pulse' };
    case 'release':
      return { ...base, hint: simple ? m.simpleHintRelease : m.hintRelease, label: m.canvasRelease, button: m.buttonRelease, touch: 'release' };
    default:
      return assertNever(info.control, 'control');
  }
}
