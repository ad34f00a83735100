/**
 * The hub: Express + socket.io. It serves the pages, takes phones' gestures, runs the show clock
 * (the one authority on what the show is) and broadcasts one compact frame per tick to every wall.
 */
import { join, resolve } from 'node:path';
import { Server, type ServerOptions } from 'socket.io';
import { NAMESPACES } from '../core/protocol.ts';
import { Health } from './health.ts';
import { createLogger, type Logger } from './log.ts';
import { PresetStore, presetNamesIn } from './PresetStore.ts';
import { followPresets, oscToShow } from './showService.ts';
import { startShow } from './showStart.ts';
import { MAX_REMEMBERED } from './DreamerRegistry.ts';
import { createWebServer } from './webServer.ts';
import { Heartbeat } from './heartbeat.ts';
import { attachAudience } from './audience.ts';
import { attachDisplays } from './displays.ts';
import { attachOperators } from './operators.ts';
import { loadPresetNow, runOperatorCommand } from './operatorCommands.ts';
import { PlaylistStore } from './PlaylistStore.ts';
import { PlaylistPlayer } from './PlaylistPlayer.ts';
import { lanAddress, qrSvg } from './network.ts';
import { createOriginCheck } from './originCheck.ts';
import { operatorToken, type OperatorToken } from './tokenFile.ts';
import { startOscBridge, type OscBridge } from './oscBridge.ts';
import { OscSender } from './OscSender.ts';
import { checkOscTarget } from './oscTarget.ts';
import { ShowClock, type ShowClockOptions } from './ShowClock.ts';
import { PhonePace } from './PhonePace.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';
import { noDroppedMessages } from './refuse.ts';
import { NightPlayer } from './nightRecording.ts';
import { ConfigError, type HubConfig } from './config.ts';
import { HUB_DEFAULTS } from './options.ts';
import { AddressCounts } from './AddressCounts.ts';
import { connectionPolicy, countConnections } from './connectionPolicy.ts';
import { BEHIND_ROOM } from './WallBacklog.ts';
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

