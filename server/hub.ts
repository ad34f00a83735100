/**
 * The hub: Express + socket.io. It serves the pages, takes phones' gestures, runs the show clock
 * (the one authority on what the show is) and broadcasts one compact frame per tick to every wall.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { Server, type ServerOptions } from 'socket.io';
import { NAMESPACES, PROTOCOL_VERSION, REFUSALS, type OperatorStatus } from '../core/protocol.ts';
import { createLogger, type Logger } from './log.ts';
import { PresetStore, presetNamesIn, type PresetFileProblem } from './PresetStore.ts';
import { startShow } from './showStart.ts';
import { MAX_REMEMBERED } from './DreamerRegistry.ts';
import { createHttpApp } from './httpApp.ts';
import { attachAudience } from './audience.ts';
import { attachDisplays, resnapshotDisplays } from './displays.ts';
import { attachOperators } from './operators.ts';
import { runOperatorCommand } from './operatorCommands.ts';
import { lanAddress, qrSvg } from './network.ts';
import { createOriginCheck } from './originCheck.ts';
import { generateToken } from './operatorAuth.ts';
import { loadOrCreateToken, tokenFileBeside, type TokenOrigin } from './tokenFile.ts';
import { loadOrCreateCertificate } from './tls.ts';
import { startOscBridge, type OscBridge } from './oscBridge.ts';
import { ConsoleLog } from './ConsoleLog.ts';
import { describeCommand } from './describeCommand.ts';
import { ShowClock, type ShowClockOptions } from './ShowClock.ts';
import { PhonePace } from './PhonePace.ts';
import { PACKAGE_ROOT, VERSION } from './packageRoot.ts';
import { noDroppedMessages } from './refuse.ts';
import { NightPlayer } from './nightRecording.ts';
import { ConfigError, type HubConfig } from './config.ts';
import { HUB_DEFAULTS } from './options.ts';
import { AddressCounts } from './AddressCounts.ts';
import { joinCluster, type ClusterMember } from './cluster/startCluster.ts';
import { LOGGED_IN_ROOM, type AudienceNamespace, type DisplayNamespace, type HubContext, type OperatorNamespace } from './HubContext.ts';

/** Ms a closing hub gives its sockets' goodbyes before it cuts the connections still open. */
const CLOSE_GRACE_MS = 2000;


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
  tokenOrigin: TokenOrigin | 'chosen' | 'run';
  /** The file the installation's token is kept in (null without a state file). */
  tokenFile: string | null;
  /** UDP port the OSC bridge listens on, when `oscPort` was given. */
  oscPort?: number;
  /** Address the OSC bridge is bound to, when `oscPort` was given. */
  oscHost?: string;
  /** Shared state, for tests and tools. */
  context: HubContext;
  /** Stops the clock, writes the state once more, closes every socket and the server. */
  close(): Promise<void>;
}

