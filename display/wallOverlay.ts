/**
 * What the wall's page shows over the picture and tells the hub, as pure functions of the show: the
 * overlay's state (QR, dreamers, join link, caption, the reconnecting mark) and the wall's report of
 * how it draws. No DOM: `overlay.ts` renders the one, the feed sends the other.
 */
import type { DisplayReport } from '../core/protocol.ts';
import type { OverlayState } from './overlay.ts';
import type { Scene } from './render/Scene.ts';
import type { FeedStatus, ShowContext } from './showFeed.ts';

/**
 * @param scene the show as the wall draws it now; @param show the preset and join link, or null
 * before the first context; @param captionsAlways the wall was asked for captions in its URL;
 * @param status how the wall is connected.
 */
export function overlayState(scene: Pick<Scene, 'qr' | 'crowd' | 'caption' | 'phase'>, show: Pick<ShowContext, 'preset' | 'join'> | null, captionsAlways: boolean, status: FeedStatus): OverlayState {
  const preset = show?.preset;
  return {
    qr: scene.qr,
    dreamers: scene.crowd.dreamers,
    join: show?.join ?? null,
    caption: (scene.caption || captionsAlways) && preset ? preset.phases[scene.phase].caption : null,
    reconnecting: status === 'reconnecting',
  };
}

/** What the wall measured over the last period. */
export interface WallFigures {
  /** Frames a second. */
  fps: number;
  /** p99 frame time, ms. */
  frameMs: number;
  /** Adaptive quality, 0..1. */
  quality: number;
  particles: number;
  /** Flashes the guard limited. */
  flashGuarded: number;
}

/** @returns the report, its rate and frame time held within the hub's ranges (`displayReportSchema`). */
export function wallReport(f: WallFigures): DisplayReport {
  return {
    fps: Math.min(1000, Math.max(0, f.fps)),
    frameMs: Math.min(60_000, Math.max(0, f.frameMs)),
    quality: f.quality,
    particles: f.particles,
    flashGuarded: f.flashGuarded,
  };
}
