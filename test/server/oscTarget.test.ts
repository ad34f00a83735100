/** Where the hub may send OSC: host:port read, and every address that would spray the network refused. */
import { describe, it, expect } from 'vitest';
import { networkInterfaces } from 'node:os';
import { checkOscTarget, parseOscTarget, refusedOscAddress } from '../../server/oscTarget.ts';

describe('parseOscTarget', () => {
  it('reads IPv4, bracketed IPv6 and host names', () => {
    expect(parseOscTarget(' 192.168.1.60:9001 ')).toEqual({ host: '192.168.1.60', port: 9001 });
    expect(parseOscTarget('[fd00::7]:9002')).toEqual({ host: 'fd00::7', port: 9002 });
    expect(parseOscTarget('touchosc.local:9003')).toEqual({ host: 'touchosc.local', port: 9003 });
  });
  it.each(['', ':9000', 'host', 'host:', 'host:-1', 'host:0', 'host:65536', 'fd00::7:9000', '[fd00::7]', 'a_b:9000', 'osc.udp://host:9000', 'host:9000/x', 'x'.repeat(254) + ':1', '__proto__:1'])('refuses %j', (text) => {
    expect('error' in parseOscTarget(text)).toBe(true);
  });
});

describe('refusedOscAddress', () => {
  it.each(['255.255.255.255', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '240.0.0.1', '::', 'ff02::1', 'ff05::fb', '::ffff:255.255.255.255', '::ffff:224.0.0.251'])('refuses %s', (address) => {
    expect(refusedOscAddress(address)).toMatch(/broadcast|multicast|any/);
  });
  it.each(['127.0.0.1', '192.168.1.60', '10.0.0.7', '::1', 'fd00::7'])('takes %s', (address) => {
    expect(refusedOscAddress(address)).toBeUndefined();
  });
  it("refuses the broadcast address of this machine's own networks", () => {
    const nets = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((i) => i.family === 'IPv4' && i.netmask !== '255.255.255.255' && !i.internal);
    if (nets.length === 0) {
      console.log('no IPv4 network here beside loopback: the directed-broadcast case has nothing to check');
      return;
    }
    for (const i of nets) {
      const a = i.address.split('.').map(Number);
      const m = i.netmask.split('.').map(Number);
      const broadcast = a.map((b, k) => (b | (~m[k] & 255)) & 255).join('.');
      expect(refusedOscAddress(broadcast), broadcast).toMatch(/broadcast address of this machine's network/);
    }
  });
});

describe('checkOscTarget', () => {
  it('refuses this hub’s own OSC port on this machine, and takes it elsewhere', async () => {
    expect(await checkOscTarget('127.0.0.1:9000', 9000)).toMatchObject({ ok: false, error: expect.stringMatching(/own OSC port/) });
    expect(await checkOscTarget('localhost:9000', 9000)).toMatchObject({ ok: false });
    expect(await checkOscTarget('127.0.0.1:9001', 9000)).toMatchObject({ ok: true, target: { address: '127.0.0.1', port: 9001, family: 4 } });
    expect(await checkOscTarget('[::1]:9001', 9000)).toMatchObject({ ok: true, target: { address: '::1', family: 6 } });
  });
  it('says so when a name does not resolve', async () => {
    expect(await checkOscTarget('nothing-here.invalid:9000')).toMatchObject({ ok: false, error: expect.stringMatching(/cannot find nothing-here\.invalid/) });
  });
});
