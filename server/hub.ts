/**
 * The hub: Express + socket.io. It serves the pages, takes phones' gestures, runs the show clock
 * (the one authority on what the show is) and broadcasts one compact frame per tick to every wall.
 */
import { resolve } from 'node:path';
import { NAMESPACES } from '../core/protocol.ts';
import { Health } from './health.ts';
import { createLogger } from './log.ts';
import { ShowService, openPresets } from './ShowService.ts';
import { ShowOsc } from './ShowOsc.ts';
import { startShow } from './showStart.ts';
import { MAX_REMEMBERED } from './DreamerRegistry.ts';
import { closeWebServer, createWebServer, listen } from './webServer.ts';
import { Heartbeat } from './heartbeat.ts';
import { attachAudience } from './audience.ts';
import { attachDisplays, resnapshotDisplays } from './displays.ts';
import { attachOperators } from './operators.ts';
import { lanAddress, qrSvg } from './network.ts';
import { createOriginCheck } from './originCheck.ts';
import { operatorToken } from './tokenFile.ts';
import { ShowClock } from './ShowClock.ts';
import { PhonePace } from './PhonePace.ts';
import { noDroppedMessages } from './refuse.ts';
import { NightPlayer } from './nightRecording.ts';
import { ConfigError } from './config.ts';
import type { Hub, HubOptions } from './hubApi.ts';
import { HUB_DEFAULTS } from './options.ts';
import { AddressCounts } from './AddressCounts.ts';
import { createSocketServer } from './connectionPolicy.ts';
import { BEHIND_ROOM } from './WallBacklog.ts';
import { joinCluster, type ClusterMember } from './cluster/startCluster.ts';
import { LOGGED_IN_ROOM, type AudienceNamespace, type DisplayNamespace, type HubContext, type OperatorNamespace } from './HubContext.ts';

export type { Hub, HubOptions } from './hubApi.ts';

