/**
 * A VJ hammering the show, as a test plays it against a real hub and a real wall: blackout toggled,
 * phases cut back and forth, panic alternated with the glitch, through the console's socket or OSC.
 * The wall is captured throughout (`wallCapture.ts`) and analysed (`wcagAnalyser.ts`).
 */
import type { Browser } from 'playwright-core';
import { Client } from 'node-osc';
import { connectOperator, startHub, type OperatorClient } from '../../helpers/hub.ts';
import type { OperatorCommand } from '../../../core/protocol.ts';
import { analyse, overlayFlashes, type Analysis } from './wcagAnalyser.ts';
import { brightest, pageNow, startCapture, stopCapture, type WallCapture } from './wallCapture.ts';

/** The three abuses of issue 20, and preset switches with no crossfade. */
export type Abuse = 'blackout' | 'cut' | 'panic' | 'preset';
/** How the commands reach the hub. */
export type Path = 'console' | 'osc';

/** One abuse run. */
export interface AbuseCase {
  abuse: Abuse;
  periodMs: number;
  path: Path;
  /** How long the hammering lasts, ms. */
  forMs: number;
}

/** What a run measured. */
export interface AbuseResult {
  analysis: Analysis;
  /** Most flashes in a second of each overlay, read as white light at its opacity. */
  overlayFlashes: { qr: number; caption: number; prompt: number };
  /** Highest opacity of each overlay once the final blackout had settled (expected 0). */
  overlayAfterBlackout: number;
  /** From the final calm command to the wall obeying it (dark, or dawn unheld by the guard), ms. */
  calmDelayMs: number;
  /** After the final blackout: until the canvas alone is dark, and until the overlays alone are out, ms. */
  canvasDelayMs: number;
  overlayDelayMs: number;
  commandsSent: number;
  capture: WallCapture;
}

