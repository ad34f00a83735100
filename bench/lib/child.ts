/**
 * Child processes for the bench: forked modules (TypeScript through tsx, or built bundles) that talk over IPC, with
 * a bounded wait for every answer and a hard kill when they do not close.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A forked bench process. */
export class Child<Req extends { type: string }, Rep extends { type: string }> {
  readonly process: ChildProcess;
  private readonly inbox: Rep[] = [];
  private readonly waiters: { type: string; done(m: Rep): void }[] = [];

  /**
   * Forks a module under bench/ (a `.ts` source, or a bundle from `bundleForNode`).
   * @param module URL of the module; @param env extra environment; @param execArgv extra node flags.
   */
  constructor(module: URL, env: Record<string, string> = {}, execArgv: string[] = []) {
    this.process = fork(fileURLToPath(module), [], {
      // A built bundle (.mjs) runs as it ships; TypeScript goes through tsx.
      execArgv: [...(module.pathname.endsWith('.ts') ? ['--import', 'tsx'] : []), ...execArgv],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.on('message', (m: Rep) => {
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0].done(m);
      else this.inbox.push(m);
    });
  }

  /** Process id. */
  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Sends a message. */
  send(m: Req): void {
    if (this.process.connected) this.process.send(m);
  }

  /** Resolves with the next message of a type, or rejects after `ms`. */
  next<T extends Rep['type']>(type: T, ms = 120_000): Promise<Extract<Rep, { type: T }>> {
    const queued = this.inbox.findIndex((m) => m.type === type);
    if (queued >= 0) return Promise.resolve(this.inbox.splice(queued, 1)[0] as Extract<Rep, { type: T }>);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no "${type}" from ${this.pid} within ${ms} ms`)), ms);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        fail(new Error(`process ${this.pid} exited (${code}) while waiting for "${type}"`));
      };
      this.process.once('exit', onExit);
      this.waiters.push({
        type,
        done: (m) => {
          clearTimeout(timer);
          this.process.off('exit', onExit);
          done(m as Extract<Rep, { type: T }>);
        },
      });
    });
  }

  /** Sends a request and waits for the reply of a type. */
  ask<T extends Rep['type']>(m: Req, type: T, ms?: number): Promise<Extract<Rep, { type: T }>> {
    const reply = this.next(type, ms);
    this.send(m);
    return reply;
  }

  /** Asks the child to close (`closeMessage`), then kills it if it has not exited within `ms`. */
  async close(closeMessage: Req, ms = 10_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((done) => this.process.once('exit', () => done()));
    this.send(closeMessage);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), ms);
    await exited;
    clearTimeout(timer);
  }
}
