/**
 * The operator console: token login on `/operator`, then the VJ's whole surface — presets with
 * blend, the timeline, masters, blackout and panic, tap tempo, a fader per show parameter, save as
 * preset, captions and QR, the status panel, keyboard shortcuts and MIDI-learn. Every control goes
 * through controls.ts, so a click, a key and a knob send the same command.
 */
import './operator.css';
import { io, type Socket } from 'socket.io-client';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import { QR_MODES, REFUSALS, type CommandResult, type OperatorClientToServer, type OperatorCommand, type OperatorServerToClient, type OperatorStatus, type PlaylistView, type PresetListing, type QrMode } from '../../core/protocol.ts';
import { byId, el } from './dom.ts';
import { CONTROLS, commandForControl, controlSpec, type ToggleState } from './controls.ts';
import { buildMasters, buildParamFaders, showStatusOnFaders, type Fader } from './faders.ts';
import { buildTimeline, showStatus, showTimeline } from './statusView.ts';
import { saveAs, showPresets } from './presetView.ts';
import { previewUrl, showPlaylist, type PlaylistElements } from './playlistView.ts';
import { SHORTCUTS, shortcutFor } from './shortcuts.ts';
import { tap, tapBeat, type Taps } from './tapTempo.ts';
import { clockBeat, clockMessage, IDLE_CLOCK, type MidiClock } from './midiClock.ts';
import { LineIn, lineDevices } from './lineIn.ts';
import { BeatReport } from './beatReport.ts';
import { actionFor, edgeOnly, forgetControl, learnMapping, loadMappings, MIDI_STORAGE_KEY, parseMidi, saveMappings, sourceKey, sourceOf, type MidiMappings } from './midiMapping.ts';
import { openMidi, type MidiLink } from './midiAccess.ts';
import { exportMidiFile, importMidiFile, MIDI_FILE_MAX_CHARS } from './midiFile.ts';
import { LedFeedback } from './LedFeedback.ts';
import { readChallenge, readLoginResult, readNotice, readPlaylistView, readPresetList, readResult, readStatus } from './hubMessages.ts';
import { handshake, lazyMemory, linkUp, OUTDATED_RELOAD_MS, readRefusal, reloadWhenOutdated } from '../../core/wire/hubLink.ts';
import { answerChallenge } from './loginAnswer.ts';

type ConsoleSocket = Socket<OperatorServerToClient, OperatorClientToServer>;
const TOKEN_KEY = 'dreamscape.operator.token';
/** Where the one outdated-page policy remembers its last reload (`core/wire/hubLink.ts`). */
const reloadMemory = lazyMemory(() => sessionStorage);

// ─── State ───────────────────────────────────────────────────────────────────────────────────────
let socket: ConsoleSocket | undefined;
let connected = false;
let status: OperatorStatus | undefined;
let presets: PresetListing[] = [];
let lastResult: (CommandResult & { command: OperatorCommand['type'] }) | undefined;
let taps: Taps = [];
let mappings: MidiMappings = loadMappings(localStorage.getItem(MIDI_STORAGE_KEY));
let learning = false;
let learnTarget: string | undefined;
let midi: MidiLink | undefined;
const ccLevels = new Map<string, boolean>();
/** The lights of mapped pads (toggles, the phase playing). */
const leds = new LedFeedback();
/** The input each MIDI source was last heard on: its lights go back to the output of that name. */
const heardOn = new Map<string, string>();
const toggles: ToggleState = { hold: false, blackout: false, mute: false, caption: false, playlistLock: false, playlistShuffle: false };
let playlistView: PlaylistView | undefined;
/** The preset the preview shows, if any. */
let previewing: string | undefined;
let midiClock: MidiClock = IDLE_CLOCK;
let lineIn: LineIn | undefined;
const beatReport = new BeatReport();

