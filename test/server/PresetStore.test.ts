import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, mkdir, writeFile, symlink, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { HISTORY_DIR, HISTORY_PER_PRESET, PresetStore, presetNamesIn, type PresetFileProblem } from '../../server/PresetStore.ts';
import fc from 'fast-check';
import { isInsideDir, presetFilePath, presetNameOfFile } from '../../server/presetPaths.ts';

const silent = pino({ level: 'silent' });

/** Polls until `check` holds (bounded: 100 × 50 ms; a loaded 2-core machine can be slow to watch). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const good = (name: string, title: string) => JSON.stringify({ $schema: './schema.json', version: 2, name, title, safe: true });

describe('presetFilePath', () => {
  it('accepts plain names inside the folder', () => {
    const r = presetFilePath('/srv/presets', 'late-night');
    expect(r).toEqual({ ok: true, name: 'late-night', file: '/srv/presets/late-night.json' });
  });
  it.each(['..', '../etc/passwd', '/etc/passwd', 'a/b', 'Festival', 'with space', '', 'x'.repeat(65), 'schema', 'a.json', '%2e%2e'])(
    'refuses %j',
    (name) => {
      expect(presetFilePath('/srv/presets', name).ok).toBe(false);
    },
  );
  it('never resolves outside the folder, whatever the name', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z0-9.\/-]{0,70}$/), fc.constantFrom('..', '.', '/', '\\..\\x')), (name) => {
        const r = presetFilePath('/srv/presets', name);
        if (r.ok) {
          expect(isInsideDir('/srv/presets', r.file)).toBe(true);
          expect(r.file).toBe(`/srv/presets/${name}.json`);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('refuses non-strings', () => {
    expect(presetFilePath('/srv/presets', 42).ok).toBe(false);
  });
  it('knows what is inside', () => {
    expect(isInsideDir('/a/b', '/a/b/c.json')).toBe(true);
    expect(isInsideDir('/a/b', '/a/b')).toBe(false);
    expect(isInsideDir('/a/b', '/a/bc.json')).toBe(false);
    expect(isInsideDir('/a/b', '/a/b/../c.json')).toBe(false);
  });
  it('skips non-preset files', () => {
    expect(presetNameOfFile('schema.json')).toBeUndefined();
    expect(presetNameOfFile('.x.tmp')).toBeUndefined();
    expect(presetNameOfFile('.hidden.json')).toBeUndefined();
    expect(presetNameOfFile('notes.txt')).toBeUndefined();
    expect(presetNameOfFile('safe.json')).toBe('safe');
  });
});

describe('PresetStore', () => {
  let root: string;
  let dir: string;
  let store: PresetStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dreamscape-presets-'));
    dir = join(root, 'presets');
    await mkdir(dir);
    await writeFile(join(dir, 'schema.json'), '{}');
    await writeFile(join(dir, 'calm.json'), good('calm', 'Calm'));
    store = new PresetStore({ dir, log: silent });
    await store.start();
  });
  afterEach(async () => {
    store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('loads the folder, skipping the schema', () => {
    expect(store.list()).toEqual([{ name: 'calm', title: 'Calm', description: 'The calm gallery loop: about twelve minutes from bedtime to dawn.' }]);
    expect(store.get('calm')?.safe).toBe(true);
    expect(store.get('calm')?.phases.serene.duration).toBeGreaterThan(0);
  });

  it('hot-reloads a new good file and reports a broken one, keeping the last good version', async () => {
    let changes = 0;
    const problems: PresetFileProblem[] = [];
    store.on('change', () => changes++);
    store.on('problem', (p: PresetFileProblem) => problems.push(p));

    await writeFile(join(dir, 'neon.json'), good('neon', 'Neon'));
    await until(() => store.list().some((p) => p.name === 'neon'), 'neon listed');
    expect(changes).toBeGreaterThan(0);
    expect(store.get('neon')?.title).toBe('Neon');

    await writeFile(join(dir, 'neon.json'), JSON.stringify({ version: 2, name: 'neon', title: 'Broken', phases: { glitch: { duration: -3 } } }));
    await until(() => store.list().some((p) => p.name === 'neon' && p.error !== undefined), 'neon error');
    const listed = store.list().find((p) => p.name === 'neon')!;
    expect(listed.error).toEqual([{ path: 'phases.glitch.duration', message: expect.stringMatching(/>=\s*5|too small/i) }]);
    expect(listed.title).toBe('Neon');
    expect(store.get('neon')?.title).toBe('Neon');
    expect(problems.at(-1)).toMatchObject({ file: 'neon.json', problems: [{ path: 'phases.glitch.duration' }] });

    await writeFile(join(dir, 'neon.json'), '{ "version": 2, "name": "neon", ');
    await until(() => store.list().find((p) => p.name === 'neon')?.error?.[0]?.message.startsWith('not valid JSON') === true, 'JSON error');
    expect(store.get('neon')?.title).toBe('Neon');

    await writeFile(join(dir, 'neon.json'), good('neon', 'Neon two'));
    await until(() => store.get('neon')?.title === 'Neon two', 'fixed neon');
    expect(store.list().find((p) => p.name === 'neon')?.error).toBeUndefined();

    await rm(join(dir, 'neon.json'));
    await until(() => !store.list().some((p) => p.name === 'neon'), 'neon removed');
    expect(store.get('neon')).toBeUndefined();
  });

  it('reports a name that does not match the file and an unknown key with its path', async () => {
    await writeFile(join(dir, 'other.json'), good('calm', 'Wrong name'));
    await writeFile(join(dir, 'typo.json'), JSON.stringify({ version: 2, name: 'typo', sound: { volume: 0.5, reverb: 1 } }));
    await until(() => store.list().length === 3, 'three listed');
    expect(store.list().find((p) => p.name === 'other')?.error?.[0]?.path).toBe('name');
    const typo = store.list().find((p) => p.name === 'typo')!;
    expect(typo.error?.[0]).toEqual({ path: 'sound.reverb', message: 'unknown key "reverb"' });
    expect(store.get('other')).toBeUndefined();
  });

  it('saves atomically and lists the result at once', async () => {
    await store.save('my-night', { title: 'My night', sound: { volume: 0.4 } });
    const text = await readFile(join(dir, 'my-night.json'), 'utf8');
    const json = JSON.parse(text);
    expect(json).toMatchObject({ $schema: './schema.json', version: 2, name: 'my-night', title: 'My night', sound: { volume: 0.4 } });
    expect(store.get('my-night')?.sound.volume).toBe(0.4);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses invalid presets on save without touching the disk', async () => {
    await expect(store.save('bad', { sound: { volume: 4 } })).rejects.toThrow(/sound\.volume/);
    expect((await readdir(dir)).sort()).toEqual(['calm.json', 'schema.json']);
  });

  it.each(['../escape', '/tmp/escape', '..', 'a/b', 'UPPER', 'schema', ''])('refuses to save as %j', async (name) => {
    await expect(store.save(name, { title: 'x' })).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['presets']);
    expect((await readdir(dir)).sort()).toEqual(['calm.json', 'schema.json']);
  });

  it('overwrites only when asked, keeps a bounded history of overwritten files, never overwrites a shipped preset', async () => {
    const shipped = new PresetStore({ dir, log: silent, shipped: presetNamesIn(dir) });
    await shipped.start();
    try {
      const calmText = await readFile(join(dir, 'calm.json'), 'utf8');
      await expect(shipped.save('calm', { title: 'Mine now' }, { overwrite: true })).rejects.toMatchObject({ code: 'shipped' });
      expect(await readFile(join(dir, 'calm.json'), 'utf8')).toBe(calmText);

      await shipped.save('mine', { title: 'v0' });
      await expect(shipped.save('mine', { title: 'v1' })).rejects.toMatchObject({ code: 'exists' });
      for (let i = 1; i <= HISTORY_PER_PRESET + 3; i++) await shipped.save('mine', { title: `v${i}` }, { overwrite: true });
      const history = (await readdir(join(dir, HISTORY_DIR))).sort();
      expect(history).toHaveLength(HISTORY_PER_PRESET);
      // The newest copies stay: the last overwritten file held the one before the current title.
      const titles = await Promise.all(history.map(async (f) => JSON.parse(await readFile(join(dir, HISTORY_DIR, f), 'utf8')).title as string));
      expect(titles).toEqual(Array.from({ length: HISTORY_PER_PRESET }, (_, i) => `v${i + 3}`));
      expect(JSON.parse(await readFile(join(dir, 'mine.json'), 'utf8')).title).toBe(`v${HISTORY_PER_PRESET + 3}`);
      expect(shipped.list().map((p) => p.name)).toEqual(['calm', 'mine']);
    } finally {
      shipped.close();
    }
  });

  it('refuses to keep history in a .history that is not a folder', async () => {
    await store.save('mine', { title: 'v0' });
    await writeFile(join(dir, HISTORY_DIR), 'a file');
    await expect(store.save('mine', { title: 'v1' }, { overwrite: true })).rejects.toThrow(/not a folder|EEXIST|ENOTDIR/);
    expect(JSON.parse(await readFile(join(dir, 'mine.json'), 'utf8')).title).toBe('v0');
  });

  it('never reads or writes through a symlink that leaves the folder', async () => {
    const outside = join(root, 'outside.json');
    await writeFile(outside, good('sneaky', 'Outside'));
    await symlink(outside, join(dir, 'sneaky.json'));
    await until(() => store.list().some((p) => p.name === 'sneaky'), 'sneaky listed');
    expect(store.list().find((p) => p.name === 'sneaky')?.error?.[0]?.message).toMatch(/outside the presets folder/);
    expect(store.get('sneaky')).toBeUndefined();

    await expect(store.save('sneaky', { title: 'overwrite' })).rejects.toThrow(/symbolic link/);
    expect(JSON.parse(await readFile(outside, 'utf8')).title).toBe('Outside');
  });

  it('logs each problem of a broken file with its file name, JSON path and reason', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const logged = new PresetStore({ dir, log });
    await writeFile(join(dir, 'typo.json'), JSON.stringify({ version: 2, name: 'typo', crowd: { heartbeatBpm: 300, unity: 1 } }));
    await logged.start();
    logged.close();
    const warnings = lines.filter((l) => l.file === 'typo.json');
    expect(warnings.map((l) => [l.path, l.reason])).toEqual([
      ['crowd.heartbeatBpm', expect.stringContaining('<=140')],
      ['crowd.unity', 'unknown key "unity"'],
    ]);
    expect(String(warnings[0].msg)).toContain('typo.json');
  });

  it('refuses lookups by unsafe names', () => {
    expect(store.get('../calm')).toBeUndefined();
    expect(store.get('/calm')).toBeUndefined();
  });
});
