/**
 * The phone controller: what every member of the audience holds. Joins the hub's `/audience`
 * namespace with a dreamer id kept in localStorage, first says where the story happens and who the
 * visitor dreams with (colour and sign), then tells the story phase by phase in the visitor's language
 * and turns touches — or presses of one large button — into the gestures the phase asks for.
 * No p5, no Tone: a plain canvas.
 */
import './phone.css';
import { io, type Socket } from 'socket.io-client';
import { REFUSALS, type GestureKind } from '../../core/protocolConstants.ts';
import type { AudienceClientToServer, AudienceServerToClient, Beat, PhaseInfo, Refusal } from '../../core/protocol.ts';
import type { ControlMode, PhaseName } from '../../core/arc/phases.ts';
import type { Role } from '../../core/dreamers.ts';
import { assertNever } from '../../core/assertNever.ts';
import { GestureCoalescer } from './GestureCoalescer.ts';
import { CLOCK_TIMEOUT_MS, handshake, HubClock, lazyMemory, linkUp, OUTDATED_RELOAD_MS, PHONE_CLOCK, reloadWhenOutdated } from '../../core/wire/hubLink.ts';
import { beatProgress, nextBeatLocal, toHubTime } from './beatTiming.ts';
import { controlView, type ControlView } from './phaseUi.ts';
import { attachSimpleButton } from './simplePlay.ts';
import { MOTIFS } from './motifs.ts';
import { LANGUAGES, fill, languageByCode, pickLanguage } from './i18n/language.ts';
import type { Messages } from './i18n/messages.ts';
import { loadPreference, storePreference, TEXT_SCALES, nearestTextScale } from './preferences.ts';
import { readNoticeMessage, readPace, readPhaseInfo, readRefusal, readWaiting, readWelcome } from './hubMessages.ts';
import { loadDreamerId, storeDreamerId } from './dreamerId.ts';
import { buzz, keepAwake, startTilt, tiltAccess } from './deviceExtras.ts';
import { TrailCanvas } from './TrailCanvas.ts';
import { attachTouch } from './touchInput.ts';

/** Which full-screen state the page is in. */
type Screen = 'joining' | 'intro' | 'dreaming' | 'reconnecting' | 'waiting' | 'refused' | 'left';

const $ = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the page is missing #${id}`);
  return el;
};
const canvas = $('touch', HTMLCanvasElement);
const promptEl = $('prompt', HTMLElement);
const hintEl = $('hint', HTMLElement);
const storyEl = $('story', HTMLElement);
const identityEl = $('identity', HTMLElement);
const bigEl = $('big', HTMLButtonElement);
const tiltEl = $('tilt', HTMLButtonElement);
const settingsEl = $('settings', HTMLDialogElement);
const settingsOpen = $('settings-open', HTMLButtonElement);
const languageEl = $('language', HTMLSelectElement);
const simpleEl = $('simple', HTMLButtonElement);
const leaveEl = $('leave', HTMLButtonElement);
const textSizeEl = $('text-size', HTMLOutputElement);
const introCard = $('intro-card', HTMLElement);
const introWho = $('intro-who', HTMLElement);
const introDoes = $('intro-does', HTMLElement);
const overlayTitle = $('overlay-title', HTMLElement);
const overlayText = $('overlay-text', HTMLElement);
const overlayAction = $('overlay-action', HTMLButtonElement);
const live = $('live', HTMLElement);
const body = document.body;

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const trail = new TrailCanvas(canvas, reducedMotion);
const coalescer = new GestureCoalescer({ firstStroke: Math.floor(Math.random() * 1_000_000) });
const clock = new HubClock(PHONE_CLOCK);
/** Where the one outdated-page policy remembers its last reload (`core/wire/hubLink.ts`). */
const reloadMemory = lazyMemory(() => sessionStorage);
/** Until the first round trip: the phone's wall clock is the best guess at hub time. */
let clockOffset = Date.now() - performance.now();
let clockRtt = Number.NaN;

