/**
 * Web MIDI glue: asks the browser for MIDI inputs and forwards every message's bytes. Inputs
 * plugged in later are picked up. Everything else (learn, mappings) is in midiMapping.ts.
 */

/** A running MIDI listener. */
export interface MidiLink {
  /** Names of the inputs being listened to. */
  inputs(): string[];
  close(): void;
}

/** What the console says when Web MIDI is withheld from a page that is not a secure context. */
export const MIDI_NEEDS_SECURE_PAGE = 'MIDI needs HTTPS or localhost: open this console on the hub’s own machine (http://localhost…), or start the hub with --https and open the https:// address';

/**
 * Why MIDI cannot start here, or `null` when it can. Browsers only offer Web MIDI to secure pages
 * (HTTPS, or localhost), so a console opened over plain HTTP on the LAN is told that, not that its
 * browser lacks MIDI.
 * @param secure the page's `isSecureContext`.
 * @param hasApi whether `navigator.requestMIDIAccess` exists.
 */
export function midiUnavailable(secure: boolean, hasApi: boolean): string | null {
  if (!secure) return MIDI_NEEDS_SECURE_PAGE;
  if (!hasApi) return 'this browser has no Web MIDI (use Chrome or Edge)';
  return null;
}

/**
 * Starts listening to every MIDI input.
 * @param onBytes called with each message's bytes and when it arrived (`performance.now()` ms).
 * @param onPorts called when the set of inputs changes.
 * @throws when Web MIDI is unavailable or the user refuses.
 */
export async function openMidi(onBytes: (data: Uint8Array, at: number) => void, onPorts: (names: string[]) => void): Promise<MidiLink> {
  const problem = midiUnavailable(globalThis.isSecureContext !== false, typeof navigator.requestMIDIAccess === 'function');
  if (problem) throw new Error(problem);
  const access = await navigator.requestMIDIAccess({ sysex: false });
  const listener = (event: Event) => {
    const data = (event as MIDIMessageEvent).data;
    if (data) onBytes(data, event.timeStamp);
  };
  const attach = () => {
    for (const input of access.inputs.values()) input.onmidimessage = listener;
    onPorts(names());
  };
  const names = () => [...access.inputs.values()].map((i) => i.name ?? i.id);
  access.onstatechange = attach;
  attach();
  return {
    inputs: names,
    close() {
      access.onstatechange = null;
      for (const input of access.inputs.values()) input.onmidimessage = null;
    },
  };
}