/** Read-only view for tests and tools: `window.__dreamscapeOperator`. */
const hook = Object.freeze({
  get connected() {
    return connected;
  },
  get status() {
    return status ? structuredClone(status) : undefined;
  },
  get lastResult() {
    return lastResult ? { ...lastResult } : undefined;
  },
  get presets() {
    return structuredClone(presets);
  },
  get midiMappings() {
    return { ...mappings };
  },
  get playlist() {
    return playlistView ? structuredClone(playlistView) : undefined;
  },
  get preview() {
    const frame = byId<HTMLIFrameElement>('preview');
    return frame.hidden ? undefined : { preset: previewing, src: frame.getAttribute('src') };
  },
  /** What the console hears: the line-in's last analysis (tempo, a beat's capture frame) and the MIDI clock. */
  get music() {
    return { line: lineIn?.analysis ?? null, midi: clockBeat(midiClock, performance.now()), reporting: { line: beatReport.live('line'), midi: beatReport.live('midi') } };
  },
  /** The line-in's last `seconds` of sound and the frame number of its first sample (null when not listening). */
  lineRecent(seconds: number) {
    const r = lineIn?.recent(seconds);
    return r ? { start: r.start, rate: r.rate, samples: Array.from(r.samples) } : null;
  },
  /** What the line-in hears at a `performance.now()` time (null: no beat). */
  lineReading(perfMs: number) {
    return lineIn?.reading(perfMs) ?? null;
  },
});
Object.defineProperty(window, '__dreamscapeOperator', { value: hook, enumerable: false, writable: false });

// ─── Log ─────────────────────────────────────────────────────────────────────────────────────────
const logList = byId<HTMLOListElement>('log');
function log(message: string, kind: 'info' | 'error' = 'info'): void {
  const time = new Date().toLocaleTimeString();
  logList.prepend(el('li', { className: kind }, `${time} ${message}`));
  while (logList.children.length > 60) logList.lastElementChild?.remove();
}

// ─── Commands ────────────────────────────────────────────────────────────────────────────────────
/**
/**
 * Sends a command; `then` gets the hub's answer.
 * @param quietCode a refusal with this code is not logged as an error (the caller handles it).
 * @param via `MIDI` when a knob or pad sent it: the log then says so, for the command and a refusal.
 */
function send(command: OperatorCommand, then?: (result: CommandResult) => void, quietCode?: string, via?: 'MIDI'): void {
  const prefix = via ? `${via}: ` : '';
  if (!socket || !connected) {
    log(`${prefix}not connected: ${command.type} not sent`, 'error');
    then?.({ ok: false, error: 'not connected' });
    return;
  }
  let answered = false;
  const settle = (result: CommandResult) => {
    if (answered) return;
    answered = true;
    lastResult = { ...result, command: command.type };
    then?.(result);
    if (!result.ok && quietCode !== undefined && result.code === quietCode) log(`${prefix}${command.type}: ${result.error}`);
    else if (!result.ok) log(`${prefix}${command.type}: ${result.error}`, 'error');
    else if (command.type === 'cueGo' || command.type === 'playlist') log(`${command.type === 'cueGo' ? 'cue GO' : 'playlist'} ok`);
    else if (command.type === 'loadPreset' || command.type === 'savePreset' || command.type === 'panic') log(`${command.type} ok${'name' in command ? ` (${command.name})` : ''}`);
  };
  const timer = window.setTimeout(() => settle({ ok: false, error: 'the hub did not answer in time' }), 5000);
  socket.emit('command', command, (answer: unknown) => {
    window.clearTimeout(timer);
    settle(readResult(answer));
  });
  // Flip toggles at once so a second press before the next status does the right thing.
  if (command.type === 'hold' || command.type === 'blackout' || command.type === 'mute' || command.type === 'caption') {
    toggles[command.type] = command.on;
    showToggles();
  }
}