const sent: Record<GestureKind, number> = { weave: 0, tap: 0, shine: 0, pulse: 0, release: 0, tilt: 0 };
/** The visitor's choices, kept on the phone across visits. */
let words: Messages = pickLanguage(loadPreference('language'), navigator.languages?.length ? navigator.languages : [navigator.language]);
let simple = loadPreference('simple') === 'on';
let textScale = nearestTextScale(Number(loadPreference('textScale') ?? 1));
/** The last phase message, kept so a language switch can say it again in the new words. */
let lastInfo: PhaseInfo | null = null;

const me = {
  dreamer: loadDreamerId(),
  handle: -1,
  role: null as Role | null,
  colour: '#f5e6ff',
  phase: null as PhaseName | null,
  control: null as ControlMode | null,
  prompt: '',
  beat: { bpm: 72, origin: 0 } as Beat,
  connected: false,
  waiting: null as { position: number; capacity: number } | null,
  refusal: null as Refusal | null,
  screen: 'joining' as Screen,
};
let view: ControlView | null = null;

const socket: Socket<AudienceServerToClient, AudienceClientToServer> = io('/audience', {
  auth: (cb) => cb({ ...handshake(), dreamer: me.dreamer }),
  transports: ['websocket', 'polling'],
  reconnectionDelay: 250,
  reconnectionDelayMax: 2000,
});

// ─── Screens ─────────────────────────────────────────────────────────────────────────────────────

/** Shows a screen; its words are read from the current language, so a switch re-renders it. */
function showScreen(screen: Screen): void {
  me.screen = screen;
  body.dataset.screen = screen;
  renderScreen();
}

function renderScreen(): void {
  const w = words;
  const screen = me.screen;
  introCard.hidden = screen !== 'intro';
  if (screen === 'dreaming') return;
  let title = '';
  let text = '';
  let action: string | null = null;
  switch (screen) {
    case 'joining':
      [title, text] = lookingForHub ? [w.lookingTitle, w.lookingText] : [w.enteringTitle, w.enteringText];
      break;
    case 'intro': {
      const role = me.role ?? 'lyra';
      title = w.introTitle;
      text = w.introText;
      action = w.introStart;
      introWho.textContent = fill(w.dreamWith, { name: w.characters[role].title });
      introDoes.textContent = w.characters[role].does;
      break;
    }
    case 'reconnecting':
      [title, text] = [w.reconnectingTitle, w.reconnectingText];
      break;
    case 'waiting': {
      const ahead = (me.waiting?.position ?? 1) - 1;
      title = w.fullTitle;
      text = ahead === 0 ? w.fullNext : ahead === 1 ? w.fullAheadOne : fill(w.fullAhead, { n: ahead });
      break;
    }
    case 'refused': {
      const code = me.refusal?.code;
      title = w.refusedTitle;
      text = code ? w.refusals[code] : '';
      action = mustReload() ? w.reload : w.tryAgain;
      break;
    }
    case 'left':
      [title, text, action] = [w.leftTitle, w.leftText, w.comeBack];
      break;
    default:
      assertNever(screen, 'screen');
  }
  overlayTitle.textContent = title;
  overlayText.textContent = text;
  overlayAction.hidden = action === null;
  if (action !== null) overlayAction.textContent = action;
}

/** A refusal only a newer page can cure: the button reloads rather than knocking again. */
function mustReload(): boolean {
  const code = me.refusal?.code;
  return code === REFUSALS.versionMismatch || code === REFUSALS.badHandshake;
}

function say(message: string): void {
  // Clearing first makes screen readers announce a repeated sentence again.
  live.textContent = '';
  window.setTimeout(() => (live.textContent = message), 50);
}

function applyPhase(info: PhaseInfo): void {
  const changed = info.phase !== me.phase || info.control !== me.control;
  lastInfo = info;
  me.phase = info.phase;
  me.control = info.control;
  me.prompt = info.prompt;
  me.beat = info.beat;
  renderView();
  body.dataset.control = info.control;
  body.dataset.phase = info.phase;
  body.style.setProperty('--heart', `${Math.round(60_000 / info.beat.bpm)}ms`);
  if (changed) {
    releaseFingers();
    releaseButton();
    trail.clear();
    if (me.screen === 'dreaming' && view) say(`${view.prompt}. ${view.story}`);
  }
}

