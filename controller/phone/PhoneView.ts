/**
 * The phone page's DOM: finds its elements once and renders what the pure modules decide — the
 * screen's overlay (`screenWords.ts`), the phase's control (`phaseUi.ts`), the visitor's choices
 * (`VisitorChoices.ts`) and the dreamer's colour and sign. Holds no state of the show: every render
 * takes the state it shows.
 */
import type { Beat } from '../../core/protocol.ts';
import type { Role } from '../../core/dreamers.ts';
import type { Messages } from './i18n/messages.ts';
import { LANGUAGES } from './i18n/language.ts';
import type { ControlView } from './phaseUi.ts';
import { MOTIFS } from './motifs.ts';
import { identityWords, screenWords, type ScreenState } from './screenWords.ts';

const $ = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the page is missing #${id}`);
  return el;
};

/** What the settings dialog's controls do (the page's choices and leaving). */
export interface SettingsActions {
  /** A language was picked (its code, from the list of those the phone ships). */
  language(code: string): void;
  /** Text one size bigger (+1) or smaller (-1). */
  textStep(by: number): void;
  /** Playing without drawing turned on or off. */
  simple(): void;
  /** The visitor leaves (the dialog is closed first). */
  leave(): void;
}

/** See the module comment. One per page. */
export class PhoneView {
  readonly canvas = $('touch', HTMLCanvasElement);
  readonly big = $('big', HTMLButtonElement);
  readonly tilt = $('tilt', HTMLButtonElement);
  private readonly settings = $('settings', HTMLDialogElement);
  private readonly settingsOpen = $('settings-open', HTMLButtonElement);
  private readonly settingsClose = $('settings-close', HTMLButtonElement);
  private readonly languageSelect = $('language', HTMLSelectElement);
  private readonly simple = $('simple', HTMLButtonElement);
  private readonly leave = $('leave', HTMLButtonElement);
  private readonly textBigger = $('text-bigger', HTMLButtonElement);
  private readonly textSmaller = $('text-smaller', HTMLButtonElement);
  readonly overlayAction = $('overlay-action', HTMLButtonElement);
  private readonly prompt = $('prompt', HTMLElement);
  private readonly hint = $('hint', HTMLElement);
  private readonly story = $('story', HTMLElement);
  private readonly identity = $('identity', HTMLElement);
  private readonly textSize = $('text-size', HTMLOutputElement);
  private readonly introCard = $('intro-card', HTMLElement);
  private readonly introWho = $('intro-who', HTMLElement);
  private readonly introDoes = $('intro-does', HTMLElement);
  private readonly overlayTitle = $('overlay-title', HTMLElement);
  private readonly overlayText = $('overlay-text', HTMLElement);
  private readonly live = $('live', HTMLElement);
  private readonly body = document.body;
  private feltTimer = 0;
  private beatOn = false;

  constructor() {
    for (const m of LANGUAGES) {
      const option = document.createElement('option');
      option.value = m.code;
      option.textContent = m.name;
      option.lang = m.code;
      this.languageSelect.append(option);
    }
  }

  /** Wires the settings dialog: opening, closing, and its controls. */
  onSettings(act: SettingsActions): void {
    this.languageSelect.addEventListener('change', () => act.language(this.languageSelect.value));
    this.textBigger.addEventListener('click', () => act.textStep(1));
    this.textSmaller.addEventListener('click', () => act.textStep(-1));
    this.simple.addEventListener('click', () => act.simple());
    this.leave.addEventListener('click', () => {
      this.settings.close();
      act.leave();
    });
    this.settingsOpen.addEventListener('click', () => this.settings.showModal());
    this.settingsClose.addEventListener('click', () => this.settings.close());
  }

  /** Nothing may zoom, select, scroll or open a menu under a finger (iOS ignores user-scalable=no). */
  holdStill(): void {
    for (const type of ['contextmenu', 'gesturestart', 'gesturechange', 'dblclick', 'selectstart'] as const) {
      document.addEventListener(type, (e) => e.preventDefault());
    }
    document.addEventListener('touchmove', (e) => e.preventDefault(), { passive: false });
  }

