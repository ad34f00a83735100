/**
 * The console's login and its socket (DOM and socket.io): the login form, the token kept for this
 * tab, the hub's challenge answered without the token leaving the page, the link line, and the
 * outdated-console reload. The states and what each event means are `ConsoleLink.ts`; this module
 * connects them to the socket and renders them. The hub's other messages go to the console.
 */
import { io, type Socket } from 'socket.io-client';
import type { OperatorClientToServer, OperatorServerToClient } from '../../core/protocol.ts';
import { handshake, lazyMemory, linkUp, OUTDATED_RELOAD_MS, readRefusal } from '../../core/wire/hubLink.ts';
import { byId } from './dom.ts';
import { readChallenge, readLoginResult } from './hubMessages.ts';
import { answerChallenge } from './loginAnswer.ts';
import type { ConsoleLink } from './ConsoleLink.ts';

/** The console's socket on `/operator`. */
export type ConsoleSocket = Socket<OperatorServerToClient, OperatorClientToServer>;
const TOKEN_KEY = 'dreamscape.operator.token';
/** Where the one outdated-page policy remembers its last reload (`core/wire/hubLink.ts`). */
const reloadMemory = lazyMemory(() => sessionStorage);

/** What the login needs from the console. */
export interface LoginHost {
  link: ConsoleLink;
  log(message: string): void;
  /** The hub's messages to a logged-in console, each read by the console. */
  hear: Record<'status' | 'presets' | 'playlist' | 'notice', (value: unknown) => void>;
}

/**
 * Wires the form and logs in at once with a token from the URL fragment or this tab's session.
 * @returns the socket of the current login (undefined when logged out), for commands.
 */
export function attachLogin(host: LoginHost): { socket(): ConsoleSocket | undefined } {
  const { link } = host;
  let socket: ConsoleSocket | undefined;

  /** Shows the link's state: the link line, the form or the console, and why the form is back. */
  function renderLink(): void {
    const line = byId('link');
    line.textContent = link.line;
    line.classList.toggle('ok', link.ok);
    const onConsole = link.screen === 'console';
    document.body.dataset.state = link.screen;
    byId('login').hidden = onConsole;
    byId('console').hidden = !onConsole;
    byId('login-error').textContent = link.loginError;
  }

  /** Closes the connection and forgets the token (a final refusal, or logging out). */
  function dropLink(s: ConsoleSocket | undefined): void {
    s?.close();
    if (socket === s) socket = undefined;
    sessionStorage.removeItem(TOKEN_KEY);
  }

  function logIn(token: string): void {
    socket?.close();
    // The token never leaves this page: each connection (reconnections too) gets a fresh challenge
    // from the hub, answered with HMAC-SHA256(token, challenge).
    const s: ConsoleSocket = io('/operator', { auth: handshake(), transports: ['websocket', 'polling'], reconnectionDelay: 250, reconnectionDelayMax: 2000 });
    socket = s;
    s.on('connect', () => {
      link.socketUp();
      renderLink();
    });
    s.on('challenge', (value: unknown) => {
      const nonce = readChallenge(value);
      if (!nonce) return;
      const connection = s.id;
      void answerChallenge(token, nonce).then((answer) => {
        // An answer belongs to its connection: one that dropped meanwhile gets a new challenge, and
        // socket.io would otherwise send this one, stale, on the next connection.
        if (socket !== s || !s.connected || s.id !== connection) return;
        s.emit('login', { answer }, (raw: unknown) => {
          const result = readLoginResult(raw);
          if (result.ok) {
            link.loggedIn();
            sessionStorage.setItem(TOKEN_KEY, token);
            linkUp(reloadMemory);
            renderLink();
            host.log('connected to the hub');
          } else {
            link.refused(result);
            dropLink(s);
            renderLink();
          }
        });
      });
    });
    s.on('disconnect', (reason) => {
      link.lost(reason);
      renderLink();
    });
    s.on('connect_error', (err: Error & { data?: unknown }) => {
      const next = link.failed(readRefusal(err), err.message, reloadMemory, Date.now());
      if (next === 'reload') {
        s.close();
        setTimeout(() => location.reload(), OUTDATED_RELOAD_MS);
      } else if (next === 'refused') dropLink(s);
      renderLink();
    });
    s.on('status', host.hear.status);
    s.on('presets', host.hear.presets);
    s.on('playlist', host.hear.playlist);
    s.on('notice', host.hear.notice);
  }

  byId<HTMLFormElement>('login').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = byId<HTMLInputElement>('token').value.trim();
    if (token) logIn(token);
  });
  byId('logout').addEventListener('click', () => {
    link.logOut();
    dropLink(socket);
    renderLink();
  });

  // A token in the URL fragment (`/operator#token=…`, never sent to the server in logs) or from this
  // tab's session logs in at once; the fragment is then removed from the address bar.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) history.replaceState(null, '', location.pathname + location.search);
  const remembered = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (remembered) logIn(remembered);

  return { socket: () => socket };
}
