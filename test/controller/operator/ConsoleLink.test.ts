import { describe, it, expect } from 'vitest';
import { ConsoleLink, WRONG_TOKEN } from '../../../controller/operator/ConsoleLink.ts';
import { readRefusal, OUTDATED_RELOAD_EVERY_MS, type ReloadMemory } from '../../../core/wire/hubLink.ts';
import { REFUSALS } from '../../../core/protocolConstants.ts';
import { readLoginResult } from '../../../controller/operator/hubMessages.ts';

function memory(): ReloadMemory {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}
const refusal = (code: string, message = 'the hub says no') => readRefusal({ data: { code, message } });

describe('the console link', () => {
  it('goes from the form through the challenge to the console', () => {
    const link = new ConsoleLink();
    expect([link.screen, link.connected, link.line, link.ok]).toEqual(['login', false, 'connecting…', false]);
    link.socketUp();
    expect([link.screen, link.connected, link.line]).toEqual(['login', false, 'connected: logging in…']);
    link.loggedIn();
    expect([link.screen, link.connected, link.line, link.ok, link.loginError]).toEqual(['console', true, 'connected', true, '']);
  });

  it('a lost hub keeps the console on screen while socket.io knocks again', () => {
    const link = new ConsoleLink();
    link.loggedIn();
    link.lost('transport close');
    expect([link.screen, link.connected, link.line, link.ok]).toEqual(['console', false, 'disconnected (transport close): reconnecting…', false]);
    expect(link.failed(null, 'xhr poll error', memory(), 1000)).toBe('retry');
    expect([link.screen, link.line]).toEqual(['console', 'cannot reach the hub: xhr poll error']);
    link.loggedIn();
    expect(link.connected).toBe(true);
  });

  it('a wrong token is said in the console’s words, any other refusal in the hub’s', () => {
    const link = new ConsoleLink();
    const wrong = readLoginResult({ ok: false, code: REFUSALS.badToken, message: 'bad' });
    if (wrong.ok) throw new Error('a refusal reads as a success');
    link.refused(wrong);
    expect([link.screen, link.connected, link.loginError]).toEqual(['login', false, WRONG_TOKEN]);
    expect(link.failed(refusal(REFUSALS.tooManyAttempts, 'Too many attempts: wait a minute.'), 'x', memory(), 1000)).toBe('refused');
    expect(link.loginError).toBe('Too many attempts: wait a minute.');
    // A refusal after login takes the console away.
    link.loggedIn();
    expect(link.failed(refusal(REFUSALS.badToken), 'x', memory(), 1000)).toBe('refused');
    expect([link.screen, link.connected, link.loginError]).toEqual(['login', false, WRONG_TOKEN]);
  });

  it('an outdated console reloads itself once a minute at most, then shows the hub’s reason', () => {
    const m = memory();
    const link = new ConsoleLink();
    link.loggedIn();
    expect(link.failed(refusal(REFUSALS.versionMismatch), 'x', m, 100_000)).toBe('reload');
    expect([link.screen, link.line]).toEqual(['console', 'the hub was updated: reloading the console…']);
    expect(link.failed(refusal(REFUSALS.versionMismatch, 'This console is from another version.'), 'x', m, 110_000)).toBe('refused');
    expect([link.screen, link.loginError]).toEqual(['login', 'This console is from another version.']);
    expect(link.failed(refusal(REFUSALS.versionMismatch), 'x', m, 100_000 + OUTDATED_RELOAD_EVERY_MS)).toBe('reload');
  });

  it('logging out shows the form and keeps a refusal’s reason until the next login', () => {
    const link = new ConsoleLink();
    link.refused({ code: REFUSALS.badToken, message: '' });
    link.logOut();
    expect([link.screen, link.connected, link.loginError]).toEqual(['login', false, WRONG_TOKEN]);
    link.loggedIn();
    link.logOut();
    expect([link.screen, link.connected, link.loginError]).toEqual(['login', false, '']);
  });

  it('hostile connect errors read as network failures', () => {
    const link = new ConsoleLink();
    for (const bad of [null, 42, { data: { code: '__proto__' } }, { data: 'version-mismatch' }, { data: { code: ['full'] } }]) {
      expect(link.failed(readRefusal(bad), 'websocket error', memory(), 1000)).toBe('retry');
      expect([link.screen, link.loginError]).toEqual(['login', '']);
    }
  });
});
