/** The OSC address space served as OSCQuery JSON by a real hub: read-only, made from the one table. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startHub, teardown } from '../helpers/hub.ts';
import { OSC_ADDRESSES } from '../../server/oscAddresses.ts';
import { oscQueryNode, oscQueryTree } from '../../server/oscQuery.ts';
import type { Hub } from '../../server/hub.ts';

describe('OSCQuery at /oscquery', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ stateFile: null, oscPort: 0 });
  });
  afterAll(teardown);

  it('describes every address of the table, with its type, access and range', async () => {
    const res = await fetch(`${hub.url}/oscquery`);
    expect(res.status).toBe(200);
    const tree: unknown = await res.json();
    for (const address of OSC_ADDRESSES) {
      const node = oscQueryNode(tree as ReturnType<typeof oscQueryTree>, address.path);
      expect(node, address.path).toBeDefined();
      expect(node?.FULL_PATH).toBe(address.path);
      expect(node?.ACCESS).toBe(address.direction === 'out' ? 1 : address.direction === 'in' ? 2 : 3);
    }
    const glitch = await (await fetch(`${hub.url}/oscquery/dreamscape/param/glitch`)).json();
    expect(glitch).toMatchObject({ FULL_PATH: '/dreamscape/param/glitch', TYPE: 'f', ACCESS: 3, RANGE: [{ MIN: 0, MAX: 1 }] });
    const phase = await (await fetch(`${hub.url}/oscquery/dreamscape/phase?RANGE`)).json();
    expect(phase).toEqual({ RANGE: [{ VALS: ['serene', 'festival', 'upgrade', 'glitch', 'nightmare', 'confrontation', 'dawn'] }] });
  });

  it('answers HOST_INFO with the OSC port the hub listens on', async () => {
    const info = await (await fetch(`${hub.url}/oscquery?HOST_INFO`)).json();
    expect(info).toMatchObject({ NAME: 'Dreamscape', OSC_PORT: hub.oscPort, OSC_TRANSPORT: 'UDP', EXTENSIONS: { ACCESS: true, RANGE: true } });
  });

  it('is read-only and finds nothing for hostile paths', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${hub.url}/oscquery/dreamscape/phase`, { method, body: '{"VALUE":["dawn"]}', headers: { 'content-type': 'application/json' } });
      expect(res.status, method).toBe(405);
    }
    expect(hub.context.runtime.phase).toBe('serene');
    for (const path of ['/dreamscape/__proto__', '/dreamscape/constructor', '/dreamscape/param/toString', '/nope', '/dreamscape/%E0%A4%A', '/dreamscape/phase/x']) {
      const res = await fetch(`${hub.url}/oscquery${path}`);
      expect(res.status, path).toBe(404);
    }
    expect((await fetch(`${hub.url}/oscquery/dreamscape/phase?NOT_AN_ATTRIBUTE`)).status).toBe(204);
    expect((await fetch(`${hub.url}/oscquery/dreamscape/phase?__proto__`)).status).toBe(204);
  });
});