/** Renders the phase's control in the current language and way of playing. */
function renderView(): void {
  if (!lastInfo) return;
  view = controlView(lastInfo, words, simple);
  body.dataset.flicker = view.flicker ? 'on' : 'off';
  promptEl.textContent = view.prompt;
  storyEl.textContent = view.story;
  hintEl.textContent = view.hint;
  canvas.setAttribute('aria-label', view.label);
  bigEl.textContent = buttonLabel(view);
}

function buttonLabel(v: ControlView): string {
  return v.touch === 'shine' && coalescer.shining ? words.buttonShining : v.button;
}

/** Everything on the page that is not the phase's words: labels, settings, identity. */
function applyLanguage(): void {
  const w = words;
  document.documentElement.lang = w.code;
  document.documentElement.dir = w.dir;
  $('settings-title', HTMLElement).textContent = w.settings;
  settingsOpen.setAttribute('aria-label', w.settings);
  $('language-label', HTMLElement).textContent = w.language;
  $('size-label', HTMLElement).textContent = w.textSize;
  // The accessible name starts with what the button shows (WCAG 2.5.3), then says it in words.
  $('text-bigger', HTMLButtonElement).setAttribute('aria-label', `A+ ${w.textBigger}`);
  $('text-smaller', HTMLButtonElement).setAttribute('aria-label', `A− ${w.textSmaller}`);
  simpleEl.textContent = w.simpleOn;
  leaveEl.textContent = w.leave;
  $('settings-close', HTMLButtonElement).textContent = w.close;
  tiltEl.setAttribute('aria-label', w.tilt);
  tiltEl.title = w.tilt;
  languageEl.value = w.code;
  renderIdentity();
  renderView();
  renderScreen();
}

function renderIdentity(): void {
  identityEl.textContent = me.role ? fill(words.dreamWith, { name: words.characters[me.role].name }) : words.enteringTitle;
}

function applyTextScale(): void {
  document.documentElement.style.setProperty('--text-scale', String(textScale));
  textSizeEl.value = `${Math.round(textScale * 100)}%`;
}

function applySimple(): void {
  body.dataset.simple = simple ? 'on' : 'off';
  simpleEl.setAttribute('aria-pressed', String(simple));
  releaseFingers();
  releaseButton();
  renderView();
}

// ─── Hub ─────────────────────────────────────────────────────────────────────────────────────────

let clockTimer = 0;
/** Samples the hub's clock when one is due, then waits for the next (a burst, then a trickle). */
function sampleClock(): void {
  if (!socket.connected) return;
  const sentAt = performance.now();
  if (clock.due(sentAt)) {
    socket.timeout(CLOCK_TIMEOUT_MS).emit('clock', sentAt, (err, hubTime) => {
      if (err) return;
      clock.answer(sentAt, hubTime, performance.now());
      if (clock.estimate) {
        clockOffset = clock.estimate.offset;
        clockRtt = clock.estimate.rtt;
      }
    });
  }
  clockTimer = window.setTimeout(sampleClock, clock.wait(performance.now()));
}
function startClock(): void {
  window.clearTimeout(clockTimer);
  clock.restart();
  sampleClock();
}

let awake: (() => void) | null = null;
/** Once welcomed, a lost hub shows the calm reconnecting screen rather than "entering". */
let welcomed = false;
/** The hub could not be reached before the first welcome: the joining screen says "looking". */
let lookingForHub = false;
socket.on('connect', () => {
  me.connected = true;
  linkUp(reloadMemory);
  startClock();
});

socket.on('welcome', (raw) => {
  const w = readWelcome(raw);
  if (!w) return;
  me.dreamer = w.dreamer;
  storeDreamerId(w.dreamer);
  me.handle = w.handle;
  me.role = w.role;
  me.colour = w.colour;
  me.waiting = null;
  coalescer.setRate(w.maxRate);
  me.refusal = null;
  body.style.setProperty('--dreamer', w.colour);
  trail.setColour(w.colour);
  for (const path of document.querySelectorAll('.dreamer-mark path, .intro-mark path')) path.setAttribute('d', MOTIFS[w.role]);
  renderIdentity();
  applyPhase(w);
  welcomed = true;
  lookingForHub = false;
  if (loadPreference('introSeen') === 'yes') {
    showScreen('dreaming');
    say(`${identityEl.textContent ?? ''}. ${view?.prompt ?? ''}. ${view?.story ?? ''}`);
  } else {
    showScreen('intro');
    say(`${words.introTitle}. ${words.introText} ${introWho.textContent ?? ''}. ${introDoes.textContent ?? ''}`);
  }
  awake ??= keepAwake();
});

