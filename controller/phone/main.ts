/**
 * The phone controller: what every member of the audience holds. Joins the hub's `/audience`
 * namespace with a dreamer id kept in localStorage, shows "You dream with …" in the dreamer's colour,
 * and turns touches into the gestures the current phase asks for. No p5, no Tone: a plain canvas.
 */
import './phone.css';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type GestureKind } from '../../core/protocolConstants.ts';
import type { AudienceClientToServer, AudienceServerToClient, Beat, PhaseInfo } from '../../core/protocol.ts';
import type { ControlMode, PhaseName } from '../../core/arc/phases.ts';
import type { Role } from '../../core/dreamers.ts';
import { assertNever } from '../../core/assertNever.ts';
import { GestureCoalescer } from './GestureCoalescer.ts';
import { clockSample, estimateClockOffset, rememberClockSample, type ClockSample } from '../../core/clockOffset.ts';
import { beatProgress, nextBeatLocal, toHubTime } from './beatTiming.ts';
import { controlView, type ControlView } from './phaseUi.ts';
import { readNoticeMessage, readPace, readPhaseInfo, readRefusal, readWaiting, readWelcome } from './hubMessages.ts';
import { loadDreamerId, storeDreamerId } from './dreamerId.ts';
import { buzz, keepAwake, startTilt, tiltAccess } from './deviceExtras.ts';
import { TrailCanvas } from './TrailCanvas.ts';
import { attachTouch } from './touchInput.ts';

/** Which full-screen state the page is in. */
type Screen = 'joining' | 'dreaming' | 'reconnecting' | 'waiting' | 'refused';

const $ = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the page is missing #${id}`);
  return el;
};
const canvas = $('touch', HTMLCanvasElement);
const promptEl = $('prompt', HTMLElement);
const hintEl = $('hint', HTMLElement);
const identityEl = $('identity', HTMLElement);
const actionEl = $('action', HTMLButtonElement);
const tiltEl = $('tilt', HTMLButtonElement);
const overlayTitle = $('overlay-title', HTMLElement);
const overlayText = $('overlay-text', HTMLElement);
const overlayAction = $('overlay-action', HTMLButtonElement);
const live = $('live', HTMLElement);
const body = document.body;

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const trail = new TrailCanvas(canvas, reducedMotion);
const coalescer = new GestureCoalescer({ firstStroke: Math.floor(Math.random() * 1_000_000) });
const clockSamples: ClockSample[] = [];
/** Until the first round trip: the phone's wall clock is the best guess at hub time. */
let clockOffset = Date.now() - performance.now();
let clockRtt = Number.NaN;

const sent: Record<GestureKind, number> = { weave: 0, tap: 0, shine: 0, pulse: 0, release: 0, tilt: 0 };
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
  screen: 'joining' as Screen,
};
let view: ControlView | null = null;

const socket: Socket<AudienceServerToClient, AudienceClientToServer> = io('/audience', {
  auth: (cb) => cb({ v: PROTOCOL_VERSION, dreamer: me.dreamer }),
  transports: ['websocket', 'polling'],
  reconnectionDelay: 250,
  reconnectionDelayMax: 2000,
});

// ─── Screens ─────────────────────────────────────────────────────────────────────────────────────

function showScreen(screen: Screen, title = '', text = '', action: string | null = null): void {
  me.screen = screen;
  body.dataset.screen = screen;
  if (screen === 'dreaming') return;
  overlayTitle.textContent = title;
  overlayText.textContent = text;
  overlayAction.hidden = action === null;
  if (action !== null) overlayAction.textContent = action;
}

function say(message: string): void {
  // Clearing first makes screen readers announce a repeated sentence again.
  live.textContent = '';
  window.setTimeout(() => (live.textContent = message), 50);
}

function applyPhase(info: PhaseInfo): void {
  const changed = info.phase !== me.phase || info.control !== me.control;
  me.phase = info.phase;
  me.control = info.control;
  me.prompt = info.prompt;
  me.beat = info.beat;
  view = controlView(info);
  body.dataset.control = view.control;
  body.dataset.phase = info.phase;
  body.dataset.flicker = view.flicker ? 'on' : 'off';
  body.style.setProperty('--heart', `${Math.round(60_000 / info.beat.bpm)}ms`);
  promptEl.textContent = view.prompt;
  hintEl.textContent = view.hint;
  canvas.setAttribute('aria-label', view.label);
  actionEl.textContent = actionLabel(view);
  if (changed) {
    releaseFingers();
    trail.clear();
    say(`${view.prompt}. ${view.hint}.`);
  }
}

function actionLabel(v: ControlView): string {
  switch (v.touch) {
    case 'weave':
      return 'Release a lantern';
    case 'shine':
      return coalescer.shining ? 'Stop shining' : 'Shine your light';
    case 'pulse':
      return 'Pulse with the heartbeat';
    case 'release':
      return 'Release your echo';
    default:
      return assertNever(v.touch, 'touch meaning');
  }
}

// ─── Hub ─────────────────────────────────────────────────────────────────────────────────────────

