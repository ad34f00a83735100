import { describe, it, expect } from 'vitest';
import { pino } from 'pino';
import { OscReporter, type OscReport } from '../../server/OscReporter.ts';

function logged(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { log: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }), lines };
}

describe('OscReporter', () => {
  it('counts every refusal, and logs and reports one a second per sender and reason with how many were held back', () => {
    const { log, lines } = logged();
    const reports: OscReport[] = [];
    let now = 0;
    const reporter = new OscReporter(log, (r) => reports.push(r), () => now);
    for (let i = 0; i < 500; i++) reporter.refuse('10.0.0.66', 'flood', 'too fast', 5);
    reporter.refuse('10.0.0.66', 'malformed', 'junk', 5);
    reporter.refuse('10.0.0.2', 'not-allowed', 'not on --osc-allow', 5);
    expect(reporter.snapshot()).toEqual({ notAllowed: 1, flooded: 500, malformed: 1, commands: 0 });
    expect(reports.map((r) => (r.kind === 'refused' ? [r.from, r.reason, r.detail] : r.kind))).toEqual([
      ['10.0.0.66', 'flood', 'too fast'],
      ['10.0.0.66', 'malformed', 'junk'],
      ['10.0.0.2', 'not-allowed', 'not on --osc-allow'],
    ]);
    now = 1100;
    reporter.refuse('10.0.0.66', 'flood', 'too fast', 1100);
    expect(reports.at(-1)).toEqual({ kind: 'refused', from: '10.0.0.66', reason: 'flood', detail: 'too fast (and 499 more)' });
    expect(lines.filter((l) => l.msg === 'OSC flood: dropped')).toHaveLength(2);
  });

  it('writes at most 20 warnings a second and sums up the rest', () => {
    const { log, lines } = logged();
    let now = 0;
    const reporter = new OscReporter(log, undefined, () => now);
    for (let i = 0; i < 1000; i++) reporter.complain({ i }, 'junk');
    expect(lines.filter((l) => l.msg === 'junk')).toHaveLength(20);
    now = 1000;
    reporter.complain({}, 'junk');
    expect(lines.some((l) => l.msg === '980 more OSC problems were not logged')).toBe(true);
  });

  it('survives a report hook that throws, and remembers a bounded number of senders', () => {
    const { log, lines } = logged();
    const reporter = new OscReporter(log, () => {
      throw new Error('console gone');
    });
    for (let i = 0; i < 1000; i++) reporter.refuse(`spoof-${i}`, 'malformed', 'junk', 0);
    expect(reporter.snapshot().malformed).toBe(1000);
    expect(lines.some((l) => l.msg === 'OSC report failed')).toBe(true);
    // Forgotten senders are reported afresh, remembered ones are held back: the map stayed bounded.
    const before = lines.filter((l) => l.msg === 'OSC report failed').length;
    reporter.refuse('spoof-0', 'malformed', 'junk', 1);
    reporter.refuse('spoof-999', 'malformed', 'junk', 1);
    expect(lines.filter((l) => l.msg === 'OSC report failed').length - before).toBe(1);
  });

  it('reports a command\'s outcome, and a command that threw as refused', () => {
    const { log } = logged();
    const reports: OscReport[] = [];
    const reporter = new OscReporter(log, (r) => reports.push(r));
    reporter.passed();
    reporter.done('gear', { type: 'panic' }, { ok: true });
    reporter.failed('gear', { type: 'panic' }, new Error('boom'));
    expect(reporter.snapshot().commands).toBe(1);
    expect(reports).toEqual([
      { kind: 'command', from: 'gear', command: { type: 'panic' }, result: { ok: true } },
      { kind: 'command', from: 'gear', command: { type: 'panic' }, result: { ok: false, error: 'the command failed' } },
    ]);
  });
});
