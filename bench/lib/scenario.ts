/**
 * What every benchmark scenario receives: where to put figures, how long it may take, and a log.
 */
import type { Results } from './results.ts';

/** Context of one scenario. */
export interface BenchContext {
  results: Results;
  /** The ~3-minute subset: fewer sizes, fewer runs, shorter windows. */
  quick: boolean;
  /** Repeated runs per figure (median reported). */
  runs: number;
  /** Minutes of the hub memory soak. */
  soakMinutes: number;
  /** Folder of the built pages. */
  dist: string;
  log(line: string): void;
}

/** A benchmark scenario. */
export interface Scenario {
  name: string;
  /** One line for `--help`. */
  about: string;
  run(ctx: BenchContext): Promise<void>;
}