/** Starts a hub. */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const log = options.log ?? createLogger(options.logLevel ?? HUB_DEFAULTS.logLevel);
  const host = options.host ?? HUB_DEFAULTS.host;
  const stateFile = options.stateFile === undefined ? null : options.stateFile;
  const maxDreamers = options.maxDreamers ?? HUB_DEFAULTS.maxDreamers;
  const operator = await operatorToken({ chosen: options.token, renew: options.newToken === true, stateFile, log });
  const token = operator.token;
  // A restart after a crash plays on without a target that went bad (it is logged when added).
  if (!options.restart) await ShowOsc.checkTargets(options.oscSend ?? [], options.oscPort);

  const presets = await openPresets(options.presetDir ?? HUB_DEFAULTS.presetDir, log);
  // Replay a recorded night from its first state; else a new night, or the saved show resumed.
  const player = options.replay ? await NightPlayer.open(options.replay, log) : undefined;
  const { preset, seed, fresh, restart, remembered } = options;
  const showStarted = await startShow({
    ...{ presets, log, player, preset, seed, fresh, restart, remembered },
    // In a cluster the show is kept in Redis by its leader; a local file would be a second truth.
    stateFile: options.cluster ? null : stateFile,
    // Room for every place twice over: connected dreamers are never forgotten, departed ones oldest first.
    maxRemembered: Math.max(MAX_REMEMBERED, 2 * maxDreamers),
  });
  const { runtime, registry } = showStarted;

  // HTTP(S) server: the build's pages, or Vite's in dev mode.
  const publicHost = options.publicHost ?? (host === '0.0.0.0' || host === '::' ? lanAddress() : host);
  const web = await createWebServer({
    ...{ https: options.https, cert: options.cert, key: options.key, dev: options.dev },
    publicHost,
    staticDir: resolve(options.staticDir ?? process.env.DREAMSCAPE_DIST ?? 'dist'),
    log,
    hooks: {
      health: () => health.details(),
      preset: () => runtime.preset,
      presetNamed: (name: string) => presets.get(name),
      qrSvg: () => qrSvg(ctx.join.url),
      osc: () => ({ port: osc.port, host: osc.host }),
    },
  });
  const { server, scheme } = web;
  let port = 0;
  const io = createSocketServer(server, {
    maxConnections: options.maxConnections ?? HUB_DEFAULTS.maxConnections,
    maxPerAddress: options.maxPerAddress ?? HUB_DEFAULTS.maxPerAddress,
    originAllowed: createOriginCheck({ host, publicHost, allowOrigins: options.allowOrigins ?? [], port: () => port, publicPort: options.publicPort }),
    parser: options.parser,
    pingTimeoutMs: options.pingTimeoutMs,
    log,
  });
  const audienceNamespace = io.of(NAMESPACES.audience) as AudienceNamespace;
  const operatorNamespace = io.of(NAMESPACES.operator) as OperatorNamespace;
  const consoles = operatorNamespace.to(LOGGED_IN_ROOM);

  const dropped = noDroppedMessages();
  const room = { consoles, phones: audienceNamespace, resnapshotWalls: () => resnapshotDisplays(ctx) };
  const show = new ShowService({ runtime, presets, log, replaying: Boolean(options.replay), dropped, room });
  await show.start();
  const osc = new ShowOsc(show, consoles, log);
  // An overloaded hub asks phones for fewer, fuller messages rather than falling seconds behind.
  const pace = new PhonePace((maxRate) => {
    audienceNamespace.emit('pace', { maxRate });
    log.warn({ maxRate, elu: Math.round(pace.elu * 100) / 100, phones: registry.connected }, maxRate < 30 ? 'hub busy: phones asked to send less often' : 'hub calmer: phones may send more often');
  });
  const heartbeat = new Heartbeat(options.heartbeat);
  const ctx: HubContext = {
    ...{ runtime, show, registry, log, token, wallToken: options.wallToken, maxDreamers, dropped },
    phonesByAddress: new AddressCounts(options.maxPerAddress ?? HUB_DEFAULTS.maxPerAddress),
    join: { url: '', short: '' },
    displays: new Map(),
    audience: audienceNamespace,
    display: io.of(NAMESPACES.display) as DisplayNamespace,
    operator: consoles,
    operatorNamespace,
    phoneLane: options.phoneLane !== false,
    phoneRate: () => pace.maxRate,
    // Timers wait while the hub reads a big crowd: what must keep time also runs from the gesture path.
    gestureTaken: () => {
      const now = performance.now();
      clock.catchUp(now);
      pace.poll(now);
      heartbeat.poll(now);
    },
  };
  const health: Health = new Health(ctx, { phoneRate: () => pace.maxRate, persist: () => clock.keeper.health(), tick: () => clock.stats(), osc: () => osc.bridgeStats(), oscOut: () => osc.out.stats(), cluster: () => cluster?.health() });

  attachAudience(ctx);
  attachDisplays(ctx);
  const operators = attachOperators(ctx, () => health.info(), { details: () => health.details(), answerMs: options.loginAnswerMs });
  const tickHz = options.tickHz ?? HUB_DEFAULTS.tickHz;
  const cluster: ClusterMember | undefined = options.cluster ? joinCluster(
        ctx,
        options.cluster,
        {
          // Frames and batches go to the walls keeping up, as on a single hub: the clock sets aside an edge's slow walls too.
          display: { emit: (event, body) => (clock.wallSetAside() ? io.of(NAMESPACES.display).except(BEHIND_ROOM) : io.of(NAMESPACES.display)).emit(event, body) },
          audience: ctx.audience,
          operator: consoles,
        },
        tickHz,
      ) : undefined;
  const { wallBehindBytes, wallStallMs, record, keep } = options;
  const clock: ShowClock = new ShowClock(ctx, {
    ...{ tickHz, wallBehindBytes, wallStallMs, record, keep, player, status: operators.status, loopDelay: health.loopDelay, drive: cluster?.drive },
    persistEveryMs: options.persistEveryMs ?? 500,
    statusEveryMs: options.statusEveryMs ?? 1000,
    // A replay is not the live show: it never overwrites the live show's state file.
    stateFile: player || cluster ? null : stateFile,
    onFrame: (frame) => osc.observe(frame),
  });

  port = await listen(server, options.port ?? HUB_DEFAULTS.port, host);
  const localHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const shownPort = options.publicPort ?? port;
  ctx.join = { url: `${scheme}://${publicHost}:${shownPort}/c`, short: `${publicHost}:${shownPort}/c` };

  await clock.start();
  await cluster?.start();
  if (options.pacePhones !== false) pace.start();
  // A playlist named at the first start begins at its first entry; otherwise the resumed show's
  // playlist plays on where it was (a restart after a crash always resumes; a replay has its own).
  const named = options.replay || options.restart ? undefined : options.playlist;
  const refused = show.startPlaylist(named, options.replay ? undefined : showStarted.playlist);
  if (refused !== undefined) {
    // A venue's typo stops the first start, with the reason.
    await clock.stop();
    pace.stop();
    server.close();
    io.close();
    show.close();
    throw new ConfigError(`--playlist ${options.playlist}: ${refused}`);
  }
  // OSC stays on this machine unless the venue says otherwise (its own address, not the web page's).
  await osc.start({ port: options.oscPort, host: options.oscHost ?? HUB_DEFAULTS.oscHost, allow: options.oscAllow, send: options.oscSend });

  let closed = false;
  return {
    url: `${scheme}://${localHost}:${port}`,
    joinUrl: ctx.join.url,
    port,
    token,
    tokenOrigin: operator.origin,
    tokenFile: operator.file,
    oscPort: osc.port,
    oscHost: osc.host,
    oscOut: osc.out,
    context: ctx,
    async close() {
      if (closed) return;
      closed = true;
      heartbeat.stop();
      pace.stop();
      await clock.stop();
      await cluster?.close();
      await osc.close();
      health.stop();
      await closeWebServer(web, io);
      show.close();
      log.info('hub closed');
    },
  };
}
