/**
 * The wall's frame bus: the feed's one sink and its pump. The renderer (an attached sink) and the
 * soundscape (a subscribed listener) get every context, frame and batch from it as equals.
 */
import { describe, expect, it } from 'vitest';
import { BLANK_PRESET } from '../../core/preset.ts';
import { createShow } from '../../core/arc/engine.ts';
import { buildFrame } from '../../core/arc/frame.ts';
import type { FrameGesture, ShowFrame } from '../../core/protocol.ts';
import { FrameBus, type FeedSink, type ShowContext, type ShowFeed } from '../../display/showFeed.ts';

const FLAGS = { blackout: false, hold: false, caption: false, qr: 'auto', mute: false, safe: false } as const;

function frame(seq: number): ShowFrame {
  return buildFrame(createShow(BLANK_PRESET, 1), BLANK_PRESET, { seq, at: seq * 33, gestures: [], echoes: [], flags: { ...FLAGS } });
}

const context: ShowContext = { preset: BLANK_PRESET, seed: 1, echoes: [], join: null };
const tap: FrameGesture[] = [{ d: 1, r: 0, k: 'tap', p: [0.5, 0.5] }];

class RecordingSink implements FeedSink {
  readonly seen: string[] = [];
  context(): void {
    this.seen.push('context');
  }
  frame(f: ShowFrame, _at: number, extrapolated: boolean): void {
    this.seen.push(`frame ${f.seq}${extrapolated ? ' made up' : ''}`);
  }
  gestures(g: FrameGesture[]): void {
    this.seen.push(`batch ${g.length}`);
  }
}

describe('FrameBus', () => {
  it('hands every context, frame and batch to the renderer and the soundscape alike', () => {
    const bus = new FrameBus();
    const renderer = new RecordingSink();
    bus.attach(renderer);
    const sound: string[] = [];
    bus.subscribe((f, preset, batch) => sound.push(batch ? `batch ${batch.length} with ${f.seq}` : `frame ${f.seq} ${preset.name}`));
    bus.context(context);
    bus.frame(frame(1), 0, false);
    bus.gestures(tap, 10);
    bus.frame(frame(2), 33, true);
    expect(renderer.seen).toEqual(['context', 'frame 1', 'batch 1', 'frame 2 made up']);
    expect(sound).toEqual([`frame 1 ${BLANK_PRESET.name}`, 'batch 1 with 1', `frame 2 ${BLANK_PRESET.name}`]);
  });

  it('keeps the wall drawing when a listener throws, and lets a listener leave', () => {
    const bus = new FrameBus();
    const renderer = new RecordingSink();
    bus.attach(renderer);
    const errors = console.error;
    console.error = () => undefined;
    try {
      const leave = bus.subscribe(() => {
        throw new Error('a broken listener');
      });
      bus.context(context);
      bus.frame(frame(1), 0, false);
      expect(renderer.seen).toEqual(['context', 'frame 1']);
      leave();
      expect(bus.size).toBe(0);
    } finally {
      console.error = errors;
    }
  });

  it('gives listeners nothing before a context (no preset to pair frames with), nor an empty batch', () => {
    const bus = new FrameBus();
    const heard: unknown[] = [];
    bus.subscribe((f) => heard.push(f.seq));
    bus.frame(frame(1), 0, false);
    bus.context(context);
    bus.gestures([], 5);
    expect(heard).toEqual([]);
  });

  it('pumps its feed with the display time it is given', () => {
    const bus = new FrameBus();
    const times: number[] = [];
    const feed: ShowFeed = {
      update: (now: number) => void times.push(now),
      status: 'local',
      resyncs: 0,
      rejected: 0,
      hubClock: null,
      report: () => undefined,
      dispose: () => undefined,
    };
    bus.pump(5);
    bus.source(feed);
    bus.pump(16.7);
    bus.pump(33.3);
    expect(times).toEqual([16.7, 33.3]);
  });
});
