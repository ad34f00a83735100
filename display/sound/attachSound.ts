/**
 * The soundscape's entry point on the wall: starts the score at once when the browser allows
 * autoplay (the kiosk runs Chromium with `--autoplay-policy=no-user-gesture-required`), otherwise
 * shows a clear "click to start sound" prompt; then follows every show frame.
 */
import * as Tone from 'tone';
import type { FrameGesture, ShowFrame } from '../../core/protocol.ts';
import type { Preset } from '../../core/preset.ts';
import { SoundEngine, DEFAULT_LOOK_AHEAD } from './SoundEngine.ts';

/** What the display page hands the soundscape. */
export interface SoundscapeOptions {
  /**
   * Registers a listener for every show frame (≈30 Hz) with the preset in force, and for each
   * batch of gestures between frames (`batch` set, with the last frame); returns an unsubscribe.
   */
  subscribe(listener: (frame: ShowFrame, preset: Preset, batch: readonly FrameGesture[] | null) => void): () => void;
  /** Element the start prompt is mounted in (the wall's overlay layer, which blackout dims). */
  root: HTMLElement;
  /**
   * Hub time minus this page's `performance.now()`, ms, from the wall's clock samples (null until
   * known, or without a hub): with it every wall hears the score's steps at the same moment.
   */
  hubClock?: () => number | null;
}

/** A running soundscape. */
export interface Soundscape {
  /** Stops listening, silences and frees every audio node and the prompt. */
  dispose(): void;
}

/** Read-only figures for tests and the operator's health view (`window.__dreamscapeSound`). */
export interface SoundHook {
  /** Audio is running and the score is playing. */
  readonly started: boolean;
  /** The start prompt is showing (autoplay was blocked). */
  readonly prompting: boolean;
  /** Voices sounding now, and the cap. */
  readonly voicesInUse: number;
  readonly voiceCap: number;
  /** Notes scheduled since start. */
  readonly notesPlayed: number;
  /** Notes that took over a sounding voice, and crowd notes folded into others. */
  readonly stolen: number;
  readonly merged: number;
  /** Audio nodes alive (0 after dispose). */
  readonly nodeCount: number;
  /** Output peak over the last metered block, dBFS. */
  readonly lastPeak: number;
  /** Scheduling look-ahead in force, seconds. */
  readonly lookAhead: number;
  /**
   * The score's grid this wall plays: its next step, when (hub ms), when it is heard here (epoch
   * ms, comparable between pages on one machine) and a step's length (ms); null before sound starts.
   */
  readonly grid: { step: number; hubMs: number; heardAtMs: number; stepMs: number } | null;
}

declare global {
  interface Window {
    __dreamscapeSound?: SoundHook;
  }
}

/** How long to wait for a suspended context to resume by itself before asking for a click, ms. */
const AUTOPLAY_WAIT_MS = 400;

/**
 * Attaches the soundscape to the wall.
 * @returns a handle whose `dispose()` frees everything it made.
 */
