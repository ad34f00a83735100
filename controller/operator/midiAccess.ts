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

/**
 * Starts listening to every MIDI input.
 * @param onBytes called with each message's bytes.
 * @param onPorts called when the set of inputs changes.
 * @throws when Web MIDI is unavailable or the user refuses.
 */
export async function openMidi(onBytes: (data: Uint8Array) => void, onPorts: (names: string[]) => void): Promise<MidiLink> {
  if (typeof navigator.requestMIDIAccess !== 'function') throw new Error('this browser has no Web MIDI (use Chrome or Edge)');
  const access = await navigator.requestMIDIAccess({ sysex: false });
  const listener = (event: Event) => {
    const data = (event as MIDIMessageEvent).data;
    if (data) onBytes(data);
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
