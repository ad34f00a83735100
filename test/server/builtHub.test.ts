import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnHub, type HubProcess } from '../helpers/hubProcess.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = join(ROOT, 'dist', 'server', 'main.mjs');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the built hub (what npm start runs)', () => {
  let hub: HubProcess | undefined;
  afterEach(async () => {
    await hub?.kill();
  });

  it('runs without the TypeScript loader, finds its package and presets, and plays', async () => {
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build`).toBe(true);
    const state = join(mkdtempSync(join(tmpdir(), 'dreamscape-built-')), 'state.json');
    hub = await spawnHub(['--state', state], 20_000, [BUILT]);
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { ok: boolean; version: string; preset: string; tick: { ticks: number } };
    expect(health.ok).toBe(true);
    expect(health.version).toBe(version);
    expect(health.preset).toBe('default');
    const page = await fetch(`${hub.url}/c`);
    expect(page.status).toBe(200);
  });
});
