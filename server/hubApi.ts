/**
 * What `createHub` takes (the command line's config, all optional, plus test hooks) and what it
 * gives back: a running hub.
 */
import type { ServerOptions } from 'socket.io';
import type { Logger } from './log.ts';
import type { OperatorToken } from './tokenFile.ts';
import type { OscSender } from './OscSender.ts';
import type { ShowClockOptions } from './ShowClock.ts';
import type { HubConfig } from './config.ts';
import type { HubContext } from './HubContext.ts';

/** Options of {@link createHub}: the command-line config, all optional, plus test hooks. */
export interface HubOptions extends Partial<HubConfig> {
  log?: Logger;
  /** Folder of the Vite build. Default `DREAMSCAPE_DIST` or `dist`. */
  staticDir?: string;
  /** How often the state file is written, ms. Default 500. */
  persistEveryMs?: number;
  /** How often consoles get a status, ms. Default 1000. */
  statusEveryMs?: number;
  /**
   * Ask phones for fewer messages a second while the hub is overloaded (default true; the load
   * bench turns it off to measure the hub at a fixed 30 Hz).
   */
  pacePhones?: boolean;
  /**
   * Take phones' plain gestures by the short lane (`server/eventLane.ts`) instead of socket.io's
   * decode-and-dispatch (default true; the load bench turns it off to measure what it saves).
   */
  phoneLane?: boolean;
  /**
   * Called about once a second while the hub's event loop makes progress, from a timer and from the
   * gesture path (so a hub busy reading a big crowd, whose timers wait, still counts as alive): the
   * supervisor's hang detection.
   */
  heartbeat?: () => void;
  /**
   * This hub replaces one that crashed (the supervisor says so): the saved show is resumed whatever
   * `preset`, `seed` and `fresh` say, since those were meant for the first start.
   */
  restart?: boolean;
  /** The last state the supervisor kept from the hub before (used when newer than the file). */
  remembered?: unknown;
  /** Given the show's state while the state file cannot be written, null once it can (see ShowClock). */
  keep?: ShowClockOptions['keep'];
  /** Ms a console connection has to answer its login challenge (default 10 s; tests use less). */
  loginAnswerMs?: number;
  /** Bytes waiting for a wall above which it is set aside (default 4 MiB; tests use less). */
  wallBehindBytes?: number;
  /** A wall with bytes waiting that takes nothing for this long is dropped, ms (default 20 s; tests use less). */
  wallStallMs?: number;
  /**
   * How long a client may leave the hub's ping unanswered before it is dropped, ms (default 5,000,
   * after a 10 s interval). Tests that hold a wall's reads for longer raise it.
   */
  pingTimeoutMs?: number;
  /**
   * socket.io packet parser for every namespace (default: socket.io's JSON text). Every client must
   * use the same one; the pages use the default, so this is for the load bench's binary-frame lever.
   */
  parser?: ServerOptions['parser'];
}

/** A running hub. */
export interface Hub {
  /** Base URL on this machine, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** What phones open (the QR code), e.g. `http://192.168.1.20:8080/c`. */
  joinUrl: string;
  port: number;
  /** The operator token. */
  token: string;
  /**
   * Where the token came from: `chosen` (`--token`), `kept` (the installation's, from before),
   * `new` (made and kept at this first start), `renewed` (`--new-token`), `run` (this run only:
   * no state file).
   */
  tokenOrigin: OperatorToken['origin'];
  /** The file the installation's token is kept in (null without a state file). */
  tokenFile: OperatorToken['file'];
  /** UDP port the OSC bridge listens on, when `oscPort` was given. */
  oscPort?: number;
  /** Address the OSC bridge is bound to, when `oscPort` was given. */
  oscHost?: string;
  /** Sends the show's state to OSC targets (`--osc-send`, or added in the console). */
  oscOut: OscSender;
  /** Shared state, for tests and tools. */
  context: HubContext;
  /** Stops the clock, writes the state once more, closes every socket and the server. */
  close(): Promise<void>;
}
