/** Why MIDI cannot start: a page that is not a secure context is told it needs HTTPS or localhost. */
import { describe, it, expect } from 'vitest';
import { midiUnavailable } from '../../../controller/operator/midiAccess.ts';

describe('midiUnavailable', () => {
  it('blames the insecure page, not the browser, off localhost over plain HTTP', () => {
    // Chromium hides requestMIDIAccess on insecure pages, so the API is missing there too.
    expect(midiUnavailable(false, false)).toMatch(/^MIDI needs HTTPS or localhost/);
    expect(midiUnavailable(false, true)).toMatch(/^MIDI needs HTTPS or localhost/);
  });
  it('names the browser only when a secure page lacks Web MIDI', () => {
    expect(midiUnavailable(true, false)).toMatch(/this browser has no Web MIDI/);
    expect(midiUnavailable(true, true)).toBeNull();
  });
});
