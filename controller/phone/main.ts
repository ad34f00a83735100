/**
 * The phone controller: what every member of the audience holds. Joins the hub's `/audience`
 * namespace with a dreamer id kept in localStorage, first says where the story happens and who the
 * visitor dreams with (colour and sign), then tells the story phase by phase in the visitor's language
 * and turns touches — or presses of one large button — into the gestures the phase asks for.
 * No p5, no Tone: a plain canvas.
 *
 * Only wiring: the screens are `PhoneSession.ts`, the visitor's choices `VisitorChoices.ts`, the
 * phase's control `phaseUi.ts`, the DOM `PhoneView.ts`; this file connects them to the socket, the
 * touches and the frame loop.
 */
import './phone.css';
import { io, type Socket } from 'socket.io-client';
import type { GestureKind } from '../../core/protocolConstants.ts';
import type { AudienceClientToServer, AudienceServerToClient } from '../../core/protocol.ts';
import { GestureCoalescer } from './GestureCoalescer.ts';
import { handshake, lazyMemory, linkUp, OUTDATED_RELOAD_MS } from '../../core/wire/hubLink.ts';
import { ClockSampler } from './clockSampler.ts';
import { beatProgress, nextBeatLocal, toHubTime } from './beatTiming.ts';
import { controlView, type ControlView } from './phaseUi.ts';
import { attachSimpleButton } from './simplePlay.ts';
import { loadPreference, storePreference } from './preferences.ts';
import { readNoticeMessage, readPace, readPhaseInfo, readRefusal, readWaiting, readWelcome } from './hubMessages.ts';
import { loadDreamerId, storeDreamerId } from './dreamerId.ts';
import { buzz, keepAwake, startTilt, tiltAccess } from './deviceExtras.ts';
import { TrailCanvas } from './TrailCanvas.ts';
import { attachTouch } from './touchInput.ts';
import { PhoneSession, type Next } from './PhoneSession.ts';
import { VisitorChoices } from './VisitorChoices.ts';
import { PhoneView } from './PhoneView.ts';
import { installPhoneHook } from './phoneHook.ts';

const ui = new PhoneView();
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const trail = new TrailCanvas(ui.canvas, reducedMotion);
const coalescer = new GestureCoalescer({ firstStroke: Math.floor(Math.random() * 1_000_000) });
/** Where the one outdated-page policy remembers its last reload (`core/wire/hubLink.ts`). */
const reloadMemory = lazyMemory(() => sessionStorage);

const sent: Record<GestureKind, number> = { weave: 0, tap: 0, shine: 0, pulse: 0, release: 0, tilt: 0 };
const choices = new VisitorChoices(
  { load: loadPreference, store: storePreference },
  navigator.languages?.length ? navigator.languages : [navigator.language],
);
const me = new PhoneSession(loadDreamerId());
let view: ControlView | null = null;

const socket: Socket<AudienceServerToClient, AudienceClientToServer> = io('/audience', {
  auth: (cb) => cb({ ...handshake(), dreamer: me.dreamer }),
  transports: ['websocket', 'polling'],
  reconnectionDelay: 250,
  reconnectionDelayMax: 2000,
});
const clockSampler = new ClockSampler(socket);

// ─── Rendering the state ─────────────────────────────────────────────────────────────────────────

const showScreen = (): void => ui.screen(me, choices.words);

/** Renders the phase's control in the current language and way of playing. */
function renderView(): void {
  if (!me.info) return;
  view = controlView(me.info, choices.words, choices.simple);
  ui.control(view, buttonLabel(view));
}

function buttonLabel(v: ControlView): string {
  return v.touch === 'shine' && coalescer.shining ? choices.words.buttonShining : v.button;
}

/** Fingers and the big button let go: a new phase, a new way of playing, or a lost hub. */
function letGo(): void {
  releaseFingers();
  releaseButton();
}

/**
 * A phase (or control) arrived: render it; a changed one clears what fingers were doing, and is
 * said aloud when `announce` (a dreamer playing).
 */
function phaseShown(changed: boolean, announce: boolean): void {
  renderView();
  ui.phase(me.phase ?? '', me.control ?? '', me.beat);
  if (!changed) return;
  letGo();
  trail.clear();
  if (announce && view) ui.say(`${view.prompt}. ${view.story}`);
}

function applyLanguage(): void {
  ui.labels(choices.words);
  ui.identityLine(me.role, choices.words);
  renderView();
  showScreen();
}

function applySimple(): void {
  ui.simpleMode(choices.simple);
  letGo();
  renderView();
}

/** Does what the session asks after an event. */
function follow(next: Next): void {
  switch (next.do) {
    case 'stay':
      return;
    case 'knock':
      if (next.afterMs === 0) socket.connect();
      else window.setTimeout(() => socket.connect(), next.afterMs);
      return;
    case 'reload':
      if (next.afterMs === 0) window.location.reload();
      else window.setTimeout(() => window.location.reload(), next.afterMs);
  }
}

// ─── Hub ─────────────────────────────────────────────────────────────────────────────────────────

let awake: (() => void) | null = null;
socket.on('connect', () => {
  me.connect();
  linkUp(reloadMemory);
  clockSampler.start();
});

