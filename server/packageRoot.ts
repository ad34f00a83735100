/**
 * Where the project lives, for the hub run from its sources (`server/*.ts`) or from its build
 * (`dist/server/*.mjs`, or a bench bundle): the nearest folder above this module holding Dreamscape's
 * package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'dreamscape') return dir;
    if (dirname(dir) === dir) throw new Error(`Dreamscape's package.json was not found above ${from}`);
  }
}

/** Absolute path of the project folder (holds package.json, presets/, dist/). */
export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Dreamscape's version, from package.json (shown in /healthz and the console). */
export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
