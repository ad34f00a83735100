/**
 * Web MIDI glue: asks the browser for MIDI inputs and forwards every message's bytes with the name
 * of the input it came from, and sends LED feedback to the output port of the same name (a
 * controller shows up as an input and an output with one name). Ports plugged in later are picked
 * up. Everything else (learn, mappings, lights) is in midiMapping.ts and LedFeedback.ts.
 */

/** A running MIDI listener. */
export interface MidiLink {
  /** Names of the inputs being listened to. */
  inputs(): string[];
  /**
   * Sends bytes to the output named like an input: `to` (the input a pad was last heard on), or,
   * when not known, every output that has an input of its name (never to a synth that is only an output).
   */
  send(bytes: readonly number[], to: string | undefined): void;
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
 * @param onBytes called with each message's bytes, when it arrived (`performance.now()` ms) and the input's name.
 * @param onPorts called when the set of inputs changes.
 * @throws when Web MIDI is unavailable or the user refuses.
 */
export async function openMidi(onBytes: (data: Uint8Array, at: number, from: string) => void, onPorts: (names: string[]) => void): Promise<MidiLink> {
  const problem = midiUnavailable(globalThis.isSecureContext !== false, typeof navigator.requestMIDIAccess === 'function');
  if (problem) throw new Error(problem);
  const access = await navigator.requestMIDIAccess({ sysex: false });
  const attach = () => {
    for (const input of access.inputs.values()) {
      // One listener per input, made when the input appears: each message knows its port's name.
      const from = input.name ?? input.id;
      input.onmidimessage = (event: MIDIMessageEvent) => {
        // The event's own time keeps MIDI clock pulses exact; a port that gives none is read as now.
        if (event.data) onBytes(event.data, Number.isFinite(event.timeStamp) ? event.timeStamp : performance.now(), from);
      };
    }
    onPorts(names());
  };
  const names = () => [...access.inputs.values()].map((i) => i.name ?? i.id);
  access.onstatechange = attach;
  attach();
  return {
    inputs: names,
    send(bytes, to) {
      const inputs = new Set(names());
      for (const output of access.outputs.values()) {
        const name = output.name ?? output.id;
        if (to !== undefined ? name !== to : !inputs.has(name)) continue;
        try {
          output.send(bytes);
        } catch (err) {
          // A port unplugged mid-send: the next state change reaches it again once it is back.
          console.warn('[dreamscape] MIDI send failed', err);
        }
      }
    },
    close() {
      access.onstatechange = null;
      for (const input of access.inputs.values()) input.onmidimessage = null;
    },
  };
}