function pressControl(id: string, unit = 1, via?: 'MIDI'): void {
  if (id.startsWith('goto:')) {
    const phase = PHASES[Number(id.slice(5)) - 1];
    if (phase) send({ type: 'goto', phase }, undefined, undefined, via);
    return;
  }
  const command = commandForControl(id, unit, toggles);
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
      const command = commandForControl(id, 0, toggles);
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
  for (const name of Object.keys(status?.overrides ?? {})) {
    if (name === 'intensity' || name === 'volume') continue;
    const command = commandForControl(`param:${name}`, 0, toggles);
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

const shortcutList = byId('shortcuts');
shortcutList.replaceChildren(...SHORTCUTS.flatMap((s) => [el('dt', {}, el('kbd', {}, s.label)), el('dd', {}, s.description)]));

function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  // A focused fader keeps its arrow keys; every other shortcut still works over it.
  if (target instanceof HTMLInputElement && target.type === 'range') return event.key.startsWith('Arrow');
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

function onShortcutKey(event: KeyboardEvent): void {
  if (!connected) return;
  const control = shortcutFor(event, isTyping(event));
  if (!control) return;
  event.preventDefault();
  pressControl(control);
}
document.addEventListener('keydown', onShortcutKey);
// A focused button would also "click" on Space's release: the shortcut already acted.
document.addEventListener('keyup', (event) => {
  if (connected && event.key === ' ' && event.target instanceof HTMLButtonElement) event.preventDefault();
});

function blendSeconds(): number {
  const value = Number(byId<HTMLInputElement>('blend').value);
  return Number.isFinite(value) ? Math.min(120, Math.max(0, value)) : 0;
}

// ─── Showing what the hub says ───────────────────────────────────────────────────────────────────
function showToggles(): void {
  for (const id of ['hold', 'blackout', 'mute', 'caption'] as const) {
    byId(id).setAttribute('aria-pressed', String(toggles[id]));
  }
  document.body.classList.toggle('blackout', toggles.blackout);
}

function renderPresets(): void {
  showPresets(
    byId('presets'),
    presets,
    status?.preset ?? '',
    (name) => send({ type: 'loadPreset', name, blend: blendSeconds() }),
    {
      arm: (name) => {
        send({ type: 'cueArm', name, blend: blendSeconds() });
        // What is armed is seen before it goes.
        showPreview(name);
      },
      preview: showPreview,
    },
    playlistView?.cue?.name,
  );
}

// ─── Playlist, cue and preview ───────────────────────────────────────────────────────────────────
const playlistElements: PlaylistElements = {
  select: byId<HTMLSelectElement>('playlist-select'),
  now: byId('playlist-now'),
  entries: byId<HTMLOListElement>('playlist-entries'),
  lock: byId('playlist-lock'),
  shuffle: byId('playlist-shuffle'),
  cue: byId('cue-armed'),
  go: byId<HTMLButtonElement>('cue-go'),
};

function renderPlaylist(): void {
  if (!playlistView) return;
  showPlaylist(playlistElements, playlistView, Date.now());
}

function onPlaylist(view: PlaylistView): void {
  const cueChanged = view.cue?.name !== playlistView?.cue?.name;
  playlistView = view;
  toggles.playlistLock = view.active?.locked ?? false;
  toggles.playlistShuffle = view.active?.shuffled ?? false;
  renderPlaylist();
  if (cueChanged) renderPresets();
}

byId('playlist-play').addEventListener('click', () => {
  const name = playlistElements.select.value;
  if (name) send({ type: 'playlist', name });
});
byId('playlist-stop').addEventListener('click', () => send({ type: 'playlist', name: null }));
byId('cue-disarm').addEventListener('click', () => send({ type: 'cueArm', name: null, blend: 0 }));
// "next in 3:12" counts down between the hub's updates.
window.setInterval(renderPlaylist, 1000);

const previewPhase = byId<HTMLSelectElement>('preview-phase');
previewPhase.replaceChildren(...PHASES.map((p) => el('option', { value: p }, p)));
previewPhase.value = 'festival';

// A click into the preview gives it the keyboard: the console's keys (G for GO above all) still act.
byId<HTMLIFrameElement>('preview').addEventListener('load', (event) => {
  (event.target as HTMLIFrameElement).contentDocument?.addEventListener('keydown', onShortcutKey);
});

function showPreview(name: string): void {
  const phase = PHASES.find((p) => p === previewPhase.value) ?? 'serene';
  const frame = byId<HTMLIFrameElement>('preview');
  previewing = name;
  frame.src = previewUrl({ preset: name, phase, at: Number(byId<HTMLInputElement>('preview-at').value), seed: Math.floor(Number(byId<HTMLInputElement>('preview-seed').value)) });
  frame.hidden = false;
  byId('preview-name').textContent = `Preview: ${name}, ${phase} (here only; the walls play on)`;
}
for (const id of ['preview-phase', 'preview-at', 'preview-seed']) {
  byId(id).addEventListener('change', () => {
    if (previewing) showPreview(previewing);
  });
}

function onStatus(next: OperatorStatus): void {
  const presetChanged = next.preset !== status?.preset;
  const failing = next.health.persist === 'failing';
  if (failing !== (status?.health.persist === 'failing')) {
    log(failing ? 'ALARM: the hub cannot write its state file (disk full or read-only); the show is kept in memory' : 'the state file is written again', failing ? 'error' : 'info');
  }
  const alarm = byId('alarm');
  alarm.hidden = !failing;
  alarm.textContent = failing ? 'State file NOT SAVING (disk full or read-only?)' : '';
  status = next;
  byId<HTMLInputElement>('follow').checked = next.music?.follow ?? false;
  toggles.hold = next.hold;
  toggles.blackout = next.flags.blackout;
  toggles.mute = next.flags.mute;
  toggles.caption = next.flags.caption;
  showToggles();
  updateLeds();
  renderOscTargets(next.oscTargets);
  showTimeline(byId('timeline'), byId('phase-clock'), next);
  showStatus(byId('status'), byId<HTMLTableElement>('displays').tBodies[0], next);
  showStatusOnFaders(faders, next);
  byId('now-preset').textContent = `preset: ${next.preset}${next.flags.safe ? ' (safe)' : ''}`;
  byId('now-phase').textContent = `phase: ${next.phase}`;
  const qr = byId<HTMLSelectElement>('qr');
  if (document.activeElement !== qr) qr.value = next.flags.qr;
  if (presetChanged) renderPresets();
}

// ─── MIDI ────────────────────────────────────────────────────────────────────────────────────────
function renderMidiMap(): void {
  byId('midi-map').replaceChildren(
    ...CONTROLS.filter((c) => sourceOf(mappings, c.id)).map((c) => {
      const forget = el('button', { type: 'button', className: 'quiet', 'aria-label': `Forget ${c.label}` }, '×');
      forget.addEventListener('click', () => setMappings(forgetControl(mappings, c.id)));
      return el('li', {}, `${c.label} ← ${sourceOf(mappings, c.id)} `, forget);
    }),
  );
  for (const node of document.querySelectorAll<HTMLElement>('[data-control]')) {
    node.classList.toggle('mapped', Boolean(sourceOf(mappings, node.dataset.control ?? '')));
  }
}

function setMappings(next: MidiMappings): void {
  mappings = next;
  localStorage.setItem(MIDI_STORAGE_KEY, saveMappings(mappings));
  renderMidiMap();
  updateLeds();
}

/** Brings the controllers' lights to the show's state (only lights that change are sent). */
function updateLeds(): void {
  if (!midi) return;
  for (const message of leds.update(mappings, { toggles, phase: status?.phase })) midi.send(message.bytes, heardOn.get(message.source));
}

function exportMappings(): void {
  const text = exportMidiFile(mappings, new Date().toISOString(), midi?.inputs() ?? []);
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: 'dreamscape-midi.json' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  log(`MIDI: ${Object.keys(mappings).length} mappings exported to dreamscape-midi.json`);
}

async function importMappings(file: File): Promise<void> {
  const name = file.name.slice(0, 80);
  // A file far bigger than a mappings file can be is refused unread (4 bytes per character at most).
  const result = file.size > MIDI_FILE_MAX_CHARS * 4 ? { ok: false as const, error: `the file is too big (${Math.round(file.size / 1024)} KB; a mappings file is a few KB)` } : importMidiFile(await file.text());
  if (!result.ok) {
    const message = `MIDI: ${name} refused: ${result.error}. Your mappings are unchanged.`;
    log(message, 'error');
    byId('midi-info').textContent = message;
    return;
  }
  const before = Object.keys(mappings).length;
  setMappings(result.mappings);
  const message = `MIDI: ${Object.keys(result.mappings).length} mappings imported from ${name} (replacing ${before}).`;
  log(message);
  byId('midi-info').textContent = message;
}

// ─── OSC out ─────────────────────────────────────────────────────────────────────────────────────
let shownOscTargets = '';
function renderOscTargets(targets: readonly string[]): void {
  const key = targets.join('\n');
  if (key === shownOscTargets) return;
  shownOscTargets = key;
  byId('osc-targets').replaceChildren(
    ...targets.map((target) => {
      const remove = el('button', { type: 'button', className: 'quiet', 'aria-label': `Stop sending to ${target}` }, '×');
      remove.addEventListener('click', () => send({ type: 'oscTarget', action: 'remove', target }));
      return el('li', {}, `${target} `, remove);
    }),
  );
}
byId<HTMLFormElement>('osc-target-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('osc-target');
  const target = input.value.trim();
  if (!target) return;
  send({ type: 'oscTarget', action: 'add', target }, (result) => {
    if (result.ok) input.value = '';
  });
});

function setLearning(on: boolean): void {
  learning = on;
  learnTarget = undefined;
  document.body.classList.toggle('learning', on);
  byId('midi-learn').setAttribute('aria-pressed', String(on));
  for (const node of document.querySelectorAll('.learn-target')) node.classList.remove('learn-target');
  byId('midi-info').textContent = on ? 'Learning: click a control, then move a knob or hit a pad.' : 'Learn: press “MIDI learn”, click a control, move a knob or hit a pad.';
}

function onMidiBytes(data: Uint8Array, at: number, from: string): void {
  const status = data[0];
  if (status === 0xf8 || status === 0xfa || status === 0xfb || status === 0xfc || status === 0xf2) {
    midiClock = clockMessage(midiClock, data, at);
    // A stop is told at once (the hub falls back); pulses are reported by the music loop.
    if (status !== 0xf8) reportMusic();
    return;
  }
  const raw = parseMidi(data);
  if (!raw) return;
  heardOn.set(sourceKey(raw), from);
  const event = edgeOnly(raw, ccLevels);
  if (learning && learnTarget) {
    const spec = controlSpec(learnTarget);
    setMappings(learnMapping(mappings, learnTarget, event));
    log(`MIDI: ${spec?.label ?? learnTarget} ← ${event.kind} ${event.number} (channel ${event.channel})`);
    setLearning(false);
    return;
  }
  const action = actionFor(mappings, event);
  if (!action) return;
  logMidi(action.control, action.kind === 'fader' ? action.unit : undefined);
  if (action.kind === 'fader') pressControl(action.control, action.unit, 'MIDI');
  else pressControl(action.control, 1, 'MIDI');
}

/** When each fader was last logged (performance.now() ms): a knob turned sends dozens a second. */
const midiLogged = new Map<string, number>();
/** Least gap between two log lines of one MIDI fader, ms. */
const MIDI_FADER_LOG_MS = 1000;

/** Puts a MIDI action in the log: every pad press, a fader at most once a second. */
function logMidi(control: string, unit: number | undefined): void {
  const label = controlSpec(control)?.label ?? control;
  if (unit === undefined) {
    log(`MIDI: ${label}`);
    return;
  }
  const now = performance.now();
  if (now - (midiLogged.get(control) ?? -Infinity) < MIDI_FADER_LOG_MS) return;
  midiLogged.set(control, now);
  log(`MIDI: ${label} ${Math.round(unit * 100)}%`);
}

// In learn mode a click picks the control instead of pressing it.
document.addEventListener(
  'click',
  (event) => {
    if (!learning) return;
    const node = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-control]');
    if (!node || !controlSpec(node.dataset.control ?? '')) return;
    event.preventDefault();
    event.stopPropagation();
    for (const other of document.querySelectorAll('.learn-target')) other.classList.remove('learn-target');
    node.classList.add('learn-target');
    learnTarget = node.dataset.control;
    byId('midi-info').textContent = `Learning ${controlSpec(learnTarget ?? '')?.label}: move a knob or hit a pad.`;
  },
  true,
);
byId('midi-learn').addEventListener('click', () => setLearning(!learning));
byId('midi-clear').addEventListener('click', () => setMappings({}));
byId('midi-export').addEventListener('click', exportMappings);
byId<HTMLInputElement>('midi-import').addEventListener('change', (e) => {
  const input = e.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (file) void importMappings(file);
});
byId('midi-enable').addEventListener('click', async () => {
  if (midi) return;
  try {
    midi = await openMidi(onMidiBytes, (names) => {
      byId('midi-info').textContent = names.length ? `MIDI inputs: ${names.join(', ')}` : 'No MIDI inputs found: plug one in.';
      // A controller plugged in (or back) has its lights off: tell it every light again.
      leds.reset();
      updateLeds();
    });
    leds.reset();
    updateLeds();
    byId('midi-enable').textContent = 'MIDI on';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(message.startsWith('MIDI') ? message : `MIDI: ${message}`, 'error');
  }
});
renderMidiMap();