socket.on('phase', (raw) => {
  const info = readPhaseInfo(raw);
  if (info) applyPhase(info);
});

// A busy hub asks for fewer, fuller messages; nothing the dreamer does is lost.
socket.on('pace', (raw) => {
  const maxRate = readPace(raw);
  if (maxRate !== null) coalescer.setRate(maxRate);
});

socket.on('waiting', (raw) => {
  const w = readWaiting(raw);
  if (!w) return;
  me.waiting = w;
  showScreen('waiting');
});

socket.on('notice', (raw) => {
  const message = readNoticeMessage(raw);
  if (message) say(message);
});

socket.on('disconnect', (reason) => {
  me.connected = false;
  window.clearTimeout(clockTimer);
  releaseFingers();
  releaseButton();
  coalescer.clear();
  // A visitor who chose to leave stays out until they come back.
  if (me.screen === 'left') return;
  if (me.screen !== 'refused') showScreen('reconnecting');
  // A hub shutting down says goodbye; socket.io then waits for us to knock again.
  if (reason === 'io server disconnect') window.setTimeout(() => socket.connect(), 1000);
});

socket.on('connect_error', (err) => {
  me.connected = false;
  const refusal = readRefusal(err);
  if (me.screen === 'left') return;
  if (!refusal) {
    if (welcomed) showScreen('reconnecting');
    else {
      lookingForHub = true;
      showScreen('joining');
    }
    return;
  }
  me.refusal = refusal;
  showScreen('refused');
  // A busy hub is worth asking again by itself; a wrong page version needs a reload, which an
  // outdated page does by itself (at most once a minute; after that the button offers it).
  if (reloadWhenOutdated(refusal, reloadMemory, Date.now())) window.setTimeout(() => window.location.reload(), OUTDATED_RELOAD_MS);
  else if (!mustReload()) window.setTimeout(() => socket.connect(), 8000);
});

overlayAction.addEventListener('click', () => {
  switch (me.screen) {
    case 'intro':
      storePreference('introSeen', 'yes');
      showScreen('dreaming');
      if (view) say(`${view.prompt}. ${view.story} ${view.hint}.`);
      break;
    case 'refused':
      if (mustReload()) window.location.reload();
      else socket.connect();
      break;
    case 'left':
      showScreen(welcomed ? 'reconnecting' : 'joining');
      socket.connect();
      break;
    default:
      socket.connect();
  }
});

// ─── Touch, tilt and the main action ─────────────────────────────────────────────────────────────

const releaseFingers = attachTouch(canvas, {
  coalescer,
  trail,
  meaning: () => (me.screen === 'dreaming' && view ? view.touch : null),
  hubTime: (local) => toHubTime(local, clockOffset),
  onPulse: () => buzz(15),
});

let feltTimer = 0;
const releaseButton = attachSimpleButton(bigEl, {
  coalescer,
  trail,
  meaning: () => (me.screen === 'dreaming' && view ? view.touch : null),
  hubTime: (local) => toHubTime(local, clockOffset),
  felt: (strong) => {
    buzz(strong ? 40 : 15);
    // Phones without vibration (iOS among them) see the press instead: the ring swells softly.
    body.dataset.felt = 'on';
    window.clearTimeout(feltTimer);
    feltTimer = window.setTimeout(() => (body.dataset.felt = 'off'), 220);
  },
  shineChanged: () => {
    if (view) bigEl.textContent = buttonLabel(view);
  },
});

// ─── Settings: language, text size, play without drawing, leave ──────────────────────────────────

