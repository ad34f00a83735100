/**
 * The wall's read-only test hook (`window.__dreamscape`, installed by `testHook.ts`): getters over the
 * renderer's, the feed's and the frame bus's live figures. Nothing here can change the show.
 */
import type { DreamscapeHook } from './testHook.ts';
import type { Renderer } from './render/Renderer.ts';
import type { FrameBus, ShowFeed } from './showFeed.ts';
import { HubFeed } from './feed/HubFeed.ts';

/** @param mode the wall's mode (`live`, `frozen`, `rehearsal`, …): a frozen wall is ready when its shot is. */
export function wallHook(mode: string, renderer: Renderer, feed: ShowFeed, bus: FrameBus): DreamscapeHook {
  return {
    mode,
    get status() {
      return feed.status;
    },
    get refusal() {
      return feed instanceof HubFeed ? feed.refusal : null;
    },
    get ready() {
      return mode === 'frozen' ? renderer.ready : renderer.stats.drawn > 0;
    },
    get framesReceived() {
      return renderer.stats.framesReceived;
    },
    get framesExtrapolated() {
      return renderer.stats.extrapolated;
    },
    get gesturesDrawn() {
      return renderer.stats.gesturesDrawn;
    },
    get drawn() {
      return renderer.stats.drawn;
    },
    get phase() {
      return renderer.scene.phase;
    },
    get phaseTime() {
      return renderer.scene.phaseTime;
    },
    get seq() {
      return renderer.stats.seq;
    },
    get fps() {
      return Math.round(renderer.stats.fps * 10) / 10;
    },
    get quality() {
      return renderer.scene.quality;
    },
    get particles() {
      return renderer.stats.particles;
    },
    get flashesGuarded() {
      return renderer.guard.guarded;
    },
    get flashViolations() {
      return renderer.guard.violations;
    },
    get flashHolding() {
      return renderer.guard.holding;
    },
    get flashLongestHoldMs() {
      return renderer.guard.longestHoldMs;
    },
    get echoes() {
      return renderer.show?.echoes.length ?? 0;
    },
    get resyncs() {
      return feed.resyncs;
    },
    get rejected() {
      return feed.rejected;
    },
    get soundListeners() {
      return bus.size;
    },
    get loop() {
      return renderer.stats.loop;
    },
    get phasesSeen() {
      return renderer.stats.phasesSeen.slice();
    },
    get lean() {
      return { x: renderer.scene.lean.x, y: renderer.scene.lean.y, tilting: renderer.stats.tilting };
    },
    recording: () => renderer.guard.recording(),
  };
}
