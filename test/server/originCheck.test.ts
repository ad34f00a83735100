import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { createOriginCheck } from '../../server/originCheck.ts';
import { startHub, teardown } from '../helpers/hub.ts';

afterEach(teardown);

describe('origin check: the hub\'s own names, not the request\'s Host header', () => {
  it('allows the hub\'s names on its port and --allow-origin, refuses everything else', () => {
    const allowed = createOriginCheck({ host: '0.0.0.0', publicHost: 'dreams.local', allowOrigins: ['https://vj.example:8443', 'not a url'], port: () => 8080 });
    for (const o of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://dreams.local:8080', 'https://DREAMS.local:8080', `http://${hostname()}:8080`, 'https://vj.example:8443']) {
      expect(allowed(o), o).toBe(true);
    }
    for (const o of [
      'http://evil.example',
      'http://evil.example:8080',
      'http://127.0.0.1:1',
      'http://localhost',
      'https://dreams.local',
      'https://vj.example',
      'http://vj.example:8443',
      'null',
      '',
      'file:///etc/passwd',
      'http://127.0.0.1.evil.example:8080',
      'http://localhost.evil.example:8080',
      'javascript:alert(1)',
      'http://dreams.local.evil.example:8080',
    ]) {
      expect(allowed(o), o).toBe(false);
    }
    // A hub on port 80 (or a default port) accepts its names without a port in the origin.
    const onEighty = createOriginCheck({ host: '0.0.0.0', publicHost: 'dreams.local', allowOrigins: [], port: () => 80 });
    expect(onEighty('http://dreams.local')).toBe(true);
    expect(onEighty('https://dreams.local')).toBe(false);
  });

  it('refuses a DNS-rebinding handshake whose Host and Origin agree on a foreign name', async () => {
    const hub = await startHub({ stateFile: null });
    const { port } = new URL(hub.url);
    const handshake = (host: string, origin: string) =>
      new Promise<number>((done, fail) => {
        const req = request({ hostname: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers: { host, origin } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
    expect(await handshake('evil.example', 'http://evil.example')).toBe(403);
    expect(await handshake(`evil.example:${port}`, `http://evil.example:${port}`)).toBe(403);
    expect(await handshake(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).toBe(200);
    expect(await handshake(`localhost:${port}`, `http://localhost:${port}`)).toBe(200);
  });
});
