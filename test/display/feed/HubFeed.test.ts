import { afterEach, describe, expect, it } from 'vitest';
import { HubFeed } from '../../../display/feed/HubFeed.ts';
import type { FeedSink } from '../../../display/showFeed.ts';
import { PROTOCOL_VERSION, type FrameGesture, type ShowFrame } from '../../../core/protocol.ts';
import { connectPhone, startHub, teardown } from '../../helpers/hub.ts';

const feeds: HubFeed[] = [];
afterEach(async () => {
  feeds.splice(0).forEach((f) => f.dispose());
  await teardown();
});

async function until(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A sink that keeps what the feed hands the wall. */
function recorder() {
  const got = { contexts: 0, frames: [] as ShowFrame[], fromFrames: [] as FrameGesture[], fromBatches: [] as FrameGesture[] };
  const sink: FeedSink = {
    context: () => void got.contexts++,
    frame: (f, _at, extrapolated) => {
      if (extrapolated) return;
      got.frames.push(f);
      got.fromFrames.push(...f.gestures);
    },
    gestures: (list) => void got.fromBatches.push(...list),
  };
  return { got, sink };
}

describe('HubFeed (the wall following the hub)', () => {
  it('hands the wall a snapshot, frames and the gesture batches between them, each gesture once', async () => {
    const hub = await startHub({ stateFile: null });
    const { got, sink } = recorder();
    const feed = new HubFeed(sink, { view: null, now: () => performance.now(), url: hub.url });
    feeds.push(feed);
    await until(() => feed.status === 'live' && got.frames.length > 0);
    expect(got.contexts).toBe(1);
    const { socket, welcome } = await connectPhone(hub);
    // Taps spread over several ticks, so some land before the half-tick batch and some after it.
    for (let i = 0; i < 30; i++) {
      socket.emit('gesture', { kind: 'tap', x: (i + 1) / 40, y: 0.5 });
      await new Promise((r) => setTimeout(r, 7));
    }
    const mine = () => [...got.fromFrames, ...got.fromBatches].filter((g) => g.d === welcome.handle);
    await until(() => mine().length >= 30);
    await new Promise((r) => setTimeout(r, 100));
    expect(mine().map((g) => g.p[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => (i + 1) / 40).map((x) => expect.closeTo(x, 3)));
    expect(got.fromBatches.length).toBeGreaterThan(0);
    expect(feed.rejected).toBe(0);
  });

  it("learns the hub's clock from a burst of samples, however far the page's clock is from it", async () => {
    const hub = await startHub({ stateFile: null });
    const { sink } = recorder();
    // This page's clock runs 5 s behind the hub's.
    const feed = new HubFeed(sink, { view: null, now: () => performance.now(), realNow: () => Date.now() - 5000, url: hub.url });
    feeds.push(feed);
    expect(feed.hubClock).toBeNull();
    const drawing = setInterval(() => feed.update(performance.now()), 16);
    try {
      await until(() => (feed.hubClock?.samples ?? 0) >= 5);
    } finally {
      clearInterval(drawing);
    }
    expect(feed.hubClock?.offset).toBeGreaterThan(5000 - 10);
    expect(feed.hubClock?.offset).toBeLessThan(5000 + 10);
  });

  it('a wall left open across a hub update (another protocol version) is refused and asks to reload', async () => {
    const hub = await startHub({ stateFile: null });
    const { got, sink } = recorder();
    let reloads = 0;
    const feed = new HubFeed(sink, { view: null, now: () => performance.now(), url: hub.url, protocol: PROTOCOL_VERSION - 1, onOutdated: () => reloads++ });
    feeds.push(feed);
    await until(() => reloads > 0);
    expect(feed.outdated).toBeGreaterThan(0);
    expect(feed.status).not.toBe('live');
    expect(got.frames).toHaveLength(0);
  });
});

describe('HubFeed and the venue\'s wall token', () => {
  it('presents the token from the display link, and keeps the hub\'s refusal in words without it', async () => {
    const hub = await startHub({ stateFile: null, wallToken: 'our-own-walls-99' });
    const refused = new HubFeed(recorder().sink, { view: null, now: () => performance.now(), url: hub.url });
    feeds.push(refused);
    await until(() => refused.refusal !== null);
    expect(refused.refusal).toMatch(/venue’s own walls/);
    expect(refused.status).not.toBe('live');
    const { got, sink } = recorder();
    const own = new HubFeed(sink, { view: '1/2', wall: 'our-own-walls-99', now: () => performance.now(), url: hub.url });
    feeds.push(own);
    await until(() => own.status === 'live' && got.frames.length > 0);
    expect(own.refusal).toBeNull();
    expect([...hub.context.displays.values()].map((d) => d.trusted)).toEqual([true]);
  });
});
