/**
 * `npm run schema`: writes presets/schema.json, the JSON Schema of a preset file, from the one
 * zod schema in core/preset.ts, and presets/playlists/schema.json from core/playlist.ts. Every shipped preset names it in `"$schema"`, so editors validate
 * and autocomplete while a VJ types. `--check` only reports whether the file is up to date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { presetJsonSchema } from '../core/preset.ts';
import { playlistJsonSchema } from '../core/playlist.ts';

const presets = resolve(import.meta.dirname, '..', 'presets');
const outputs: [string, unknown][] = [
  [resolve(presets, 'schema.json'), presetJsonSchema()],
  [resolve(presets, 'playlists', 'schema.json'), playlistJsonSchema()],
];

let stale = false;
for (const [target, schema] of outputs) {
  const text = JSON.stringify(schema, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${target} is out of date: run npm run schema`);
      stale = true;
    } else {
      console.log(`${target} is up to date`);
    }
  } else {
    await writeFile(target, text);
    console.log(`wrote ${target} (${text.length} bytes)`);
  }
}
if (stale) process.exit(1);
