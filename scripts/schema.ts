/**
 * `npm run schema`: writes presets/schema.json, the JSON Schema of a preset file, from the one
 * zod schema in core/preset.ts. Every shipped preset names it in `"$schema"`, so editors validate
 * and autocomplete while a VJ types. `--check` only reports whether the file is up to date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { presetJsonSchema } from '../core/preset.ts';

const target = resolve(import.meta.dirname, '..', 'presets', 'schema.json');
const text = JSON.stringify(presetJsonSchema(), null, 2) + '\n';

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(`${target} is out of date: run npm run schema`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${target} (${text.length} bytes)`);
}