/** Starts a hub. */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const log = options.log ?? createLogger(options.logLevel ?? HUB_DEFAULTS.logLevel);
  const host = options.host ?? HUB_DEFAULTS.host;
  const stateFile = options.stateFile === undefined ? null : options.stateFile;
  const maxDreamers = options.maxDreamers ?? HUB_DEFAULTS.maxDreamers;
  const operator = await operatorToken({ chosen: options.token, renew: options.newToken === true, stateFile, log });
  const token = operator.token;
  // The venue's OSC targets are checked before anything opens: a broadcast address or a name that
  // does not resolve stops the first start with a sentence; a restart after a crash plays on
  // without it (it is logged when added below).
  if (!options.restart) {
    for (const target of options.oscSend ?? []) {
      const checked = await checkOscTarget(target, options.oscPort || undefined);
      if (!checked.ok) throw new ConfigError(`--osc-send ${target}: ${checked.error}`);
    }
  }
  const staticDir = resolve(options.staticDir ?? process.env.DREAMSCAPE_DIST ?? 'dist');

  // The presets that ship with Dreamscape are never overwritten by "save as" (whatever folder is in use).
  const presets = new PresetStore({ dir: options.presetDir ?? HUB_DEFAULTS.presetDir, log, shipped: presetNamesIn(join(PACKAGE_ROOT, 'presets')) });
  await presets.start();
  const playlistStore = new PlaylistStore(options.presetDir ?? HUB_DEFAULTS.presetDir, log);
  await playlistStore.start();

  // Replay a recorded night from its first state; else a new night, or the saved show resumed.
  const player = options.replay ? await NightPlayer.open(options.replay, log) : undefined;
  const showStarted = await startShow({
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
  const { runtime, registry } = showStarted;

  // HTTP(S) server: the build's pages, or Vite's in dev mode.
  const publicHost = options.publicHost ?? (host === '0.0.0.0' || host === '::' ? lanAddress() : host);
  const web = await createWebServer({
    https: options.https,
    cert: options.cert,
    key: options.key,
    publicHost,
    dev: options.dev,
    staticDir,
    log,
    hooks: {
      health: () => health(),
      preset: () => runtime.preset,
      presetNamed: (name: string) => presets.get(name),
      qrSvg: () => qrSvg(joinUrl),
      osc: () => ({ port: osc?.port, host: osc?.host }),
    },
  });
  const { server, scheme } = web;

  const originAllowed = createOriginCheck({ host, publicHost, allowOrigins: options.allowOrigins ?? [], port: () => port, publicPort: options.publicPort });
  const maxPerAddress = options.maxPerAddress ?? HUB_DEFAULTS.maxPerAddress;
  const { allowRequest, socketsByAddress } = connectionPolicy({
    maxConnections: options.maxConnections ?? HUB_DEFAULTS.maxConnections,
    maxPerAddress,
    originAllowed,
    sockets: () => io.engine.clientsCount,
    log,
  });
  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 8 * 1024,
    pingInterval: 10_000,
    pingTimeout: options.pingTimeoutMs ?? 5_000,
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    ...(options.parser ? { parser: options.parser } : {}),
    allowRequest,
  });
  countConnections(io, socketsByAddress, log);

  // Its hooks reach the context when called, once the show runs.
  const playlists = new PlaylistPlayer(
    playlistStore,
    {
      load: (name, blend) => loadPresetNow(ctx, name, blend),
      loop: () => ctx.runtime.state.loop,
      seed: () => ctx.runtime.state.seed,
      notice: (message) => ctx.operator.emit('notice', { code: 'playlist-error', message: message.slice(0, 500) }),
      changed: (view) => ctx.operator.emit('playlist', view),
    },
    log,
  );
  const ctx: HubContext = {
    runtime,
    registry,
    presets,
    playlists,
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

  let osc: OscBridge | undefined;
  const oscOut = new OscSender({ log, speed: () => ctx.runtime.state.speed, ownOscPort: () => osc?.port });
  ctx.oscOut = oscOut;
  const healthOf: Health = new Health(ctx, { phoneRate: () => pace.maxRate, persist: () => clock.persistHealth(), tick: () => clock.stats(), osc: () => osc?.stats(), oscOut: () => oscOut.stats(), cluster: () => cluster?.health() });
  const healthInfo = () => healthOf.info();
  const health = () => healthOf.details();

  const audience = attachAudience(ctx);
  attachDisplays(ctx);
  const operators = attachOperators(ctx, healthInfo, { details: health, answerMs: options.loginAnswerMs });
  void audience;

  followPresets(ctx);

  const cluster: ClusterMember | undefined = options.cluster
    ? joinCluster(
        ctx,
        options.cluster,
        {
          // Frames and batches go to the walls keeping up, as on a single hub: the clock sets aside an edge's slow walls too.
          display: { emit: (event, body) => (clock.wallSetAside() ? io.of(NAMESPACES.display).except(BEHIND_ROOM) : io.of(NAMESPACES.display)).emit(event, body) },
          audience: io.of(NAMESPACES.audience),
          operator: io.of(NAMESPACES.operator).to(LOGGED_IN_ROOM),
        },
        options.tickHz ?? 30,
      )
    : undefined;
  const clock: ShowClock = new ShowClock(ctx, {
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
    loopDelay: healthOf.loopDelay,
    keep: options.keep,
    onFrame: (frame) => oscOut.observe(frame),
    drive: cluster?.drive,
  });
  const heartbeat = new Heartbeat(options.heartbeat);
  // Timers wait while the hub reads a big crowd: what must keep time also runs from the gesture path.
  ctx.gestureTaken = () => {
    const now = performance.now();
    clock.catchUp(now);
    pace.poll(now);
    heartbeat.poll(now);
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
  // A playlist named at the first start begins at its first entry; otherwise the resumed show's
  // playlist plays on where it was (a restart after a crash always resumes).
  if (options.playlist !== undefined && !options.replay && !options.restart) {
    const started = playlists.play(options.playlist);
    if (!started.ok) {
      // A venue's typo stops the first start, with the reason.
      await clock.stop();
      pace.stop();
      server.close();
      io.close();
      presets.close();
      playlistStore.close();
      throw new ConfigError(`--playlist ${options.playlist}: ${started.error}`);
    }
  } else if (showStarted.playlist && !options.replay) {
    const resumed = playlists.resume(showStarted.playlist);
    if (resumed.playlist || resumed.cue) log.info(resumed, 'resumed the playlist and cue');
  }

  if (options.oscPort !== undefined) {
    osc = await startOscBridge({
      port: options.oscPort,
      // Its own address, not the web page's: OSC stays on this machine unless the venue says otherwise.
      host: options.oscHost ?? HUB_DEFAULTS.oscHost,
      allow: options.oscAllow,
      log,
      // What gear does, and what the hub refuses from it, shows in the console's log.
      ...oscToShow(ctx),
    });
  }

  for (const target of options.oscSend ?? []) {
    const added = await oscOut.add(target);
    if (!added.ok) log.error({ target, error: added.error }, 'OSC target refused; the show plays on without it');
  }

  let closed = false;
  return {
    url,
    joinUrl,
    port,
    token,
    tokenOrigin: operator.origin,
    tokenFile: operator.file,
    oscPort: osc?.port,
    oscHost: osc?.host,
    oscOut,
    context: ctx,
    async close() {
      if (closed) return;
      closed = true;
      heartbeat.stop();
      pace.stop();
      await clock.stop();
      await cluster?.close();
      await osc?.close();
      await oscOut.close();
      healthOf.stop();
      io.disconnectSockets(true);
      const ioClosed = new Promise<void>((done) => io.close(() => done()));
      // socket.io's close ends with the HTTP server's, which waits for every open connection; a
      // browser's request left halfway (a page closed mid-request, a stalled phone) would hold it
      // for minutes. The walls' and phones' goodbyes get 2 s to go out, then what is left is cut.
      const cutoff = setTimeout(() => server.closeAllConnections?.(), CLOSE_GRACE_MS);
      await ioClosed;
      clearTimeout(cutoff);
      server.closeAllConnections?.();
      await web.closeDev();
      presets.close();
      playlistStore.close();
      log.info('hub closed');
    },
  };
}
