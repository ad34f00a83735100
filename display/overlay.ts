/**
 * Text and marks over the canvas, as DOM (crisp at any size, in the shipped Quicksand typeface):
 * the join QR code and short URL (large in attract mode, discreet during the show, hideable),
 * the optional phase caption, and the discreet "reconnecting" mark. Under blackout the whole layer
 * fades out (the page paces it, `safety/OverlayLight.ts`): blackout means nothing on the wall emits light.
 * Updated only when something changes, never rebuilt per frame.
 */
import type { QrMode } from '../core/protocol.ts';

/** The overlay's state, as the page computes it each frame. */
export interface OverlayState {
  qr: QrMode;
  /** Phones connected (auto mode shows the QR large when there are none). */
  dreamers: number;
  /** Join link from the hub, or null without one. */
  join: { url: string; short: string } | null;
  /** Caption text, or null when captions are off. */
  caption: string | null;
  reconnecting: boolean;
}

/** The overlay's DOM. */
export interface Overlay {
  /** The layer every overlay lives in (the sound prompt is mounted here too, so blackout dims it). */
  readonly layer: HTMLElement;
  update(state: OverlayState): void;
  /** Dims the whole layer: opacity 0..1 (paced by `safety/OverlayLight.ts`). */
  setLight(opacity: number): void;
  dispose(): void;
}

const CSS = `
.ds-overlay{position:fixed;inset:0;pointer-events:none;font-family:Quicksand,system-ui,sans-serif;color:#f5e6ff;z-index:2}
.ds-join{position:absolute;right:2.2vmin;bottom:2.2vmin;display:flex;flex-direction:column;align-items:center;gap:.8vmin;
  background:rgba(8,10,28,.55);border-radius:1.6vmin;padding:1.4vmin;transition:all 1.2s ease}
.ds-join img{display:block;background:#fff;border-radius:.8vmin;padding:.6vmin;transition:width 1.2s ease,height 1.2s ease}
.ds-join span{font-weight:500;letter-spacing:.04em;white-space:nowrap}
.ds-join.large{right:50%;bottom:50%;transform:translate(50%,50%);padding:3vmin;background:rgba(8,10,28,.62)}
.ds-join.large img{width:34vmin;height:34vmin}
.ds-join.large span{font-size:3.4vmin}
.ds-join.large .ds-invite{font-size:2.6vmin;opacity:.85;display:block}
.ds-join.small img{width:11vmin;height:11vmin}
.ds-join.small span{font-size:1.6vmin}
.ds-join .ds-invite{display:none}
.ds-join.hidden{opacity:0}
.ds-caption{position:absolute;left:50%;bottom:5vmin;transform:translateX(-50%);font-size:3vmin;font-weight:500;letter-spacing:.08em;
  opacity:0;transition:opacity 1.5s ease;text-shadow:0 0 2vmin rgba(0,0,0,.8)}
.ds-caption.on{opacity:.85}
.ds-reconnect{position:absolute;left:2vmin;top:2vmin;font-size:1.4vmin;opacity:0;transition:opacity .8s ease;display:flex;align-items:center;gap:.8vmin}
.ds-reconnect.on{opacity:.55}
.ds-reconnect i{width:1vmin;height:1vmin;border-radius:50%;background:#e0a458;animation:ds-breathe 3s ease-in-out infinite}
@keyframes ds-breathe{0%,100%{opacity:.35}50%{opacity:1}}
`;

/** Mounts the overlay in `root`. */
export function createOverlay(root: HTMLElement): Overlay {
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.appendChild(style);
  const el = document.createElement('div');
  el.className = 'ds-overlay';
  const join = document.createElement('div');
  join.className = 'ds-join hidden';
  const img = document.createElement('img');
  img.alt = 'QR code to join with your phone';
  const invite = document.createElement('span');
  invite.className = 'ds-invite';
  invite.textContent = 'Scan to dream with us';
  const short = document.createElement('span');
  join.append(invite, img, short);
  const caption = document.createElement('div');
  caption.className = 'ds-caption';
  const reconnect = document.createElement('div');
  reconnect.className = 'ds-reconnect';
  reconnect.innerHTML = '<i></i><span>reconnecting…</span>';
  el.append(join, caption, reconnect);
  root.appendChild(el);
  let qrBroken = false;
  img.addEventListener('error', () => {
    qrBroken = true;
    join.className = 'ds-join hidden';
  });
  let last = '';
  let light = -1;

  return {
    layer: el,
    setLight(opacity: number): void {
      // Written only when it changes by a visible step: no style work on a still frame.
      const v = Math.round(Math.max(0, Math.min(1, opacity)) * 1000) / 1000;
      if (v === light) return;
      light = v;
      el.style.opacity = String(v);
      el.style.visibility = v === 0 ? 'hidden' : '';
    },
    update(state: OverlayState): void {
      const size = state.qr === 'auto' ? (state.dreamers === 0 ? 'large' : 'small') : state.qr;
      const show = state.join !== null && !qrBroken && size !== 'hidden';
      const key = `${show}|${size}|${state.join?.short}|${state.caption}|${state.reconnecting}`;
      if (key === last) return;
      last = key;
      if (state.join && !img.src) img.src = '/qr.svg';
      join.className = `ds-join ${show ? size : 'hidden'}`;
      short.textContent = state.join?.short ?? '';
      if (state.caption) caption.textContent = state.caption;
      caption.className = state.caption ? 'ds-caption on' : 'ds-caption';
      reconnect.className = state.reconnecting ? 'ds-reconnect on' : 'ds-reconnect';
    },
    dispose(): void {
      el.remove();
      style.remove();
    },
  };
}
