/**
 * The phone's JavaScript budget: everything `controller/index.html` loads, gzipped, stays at or
 * under 60 KiB (venue Wi-Fi, hundreds of phones joining at once). Reads the Vite build that
 * `npm test` makes first (`DREAMSCAPE_DIST` or `dist`), following every chunk the page imports.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = resolve(process.env.DREAMSCAPE_DIST ?? 'dist');
const BUDGET = 60 * 1024;

/** Every JS file the page loads: its scripts and preloads, then their static imports, transitively. */
function pageScripts(htmlPath: string): string[] {
  const html = readFileSync(htmlPath, 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return [...seen];
}

describe('the phone controller bundle', () => {
  it('loads at most 60 KiB of gzipped JavaScript', () => {
    const html = join(DIST, 'controller/index.html');
    expect(existsSync(html), `no build at ${DIST}: run \`npx vite build\` first (npm test does)`).toBe(true);
    const files = pageScripts(html);
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    const sizes = files.map((f) => {
      const gz = gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length;
      total += gz;
      return `${f} ${(gz / 1024).toFixed(1)} KiB`;
    });
    console.log(`phone JS, gzipped: ${(total / 1024).toFixed(1)} KiB of ${BUDGET / 1024} KiB (${sizes.join('; ')})`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
