/**
 * CPU time of the processes a measurement started (a browser and its helpers), read from /proc:
 * far less sensitive to a busy machine than wall-clock time.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** CPU time (user + system) of every process descended from this one, ms. */
export function childrenCpuMs(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    let p = parent.get(pid);
    let depth = 0;
    while (p !== undefined && p > 1 && p !== process.pid && depth++ < 64) p = parent.get(p);
    if (p === process.pid) sum += t;
  }
  return sum * 10;
}
