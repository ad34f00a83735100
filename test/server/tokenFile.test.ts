/**
 * One operator token per installation: made once, kept beside the state file (mode 0600), read
 * again by every start, restart, crash takeover and standby, replaced only by `--new-token`; a
 * weak chosen `--token` is refused at start with what is required.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtemp, readFile, writeFile, stat, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadOrCreateToken, tokenFileBeside } from '../../server/tokenFile.ts';
import { createLogger } from '../../server/log.ts';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { tokenWeakness } from '../../core/operatorLogin.ts';
import { connectOperator, startHub, teardown } from '../helpers/hub.ts';
import { startSupervisor, type SupervisedHub } from '../chaos/helpers/hubProcess.ts';

const log = createLogger('silent');
const dirs: string[] = [];
const supervised: SupervisedHub[] = [];
afterEach(async () => {
  await teardown();
  for (const s of supervised.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function venue(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dreamscape-token-'));
  dirs.push(dir);
  return dir;
}

describe('the installation token file', () => {
  it('is made once with mode 0600, then kept; --new-token replaces it', async () => {
    const file = tokenFileBeside(join(await venue(), 'state.json'));
    const first = await loadOrCreateToken(file, { renew: false, log });
    expect(first.origin).toBe('new');
    expect(tokenWeakness(first.token)).toBeNull();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.token);
    expect(await loadOrCreateToken(file, { renew: false, log })).toEqual({ token: first.token, origin: 'kept' });
    const renewed = await loadOrCreateToken(file, { renew: true, log });
    expect(renewed.origin).toBe('renewed');
    expect(renewed.token).not.toBe(first.token);
    expect(await loadOrCreateToken(file, { renew: false, log })).toEqual({ token: renewed.token, origin: 'kept' });
  });

  it('tightens a file others can read, and replaces one that holds no usable token', async () => {
    const file = tokenFileBeside(join(await venue(), 'state.json'));
    await writeFile(file, 'moon-tide-lantern-47\n');
    await chmod(file, 0o644);
    expect(await loadOrCreateToken(file, { renew: false, log })).toEqual({ token: 'moon-tide-lantern-47', origin: 'kept' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, 'letmein');
    const replaced = await loadOrCreateToken(file, { renew: false, log });
    expect(replaced.origin).toBe('new');
    expect(replaced.token).not.toBe('letmein');
  });

  it('a hub restarted on the same state keeps the token, and a console logs in with it', async () => {
    const state = join(await venue(), 'state.json');
    const first = await startHub({ stateFile: state });
    expect(first.tokenOrigin).toBe('new');
    await first.close();
    const second = await startHub({ stateFile: state });
    expect(second.token).toBe(first.token);
    expect(second.tokenOrigin).toBe('kept');
    await connectOperator(second, first.token);
    await second.close();
    const third = await startHub({ stateFile: state, newToken: true });
    expect(third.token).not.toBe(first.token);
    expect(third.tokenOrigin).toBe('renewed');
  });

  it('under the supervisor, a crash and the standby taking over print the same token, even after --new-token', async () => {
    const hub = await startSupervisor({ token: null, args: ['--new-token'] });
    supervised.push(hub);
    const token = hub.token;
    expect(tokenWeakness(token)).toBeNull();
    expect((await readFile(join(hub.state, '..', 'operator-token'), 'utf8')).trim()).toBe(token);
    await hub.waitFor((e) => e.event === 'standby', 20_000);
    const from = hub.events.length;
    process.kill(hub.hubPid(), 'SIGKILL');
    await hub.waitFor((e) => e.event === 'ready', 20_000, from);
    const until = Date.now() + 10_000;
    while (hub.printedTokens.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(hub.printedTokens.length).toBeGreaterThanOrEqual(2);
    expect(new Set(hub.printedTokens)).toEqual(new Set([token]));
    await connectOperator({ url: hub.url, token });
  }, 90_000);
});

describe('a chosen --token', () => {
  it('is refused when weak, saying what is required', () => {
    for (const weak of ['letmein', 'abcd', 'aaaaaaaaaaaaaaaaaaaa', 'passwordpassword', ' moon-tide-lantern-47']) {
      expect(() => parseConfig(['--token', weak]), weak).toThrow(ConfigError);
    }
    expect(() => parseConfig(['--token', 'letmein'])).toThrow(/at least 16 characters, 8 of them different/);
    expect(parseConfig(['--token', 'moon-tide-lantern-47'])).toMatchObject({ token: 'moon-tide-lantern-47' });
    expect(() => parseConfig(['--token', 'moon-tide-lantern-47', '--new-token'])).toThrow(/together/);
    expect(parseConfig(['--new-token'])).toMatchObject({ newToken: true });
  });

  it('stops `npm start -- --token letmein` at once with the message, before anything listens', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'server', 'main.ts'), '--token', 'letmein', '--port', '0', '--host', '127.0.0.1', '--no-state'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--token refused: 7 characters is too short: an operator token needs at least 16 characters/);
    expect(run.stdout).not.toContain('Dreamscape is dreaming');
  });
});