let clockTimer = 0;
function sampleClock(): void {
  if (!socket.connected) return;
  const sentAt = performance.now();
  socket.timeout(3000).emit('clock', sentAt, (err, hubTime) => {
    if (err || typeof hubTime !== 'number' || !Number.isFinite(hubTime)) return;
    rememberClockSample(clockSamples, clockSample(sentAt, hubTime, performance.now()));
    const est = estimateClockOffset(clockSamples);
    if (est) {
      clockOffset = est.offset;
      clockRtt = est.rtt;
    }
  });
}
function startClock(): void {
  window.clearTimeout(clockTimer);
  clockSamples.length = 0;
  // A quick burst so the heartbeat is right within a second, then a slow trickle to follow drift.
  let n = 0;
  const next = (): void => {
    sampleClock();
    n++;
    clockTimer = window.setTimeout(next, n < 10 ? 120 : 3000);
  };
  next();
}

let awake: (() => void) | null = null;
/** Once welcomed, a lost hub shows the calm reconnecting screen rather than "entering". */
let welcomed = false;
socket.on('connect', () => {
  me.connected = true;
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
  body.style.setProperty('--dreamer', w.colour);
  trail.setColour(w.colour);
  const line = w.trait ? `You dream with ${w.trait}` : `You dream as ${w.name}`;
  identityEl.textContent = line;
  applyPhase(w);
  showScreen('dreaming');
  welcomed = true;
  say(`${line}. ${view?.prompt ?? ''}`);
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
  const ahead = w.position - 1;
  showScreen(
    'waiting',
    'The dream is full just now',
    ahead === 0 ? "You're next: you'll join the moment a place frees up." : `${ahead} ${ahead === 1 ? 'dreamer is' : 'dreamers are'} ahead of you. Keep this page open; you'll join by yourself.`,
  );
});

socket.on('notice', (raw) => {
  const message = readNoticeMessage(raw);
  if (message) say(message);
});

socket.on('disconnect', (reason) => {
  me.connected = false;
  window.clearTimeout(clockTimer);
  releaseFingers();
  coalescer.clear();
  if (me.screen !== 'refused') showScreen('reconnecting', 'The dream is reconnecting…', 'Stay with us: your dreamer is kept for you.');
  // A hub shutting down says goodbye; socket.io then waits for us to knock again.
  if (reason === 'io server disconnect') window.setTimeout(() => socket.connect(), 1000);
});

socket.on('connect_error', (err) => {
  me.connected = false;
  const refusal = readRefusal(err);
  if (!refusal) {
    if (welcomed) showScreen('reconnecting', 'The dream is reconnecting…', 'Stay with us: your dreamer is kept for you.');
    else showScreen('joining', 'Looking for the dream…', "Stay on the venue's Wi-Fi; this page joins by itself.");
    return;
  }
  const mustReload = refusal.code === 'version-mismatch' || refusal.code === 'bad-handshake';
  showScreen('refused', 'The dream cannot open here', refusal.message, mustReload ? 'Reload' : 'Try again');
  // A busy hub is worth asking again by itself; a wrong page version needs a reload.
  if (!mustReload) window.setTimeout(() => socket.connect(), 8000);
});

overlayAction.addEventListener('click', () => {
  if (me.screen === 'refused' && overlayAction.textContent === 'Reload') window.location.reload();
  else socket.connect();
});

// ─── Touch, tilt and the main action ─────────────────────────────────────────────────────────────

const releaseFingers = attachTouch(canvas, {
  coalescer,
  trail,
  meaning: () => (me.screen === 'dreaming' && view ? view.touch : null),
  hubTime: (local) => toHubTime(local, clockOffset),
  onPulse: () => buzz(15),
});

actionEl.addEventListener('click', () => {
  if (!view || me.screen !== 'dreaming') return;
  const now = performance.now();
  const { width, height } = trail.size;
  switch (view.touch) {
    case 'weave':
      coalescer.tap(0.5, 0.45, now);
      trail.burst(width * 0.5, height * 0.45);
      break;
    case 'shine':
      if (coalescer.shining) coalescer.shineOff(now);
      else coalescer.shine(0.5, 0.5, now);
      break;
    case 'pulse':
      coalescer.pulse(toHubTime(now, clockOffset), now);
      trail.ripple(width * 0.5, height * 0.5);
      break;
    case 'release':
      coalescer.release(0.5, 0.6, now);
      trail.echo(width * 0.5, height * 0.6);
      break;
    default:
      assertNever(view.touch, 'touch meaning');
  }
  actionEl.textContent = actionLabel(view);
});

const onTilt = (x: number, y: number): void => coalescer.tilt(x, y, performance.now());
const access = tiltAccess();
if (access === 'free') void startTilt(onTilt);
else if (access === 'ask') {
  tiltEl.hidden = false;
  tiltEl.addEventListener('click', () => {
    void startTilt(onTilt).then((on) => {
      tiltEl.hidden = true;
      say(on ? 'Tilt your phone to steer the dream.' : 'Tilt is off; touch works just the same.');
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
  get sent() { return { ...sent }; },
  get clockOffset() { return clockOffset; },
  get clockRtt() { return clockRtt; },
  get clockSamples() { return clockSamples.length; },
  get connected() { return me.connected; },
  get waiting() { return me.waiting ? { ...me.waiting } : null; },
  get pending() { return coalescer.pending; },
});
Object.defineProperty(window, '__dreamscapePhone', { value: hook, enumerable: false, configurable: false, writable: false });