for (const m of LANGUAGES) {
  const option = document.createElement('option');
  option.value = m.code;
  option.textContent = m.name;
  option.lang = m.code;
  languageEl.append(option);
}
languageEl.addEventListener('change', () => {
  const chosen = languageByCode(languageEl.value);
  if (!chosen) return;
  words = chosen;
  storePreference('language', chosen.code);
  applyLanguage();
});
function stepText(by: number): void {
  const i = TEXT_SCALES.indexOf(textScale);
  textScale = TEXT_SCALES[Math.max(0, Math.min(TEXT_SCALES.length - 1, i + by))];
  storePreference('textScale', String(textScale));
  applyTextScale();
}
$('text-bigger', HTMLButtonElement).addEventListener('click', () => stepText(1));
$('text-smaller', HTMLButtonElement).addEventListener('click', () => stepText(-1));
simpleEl.addEventListener('click', () => {
  simple = !simple;
  storePreference('simple', simple ? 'on' : 'off');
  applySimple();
});
leaveEl.addEventListener('click', () => {
  settingsEl.close();
  sendWhatWaits();
  showScreen('left');
  socket.disconnect();
  say(`${words.leftTitle}. ${words.leftText}`);
});
settingsOpen.addEventListener('click', () => settingsEl.showModal());
$('settings-close', HTMLButtonElement).addEventListener('click', () => settingsEl.close());

const onTilt = (x: number, y: number): void => coalescer.tilt(x, y, performance.now());
const access = tiltAccess();
if (access === 'free') void startTilt(onTilt);
else if (access === 'ask') {
  tiltEl.hidden = false;
  tiltEl.addEventListener('click', () => {
    void startTilt(onTilt).then((on) => {
      tiltEl.hidden = true;
      say(on ? words.tiltOn : words.tiltOff);
    });
  });
}

// Nothing may zoom, select, scroll or open a menu under a finger (iOS ignores user-scalable=no).
for (const type of ['contextmenu', 'gesturestart', 'gesturechange', 'dblclick', 'selectstart'] as const) {
  document.addEventListener(type, (e) => e.preventDefault());
}
document.addEventListener('touchmove', (e) => e.preventDefault(), { passive: false });
window.addEventListener('resize', () => trail.resize());

// ─── The frame loop: local light, the heartbeat, and the one message this slot allows ────────────

let beatOn = false;
let nextBeat = 0;
function tick(now: number): void {
  trail.frame(now);
  if (socket.connected && me.screen === 'dreaming') {
    const g = coalescer.next(now);
    if (g) {
      socket.emit('gesture', g);
      sent[g.kind]++;
    }
  }
  const heartbeat = view?.heartbeat === true && me.screen === 'dreaming';
  const on = heartbeat && beatProgress(me.beat, clockOffset, now) < 0.18;
  if (on !== beatOn) {
    beatOn = on;
    body.dataset.beat = on ? 'on' : 'off';
  }
  if (heartbeat && now >= nextBeat) {
    if (nextBeat !== 0 && now - nextBeat < 100) buzz(40);
    nextBeat = nextBeatLocal(me.beat, clockOffset, now + 1);
  }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);

// The page is going away (closed, navigated from, or hidden, which stops the frame loop): what the
// finger just did goes now, whatever the pace, instead of being lost or sent stale later.
const LEAVING_MESSAGES = 8;
function sendWhatWaits(): void {
  if (!socket.connected || me.screen !== 'dreaming') return;
  for (const g of coalescer.drain(performance.now(), LEAVING_MESSAGES)) {
    socket.emit('gesture', g);
    sent[g.kind]++;
  }
}
window.addEventListener('pagehide', sendWhatWaits);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') sendWhatWaits();
});

applyLanguage();
applyTextScale();
applySimple();
showScreen('joining');

// ─── Read-only test hook ─────────────────────────────────────────────────────────────────────────

const hook = Object.freeze({
  get dreamer() { return me.dreamer; },
  get handle() { return me.handle; },
  get role() { return me.role; },
  get colour() { return me.colour; },
  get phase() { return me.phase; },
  get control() { return me.control; },
  get prompt() { return view?.prompt ?? ''; },
  get screen() { return me.screen; },
  get story() { return view?.story ?? ''; },
  get language() { return words.code; },
  get simple() { return simple; },
  get textScale() { return textScale; },
  get sent() { return { ...sent }; },
  get clockOffset() { return clockOffset; },
  get clockRtt() { return clockRtt; },
  get clockSamples() { return clock.size; },
  get connected() { return me.connected; },
  get waiting() { return me.waiting ? { ...me.waiting } : null; },
  get pending() { return coalescer.pending; },
});
Object.defineProperty(window, '__dreamscapePhone', { value: hook, enumerable: false, configurable: false, writable: false });