export function attachSoundscape(options: SoundscapeOptions): Soundscape {
  let engine: SoundEngine | null = null;
  // Kept after dispose so the hook can show that every node was freed.
  let built: SoundEngine | null = null;
  let disposed = false;
  let preset: Preset | null = null;
  let prompt: HTMLButtonElement | null = null;
  let lookAhead = DEFAULT_LOOK_AHEAD;

  const context = Tone.getContext();

  /**
   * An audio-clock time (s) and the `performance.now()` (ms) at which it is heard: the output
   * timestamp (which counts the device's output latency) once the context reports one. Reused, so
   * following a frame allocates nothing of ours.
   */
  const anchor = { audio: 0, perf: 0 };
  const readAnchor = (): typeof anchor => {
    const raw = context.rawContext as unknown as { getOutputTimestamp?: () => AudioTimestamp };
    const ts = typeof raw.getOutputTimestamp === 'function' ? raw.getOutputTimestamp() : null;
    if (ts && ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.contextTime > 0 && ts.performanceTime > 0) {
      anchor.audio = ts.contextTime;
      anchor.perf = ts.performanceTime;
    } else {
      anchor.audio = context.currentTime;
      anchor.perf = performance.now();
    }
    return anchor;
  };

  /** Seconds to add to a hub time (s) for the audio time it is heard at here; null without a clock. */
  const hubToAudio = (): number | null => {
    const hubMinusPerf = options.hubClock?.() ?? null;
    if (hubMinusPerf === null || !Number.isFinite(hubMinusPerf)) return null;
    const { audio, perf } = readAnchor();
    return audio - (perf + hubMinusPerf) / 1000;
  };

  const start = (): void => {
    if (disposed || engine || !preset || context.state !== 'running') return;
    lookAhead = preset.sound.lookAhead;
    // Tone's own scheduling (used by nothing of ours, but by any Tone helper) gets the same short look-ahead.
    context.lookAhead = lookAhead;
    engine = new SoundEngine({ voices: preset.sound.voices, lookAhead, meter: true });
    built = engine;
    removePrompt();
  };

  const showPrompt = (): void => {
    if (prompt || disposed) return;
    const button = document.createElement('button');
    button.type = 'button';
    // Text only: the wall's one typeface has no emoji, and the kiosk may have no emoji font.
    button.textContent = 'Click to start sound';
    button.setAttribute('aria-label', 'Click to start sound');
    button.dataset.soundPrompt = '';
    button.style.cssText =
      'position:fixed;left:50%;bottom:6vh;transform:translateX(-50%);z-index:1000;padding:1.1em 2.2em;' +
      'font:600 clamp(16px,2.4vw,32px) Quicksand,system-ui,sans-serif;color:#0b1026;background:#f5e6ff;' +
      'border:0;border-radius:999px;box-shadow:0 0 40px #7ee8fa88;cursor:pointer;pointer-events:auto';
    button.addEventListener('click', onGesture);
    options.root.appendChild(button);
    prompt = button;
    document.addEventListener('keydown', onGesture);
  };

  const removePrompt = (): void => {
    document.removeEventListener('keydown', onGesture);
    if (!prompt) return;
    prompt.removeEventListener('click', onGesture);
    prompt.remove();
    prompt = null;
  };

  function onGesture(): void {
    // Tone.start() must run inside the user gesture.
    void Tone.start().then(start, () => undefined);
  }

  // Autoplay check: a context that is allowed to play is (or becomes) "running" without a gesture.
  if (context.state !== 'running') {
    void context.resume().catch(() => undefined);
    setTimeout(() => {
      if (!disposed && context.state !== 'running') showPrompt();
    }, AUTOPLAY_WAIT_MS);
  }
  const onState = (): void => {
    if (context.state === 'running') start();
  };
  context.on('statechange', onState);

  const unsubscribe = options.subscribe((frame, p, batch) => {
    preset = p;
    if (!engine) {
      start();
      return;
    }
    if (batch) engine.playBatch(frame, p, batch, context.currentTime);
    else engine.update(frame, p, context.currentTime, hubToAudio());
  });

  const hook: SoundHook = {
    get started() {
      return engine !== null;
    },
    get prompting() {
      return prompt !== null;
    },
    get voicesInUse() {
      return engine ? engine.voicesInUse(context.currentTime) : 0;
    },
    get voiceCap() {
      return engine ? engine.voiceCap : 0;
    },
    get notesPlayed() {
      return engine ? engine.notesPlayed : 0;
    },
    get stolen() {
      return engine ? engine.stolen : 0;
    },
    get merged() {
      return engine ? engine.merged : 0;
    },
    get nodeCount() {
      return built ? built.nodeCount : 0;
    },
    get lastPeak() {
      return engine ? engine.lastPeak : -Infinity;
    },
    get lookAhead() {
      return lookAhead;
    },
    get grid() {
      const g = engine?.grid;
      if (!g) return null;
      const { audio, perf } = readAnchor();
      return { step: g.step, hubMs: g.hubMs, heardAtMs: performance.timeOrigin + perf + (g.audioAt - audio) * 1000, stepMs: g.stepMs };
    },
  };
  window.__dreamscapeSound = Object.freeze(hook);

  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      context.off('statechange', onState);
      removePrompt();
      engine?.dispose();
      engine = null;
    },
  };
}
