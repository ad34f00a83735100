/**
 * Smoke test of the bench's machinery (not of any timing): the send-time stamp survives the hub's
 * quantisation, the load generator opens phones in a worker process that the hub welcomes and
 * whose gestures reach a timing wall, and the result writer writes the file and the table.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { q } from '../../core/gestures.ts';
import { decodeStamp, encodeStamp, stampedTime, STAMP_MS } from '../../bench/hub/stamp.ts';
import { runCrowd } from '../../bench/hub/crowdRun.ts';
import { Results } from '../../bench/lib/results.ts';

describe('bench machinery', () => {
  it('keeps a send time through the hub quantising coordinates to 1/4096', () => {
    const epoch = 1_700_000_000_000;
    for (const offset of [0, 0.1, 33.3, 12_345.6, 1_600_000]) {
      const [x, y] = encodeStamp(epoch + offset, epoch);
      expect(Math.abs(decodeStamp(q(x), q(y), epoch) - (epoch + offset))).toBeLessThanOrEqual(STAMP_MS / 2 + 1e-6);
    }
  });

  it('counts a gesture on the side of the window the timing wall will put it', () => {
    const epoch = 1_700_000_000_000;
    const edge = epoch + 2000;
    // Sent 0.04 ms before the edge, its stamp reads as the edge itself: both sides count it in.
    const sent = edge - 0.04;
    const [x, y] = encodeStamp(sent, epoch);
    expect(decodeStamp(q(x), q(y), epoch)).toBeGreaterThanOrEqual(edge);
    expect(stampedTime(sent, epoch)).toBeGreaterThanOrEqual(edge);
    expect(sent).toBeLessThan(edge);
  });

  it('drives phones through a real hub to a timing wall', async () => {
    const r = await runCrowd({ hub: 'ours', phones: 4, hz: 10, warmupMs: 200, measureMs: 800, drainMs: 1500, workers: 1 });
    expect(r.connected).toBe(4);
    expect(r.sent).toBeGreaterThan(0);
    expect(r.received).toBeGreaterThan(0);
    expect(r.received).toBeLessThanOrEqual(r.sent + 4);
    expect(Number.isFinite(r.latency.p99)).toBe(true);
  }, 45_000);

  it('drives a bursty crowd through a cluster (leader + 2 edges on a throwaway Redis) and counts what each edge took', async () => {
    const r = await runCrowd({ hub: 'cluster', edges: 2, phones: 8, hz: 10, warmupMs: 1000, measureMs: 1500, drainMs: 2000, workers: 2, burst: 4 });
    expect(r.connected).toBe(8);
    expect(r.sent).toBeGreaterThan(0);
    expect(r.received).toBeGreaterThan(0);
    expect(r.received).toBeLessThanOrEqual(r.sent + 8);
    // Both edges took phones' gestures (a worker on each), and the leader took them from the folds.
    expect(r.cluster?.edges).toHaveLength(2);
    for (const e of r.cluster?.edges ?? []) expect(e.handled).toBeGreaterThan(0);
    expect(r.cluster?.leaderHandled).toBeGreaterThan(0);
    expect(Number.isFinite(r.cluster?.redisCpuPct)).toBe(true);
  }, 90_000);

  it('writes every figure to the result file and the table', () => {
    const results = new Results();
    results.add({ group: 'hub', name: '1000 phones: input→display p99', value: 42, unit: 'ms', reference: 84, target: '≤ 50' });
    const file = join(mkdtempSync(join(tmpdir(), 'dreamscape-bench-test-')), 'results.json');
    results.write(file, { quick: true });
    const written = JSON.parse(readFileSync(file, 'utf8')) as { machine: { cpus: number }; figures: { value: number; reference: number }[] };
    expect(written.figures).toEqual([expect.objectContaining({ value: 42, reference: 84 })]);
    expect(written.machine.cpus).toBeGreaterThan(0);
    expect(results.table()).toContain('0.50×');
  });
});
