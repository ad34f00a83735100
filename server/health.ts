/**
 * The hub's health: the short form every console's status carries, and the details `/healthz`
 * gives the hub's own machine and logged-in consoles.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { PROTOCOL_VERSION, type OperatorStatus } from '../core/protocol.ts';
import { VERSION } from './packageRoot.ts';
import type { HubContext } from './HubContext.ts';
import type { TickStats } from './ShowClock.ts';
import type { PersistHealth } from './StateKeeper.ts';
import type { OscStats } from './OscReporter.ts';
import type { OscSendStats } from './OscSender.ts';
import type { ClusterHealth } from './cluster/startCluster.ts';

/** Where the figures come from; asked each time health is read (parts started later answer then). */
export interface HealthSources {
  /** Messages per second phones are asked for now. */
  phoneRate(): number;
  /** Whether the state file is being written. */
  persist(): PersistHealth;
  /** The show clock's tick figures. */
  tick(): TickStats;
  /** The OSC bridge's counts, when it runs. */
  osc(): OscStats | undefined;
  /** What OSC out has sent. */
  oscOut(): OscSendStats;
  /** The cluster's figures, when this hub is one of several (`--redis`). */
  cluster(): ClusterHealth | undefined;
}

/** What `/healthz` says in full. */
export type HealthDetails = ReturnType<Health['details']>;

/** The hub's health, read on demand. */
export class Health {
  /** The event loop's delay, sampled every 10 ms (the show clock reads it too). */
  readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly startedAt = Date.now();

  constructor(
    private readonly ctx: HubContext,
    private readonly sources: HealthSources,
  ) {
    this.loopDelay.enable();
  }

  /** The short form, in every console status. */
  info(): OperatorStatus['health'] {
    return {
      uptime: Math.round((Date.now() - this.startedAt) / 1000),
      rss: process.memoryUsage.rss(),
      eventLoopP99: Math.round(this.loopDelay.percentile(99) / 1e4) / 100,
      version: VERSION,
      phoneRate: this.sources.phoneRate(),
      persist: this.sources.persist(),
    };
  }

  /** The details: the short form plus the show, the walls, the clock and what was dropped. */
  details() {
    const { ctx } = this;
    const osc = this.sources.osc();
    const cluster = this.sources.cluster();
    return {
      ok: true,
      ...this.info(),
      phones: ctx.registry.connected,
      displays: ctx.displays.size,
      phase: ctx.runtime.phase,
      loop: ctx.runtime.state.loop,
      preset: ctx.runtime.preset.name,
      protocol: PROTOCOL_VERSION,
      tick: this.sources.tick(),
      dropped: ctx.dropped,
      ...(osc ? { osc } : {}),
      oscOut: this.sources.oscOut(),
      ...(cluster ? { cluster } : {}),
    };
  }

  /** Stops sampling the event loop. */
  stop(): void {
    this.loopDelay.disable();
  }
}
