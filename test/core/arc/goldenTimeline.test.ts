/**
 * The golden timeline: the default preset, seed 7, played for one whole night and a bit, sampled
 * every 15 s of show time, written as a readable table. A change to the arc, the crowd folding or
 * the preset shows up here as a diff a person can read.
 */
import { describe, it, expect } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { type ShowState } from '../../../core/arc/engine.ts';
import { SimCrowd } from '../../../core/simCrowd.ts';
import { loopLength } from '../../../core/preset.ts';
import { param, phaseOf, runShow, TICK } from './showHarness.ts';

const SAMPLE_EVERY = 15;
const SECONDS = loopLength(BLANK_PRESET) + 90;
const COLUMNS = ['brightness', 'shadows', 'creature', 'glitch', 'tempo', 'sunrise'] as const;

function fixed(v: number, digits: number): string {
  // Rounded so the snapshot never flickers on the last bit; -0 reads as 0.
  const s = (Math.round(v * 10 ** digits) / 10 ** digits + 0).toFixed(digits);
  return s === '-0.00' ? '0.00' : s;
}

function timeline(title: string, crowd: SimCrowd | undefined): string {
  const rows: string[] = [];
  const changes: string[] = [];
  let nextSample = SAMPLE_EVERY;
  let tick = 0;
  let last = 'serene';
  const sample = (s: ShowState) => {
    const cells = [
      fixed(s.clock, 0).padStart(4),
      `${phaseOf(s)}`.padEnd(13),
      fixed(s.phaseTime, 1).padStart(5),
      ...COLUMNS.map((c) => (c === 'tempo' ? fixed(param(s, c), 1).padStart(5) : fixed(param(s, c), 2))),
      fixed(s.resolve, 2),
      fixed(s.crowd.signals.participation, 2),
      fixed(s.crowd.signals.unity, 2),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
  };
  runShow({
    seed: 7,
    seconds: SECONDS,
    crowd,
    onTick: (s) => {
      tick++;
      if (phaseOf(s) !== last) {
        changes.push(`- ${fixed(s.clock, 1)} s: ${last} → ${phaseOf(s)}`);
        last = phaseOf(s);
      }
      // Sample on exact tick counts (not float clocks) so the rows never shift by a tick.
      if (tick === Math.round(nextSample / TICK)) {
        sample(s);
        nextSample += SAMPLE_EVERY;
      }
    },
  });
  return [
    `## ${title}`,
    '',
    `| t s | phase | in s | ${COLUMNS.join(' | ')} | resolve | particip. | unity |`,
    `|---:|---|---:|${COLUMNS.map(() => '---:').join('|')}|---:|---:|---:|`,
    ...rows,
    '',
    'Phase changes:',
    '',
    ...changes,
    '',
  ].join('\n');
}

describe('golden timeline (default preset, seed 7)', () => {
  it('an empty room (attract mode: the ghost dreamers carry the confrontation)', async () => {
    const text = `# Golden timeline — empty room\n\nDefault preset, seed 7, no phones, ${TICK.toFixed(4)} s ticks, sampled every ${SAMPLE_EVERY} s.\n\n${timeline('No phones', undefined)}`;
    expect(text).toContain('confrontation → dawn');
    await expect(text).toMatchFileSnapshot('./__snapshots__/goldenTimeline.empty.md');
  });

  it('a gallery of 24 phones keeping the heartbeat together', async () => {
    const crowd = new SimCrowd({ size: 24, seed: 7, sync: 0.95 });
    const text = `# Golden timeline — 24 phones in step\n\nDefault preset, seed 7, SimCrowd(size 24, seed 7, sync 0.95) attributed as the hub does, sampled every ${SAMPLE_EVERY} s.\n\n${timeline('24 phones, synchronised', crowd)}`;
    expect(text).toContain('confrontation → dawn');
    await expect(text).toMatchFileSnapshot('./__snapshots__/goldenTimeline.crowd.md');
  });
});