// ─── Following the music ─────────────────────────────────────────────────────────────────────────
/** Tells the hub what the line-in and the MIDI clock hear (each at its own pace; a lost source once). */
function reportMusic(): void {
  if (!connected) return;
  const t = performance.now();
  const midiBeat = clockBeat(midiClock, t);
  const midiCommand = beatReport.next('midi', midiBeat && { bpm: midiBeat.bpm, beat: midiBeat.beat, bar: true }, t);
  if (midiCommand) send(midiCommand);
  const line = lineIn?.reading(t) ?? null;
  const lineCommand = beatReport.next('line', line && { bpm: line.bpm, beat: line.beat, bar: false, energy: line.energy }, t);
  if (lineCommand) send(lineCommand);
  showMusic(midiBeat, line);
}

function showMusic(midiBeat: { bpm: number } | null, line: { bpm: number; energy: number } | null): void {
  const parts = [
    lineIn ? (line ? `line-in ${line.bpm.toFixed(1)} BPM, energy ${Math.round(line.energy * 100)}%` : 'line-in: listening…') : 'line-in off',
    midiBeat ? `MIDI clock ${midiBeat.bpm.toFixed(1)} BPM` : midiClock.running ? 'MIDI clock: starting…' : 'MIDI clock —',
  ];
  const lock = status?.music?.lock;
  parts.push(lock ? `score follows ${lock.source === 'line' ? 'line-in' : lock.source === 'midi' ? 'MIDI clock' : 'taps'} at ${lock.bpm.toFixed(1)} BPM` : 'score at the preset’s tempo');
  byId('music-info').textContent = parts.join(' · ');
}
window.setInterval(() => reportMusic(), 100);

