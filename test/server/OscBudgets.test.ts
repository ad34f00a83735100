import { describe, it, expect, vi, afterEach } from 'vitest';
import { FaderCoalescer, OSC_FADER_MS, OSC_MAX_COMMANDS_PER_SECOND, OSC_MAX_PACKETS_PER_SECOND, OSC_MAX_SENDERS, OscBudgets } from '../../server/OscBudgets.ts';
import type { OperatorCommand } from '../../core/protocol.ts';

describe('OscBudgets', () => {
  it('holds each sender to its packet budget, and a flooder does not spend another\'s', () => {
    const budgets = new OscBudgets();
    const now = 1000;
    let passed = 0;
    for (let i = 0; i < 3 * OSC_MAX_PACKETS_PER_SECOND; i++) if (budgets.packet('10.0.0.66', now)) passed++;
    expect(passed).toBe(OSC_MAX_PACKETS_PER_SECOND);
    expect(budgets.packet('10.0.0.2', now)).toBe(true);
    // A second later the flooder has a second's worth again, no more.
    passed = 0;
    for (let i = 0; i < 3 * OSC_MAX_PACKETS_PER_SECOND; i++) if (budgets.packet('10.0.0.66', now + 1000)) passed++;
    expect(passed).toBe(OSC_MAX_PACKETS_PER_SECOND);
  });

  it('holds a known sender to its command budget', () => {
    const budgets = new OscBudgets();
    budgets.packet('10.0.0.9', 0);
    let passed = 0;
    for (let i = 0; i < 2 * OSC_MAX_COMMANDS_PER_SECOND; i++) if (budgets.command('10.0.0.9', 0)) passed++;
    expect(passed).toBe(OSC_MAX_COMMANDS_PER_SECOND);
  });

  it('keeps at most its bound of senders under a spray of spoofed addresses, forgetting the quietest', () => {
    const budgets = new OscBudgets();
    budgets.packet('10.0.0.1', 0); // the VJ's gear, quiet since
    for (let i = 0; i < 10 * OSC_MAX_SENDERS; i++) {
      budgets.packet(`192.168.${(i >> 8) & 255}.${i & 255}`, 1 + i);
      expect(budgets.size).toBeLessThanOrEqual(OSC_MAX_SENDERS);
    }
    expect(budgets.size).toBe(OSC_MAX_SENDERS);
    // The most recent senders are kept (their budgets spent), the VJ's was forgotten: it starts afresh.
    const last = 10 * OSC_MAX_SENDERS - 1;
    const recent = `192.168.${(last >> 8) & 255}.${last & 255}`;
    for (let i = 0; i < OSC_MAX_PACKETS_PER_SECOND; i++) budgets.packet(recent, last + 1);
    expect(budgets.packet(recent, last + 1)).toBe(false);
    expect(budgets.packet('10.0.0.1', last + 1)).toBe(true);
    budgets.clear();
    expect(budgets.size).toBe(0);
  });
});

describe('FaderCoalescer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const param = (value: number): OperatorCommand => ({ type: 'param', name: 'glitch', value });

  it('sends a fader sweep as its latest value once per moment, and keeps order with buttons', () => {
    vi.useFakeTimers();
    const out: OperatorCommand[] = [];
    const faders = new FaderCoalescer((command) => out.push(command));
    for (let i = 0; i <= 10; i++) faders.take(param(i / 10), 'gear');
    expect(out).toEqual([]);
    vi.advanceTimersByTime(OSC_FADER_MS);
    expect(out).toEqual([param(1)]);
    // A button after a fader move: the move lands first.
    faders.take(param(0.5), 'gear');
    faders.take({ type: 'panic' }, 'gear');
    expect(out.slice(1)).toEqual([param(0.5), { type: 'panic' }]);
    vi.advanceTimersByTime(10 * OSC_FADER_MS);
    expect(out).toHaveLength(3);
  });

  it('drops what waits when cleared', () => {
    vi.useFakeTimers();
    const out: OperatorCommand[] = [];
    const faders = new FaderCoalescer((command) => out.push(command));
    faders.take(param(0.3), 'gear');
    faders.clear();
    vi.advanceTimersByTime(10 * OSC_FADER_MS);
    expect(out).toEqual([]);
  });
});
