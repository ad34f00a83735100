/**
 * IPC messages between the bench runner and its child processes (the hub under test and the load
 * generator workers).
 */

/** Runner → hub process. */
export type HubRequest = { type: 'reset' } | { type: 'stats' } | { type: 'gc' } | { type: 'close' };

/** Hub process → runner. */
export type HubReply =
  | { type: 'ready'; port: number; pid: number }
  | { type: 'reset' }
  | { type: 'gc'; rss: number; heapUsed: number }
  | {
      type: 'stats';
      /** Event-loop thread on a CPU since the last reset, % of wall time (Linux; NaN elsewhere). */
      loopRunPct: number;
      /** Event-loop thread runnable but waiting for a CPU (other processes had it), % of wall time. */
      loopWaitPct: number;
      /** CPU since the last reset, % of one core. */
      cpuPct: number;
      rss: number;
      heapUsed: number;
      /** Event-loop delay since the last reset, ms. */
      loopP99: number;
      loopMax: number;
      /** Receive → frame sent inside the hub, ms. */
      inHub: { n: number; p50: number; p95: number; p99: number; max: number };
      /** Our hub: gestures dropped for overflow; the naive relay: gestures relayed. */
      counter: number;
      /** Our hub: messages refused as over a phone's rate limit since it started. */
      rateLimited: number;
      /** Malformed messages and unknown events the hub refused. */
      malformed: number;
      /** Messages per second the hub asks phones for at the end of the window. */
      phoneRate: number;
      /** Gestures this process handled since the last reset (taken from phones; a cluster leader: from the edges' folds). */
      handled: number;
      /** A cluster leader: it holds the lease (false for every other kind). */
      leading: boolean;
    }
  | { type: 'closed' };

/** Runner → load worker. */
export type WorkerRequest =
  | {
      type: 'connect';
      url: string;
      /** Phones this worker opens. */
      count: number;
      /** Index of its first phone (dreamer ids are unique across workers). */
      firstIndex: number;
      /** Use the msgpack parser (binary frames) instead of socket.io's default. */
      msgpack: boolean;
    }
  | {
      type: 'run';
      /** Host ms of the run's epoch (stamps count from here). */
      epoch: number;
      /** Gestures per second per phone. */
      hz: number;
      /** Every n-th gesture of a phone is a tap; the rest are drag (weave) parts. */
      tapEvery: number;
      /** Host ms window whose sends are counted. */
      countFrom: number;
      countTo: number;
      /** Host ms at which sending stops. */
      stopAt: number;
      /** Phones that drop and reconnect with their dreamer id, per second (whole worker). */
      reconnectsPerSec: number;
      /** Phones that leave for good and new phones that join, each per second (whole worker). */
      churnPerSec: number;
      /** Phones per bursty group sending in the same millisecond (≤ 1: smooth, every phone at its own moment). */
      burst: number;
      /** Phones in the whole crowd (all workers), to spread the bursty groups over the period. */
      crowd: number;
    }
  | { type: 'close' };

/** Load worker → runner. */
export type WorkerReply =
  | { type: 'connected'; ok: number; failed: number; ms: number }
  | {
      type: 'done';
      sent: number;
      /** Sends inside the counting window. */
      counted: number;
      /** Scheduled sends skipped because the worker fell behind by a whole period. */
      behind: number;
      reconnects: number;
      joins: number;
      leaves: number;
      /** Worker CPU while running, % of one core. */
      cpuPct: number;
    }
  | { type: 'closed' };
