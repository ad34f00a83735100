/**
 * The operator console: token login on `/operator`, then the VJ's whole surface — presets with
 * blend, the timeline, masters, blackout and panic, tap tempo, a fader per show parameter, save as
 * preset, captions and QR, the status panel, keyboard shortcuts and MIDI-learn. Every control goes
 * through controls.ts, so a click, a key and a knob send the same command.
 *
 * Only wiring: the link and login are `ConsoleLink.ts`, what the console knows of the show
 * `ConsoleShow.ts`, the MIDI gear `MidiDesk.ts` (all pure); the panels render them (`midiPanel.ts`,
 * `musicPanel.ts`, `statusView.ts`, `presetView.ts`, `playlistView.ts`, `faders.ts`).
 */
import './operator.css';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import { QR_MODES, type CommandResult, type OperatorCommand, type QrMode } from '../../core/protocol.ts';
import { byId, el } from './dom.ts';
import { commandForControl } from './controls.ts';
import { buildMasters, buildParamFaders, showStatusOnFaders, type Fader } from './faders.ts';
import { buildTimeline, showStatus, showTimeline } from './statusView.ts';
import { saveAs } from './presetView.ts';
import { tap, tapBeat, type Taps } from './tapTempo.ts';
import { clockBeat } from './midiClock.ts';
import { loadMappings, MIDI_STORAGE_KEY } from './midiMapping.ts';
import { readNotice, readPlaylistView, readPresetList, readResult, readStatus } from './hubMessages.ts';
import { ConsoleLink } from './ConsoleLink.ts';
import { ConsoleShow, notSentLine, type LogLine } from './ConsoleShow.ts';
import { MidiDesk } from './MidiDesk.ts';
import { attachMidiPanel } from './midiPanel.ts';
import { attachMusicPanel } from './musicPanel.ts';
import { attachCuePanel } from './cuePanel.ts';
import { attachOscPanel } from './oscPanel.ts';
import { attachShortcutKeys } from './shortcutKeys.ts';
import { attachLogin } from './consoleLogin.ts';

const link = new ConsoleLink();
const show = new ConsoleShow();
const desk = new MidiDesk(loadMappings(localStorage.getItem(MIDI_STORAGE_KEY)));
let taps: Taps = [];

// ─── Log ─────────────────────────────────────────────────────────────────────────────────────────
const logList = byId<HTMLOListElement>('log');
function log(message: string, kind: 'info' | 'error' = 'info'): void {
  const time = new Date().toLocaleTimeString();
  logList.prepend(el('li', { className: kind }, `${time} ${message}`));
  while (logList.children.length > 60) logList.lastElementChild?.remove();
}
const logLine = (line: LogLine | null): void => {
  if (line) log(line.message, line.kind);
};

// ─── Commands ────────────────────────────────────────────────────────────────────────────────────
/**
 * Sends a command; `then` gets the hub's answer.
 * @param quietCode a refusal with this code is not logged as an error (the caller handles it).
 * @param via `MIDI` when a knob or pad sent it: the log then says so, for the command and a refusal.
 */
function send(command: OperatorCommand, then?: (result: CommandResult) => void, quietCode?: string, via?: 'MIDI'): void {
  const socket = login.socket();
  if (!socket || !link.connected) {
    logLine(notSentLine(command, via));
    then?.({ ok: false, error: 'not connected' });
    return;
  }
  let answered = false;
  const settle = (result: CommandResult) => {
    if (answered) return;
    answered = true;
    const line = show.answered(command, result, quietCode, via);
    then?.(result);
    logLine(line);
  };
  const timer = window.setTimeout(() => settle({ ok: false, error: 'the hub did not answer in time' }), 5000);
  socket.emit('command', command, (answer: unknown) => {
    window.clearTimeout(timer);
    settle(readResult(answer));
  });
  if (show.sent(command)) showToggles();
}

function pressControl(id: string, unit = 1, via?: 'MIDI'): void {
  if (id.startsWith('goto:')) {
    const phase = PHASES[Number(id.slice(5)) - 1];
    if (phase) send({ type: 'goto', phase }, undefined, undefined, via);
    return;
  }
  const command = commandForControl(id, unit, show.toggles);
  if (command === 'tap') {
    const result = tap(taps, performance.now());
    taps = result.taps;
    byId('tap-bpm').textContent = result.bpm === null ? 'tap again…' : `${result.bpm} BPM`;
    // The first tap of a count is the downbeat: the score's bar lines up with it.
    const beat = tapBeat(taps, performance.now());
    if (beat) send({ type: 'beat', source: 'tap', bpm: beat.bpm, beat: beat.beat, bar: true }, undefined, undefined, via);
    return;
  }
  if (command) send(command, undefined, undefined, via);
}