async function listDevices(): Promise<void> {
  const select = byId<HTMLSelectElement>('line-device');
  const chosen = select.value;
  const devices = await lineDevices().catch(() => []);
  select.replaceChildren(el('option', { value: '' }, 'Default input'), ...devices.filter((d) => d.id && d.id !== 'default').map((d) => el('option', { value: d.id }, d.label)));
  select.value = devices.some((d) => d.id === chosen) ? chosen : '';
}
byId('line-listen').addEventListener('click', async () => {
  const button = byId('line-listen');
  if (lineIn) {
    lineIn.close();
    lineIn = undefined;
    button.setAttribute('aria-pressed', 'false');
    button.textContent = 'Listen';
    log('line-in off');
    return;
  }
  try {
    const chosen = byId<HTMLSelectElement>('line-device').value || undefined;
    lineIn = await LineIn.open(chosen, (why) => log(`line-in: ${why}; the score goes back to the preset’s tempo`, 'error'));
    button.setAttribute('aria-pressed', 'true');
    button.textContent = 'Stop listening';
    log('line-in: listening');
    await listDevices();
  } catch (err) {
    log(`line-in: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
});
byId<HTMLInputElement>('follow').addEventListener('change', (e) => send({ type: 'follow', on: (e.target as HTMLInputElement).checked }));
void listDevices();

// ─── Login and the link to the hub ───────────────────────────────────────────────────────────────
function setLink(text: string, ok: boolean): void {
  const link = byId('link');
  link.textContent = text;
  link.classList.toggle('ok', ok);
}

function loggedIn(token: string): void {
  connected = true;
  sessionStorage.setItem(TOKEN_KEY, token);
  linkUp(reloadMemory);
  document.body.dataset.state = 'console';
  byId('login').hidden = true;
  byId('console').hidden = false;
  byId('login-error').textContent = '';
  setLink('connected', true);
  log('connected to the hub');
}

/** A refusal is final (wrong token, lock-out, version): back to the login form. */
function refused(s: ConsoleSocket, refusal: { code: string; message: string }): void {
  connected = false;
  s.close();
  if (socket === s) socket = undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  document.body.dataset.state = 'login';
  byId('login').hidden = false;
  byId('console').hidden = true;
  byId('login-error').textContent = refusal.code === REFUSALS.badToken ? 'Wrong token. It is printed in the hub’s terminal.' : refusal.message;
}

function logIn(token: string): void {
  socket?.close();
  // The token never leaves this page: each connection (reconnections too) gets a fresh challenge
  // from the hub, answered with HMAC-SHA256(token, challenge).
  const s: ConsoleSocket = io('/operator', { auth: handshake(), transports: ['websocket', 'polling'], reconnectionDelay: 250, reconnectionDelayMax: 2000 });
  socket = s;
  s.on('connect', () => setLink('connected: logging in…', false));
  s.on('challenge', (value: unknown) => {
    const nonce = readChallenge(value);
    if (!nonce) return;
    const connection = s.id;
    void answerChallenge(token, nonce).then((answer) => {
      // An answer belongs to its connection: one that dropped meanwhile gets a new challenge, and
      // socket.io would otherwise send this one, stale, on the next connection.
      if (socket !== s || !s.connected || s.id !== connection) return;
      s.emit('login', { answer }, (raw: unknown) => {
        const result = readLoginResult(raw);
        if (result.ok) loggedIn(token);
        else refused(s, result);
      });
    });
  });
  s.on('disconnect', (reason) => {
    connected = false;
    setLink(`disconnected (${reason}): reconnecting…`, false);
  });
  s.on('connect_error', (err: Error & { data?: unknown }) => {
    connected = false;
    const refusal = readRefusal(err);
    if (refusal && reloadWhenOutdated(refusal, reloadMemory, Date.now())) {
      // The hub was updated while this console stayed open: fetch the new console, keep the token.
      s.close();
      setLink('the hub was updated: reloading the console…', false);
      setTimeout(() => location.reload(), OUTDATED_RELOAD_MS);
      return;
    }
    if (refusal) {
      refused(s, refusal);
      return;
    }
    setLink(`cannot reach the hub: ${err.message}`, false);
  });
  s.on('status', (value: unknown) => {
    const next = readStatus(value);
    if (next) onStatus(next);
  });
  s.on('presets', (value: unknown) => {
    const list = readPresetList(value);
    if (!list) return;
    const newlyBroken = list.filter((p) => p.error && !presets.find((q) => q.name === p.name)?.error);
    for (const p of newlyBroken) log(`preset ${p.name}.json is broken: ${p.error?.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`, 'error');
    presets = list;
    renderPresets();
  });
  s.on('playlist', (value: unknown) => {
    const view = readPlaylistView(value);
    if (view) onPlaylist(view);
  });
  s.on('notice', (value: unknown) => {
    const notice = readNotice(value);
    if (!notice) return;
    // What OSC gear did reads as itself; refusals and problems carry their code.
    if (notice.code === 'osc') log(notice.message);
    else log(notice.code === 'osc-refused' ? notice.message : `${notice.code}: ${notice.message}`, notice.code === 'joined' ? 'info' : 'error');
  });
}

byId<HTMLFormElement>('login').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = byId<HTMLInputElement>('token').value.trim();
  if (token) logIn(token);
});
byId('logout').addEventListener('click', () => {
  socket?.close();
  socket = undefined;
  connected = false;
  sessionStorage.removeItem(TOKEN_KEY);
  document.body.dataset.state = 'login';
  byId('login').hidden = false;
  byId('console').hidden = true;
});

// A token in the URL fragment (`/operator#token=…`, never sent to the server in logs) or from this
// tab's session logs in at once; the fragment is then removed from the address bar.
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) history.replaceState(null, '', location.pathname + location.search);
const remembered = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
if (remembered) logIn(remembered);
