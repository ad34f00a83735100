import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { unlinkSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WatchedFolder, type FolderFileProblem, type FolderListing } from '../../server/WatchedFolder.ts';

const silent = pino({ level: 'silent' });

/** A tiny file kind for the folder: `{ name, n }` with n a whole number. */
interface Thing {
  name: string;
  n: number;
}
interface ThingListing extends FolderListing {
  n: number | null;
}

const MAX_BYTES = 1024;

function things(dir: string, read?: (json: unknown, name: string) => void): WatchedFolder<Thing, ThingListing> {
  return new WatchedFolder<Thing, ThingListing>({
    dir,
    log: silent,
    noun: 'thing',
    maxBytes: MAX_BYTES,
    read: (json, name) => {
      read?.(json, name);
      if (typeof json !== 'object' || json === null) return { ok: false, problems: [{ path: '', message: 'an object' }] };
      const { name: named, n } = json as Record<string, unknown>;
      if (typeof named !== 'string') return { ok: false, problems: [{ path: 'name', message: 'a string' }] };
      if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, problems: [{ path: 'n', message: 'a whole number' }] };
      return { ok: true, value: { name: named, n } };
    },
    nameOf: (thing) => thing.name,
    listing: (name, good) => ({ name, n: good?.n ?? null }),
  });
}

/** Polls until `check` holds (bounded: 100 × 50 ms; a loaded machine can be slow to watch). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const thing = (name: string, n: number) => JSON.stringify({ name, n });

describe('WatchedFolder', () => {
  let root: string;
  let dir: string;
  let folder: WatchedFolder<Thing, ThingListing>;
  let problems: FolderFileProblem[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dreamscape-folder-'));
    dir = join(root, 'things');
    await mkdir(dir);
    await writeFile(join(dir, 'one.json'), thing('one', 1));
    folder = things(dir);
    problems = [];
    folder.on('problem', (p: FolderFileProblem) => problems.push(p));
    await folder.start();
  });
  afterEach(async () => {
    folder.close();
    await rm(root, { recursive: true, force: true });
  });

  it('creates a missing folder and starts empty', async () => {
    const fresh = things(join(root, 'new', 'deeper'));
    await fresh.start();
    fresh.close();
    expect(fresh.list()).toEqual([]);
  });

  it('loads, hot-reloads after a save, and reports "updated" for a new good version', async () => {
    expect(folder.list()).toEqual([{ name: 'one', n: 1 }]);
    const updated: string[] = [];
    folder.on('updated', (name: string) => updated.push(name));
    await writeFile(join(dir, 'one.json'), thing('one', 2));
    await until(() => folder.get('one')?.n === 2, 'one reloaded');
    expect(updated).toEqual(['one']);
  });

  it('refuses broken JSON with a clear error and keeps the last good version', async () => {
    await writeFile(join(dir, 'one.json'), '{ "name": "one", ');
    await until(() => folder.list()[0]?.error !== undefined, 'error listed');
    expect(folder.list()).toEqual([{ name: 'one', n: 1, error: [{ path: '', message: expect.stringMatching(/^not valid JSON/) }] }]);
    expect(folder.get('one')).toEqual({ name: 'one', n: 1 });
    expect(problems.at(-1)).toMatchObject({ file: 'one.json', problems: [{ path: '' }] });
    expect(folder.problems('one')).toHaveLength(1);
    // Fixed again: the error goes, the new version plays.
    await writeFile(join(dir, 'one.json'), thing('one', 3));
    await until(() => folder.get('one')?.n === 3, 'fixed');
    expect(folder.problems('one')).toBeUndefined();
  });

  it('refuses a file past the size bound without parsing it', async () => {
    let parsed = 0;
    const counting = things(dir, () => parsed++);
    await writeFile(join(dir, 'huge.json'), JSON.stringify({ name: 'huge', n: 1, pad: 'x'.repeat(MAX_BYTES) }));
    await counting.start();
    counting.close();
    expect(counting.list().find((l) => l.name === 'huge')?.error).toEqual([{ path: '', message: `larger than ${MAX_BYTES} bytes` }]);
    expect(counting.get('huge')).toBeUndefined();
    expect(parsed).toBe(1); // only one.json reached the reader
  });

  it('never reads through a symlink leaving the folder; a dangling one is reported, not hidden', async () => {
    const outside = join(root, 'outside.json');
    await writeFile(outside, thing('sneaky', 7));
    await symlink(outside, join(dir, 'sneaky.json'));
    await symlink(join(root, 'nowhere.json'), join(dir, 'dangling.json'));
    await until(() => folder.list().length === 3, 'three listed');
    expect(folder.list().find((l) => l.name === 'sneaky')?.error?.[0]?.message).toMatch(/links outside the things folder/);
    expect(folder.get('sneaky')).toBeUndefined();
    expect(folder.list().find((l) => l.name === 'dangling')?.error?.[0]?.message).toMatch(/cannot read: ENOENT/);
  });

  it('follows a symlink that stays inside the folder', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'real.json'), thing('linked', 5));
    await symlink(join(dir, 'sub', 'real.json'), join(dir, 'linked.json'));
    await until(() => folder.get('linked')?.n === 5, 'linked loaded');
  });

  it('refuses a folder posing as a file, a name that is not a name, and a name that is not the file\'s', async () => {
    await mkdir(join(dir, 'dir.json'));
    await writeFile(join(dir, 'Bad Name.json'), thing('Bad Name', 1));
    await writeFile(join(dir, 'other.json'), thing('one', 1));
    await writeFile(join(dir, 'notes.txt'), 'not a thing');
    await writeFile(join(dir, '.hidden.json'), thing('hidden', 1));
    await until(() => folder.list().length === 4, 'four listed');
    const errorOf = (name: string) => folder.list().find((l) => l.name === name)?.error?.[0];
    expect(errorOf('dir')?.message).toBe('not a regular file');
    expect(errorOf('Bad Name')?.message).toMatch(/is not a thing name/);
    expect(errorOf('other')).toEqual({ path: 'name', message: 'name "one" does not match the file name "other.json"' });
    expect(folder.get('Bad Name')).toBeUndefined();
    expect(folder.get('../one')).toBeUndefined();
  });

  it('drops a file deleted while the folder is read, without a problem or a crash', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await writeFile(join(dir, `${name}.json`), thing(name, 1));
    // The first file read deletes every other: they vanish between the listing and their read.
    let first: string | undefined;
    const racing = things(dir, (_json, name) => {
      if (first !== undefined) return;
      first = name;
      for (const other of ['a', 'b', 'c', 'd', 'one']) if (other !== name) unlinkSync(join(dir, `${other}.json`));
    });
    const seen: FolderFileProblem[] = [];
    racing.on('problem', (p: FolderFileProblem) => seen.push(p));
    await racing.start();
    racing.close();
    expect(racing.list()).toEqual([{ name: first, n: 1 }]);
    expect(seen).toEqual([]);
  });

  it('coalesces rescans asked for while one runs, and announces a change only when the listing changed', async () => {
    let changes = 0;
    folder.on('change', () => changes++);
    await Promise.all([folder.rescan(), folder.rescan(), folder.rescan()]);
    expect(changes).toBe(0);
    await writeFile(join(dir, 'two.json'), thing('two', 2));
    await Promise.all([folder.rescan(), folder.rescan()]);
    expect(folder.list().map((l) => l.name)).toEqual(['one', 'two']);
    expect(changes).toBe(1);
  });
});
