import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, teardown } from '../helpers/hub.ts';

afterEach(teardown);

/** A build folder laid out as `npm run build` lays it out, the hub's own bundle included. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dreamscape-dist-'));
  for (const folder of ['display', 'controller', 'assets', 'server']) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'display', 'index.html'), '<!doctype html><title>wall</title>');
  writeFileSync(join(dir, 'controller', 'index.html'), '<!doctype html><title>phone</title>');
  writeFileSync(join(dir, 'controller', 'operator.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'wall-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'offline.html'), '<!doctype html><title>offline</title>');
  writeFileSync(join(dir, 'offline.js'), '/* offline */');
  writeFileSync(join(dir, 'server', 'main.mjs'), 'const token = "secret source";');
  writeFileSync(join(dir, 'server', 'main.mjs.map'), '{"sources":["secret"]}');
  writeFileSync(join(dir, 'server', 'supervisor.mjs'), 'supervisor');
  writeFileSync(join(dir, 'top.mjs.map'), '{"sources":["secret"]}');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  return dir;
}

/** A raw GET, so the path reaches the hub exactly as written (no URL normalisation). */
function get(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('HTTP: only the pages\' files are served', () => {
  it('serves the pages, their assets and the offline page, never the hub\'s bundle or any source map', async () => {
    const hub = await startHub({ stateFile: null, staticDir: fakeBuild() });
    for (const path of ['/', '/c', '/operator', '/assets/wall-abc.js', '/offline.html', '/offline.js', '/display/index.html']) {
      expect((await get(hub.url, path)).status, path).toBe(200);
    }
    for (const path of [
      '/server/main.mjs',
      '/server/main.mjs.map',
      '/server/supervisor.mjs',
      '/%73erver/main.mjs',
      '/Server/main.mjs',
      '/server%2Fmain.mjs',
      '/assets/../server/main.mjs',
      '/display/../server/main.mjs',
      '/display/%2e%2e/server/main.mjs',
      '/top.mjs.map',
      '/.env',
      '/%2eenv',
    ]) {
      const res = await get(hub.url, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toMatch(/secret|SECRET/);
    }
  });
});

describe('HTTP: one preset by name, for the console\'s preview', () => {
  it('serves a preset of the folder by name, and a plain 404 for anything that is not one', async () => {
    const hub = await startHub({ stateFile: null, staticDir: fakeBuild(), presetDir: join(import.meta.dirname, '..', '..', 'presets') });
    const festival = await get(hub.url, '/api/preset?name=festival');
    expect(festival.status).toBe(200);
    expect(JSON.parse(festival.body)).toMatchObject({ name: 'festival', version: 2 });
    // Without a name: the preset playing, as before.
    expect(JSON.parse((await get(hub.url, '/api/preset')).body)).toMatchObject({ name: hub.context.runtime.preset.name });
    for (const query of ['name=nowhere', 'name=..%2Fserver%2Fmain', 'name=%2Fetc%2Fpasswd', 'name=constructor', 'name=__proto__', 'name=FESTIVAL', 'name=', `name=${'a'.repeat(65)}`, 'name=festival&name=safe', 'name=schema']) {
      const res = await get(hub.url, `/api/preset?${query}`);
      expect(res.status, query).toBe(404);
      expect(JSON.parse(res.body), query).toEqual({ error: 'no such preset' });
    }
    // Brackets are not parsed into objects: "name[]" is another key, and the answer is the preset playing.
    for (const query of ['name[]=festival', 'name[a]=festival']) {
      expect(JSON.parse((await get(hub.url, `/api/preset?${query}`)).body).name, query).toBe(hub.context.runtime.preset.name);
    }
  });
});
