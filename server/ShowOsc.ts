/**
 * The show's OSC: the sender that tells the venue's gear the show's state, and the bridge that
 * lets gear play the show. The bridge's commands take the operator's one path (the show service);
 * what gear did and what was refused shows, throttled, in the consoles' log.
 */
import type { ShowFrame } from '../core/protocol.ts';
import type { Logger } from './log.ts';
import { ConsoleLog } from './ConsoleLog.ts';
import { describeCommand } from './describeCommand.ts';
import { startOscBridge, type OscBridge } from './oscBridge.ts';
import type { OscReport, OscStats } from './OscReporter.ts';
import { OscSender } from './OscSender.ts';
import { checkOscTarget } from './oscTarget.ts';
import { ConfigError } from './options.ts';
import type { ShowRoom, ShowService } from './ShowService.ts';

/** How the hub listens for gear and whom it tells. */
export interface ShowOscOptions {
  /** UDP port the bridge listens on (0: any free one); absent: no bridge. */
  port?: number;
  /** Address the bridge is bound to. */
  host: string;
  /** Senders the bridge takes packets from (`--osc-allow`). */
  allow?: readonly string[];
  /** Targets the show's state is sent to from the start (`--osc-send`). */
  send?: readonly string[];
}

/** OSC in and out of one show. */
export class ShowOsc {
  /** Sends the show's state to OSC targets (`--osc-send`, or added in the console). */
  readonly out: OscSender;
  private bridge: OscBridge | undefined;
  private readonly consoleLog: ConsoleLog;

  /** @param consoles the logged-in consoles, whose log shows what gear did and what was refused. */
  constructor(
    private readonly show: ShowService,
    consoles: ShowRoom['consoles'],
    private readonly log: Logger,
  ) {
    this.out = new OscSender({ log, speed: () => show.runtime.state.speed, ownOscPort: () => this.bridge?.port });
    show.oscOut = this.out;
    this.consoleLog = new ConsoleLog(consoles);
  }

  /**
   * Checks the venue's OSC targets before anything opens: a broadcast address or a name that does
   * not resolve stops the first start with a sentence.
   * @param oscPort the bridge's own port (never a target), when given.
   * @throws {ConfigError} naming the target and why.
   */
  static async checkTargets(targets: readonly string[], oscPort: number | undefined): Promise<void> {
    for (const target of targets) {
      const checked = await checkOscTarget(target, oscPort || undefined);
      if (!checked.ok) throw new ConfigError(`--osc-send ${target}: ${checked.error}`);
    }
  }

  /** The bridge's UDP port, once listening. */
  get port(): number | undefined {
    return this.bridge?.port;
  }
  /** The bridge's address, once listening. */
  get host(): string | undefined {
    return this.bridge?.host;
  }

  /** Takes each tick's frame (the sender sends what changed). */
  observe(frame: ShowFrame): void {
    this.out.observe(frame);
  }

  /** Opens the bridge (when a port is given), then adds the first targets (a refused one is logged; the show plays on). */
  async start(options: ShowOscOptions): Promise<void> {
    if (options.port !== undefined) {
      this.bridge = await startOscBridge({
        port: options.port,
        host: options.host,
        allow: options.allow,
        log: this.log,
        // Through the show service: on an edge of a cluster the leader carries it out.
        onCommand: (command) => this.show.command(command, 'osc'),
        onReport: (report) => this.report(report),
      });
    }
    for (const target of options.send ?? []) {
      const added = await this.out.add(target);
      if (!added.ok) this.log.error({ target, error: added.error }, 'OSC target refused; the show plays on without it');
    }
  }

  /** The bridge's counts for `/healthz` (undefined without a bridge; the sender's are `out.stats()`). */
  bridgeStats(): OscStats | undefined {
    return this.bridge?.stats();
  }

  /** Closes the bridge and the sender. */
  async close(): Promise<void> {
    await this.bridge?.close();
    await this.out.close();
  }

  /** What gear did, and what the hub refused from it, as throttled lines in the consoles' log. */
  private report(report: OscReport): void {
    const { consoleLog } = this;
    if (report.kind === 'refused') {
      consoleLog.post('osc-refused', `OSC from ${report.from} refused: ${report.detail}`, `${report.from}|${report.reason}`, 5000);
    } else if (report.result.ok) {
      const what = describeCommand(report.command);
      consoleLog.post('osc', `OSC ${report.from}: ${what.text}`, `${report.from}|${what.key}`, what.continuous ? 1000 : 200);
    } else {
      consoleLog.post('osc-refused', `OSC ${report.from}: ${report.command.type} refused: ${report.result.error}`, `${report.from}|${report.command.type}|failed`, 1000);
    }
  }
}