socket.on('welcome', (raw) => {
  const w = readWelcome(raw);
  if (!w) return;
  // The phase is said aloud only to a dreamer already playing (as on any phase); a new one hears the fuller welcome below.
  const wasDreaming = me.dreaming;
  const changed = me.welcome(w, choices.introSeen);
  storeDreamerId(w.dreamer);
  coalescer.setRate(w.maxRate);
  ui.dreamer(w.colour, w.role);
  trail.setColour(w.colour);
  const identity = ui.identityLine(me.role, choices.words);
  phaseShown(changed, wasDreaming);
  showScreen();
  if (me.dreaming) ui.say(`${identity}. ${view?.prompt ?? ''}. ${view?.story ?? ''}`);
  else ui.say(ui.introSpoken(choices.words));
  awake ??= keepAwake();
});

socket.on('phase', (raw) => {
  const info = readPhaseInfo(raw);
  if (info) phaseShown(me.phaseInfo(info), me.dreaming);
});

// A busy hub asks for fewer, fuller messages; nothing the dreamer does is lost.
socket.on('pace', (raw) => {
  const maxRate = readPace(raw);
  if (maxRate !== null) coalescer.setRate(maxRate);
});

socket.on('waiting', (raw) => {
  const w = readWaiting(raw);
  if (!w) return;
  me.wait(w);
  showScreen();
});

socket.on('notice', (raw) => {
  const message = readNoticeMessage(raw);
  if (message) ui.say(message);
});

socket.on('disconnect', (reason) => {
  clockSampler.stop();
  letGo();
  coalescer.clear();
  const next = me.disconnect(reason);
  showScreen();
  follow(next);
});

socket.on('connect_error', (err) => {
  const next = me.connectFailed(readRefusal(err), reloadMemory, Date.now(), OUTDATED_RELOAD_MS);
  showScreen();
  follow(next);
});

ui.overlayAction.addEventListener('click', () => {
  const next = me.act();
  showScreen();
  if (next.do !== 'start') return follow(next);
  choices.sawIntro();
  if (view) ui.say(`${view.prompt}. ${view.story} ${view.hint}.`);
});

// ─── Touch, tilt and the main action ─────────────────────────────────────────────────────────────

const meaning = () => (me.dreaming && view ? view.touch : null);
const hubTime = (local: number): number => toHubTime(local, clockSampler.offset);
const releaseFingers = attachTouch(ui.canvas, { coalescer, trail, meaning, hubTime, onPulse: () => buzz(15) });
const releaseButton = attachSimpleButton(ui.big, {
  coalescer,
  trail,
  meaning,
  hubTime,
  felt: (strong) => {
    buzz(strong ? 40 : 15);
    ui.felt();
  },
  shineChanged: () => {
    if (view) ui.button(buttonLabel(view));
  },
});

// ─── Settings: language, text size, play without drawing, leave ──────────────────────────────────

ui.onSettings({
  language: (code) => {
    if (choices.chooseLanguage(code)) applyLanguage();
  },
  textStep: (by) => {
    choices.stepText(by);
    ui.textScale(choices.textScale);
  },
  simple: () => {
    choices.toggleSimple();
    applySimple();
  },
  leave: () => {
    sendWhatWaits();
    me.leave();
    showScreen();
    socket.disconnect();
    ui.say(`${choices.words.leftTitle}. ${choices.words.leftText}`);
  },
});

const onTilt = (x: number, y: number): void => coalescer.tilt(x, y, performance.now());
const access = tiltAccess();
if (access === 'free') void startTilt(onTilt);
else if (access === 'ask') {
  ui.tilt.hidden = false;
  ui.tilt.addEventListener('click', () => {
    void startTilt(onTilt).then((on) => {
      ui.tilt.hidden = true;
      ui.say(on ? choices.words.tiltOn : choices.words.tiltOff);
    });
  });
}

ui.holdStill();
window.addEventListener('resize', () => trail.resize());

// ─── The frame loop: local light, the heartbeat, and the one message this slot allows ────────────

let nextBeat = 0;
function tick(now: number): void {
  trail.frame(now);
  if (socket.connected && me.dreaming) {
    const g = coalescer.next(now);
    if (g) {
      socket.emit('gesture', g);
      sent[g.kind]++;
    }
  }
  const heartbeat = view?.heartbeat === true && me.dreaming;
  ui.beat(heartbeat && beatProgress(me.beat, clockSampler.offset, now) < 0.18);
  if (heartbeat && now >= nextBeat) {
    if (nextBeat !== 0 && now - nextBeat < 100) buzz(40);
    nextBeat = nextBeatLocal(me.beat, clockSampler.offset, now + 1);
  }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);

// The page is going away (closed, navigated from, or hidden, which stops the frame loop): what the
// finger just did goes now, whatever the pace, instead of being lost or sent stale later.
const LEAVING_MESSAGES = 8;
function sendWhatWaits(): void {
  if (!socket.connected || !me.dreaming) return;
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
ui.textScale(choices.textScale);
applySimple();
showScreen();

installPhoneHook({ me, choices, view: () => view, sent, clock: clockSampler, coalescer });