/** A hub with a wall page, for several runs. */
export interface AbuseRig {
  run(c: AbuseCase): Promise<AbuseResult>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a hub on `preset` with OSC, opens a wall page on it. */
export async function abuseRig(browser: Browser, preset: string): Promise<AbuseRig> {
  const hub = await startHub({ preset, oscPort: 0 });
  const op: OperatorClient = await connectOperator(hub);
  const osc = new Client('127.0.0.1', hub.oscPort!);
  const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${hub.url}/`);
  await page.waitForFunction(() => window.__dreamscape?.status === 'live' && window.__dreamscape.drawn > 10, undefined, { timeout: 30_000 });

  const send = (path: Path, cmd: OperatorCommand): void => {
    if (path === 'console') {
      op.emit('command', cmd, () => undefined);
      return;
    }
    switch (cmd.type) {
      case 'blackout':
        void osc.send('/dreamscape/blackout', cmd.on ? 1 : 0);
        return;
      case 'goto':
        void osc.send('/dreamscape/goto', cmd.phase);
        return;
      case 'panic':
        void osc.send('/dreamscape/panic', 1);
        return;
      case 'hold':
        void osc.send('/dreamscape/hold', cmd.on ? 1 : 0);
        return;
      case 'loadPreset':
        void osc.send('/dreamscape/preset', cmd.name, cmd.blend);
        return;
      default:
        throw new Error(`not sent over OSC here: ${cmd.type}`);
    }
  };
  const phaseIs = (phase: string) => page.waitForFunction((p) => window.__dreamscape?.phase === p, phase, { timeout: 15_000, polling: 50 });

  return {
    async run(c) {
      // A calm start: held in dawn, no blackout.
      send('console', { type: 'blackout', on: false });
      send('console', { type: 'hold', on: true });
      send('console', { type: 'goto', phase: 'dawn' });
      await phaseIs('dawn');
      await sleep(1500);
      await startCapture(page, 4000);
      await sleep(800);
      const pattern: OperatorCommand[] =
        c.abuse === 'blackout'
          ? [{ type: 'blackout', on: true }, { type: 'blackout', on: false }]
          : c.abuse === 'cut'
            ? [{ type: 'goto', phase: 'nightmare' }, { type: 'goto', phase: 'dawn' }]
            : c.abuse === 'panic'
              ? [{ type: 'goto', phase: 'glitch' }, { type: 'panic' }]
              : [{ type: 'loadPreset', name: 'festival', blend: 0 }, { type: 'loadPreset', name: preset, blend: 0 }];
      let sent = 0;
      const from = Date.now();
      // Paced on the wall clock's schedule, not on the sleeps: a late timer sends at once.
      while (Date.now() - from < c.forMs) {
        send(c.path, pattern[sent % 2]);
        sent++;
        const due = from + sent * c.periodMs;
        await sleep(Math.max(0, due - Date.now()));
      }
      // The calm request at the end, and how long the wall takes to obey it.
      const calm: OperatorCommand = c.abuse === 'blackout' ? { type: 'blackout', on: true } : { type: 'panic' };
      const calmAt = await pageNow(page);
      send(c.path, calm);
      sent++;
      await sleep(c.abuse === 'blackout' ? 3000 : 2500);
      const capture = await stopCapture(page);
      if (errors.length) throw new Error(`wall page errors: ${errors.join('; ')}`);
      const analysis = analyse(capture.frames, capture.grid);
      let calmDelayMs = NaN;
      let canvasDelayMs = NaN;
      let overlayDelayMs = NaN;
      let overlayAfterBlackout = 0;
      if (c.abuse === 'blackout') {
        // Dark: no cell brighter than 0.005 and every overlay out (each timed on its own too).
        const settle = (lit: (f: number) => boolean): number => {
          let at = NaN;
          for (let f = 0; f < capture.frames.length; f++) {
            if (capture.frames[f].tMs < calmAt) continue;
            if (lit(f)) at = NaN;
            else if (Number.isNaN(at)) at = capture.frames[f].tMs - calmAt;
          }
          return at;
        };
        const canvasLit = (f: number) => brightest(capture.frames[f]) > 0.005;
        const overlayLit = (f: number) => capture.overlays.qr[f].opacity > 0.01 || capture.overlays.caption[f].opacity > 0.01 || capture.overlays.prompt[f].opacity > 0.01;
        canvasDelayMs = settle(canvasLit);
        overlayDelayMs = settle(overlayLit);
        calmDelayMs = settle((f) => canvasLit(f) || overlayLit(f));
        const last = capture.frames.length - 1;
        overlayAfterBlackout = Math.max(capture.overlays.qr[last].opacity, capture.overlays.caption[last].opacity, capture.overlays.prompt[last].opacity);
        send('console', { type: 'blackout', on: false });
      } else {
        if (c.abuse === 'preset') send('console', { type: 'loadPreset', name: preset, blend: 0 });
        // Panic obeyed: the wall draws dawn and the guard no longer holds any of it back.
        let settledFrom = NaN;
        for (let f = 1; f < capture.frames.length; f++) {
          const fr = capture.frames[f];
          if (fr.tMs < calmAt) continue;
          const moved = capture.holding[f] > 0 || capture.phases[f] !== 'dawn';
          if (moved) settledFrom = NaN;
          else if (Number.isNaN(settledFrom)) settledFrom = fr.tMs;
        }
        calmDelayMs = settledFrom - calmAt;
      }
      return {
        analysis,
        overlayFlashes: { qr: overlayFlashes(capture.overlays.qr), caption: overlayFlashes(capture.overlays.caption), prompt: overlayFlashes(capture.overlays.prompt) },
        overlayAfterBlackout,
        calmDelayMs,
        canvasDelayMs,
        overlayDelayMs,
        commandsSent: sent,
        capture,
      };
    },
    async close() {
      await page.close();
      await osc.close();
      op.close();
      await hub.close();
    },
  };
}

