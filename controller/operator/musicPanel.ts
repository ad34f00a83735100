/**
 * The console's "follow the music" panel (DOM): the line-in (listen, choose the input), the follow
 * switch, and the loop that tells the hub what the line-in and the MIDI clock hear, each at its own
 * pace (`beatReport.ts`), with the one line saying so (`musicLine.ts`).
 */
import { BeatReport } from './beatReport.ts';
import { byId, el } from './dom.ts';
import { LineIn, lineDevices } from './lineIn.ts';
import { clockBeat, type MidiClock } from './midiClock.ts';
import { musicLine } from './musicLine.ts';
import type { OperatorCommand, OperatorStatus } from '../../core/protocol.ts';

/** What the panel needs from the console. */
export interface MusicHost {
  connected(): boolean;
  status(): OperatorStatus | undefined;
  midiClock(): MidiClock;
  send(command: OperatorCommand): void;
  log(message: string, kind?: 'info' | 'error'): void;
}

/** The panel, wired; `report` tells the hub now (a MIDI start or stop); the rest feeds the test hook. */
export function attachMusicPanel(host: MusicHost): { report(): void; lineIn(): LineIn | undefined; beatReport: BeatReport } {
  const beatReport = new BeatReport();
  let lineIn: LineIn | undefined;

  /** Tells the hub what the line-in and the MIDI clock hear (each at its own pace; a lost source once). */
  function report(): void {
    if (!host.connected()) return;
    const t = performance.now();
    const clock = host.midiClock();
    const midiBeat = clockBeat(clock, t);
    const midiCommand = beatReport.next('midi', midiBeat && { bpm: midiBeat.bpm, beat: midiBeat.beat, bar: true }, t);
    if (midiCommand) host.send(midiCommand);
    const line = lineIn?.reading(t) ?? null;
    const lineCommand = beatReport.next('line', line && { bpm: line.bpm, beat: line.beat, bar: false, energy: line.energy }, t);
    if (lineCommand) host.send(lineCommand);
    byId('music-info').textContent = musicLine({ listening: Boolean(lineIn), line, midi: midiBeat, midiRunning: clock.running }, host.status()?.music?.lock);
  }
  window.setInterval(report, 100);

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
      host.log('line-in off');
      return;
    }
    try {
      const chosen = byId<HTMLSelectElement>('line-device').value || undefined;
      lineIn = await LineIn.open(chosen, (why) => host.log(`line-in: ${why}; the score goes back to the preset’s tempo`, 'error'));
      button.setAttribute('aria-pressed', 'true');
      button.textContent = 'Stop listening';
      host.log('line-in: listening');
      await listDevices();
    } catch (err) {
      host.log(`line-in: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  });
  byId<HTMLInputElement>('follow').addEventListener('change', (e) => host.send({ type: 'follow', on: (e.target as HTMLInputElement).checked }));
  void listDevices();
  return { report, lineIn: () => lineIn, beatReport };
}
