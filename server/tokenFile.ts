/**
 * One operator token per installation, kept beside the state file (`.dreamscape/operator-token`,
 * readable by the hub's user only). Every start, restart, crash and standby takeover reads the same
 * token, so a console stays logged in through all of them; `--new-token` replaces it on purpose.
 */
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateToken } from './operatorAuth.ts';
import { tokenWeakness } from '../core/operatorLogin.ts';
import type { Logger } from './log.ts';

/** File name of the kept token, in the state file's folder. */
export const TOKEN_FILE_NAME = 'operator-token';

/** Where the token of the installation whose state file is `stateFile` is kept. */
export function tokenFileBeside(stateFile: string): string {
  return join(dirname(stateFile), TOKEN_FILE_NAME);
}

/** How the token of this start came about. */
export type TokenOrigin = 'kept' | 'new' | 'renewed';

/**
 * Reads the installation's token, or makes and keeps one when there is none (or it is unreadable
 * or not a token), or when `renew` asks for a new one.
 * @returns the token and whether it was kept from before, made for a first start, or renewed.
 */
export async function loadOrCreateToken(file: string, options: { renew: boolean; log: Logger }): Promise<{ token: string; origin: TokenOrigin }> {
  const { log } = options;
  if (!options.renew) {
    try {
      const token = (await readFile(file, 'utf8')).trim();
      if (tokenWeakness(token) === null) {
        // Readable by others (copied by hand, an old umask): tighten it rather than refuse to start.
        const mode = (await stat(file)).mode & 0o777;
        if ((mode & 0o077) !== 0) {
          await chmod(file, 0o600);
          log.warn({ file, mode: mode.toString(8) }, 'operator token file was readable by others: now 600');
        }
        return { token, origin: 'kept' };
      }
      log.warn({ file }, 'operator token file does not hold a usable token: making a new one');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, err: (err as Error).message }, 'operator token file unreadable: making a new one');
    }
  }
  const token = generateToken();
  await writeTokenFile(file, token);
  log.info({ file }, options.renew ? 'operator token renewed: every console must log in with the new one' : 'operator token made and kept for this installation');
  return { token, origin: options.renew ? 'renewed' : 'new' };
}

/** Writes the token atomically, mode 0600 from the first byte. */
async function writeTokenFile(file: string, token: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** The operator token of this start and where it came from. */
export interface OperatorToken {
  token: string;
  /**
   * `chosen` (`--token`), `kept` (the installation's, from before), `new` (made and kept at this
   * first start), `renewed` (`--new-token`), `run` (this run only: no state file, or a disk that
   * cannot keep it).
   */
  origin: TokenOrigin | 'chosen' | 'run';
  /** The file the installation's token is kept in (null without a state file). */
  file: string | null;
}

/**
 * The token of this start: a chosen token wins; else the installation's kept token (beside the
 * state), else one for this run. A disk that cannot keep it (full, read-only) must not stop the
 * show: the token then lasts this run.
 */
export async function operatorToken(options: { chosen?: string; renew: boolean; stateFile: string | null; log: Logger }): Promise<OperatorToken> {
  const { stateFile, log } = options;
  const file = stateFile ? tokenFileBeside(stateFile) : null;
  if (options.chosen !== undefined) return { token: options.chosen, origin: 'chosen', file };
  if (!file) return { token: generateToken(), origin: 'run', file };
  const kept = await loadOrCreateToken(file, { renew: options.renew, log }).catch((err: unknown) => {
    log.error({ file, err: (err as Error).message }, 'cannot keep the operator token beside the state: this token lasts this run only');
    return undefined;
  });
  return kept ? { ...kept, file } : { token: generateToken(), origin: 'run', file };
}