// ─── Building the page ───────────────────────────────────────────────────────────────────────────
const faders: Fader[] = [
  ...buildMasters(byId('masters'), (id, unit) => pressControl(id, unit)),
  ...buildParamFaders(
    byId('params'),
    (id, unit) => pressControl(id, unit),
    (id) => {
      const name = id.slice('param:'.length);
      const command = commandForControl(id, 0, show.toggles);
      if (command && command !== 'tap' && command.type === 'param' && command.name === name) send({ ...command, value: null });
    },
  ),
];
buildTimeline(byId('timeline'), (phase: PhaseName) => send({ type: 'goto', phase }));

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-control]')) {
  // The timeline's go-to buttons have their own click (they carry a control id for MIDI-learn).
  if (button.dataset.phase) continue;
  button.addEventListener('click', () => pressControl(button.dataset.control ?? ''));
}
byId('tempo-release').addEventListener('click', () => {
  taps = [];
  byId('tap-bpm').textContent = '— BPM';
  send({ type: 'tempo', bpm: null });
  send({ type: 'beat', source: 'tap', bpm: null });
});
byId('reset-all').addEventListener('click', () => {
  for (const name of Object.keys(show.status?.overrides ?? {})) {
    if (name === 'intensity' || name === 'volume') continue;
    const command = commandForControl(`param:${name}`, 0, show.toggles);
    if (command && command !== 'tap' && command.type === 'param') send({ ...command, value: null });
  }
});
byId<HTMLSelectElement>('qr').addEventListener('change', (e) => {
  const mode = QR_MODES.find((m) => m === (e.target as HTMLSelectElement).value);
  if (mode) send({ type: 'qr', mode: mode satisfies QrMode });
});
byId<HTMLFormElement>('save-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = byId<HTMLInputElement>('save-name').value.trim();
  const title = byId<HTMLInputElement>('save-title').value.trim();
  // The hub answers "exists" for a preset already there: the operator is asked before it is replaced.
  void saveAs((command) => new Promise((done) => send(command, done, 'exists')), (question) => window.confirm(question), name, title || undefined).then((result) => {
    if (!result.ok && result.code === 'exists') log(`save as "${name}": not overwritten`);
  });
});



const keys = attachShortcutKeys(() => link.connected, (control) => pressControl(control));

// ─── Showing what the hub says ───────────────────────────────────────────────────────────────────
function showToggles(): void {
  for (const id of ['hold', 'blackout', 'mute', 'caption'] as const) {
    byId(id).setAttribute('aria-pressed', String(show.toggles[id]));
  }
  document.body.classList.toggle('blackout', show.toggles.blackout);
}


const cues = attachCuePanel({ show, send: (c) => send(c), keys });
const osc = attachOscPanel({ send });
const midiPanel = attachMidiPanel({
  desk,
  log,
  press: (control, unit) => pressControl(control, unit, 'MIDI'),
  clockNews: () => music.report(),
  lights: () => ({ toggles: show.toggles, phase: show.status?.phase }),
});
const music = attachMusicPanel({ connected: () => link.connected, status: () => show.status, midiClock: () => desk.clock, send: (c) => send(c), log });


function onStatus(value: unknown): void {
  const next = readStatus(value);
  if (!next) return;
  const change = show.onStatus(next);
  logLine(change.alarm);
  const alarm = byId('alarm');
  alarm.hidden = !show.persistFailing;
  alarm.textContent = show.persistFailing ? 'State file NOT SAVING (disk full or read-only?)' : '';
  byId<HTMLInputElement>('follow').checked = next.music?.follow ?? false;
  showToggles();
  midiPanel.updateLeds();
  osc.render(next.oscTargets);
  showTimeline(byId('timeline'), byId('phase-clock'), next);
  showStatus(byId('status'), byId<HTMLTableElement>('displays').tBodies[0], next);
  showStatusOnFaders(faders, next);
  byId('now-preset').textContent = `preset: ${next.preset}${next.flags.safe ? ' (safe)' : ''}`;
  byId('now-phase').textContent = `phase: ${next.phase}`;
  const qr = byId<HTMLSelectElement>('qr');
  if (document.activeElement !== qr) qr.value = next.flags.qr;
  if (change.presetChanged) cues.renderPresets();
}

// ─── Login and the link to the hub ───────────────────────────────────────────────────────────────
const login = attachLogin({
  link,
  log,
  hear: {
    status: onStatus,
    presets: (value) => {
      const list = readPresetList(value);
      if (!list) return;
      for (const line of show.onPresets(list)) logLine(line);
      cues.renderPresets();
    },
    playlist: (value) => {
      const view = readPlaylistView(value);
      if (!view) return;
      const cueChanged = show.onPlaylist(view);
      cues.renderPlaylist();
      if (cueChanged) cues.renderPresets();
    },
    notice: (value) => {
      const notice = readNotice(value);
      if (!notice) return;
      // What OSC gear did reads as itself; refusals and problems carry their code.
      if (notice.code === 'osc') log(notice.message);
      else log(notice.code === 'osc-refused' ? notice.message : `${notice.code}: ${notice.message}`, notice.code === 'joined' ? 'info' : 'error');
    },
  },
});

// ─── Read-only test hook: `window.__dreamscapeOperator` ──────────────────────────────────────────
const hook = Object.freeze({
  get connected() { return link.connected; },
  get status() { return show.status ? structuredClone(show.status) : undefined; },
  get lastResult() { return show.lastResult ? { ...show.lastResult } : undefined; },
  get presets() { return structuredClone(show.presets); },
  get midiMappings() { return { ...desk.mappings }; },
  get playlist() { return show.playlist ? structuredClone(show.playlist) : undefined; },
  get preview() {
    const frame = byId<HTMLIFrameElement>('preview');
    return frame.hidden ? undefined : { preset: cues.previewing(), src: frame.getAttribute('src') };
  },
  /** What the console hears: the line-in's last analysis (tempo, a beat's capture frame) and the MIDI clock. */
  get music() {
    const { beatReport } = music;
    return { line: music.lineIn()?.analysis ?? null, midi: clockBeat(desk.clock, performance.now()), reporting: { line: beatReport.live('line'), midi: beatReport.live('midi') } };
  },
  /** The line-in's last `seconds` of sound and the frame number of its first sample (null when not listening). */
  lineRecent(seconds: number) {
    const r = music.lineIn()?.recent(seconds);
    return r ? { start: r.start, rate: r.rate, samples: Array.from(r.samples) } : null;
  },
  /** What the line-in hears at a `performance.now()` time (null: no beat). */
  lineReading(perfMs: number) {
    return music.lineIn()?.reading(perfMs) ?? null;
  },
});
Object.defineProperty(window, '__dreamscapeOperator', { value: hook, enumerable: false, writable: false });