  /** Shows a screen and its overlay; the words come from the current language. */
  screen(s: ScreenState, w: Messages): void {
    this.body.dataset.screen = s.screen;
    this.introCard.hidden = s.screen !== 'intro';
    if (s.screen === 'dreaming') return;
    const o = screenWords(s, w);
    if (s.screen === 'intro') {
      this.introWho.textContent = o.who;
      this.introDoes.textContent = o.does;
    }
    this.overlayTitle.textContent = o.title;
    this.overlayText.textContent = o.text;
    this.overlayAction.hidden = o.action === null;
    if (o.action !== null) this.overlayAction.textContent = o.action;
  }

  /** The intro's sentences, as a screen reader should hear them. */
  introSpoken(w: Messages): string {
    return `${w.introTitle}. ${w.introText} ${this.introWho.textContent ?? ''}. ${this.introDoes.textContent ?? ''}`;
  }

  /** The phase's control: prompt, story, hint, the canvas's name and the big button. */
  control(v: ControlView, button: string): void {
    this.body.dataset.flicker = v.flicker ? 'on' : 'off';
    this.prompt.textContent = v.prompt;
    this.story.textContent = v.story;
    this.hint.textContent = v.hint;
    this.canvas.setAttribute('aria-label', v.label);
    this.big.textContent = button;
  }

  /** The big button's label alone (a shine began or ended). */
  button(label: string): void {
    this.big.textContent = label;
  }

  /** The phase, its control and the heartbeat's period on the page (CSS reads them). */
  phase(phase: string, control: string, beat: Beat): void {
    this.body.dataset.control = control;
    this.body.dataset.phase = phase;
    this.body.style.setProperty('--heart', `${Math.round(60_000 / beat.bpm)}ms`);
  }

  /** The dreamer's colour and sign, wherever the page shows them. */
  dreamer(colour: string, role: Role): void {
    this.body.style.setProperty('--dreamer', colour);
    for (const path of document.querySelectorAll('.dreamer-mark path, .intro-mark path')) path.setAttribute('d', MOTIFS[role]);
  }

  /** The identity line under the mark; returns what it says. */
  identityLine(role: Role | null, w: Messages): string {
    const line = identityWords(role, w);
    this.identity.textContent = line;
    return line;
  }

  /** Everything on the page that is not the phase's words: labels and settings. */
  labels(w: Messages): void {
    document.documentElement.lang = w.code;
    document.documentElement.dir = w.dir;
    $('settings-title', HTMLElement).textContent = w.settings;
    this.settingsOpen.setAttribute('aria-label', w.settings);
    $('language-label', HTMLElement).textContent = w.language;
    $('size-label', HTMLElement).textContent = w.textSize;
    // The accessible name starts with what the button shows (WCAG 2.5.3), then says it in words.
    this.textBigger.setAttribute('aria-label', `A+ ${w.textBigger}`);
    this.textSmaller.setAttribute('aria-label', `A− ${w.textSmaller}`);
    this.simple.textContent = w.simpleOn;
    this.leave.textContent = w.leave;
    this.settingsClose.textContent = w.close;
    this.tilt.setAttribute('aria-label', w.tilt);
    this.tilt.title = w.tilt;
    this.languageSelect.value = w.code;
  }

  /** The text size on top of the phone's own. */
  textScale(scale: number): void {
    document.documentElement.style.setProperty('--text-scale', String(scale));
    this.textSize.value = `${Math.round(scale * 100)}%`;
  }

  /** Playing without drawing, on or off. */
  simpleMode(on: boolean): void {
    this.body.dataset.simple = on ? 'on' : 'off';
    this.simple.setAttribute('aria-pressed', String(on));
  }

  /** The heartbeat's glow, on or off (touches the page only on a change: called every frame). */
  beat(on: boolean): void {
    if (on === this.beatOn) return;
    this.beatOn = on;
    this.body.dataset.beat = on ? 'on' : 'off';
  }

  /** Phones without vibration (iOS among them) see a press instead: the ring swells softly. */
  felt(): void {
    this.body.dataset.felt = 'on';
    window.clearTimeout(this.feltTimer);
    this.feltTimer = window.setTimeout(() => (this.body.dataset.felt = 'off'), 220);
  }

  /** Says a sentence to screen readers. */
  say(message: string): void {
    // Clearing first makes screen readers announce a repeated sentence again.
    this.live.textContent = '';
    window.setTimeout(() => (this.live.textContent = message), 50);
  }
}
