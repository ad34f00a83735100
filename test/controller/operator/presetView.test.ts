import { describe, expect, it } from 'vitest';
import { saveAs, type SaveCommand } from '../../../controller/operator/presetView.ts';
import type { CommandResult } from '../../../core/protocol.ts';

/** A hub that has `existing` presets, one of them shipped. */
function fakeHub(existing: Set<string>, shipped: Set<string>) {
  const sent: SaveCommand[] = [];
  const send = async (command: SaveCommand): Promise<CommandResult> => {
    sent.push(command);
    if (shipped.has(command.name)) return { ok: false, error: 'ships', code: 'shipped' };
    if (existing.has(command.name) && !command.overwrite) return { ok: false, error: 'exists', code: 'exists' };
    existing.add(command.name);
    return { ok: true };
  };
  return { sent, send };
}

describe('save as in the console', () => {
  it('saves a new name at once, without asking', async () => {
    const hub = fakeHub(new Set(), new Set());
    const asked: string[] = [];
    expect(await saveAs(hub.send, (q) => (asked.push(q), true), 'mine', 'Mine')).toEqual({ ok: true });
    expect(hub.sent).toEqual([{ type: 'savePreset', name: 'mine', title: 'Mine' }]);
    expect(asked).toEqual([]);
  });

  it('asks before overwriting, and overwrites only on yes', async () => {
    const hub = fakeHub(new Set(['mine']), new Set());
    const asked: string[] = [];
    expect(await saveAs(hub.send, (q) => (asked.push(q), false), 'mine')).toMatchObject({ ok: false, code: 'exists' });
    expect(hub.sent).toEqual([{ type: 'savePreset', name: 'mine' }]);
    expect(asked[0]).toMatch(/"mine" exists\. Overwrite/);
    expect(await saveAs(hub.send, () => true, 'mine')).toEqual({ ok: true });
    expect(hub.sent.at(-1)).toEqual({ type: 'savePreset', name: 'mine', overwrite: true });
  });

  it('never asks for a shipped preset: the hub refuses it', async () => {
    const hub = fakeHub(new Set(['festival']), new Set(['festival']));
    let asked = false;
    expect(await saveAs(hub.send, () => (asked = true), 'festival')).toMatchObject({ ok: false, code: 'shipped' });
    expect(asked).toBe(false);
    expect(hub.sent).toHaveLength(1);
  });
});