/** Starts a hub. */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const log = options.log ?? createLogger(options.logLevel ?? HUB_DEFAULTS.logLevel);
  const host = options.host ?? HUB_DEFAULTS.host;
  const stateFile = options.stateFile === undefined ? null : options.stateFile;
  const maxDreamers = options.maxDreamers ?? HUB_DEFAULTS.maxDreamers;
  // A chosen token wins; else the installation's kept token (beside the state), else one for this run.
  // A disk that cannot keep it (full, read-only) must not stop the show: the token then lasts this run.
  const kept =
    options.token === undefined && stateFile
      ? await loadOrCreateToken(tokenFileBeside(stateFile), { renew: options.newToken === true, log }).catch((err: unknown) => {
          log.error({ file: tokenFileBeside(stateFile), err: (err as Error).message }, 'cannot keep the operator token beside the state: this token lasts this run only');
          return undefined;
        })
      : undefined;
  const token = options.token ?? kept?.token ?? generateToken();
  const staticDir = resolve(options.staticDir ?? process.env.DREAMSCAPE_DIST ?? 'dist');

  // The presets that ship with Dreamscape are never overwritten by "save as" (whatever folder is in use).
  const presets = new PresetStore({ dir: options.presetDir ?? HUB_DEFAULTS.presetDir, log, shipped: presetNamesIn(join(PACKAGE_ROOT, 'presets')) });
  await presets.start();

  // Replay a recorded night from its first state; else a new night, or the saved show resumed.
  const player = options.replay ? await NightPlayer.open(options.replay, log) : undefined;
  const { runtime, registry } = await startShow({
    presets,
    log,
    // In a cluster the show is kept in Redis by its leader; a local file would be a second truth.
    stateFile: options.cluster ? null : stateFile,
    player,
    preset: options.preset,
    seed: options.seed,
    fresh: options.fresh,
    restart: options.restart,
    remembered: options.remembered,
    // Room for every place twice over: connected dreamers are never forgotten, departed ones oldest first.
    maxRemembered: Math.max(MAX_REMEMBERED, 2 * maxDreamers),
  });

  // HTTP(S) server.
  let server: HttpServer;
  let scheme = 'http';
  const publicHost = options.publicHost ?? (host === '0.0.0.0' || host === '::' ? lanAddress() : host);
  let devServer: { middlewares: (req: never, res: never, next: never) => void; close(): Promise<void> } | undefined;
  const hooks = {
    health: () => health(),
    preset: () => runtime.preset,
    qrSvg: () => qrSvg(joinUrl),
  };
  const makeApp = async () => {
    if (options.dev) {
      const { createServer } = await import('vite');
      const vite = await createServer({ server: { middlewareMode: true, hmr: { server } }, appType: 'mpa' });
      devServer = vite as unknown as typeof devServer;
      return createHttpApp({ staticDir, log, hooks, devMiddleware: vite.middlewares });
    }
    return createHttpApp({ staticDir, log, hooks });
  };
  if (options.https) {
    const cert = await loadOrCreateCertificate({ dir: '.dreamscape', cert: options.cert, key: options.key, hosts: [publicHost, 'localhost', '127.0.0.1'] }).catch((err: Error) => {
      // A certificate the venue named but that cannot be read is a set-up problem: no restart helps.
      throw options.cert ? new ConfigError(`--cert ${options.cert} / --key ${options.key}: ${err.message}`) : err;
    });
    server = createHttpsServer({ cert: cert.cert, key: cert.key });
    scheme = 'https';
  } else {
    server = createHttpServer();
  }
  const app = await makeApp();
  server.on('request', app);

  const originAllowed = createOriginCheck({ host, publicHost, allowOrigins: options.allowOrigins ?? [], port: () => port, publicPort: options.publicPort });
  const maxConnections = options.maxConnections ?? HUB_DEFAULTS.maxConnections;
  const maxPerAddress = options.maxPerAddress ?? HUB_DEFAULTS.maxPerAddress;
  // Sockets per address: one device (or one script) cannot take every connection slot.
  const socketsByAddress = new AddressCounts(maxPerAddress);
  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 8 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    ...(options.parser ? { parser: options.parser } : {}),
    allowRequest: (req, callback) => {
      if (io.engine.clientsCount >= maxConnections) {
        log.warn({ code: REFUSALS.full, sockets: io.engine.clientsCount }, 'connection refused: at the limit');
        return callback(`${REFUSALS.full}: the hub is at its connection limit (${maxConnections})`, false);
      }
      if (!socketsByAddress.hasRoom(req.socket.remoteAddress)) {
        log.warn({ code: REFUSALS.addressFull, address: req.socket.remoteAddress, limit: maxPerAddress }, 'connection refused: this address holds its share');
        return callback(`${REFUSALS.addressFull}: this network address already holds ${maxPerAddress} connections (see --max-per-address)`, false);
      }
      const origin = req.headers.origin;
      if (!origin) return callback(null, true); // not a browser page (gear, tests, the load generator)
      if (originAllowed(origin)) return callback(null, true);
      log.warn({ code: REFUSALS.originDenied, origin: origin.slice(0, 100) }, 'connection refused: foreign origin');
      callback(`${REFUSALS.originDenied}: pages from ${origin.slice(0, 100)} may not join this show (see --allow-origin)`, false);
    },
  });
  io.engine.on('connection', (conn: { remoteAddress?: string; once(event: 'close', listener: () => void): unknown }) => {
    const address = conn.remoteAddress;
    socketsByAddress.add(address);
    conn.once('close', () => socketsByAddress.remove(address));
  });
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.info({ code: err.code, message: err.message }, 'engine connection refused');
  });

  const ctx: HubContext = {
    runtime,
    registry,
    presets,
    log,
    token,
    wallToken: options.wallToken,
    maxDreamers,
    phonesByAddress: new AddressCounts(maxPerAddress),
    join: { url: '', short: '' },
    displays: new Map(),
    audience: io.of(NAMESPACES.audience) as AudienceNamespace,
    display: io.of(NAMESPACES.display) as DisplayNamespace,
    operator: (io.of(NAMESPACES.operator) as OperatorNamespace).to(LOGGED_IN_ROOM),
    operatorNamespace: io.of(NAMESPACES.operator) as OperatorNamespace,
    replaying: Boolean(options.replay),
    phoneLane: options.phoneLane !== false,
    dropped: noDroppedMessages(),
    phoneRate: () => pace.maxRate,
    gestureTaken: () => {},
    takeGesture: (g, handle, role) => runtime.addGesture(g, handle, role),
    command: (raw, source) => runOperatorCommand(ctx, raw, source),
  };
  // An overloaded hub asks phones for fewer, fuller messages rather than falling seconds behind.
  const pace = new PhonePace((maxRate) => {
    ctx.audience.emit('pace', { maxRate });
    log.warn({ maxRate, elu: Math.round(pace.elu * 100) / 100, phones: ctx.registry.connected }, maxRate < 30 ? 'hub busy: phones asked to send less often' : 'hub calmer: phones may send more often');
  });

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const startedAt = Date.now();
  const healthInfo = (): OperatorStatus['health'] => ({
    uptime: Math.round((Date.now() - startedAt) / 1000),
    rss: process.memoryUsage.rss(),
    eventLoopP99: Math.round(loopDelay.percentile(99) / 1e4) / 100,
    version: VERSION,
    phoneRate: pace.maxRate,
    persist: clock.persistHealth(),
  });
  let osc: OscBridge | undefined;
  const health = () => ({
    ok: true,
    ...healthInfo(),
    phones: ctx.registry.connected,
    displays: ctx.displays.size,
    phase: ctx.runtime.phase,
    loop: ctx.runtime.state.loop,
    preset: ctx.runtime.preset.name,
    protocol: PROTOCOL_VERSION,
    tick: clock.stats(),
    dropped: ctx.dropped,
    ...(osc ? { osc: osc.stats() } : {}),
    ...(cluster ? { cluster: cluster.health() } : {}),
  });

  const audience = attachAudience(ctx);
  attachDisplays(ctx);
  const operators = attachOperators(ctx, healthInfo, { details: health, answerMs: options.loginAnswerMs });
  void audience;

  presets.on('change', () => ctx.operator.emit('presets', presets.list()));
  presets.on('updated', (name: string) => {
    // A VJ saving the playing preset's file sees it take effect, crossfaded.
    const playing = presets.get(name);
    if (!playing || name !== ctx.runtime.preset.name) return;
    ctx.runtime.usePreset(playing, 2);
    resnapshotDisplays(ctx);
    ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
    log.info({ preset: name }, 'playing preset changed on disk: crossfading to it');
  });
  presets.on('problem', (problem: PresetFileProblem) => {
    const detail = problem.problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
    ctx.operator.emit('notice', { code: 'preset-error', message: `${problem.file}: ${detail}`.slice(0, 500) });
  });

  const cluster: ClusterMember | undefined = options.cluster
    ? joinCluster(
        ctx,
        options.cluster,
        { display: io.of(NAMESPACES.display), audience: io.of(NAMESPACES.audience), operator: io.of(NAMESPACES.operator).to(LOGGED_IN_ROOM) },
        options.tickHz ?? 30,
      )
    : undefined;
  const clock = new ShowClock(ctx, {
    tickHz: options.tickHz ?? HUB_DEFAULTS.tickHz,
    persistEveryMs: options.persistEveryMs ?? 500,
    statusEveryMs: options.statusEveryMs ?? 1000,
    wallBehindBytes: options.wallBehindBytes,
    wallStallMs: options.wallStallMs,
    // A replay is not the live show: it never overwrites the live show's state file.
    stateFile: player || cluster ? null : stateFile,
    record: options.record,
    player,
    status: operators.status,
    loopDelay,
    keep: options.keep,
    drive: cluster?.drive,
  });
  let lastBeat = performance.now();
  const beat = options.heartbeat;
  const heartbeat = (now = performance.now()): void => {
    if (!beat || now - lastBeat < 1000) return;
    lastBeat = now;
    beat();
  };
  const beatTimer = beat ? setInterval(() => heartbeat(), 1000) : undefined;
  beatTimer?.unref();
  // Timers wait while the hub reads a big crowd: what must keep time also runs from the gesture path.
  ctx.gestureTaken = () => {
    const now = performance.now();
    clock.catchUp(now);
    pace.poll(now);
    heartbeat(now);
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? HUB_DEFAULTS.port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? HUB_DEFAULTS.port);
  const localHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `${scheme}://${localHost}:${port}`;
  const shownPort = options.publicPort ?? port;
  const joinUrl = `${scheme}://${publicHost}:${shownPort}/c`;
  ctx.join = { url: joinUrl, short: `${publicHost}:${shownPort}/c` };

  await clock.start();
  await cluster?.start();
  if (options.pacePhones !== false) pace.start();

  if (options.oscPort !== undefined) {
    // What gear does, and what the hub refuses from it, shows in the console's log.
    const consoleLog = new ConsoleLog(ctx.operator);
    osc = await startOscBridge({
      port: options.oscPort,
      // Its own address, not the web page's: OSC stays on this machine unless the venue says otherwise.
      host: options.oscHost ?? HUB_DEFAULTS.oscHost,
      allow: options.oscAllow,
      log,
      onCommand: (command) => ctx.command(command, 'osc'),
      onReport: (report) => {
        if (report.kind === 'refused') {
          consoleLog.post('osc-refused', `OSC from ${report.from} refused: ${report.detail}`, `${report.from}|${report.reason}`, 5000);
        } else if (report.result.ok) {
          const what = describeCommand(report.command);
          consoleLog.post('osc', `OSC ${report.from}: ${what.text}`, `${report.from}|${what.key}`, what.continuous ? 1000 : 200);
        } else {
          consoleLog.post('osc-refused', `OSC ${report.from}: ${report.command.type} refused: ${report.result.error}`, `${report.from}|${report.command.type}|failed`, 1000);
        }
      },
    });
  }

  let closed = false;
  return {
    url,
    joinUrl,
    port,
    token,
    tokenOrigin: options.token !== undefined ? 'chosen' : (kept?.origin ?? 'run'),
    tokenFile: stateFile ? tokenFileBeside(stateFile) : null,
    oscPort: osc?.port,
    oscHost: osc?.host,
    context: ctx,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(beatTimer);
      pace.stop();
      await clock.stop();
      await cluster?.close();
      await osc?.close();
      loopDelay.disable();
      io.disconnectSockets(true);
      const ioClosed = new Promise<void>((done) => io.close(() => done()));
      // socket.io's close ends with the HTTP server's, which waits for every open connection; a
      // browser's request left halfway (a page closed mid-request, a stalled phone) would hold it
      // for minutes. The walls' and phones' goodbyes get 2 s to go out, then what is left is cut.
      const cutoff = setTimeout(() => server.closeAllConnections?.(), CLOSE_GRACE_MS);
      await ioClosed;
      clearTimeout(cutoff);
      server.closeAllConnections?.();
      await devServer?.close();
      presets.close();
      log.info('hub closed');
    },
  };
}
