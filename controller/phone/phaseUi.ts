/**
 * What the phone shows and does in each phase: the hub announces a {@link ControlMode} and the preset's
 * one-line prompt, and this module turns that into the page's control. Pure: the page reads the
 * result and renders it.
 */
import type { ControlMode, PhaseName } from '../../core/arc/phases.ts';
import { assertNever } from '../../core/assertNever.ts';

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
  /** The one-line prompt (the preset's, or the lookbook's when the preset has none). */
  prompt: string;
  /** A short how-to under the prompt, a few words. */
  hint: string;
  /** Label of the touch area for screen readers. */
  label: string;
  touch: TouchMeaning;
  /** The page flickers gently (glitch); ignored under prefers-reduced-motion. */
  flicker: boolean;
  /** The heartbeat shows and vibrates. */
  heartbeat: boolean;
}

/** Lookbook prompts, used when a preset gives an empty one. */
const FALLBACK_PROMPTS: Readonly<Record<ControlMode, string>> = {
  weave: 'Weave a dream',
  flicker: 'The dream is glitching…',
  shine: 'Shine your light',
  pulse: 'Pulse together',
  release: 'Release your echo',
};

/**
 * @param info the phase, its control and the preset's prompt (from `welcome` or `phase`).
 * @returns what the page shows.
 */
export function controlView(info: { phase: PhaseName; control: ControlMode; prompt: string }): ControlView {
  const prompt = info.prompt.trim() || FALLBACK_PROMPTS[info.control];
  switch (info.control) {
    case 'weave':
      return {
        control: 'weave',
        prompt,
        hint: info.phase === 'festival' ? 'Tap to release a lantern · drag to draw light' : 'Drag to draw light · tap for a lantern',
        label: 'Dream canvas: drag to draw threads of light, tap to release a lantern',
        touch: 'weave',
        flicker: false,
        heartbeat: false,
      };
    case 'flicker':
      return {
        control: 'flicker',
        prompt,
        hint: 'Hold on — keep drawing',
        label: 'Dream canvas, glitching: drag to draw threads of light, tap to release a lantern',
        touch: 'weave',
        flicker: true,
        heartbeat: false,
      };
    case 'shine':
      return {
        control: 'shine',
        prompt,
        hint: 'Hold a finger where the shadows are',
        label: 'Dark canvas: hold a finger down to shine light where the shadows are',
        touch: 'shine',
        flicker: false,
        heartbeat: false,
      };
    case 'pulse':
      return {
        control: 'pulse',
        prompt,
        hint: 'Tap with the heartbeat',
        label: 'Heartbeat: tap anywhere on the beat, together with everyone',
        touch: 'pulse',
        flicker: false,
        heartbeat: true,
      };
    case 'release':
      return {
        control: 'release',
        prompt,
        hint: 'Tap to send it up',
        label: 'Sky: tap to release your echo into the sky',
        touch: 'release',
        flicker: false,
        heartbeat: false,
      };
    default:
      return assertNever(info.control, 'control');
  }
}
