/**
 * The console's MIDI panel (DOM): the list of mappings with their forget buttons, MIDI-learn (a
 * click in learn mode picks the control instead of pressing it), import and export of mappings,
 * switching MIDI on and the controllers' lights. What the bytes mean is `MidiDesk.ts`; this module
 * renders it and hands presses back to the console.
 */
import { byId, el } from './dom.ts';
import { CONTROLS, type ToggleState } from './controls.ts';
import { forgetControl, MIDI_STORAGE_KEY, saveMappings, sourceOf, type MidiMappings } from './midiMapping.ts';
import { openMidi, type MidiLink } from './midiAccess.ts';
import { exportMidiFile, importMidiFile, MIDI_FILE_MAX_CHARS } from './midiFile.ts';
import { LedFeedback } from './LedFeedback.ts';
import { learnInfo, type MidiDesk } from './MidiDesk.ts';
import type { PhaseName } from '../../core/arc/phases.ts';

/** What the panel needs from the console. */
export interface MidiHost {
  desk: MidiDesk;
  log(message: string, kind?: 'info' | 'error'): void;
  /** Presses a control as MIDI (the log says so). */
  press(control: string, unit: number): void;
  /** The MIDI clock changed in a way the hub should hear at once. */
  clockNews(): void;
  /** What the lights show: the toggles and the phase playing. */
  lights(): { toggles: ToggleState; phase: PhaseName | undefined };
}

/** The panel, wired; `updateLeds` brings the lights to the show's state (call on each status). */
export function attachMidiPanel(host: MidiHost): { updateLeds(): void } {
  const { desk } = host;
  const leds = new LedFeedback();
  const info = byId('midi-info');
  let midi: MidiLink | undefined;

  function renderMap(): void {
    byId('midi-map').replaceChildren(
      ...CONTROLS.filter((c) => sourceOf(desk.mappings, c.id)).map((c) => {
        const forget = el('button', { type: 'button', className: 'quiet', 'aria-label': `Forget ${c.label}` }, '×');
        forget.addEventListener('click', () => setMappings(forgetControl(desk.mappings, c.id)));
        return el('li', {}, `${c.label} ← ${sourceOf(desk.mappings, c.id)} `, forget);
      }),
    );
    for (const node of document.querySelectorAll<HTMLElement>('[data-control]')) {
      node.classList.toggle('mapped', Boolean(sourceOf(desk.mappings, node.dataset.control ?? '')));
    }
  }

  function setMappings(next: MidiMappings): void {
    desk.mappings = next;
    localStorage.setItem(MIDI_STORAGE_KEY, saveMappings(next));
    renderMap();
    updateLeds();
  }

  /** Brings the controllers' lights to the show's state (only lights that change are sent). */
  function updateLeds(): void {
    if (!midi) return;
    for (const message of leds.update(desk.mappings, host.lights())) midi.send(message.bytes, desk.inputOf(message.source));
  }

  function setLearning(on: boolean): void {
    desk.learn(on);
    document.body.classList.toggle('learning', on);
    byId('midi-learn').setAttribute('aria-pressed', String(on));
    for (const node of document.querySelectorAll('.learn-target')) node.classList.remove('learn-target');
    info.textContent = learnInfo(on);
  }

  function onBytes(data: Uint8Array, at: number, from: string): void {
    const heard = desk.hear(data, at, from, performance.now());
    if (!heard) return;
    switch (heard.kind) {
      case 'clock':
        if (heard.tell) host.clockNews();
        return;
      case 'learned':
        setMappings(heard.mappings);
        host.log(heard.line);
        setLearning(false);
        return;
      case 'press':
        if (heard.line !== null) host.log(heard.line);
        host.press(heard.control, heard.unit);
    }
  }

  function exportMappings(): void {
    const text = exportMidiFile(desk.mappings, new Date().toISOString(), midi?.inputs() ?? []);
    const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: 'dreamscape-midi.json' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    host.log(`MIDI: ${Object.keys(desk.mappings).length} mappings exported to dreamscape-midi.json`);
  }

  async function importMappings(file: File): Promise<void> {
    const name = file.name.slice(0, 80);
    // A file far bigger than a mappings file can be is refused unread (4 bytes per character at most).
    const result = file.size > MIDI_FILE_MAX_CHARS * 4 ? { ok: false as const, error: `the file is too big (${Math.round(file.size / 1024)} KB; a mappings file is a few KB)` } : importMidiFile(await file.text());
    if (!result.ok) {
      const message = `MIDI: ${name} refused: ${result.error}. Your mappings are unchanged.`;
      host.log(message, 'error');
      info.textContent = message;
      return;
    }
    const before = Object.keys(desk.mappings).length;
    setMappings(result.mappings);
    const message = `MIDI: ${Object.keys(result.mappings).length} mappings imported from ${name} (replacing ${before}).`;
    host.log(message);
    info.textContent = message;
  }

  // In learn mode a click picks the control instead of pressing it.
  document.addEventListener(
    'click',
    (event) => {
      const node = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-control]');
      if (!node || !desk.pick(node.dataset.control ?? '')) return;
      event.preventDefault();
      event.stopPropagation();
      for (const other of document.querySelectorAll('.learn-target')) other.classList.remove('learn-target');
      node.classList.add('learn-target');
      info.textContent = learnInfo(true, desk.learnTarget);
    },
    true,
  );
  byId('midi-learn').addEventListener('click', () => setLearning(!desk.learning));
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
      midi = await openMidi(onBytes, (names) => {
        info.textContent = names.length ? `MIDI inputs: ${names.join(', ')}` : 'No MIDI inputs found: plug one in.';
        // A controller plugged in (or back) has its lights off: tell it every light again.
        leds.reset();
        updateLeds();
      });
      leds.reset();
      updateLeds();
      byId('midi-enable').textContent = 'MIDI on';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      host.log(message.startsWith('MIDI') ? message : `MIDI: ${message}`, 'error');
    }
  });
  renderMap();
  return { updateLeds };
}
