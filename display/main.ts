/**
 * The wall: reads its mode from the URL, starts a feed (the hub, or the engine run in the page),
 * the p5 renderer, the DOM overlay, the soundscape and the read-only test hook.
 */
import '@fontsource/quicksand/500.css';
import { parseDisplayMode } from './urlMode.ts';
import { FrameBus, type FeedSink, type ShowFeed } from './showFeed.ts';
import { Renderer } from './render/Renderer.ts';
import { HubFeed } from './feed/HubFeed.ts';
import { LocalFeed } from './feed/LocalFeed.ts';
import { LocalShow } from './feed/LocalShow.ts';
import { compressPreset, fetchPreset } from './localPreset.ts';
import { createOverlay } from './overlay.ts';
import { installTestHook } from './testHook.ts';
import { wallHook } from './wallHook.ts';
import { overlayState, wallReport } from './wallOverlay.ts';
import { attachSoundscape } from './sound/attachSound.ts';
import { startWatchdog } from './watchdog.ts';
import { OverlayLight } from './safety/OverlayLight.ts';

async function main(): Promise<void> {
  document.body.dataset.page = 'display';
  document.body.style.cssText = 'margin:0;background:#05060f;overflow:hidden;cursor:none';
  const mode = parseDisplayMode(location.search);
  const bus = new FrameBus();
  let watchdog: { stop(): void } | null = null;
  // Seconds of show a frozen shot plays before it stops (trails and threads build up).
  const lead = mode.kind === 'frozen' ? mode.lead : 0;
  const seed = mode.kind === 'live' ? 7 : mode.seed;
  const renderer = new Renderer({
    root: document.body,
    pump: (nowMs) => bus.pump(nowMs),
    view: mode.view,
    quality: mode.quality,
    particles: mode.particles,
    virtualClock: mode.virtualClock,
    frozenFrames: mode.kind === 'frozen' ? Math.round(lead * 60) : null,
    recordFrames: mode.record ? 6000 : 0,
    safe: mode.safe,
    seed,
    // A wall on the hub heals itself if it stops drawing; frozen shots stop on purpose.
    onCanvas: (canvas) => {
      if (mode.kind === 'live') watchdog = startWatchdog({ canvas, isDrawing: () => renderer.lastDrawReal });
    },
  });
  // The bus is the feed's one sink; the renderer and the soundscape follow it as equals.
  bus.attach(renderer);
  const sink: FeedSink = bus;
  let feed: ShowFeed;
  if (mode.kind === 'live') {
    feed = new HubFeed(sink, { view: mode.view, wall: new URLSearchParams(location.search).get('wall'), now: () => renderer.now() });
  } else {
    let preset = await fetchPreset(mode.preset);
    if (mode.kind === 'rehearsal') preset = compressPreset(preset, mode.compress);
    if (mode.safe) preset = { ...preset, safe: true };
    const show = new LocalShow({
      preset,
      seed: mode.seed,
      crowd: mode.sim,
      storm: mode.storm,
      speed: mode.kind === 'rehearsal' ? mode.speed : 1,
      flags: { caption: mode.caption },
    });
    if (mode.kind === 'frozen') show.seek(mode.phase, Math.max(0, mode.at - lead));
    else if (mode.start) show.seek(mode.start, 0);
    sink.context({ preset, seed: mode.seed, echoes: [...show.current.echoes.values()], join: null });
    feed = new LocalFeed(show, sink, mode.kind === 'frozen' ? lead * 1000 : Infinity);
  }
  bus.source(feed);

  installTestHook(wallHook(mode.kind, renderer, feed, bus));

  renderer.start();

  // A clean output (a capture source for OBS, Resolume, TouchDesigner) draws the show alone: no
  // overlay at all, and the sound's start prompt goes to an element that is never in the page.
  const clean = mode.output === 'clean';
  document.body.dataset.output = mode.output;
  const overlay = clean ? null : createOverlay(document.body);
  let refusalShown = false;
  const overlayTimer = setInterval(() => {
    // A wall the hub refused (no or a wrong wall token) says why, in words the crew can act on.
    if (!refusalShown && feed instanceof HubFeed && feed.refusal) {
      refusalShown = true;
      if (clean) {
        // Not in the picture: the capture operator reads it in the browser source's console.
        console.error(`[dreamscape] ${feed.refusal}`);
        return;
      }
      const note = document.createElement('p');
      note.id = 'wall-refused';
      note.setAttribute('role', 'alert');
      note.textContent = feed.refusal;
      note.style.cssText = 'position:fixed;inset:auto 5% 40% 5%;margin:0;text-align:center;font:1.4rem/1.5 sans-serif;color:#ccc;z-index:10';
      document.body.append(note);
    }
    if (!overlay) return;
    overlay.update(overlayState(renderer.scene, renderer.show, mode.caption, feed.status));
  }, 250);
  // The overlays answer blackout every frame, paced so that hammering the switch never flashes them.
  const overlayLight = new OverlayLight();
  let lightFrame = 0;
  let lightAt = -1;
  const paceOverlay = (t: number): void => {
    const dt = lightAt < 0 ? 0 : (t - lightAt) / 1000;
    lightAt = t;
    overlay?.setLight(overlayLight.step(renderer.scene.blackout > 0 ? 0 : 1, t, dt));
    lightFrame = requestAnimationFrame(paceOverlay);
  };
  lightFrame = requestAnimationFrame(paceOverlay);
  const reportTimer = setInterval(() => {
    feed.report(wallReport({ fps: renderer.stats.fps, frameMs: renderer.p99(), quality: renderer.scene.quality, particles: renderer.stats.particles, flashGuarded: renderer.guard.guarded }));
  }, 2000);

  let sound: { dispose(): void } | null = null;
  try {
    sound = attachSoundscape({ subscribe: bus.subscribe, root: overlay?.layer ?? document.createElement('div'), hubClock: () => feed.hubClock?.offset ?? null });
  } catch (err) {
    console.error('[dreamscape] the soundscape failed to start; the picture goes on', err);
  }

  window.addEventListener('pagehide', () => {
    clearInterval(overlayTimer);
    cancelAnimationFrame(lightFrame);
    clearInterval(reportTimer);
    watchdog?.stop();
    sound?.dispose();
    overlay?.dispose();
    feed.dispose();
    renderer.dispose();
  });
}

void main();
