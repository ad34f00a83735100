/**
 * The console's link to the hub as one state machine: the login form, connecting, answering the
 * hub's challenge, the console itself, a lost hub (reconnecting), a final refusal (wrong token,
 * lock-out: back to the form with the reason) and an outdated console (it reloads itself, keeping
 * the token, by the pages' one policy in `core/wire/hubLink.ts`). Events come in; the state the page
 * shows (which screen, the link line, the login error) and what the page must do next come out.
 * Pure: no DOM, no socket, no timers.
 */
import { REFUSALS } from '../../core/protocolConstants.ts';
import type { Refusal } from '../../core/wire/common.ts';
import { reloadWhenOutdated, type ReloadMemory } from '../../core/wire/hubLink.ts';

/** What the console's login form says for a wrong token (the hub's own sentence for any other refusal). */
export const WRONG_TOKEN = 'Wrong token. It is printed in the hub’s terminal.';

/** What the page does after a failed connection, besides showing the new state. */
export type LinkNext =
  /** socket.io knocks again by itself. */
  | 'retry'
  /** Final: close the socket, forget the token (the form shows why). */
  | 'refused'
  /** The hub was updated: close the socket and reload the console (`OUTDATED_RELOAD_MS` later). */
  | 'reload';

/** See the module comment. One per console page. */
export class ConsoleLink {
  /** The login form, or the console. */
  screen: 'login' | 'console' = 'login';
  /** Logged in on a live connection: commands may go. */
  connected = false;
  /** The link line at the top of the console (the page's own words until the first event). */
  line = 'connecting…';
  /** The line says the console is logged in and connected. */
  ok = false;
  /** Why the form is back (a refusal), or empty. */
  loginError = '';

  /** The socket is open: the hub's challenge follows. */
  socketUp(): void {
    this.show('connected: logging in…', false);
  }

  /** The hub accepted the answer to its challenge. */
  loggedIn(): void {
    this.connected = true;
    this.screen = 'console';
    this.loginError = '';
    this.show('connected', true);
  }

  /** A refusal is final (wrong token, lock-out, version): back to the login form. */
  refused(refusal: { code: string; message: string }): void {
    this.connected = false;
    this.screen = 'login';
    this.loginError = refusal.code === REFUSALS.badToken ? WRONG_TOKEN : refusal.message;
  }

  /** The socket closed; socket.io knocks again. @param reason socket.io's reason, shown as is. */
  lost(reason: string): void {
    this.connected = false;
    this.show(`disconnected (${reason}): reconnecting…`, false);
  }

  /**
   * The hub could not be reached, or refused the connection.
   * @param refusal the hub's typed refusal, or null for a network failure (`why` says what failed).
   * @param memory where the outdated-page policy remembers its last reload; @param nowMs `Date.now()`.
   */
  failed(refusal: Refusal | null, why: string, memory: ReloadMemory, nowMs: number): LinkNext {
    this.connected = false;
    if (refusal && reloadWhenOutdated(refusal, memory, nowMs)) {
      // The hub was updated while this console stayed open: fetch the new console, keep the token.
      this.show('the hub was updated: reloading the console…', false);
      return 'reload';
    }
    if (refusal) {
      this.refused(refusal);
      return 'refused';
    }
    this.show(`cannot reach the hub: ${why}`, false);
    return 'retry';
  }

  /** The operator logged out: the form again (a refusal's reason stays until the next login). */
  logOut(): void {
    this.connected = false;
    this.screen = 'login';
  }

  private show(line: string, ok: boolean): void {
    this.line = line;
    this.ok = ok;
  }
}
