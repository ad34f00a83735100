import { runCrowd } from './hub/crowdRun.ts';
for (const hub of ['ours', 'naive'] as const) {
  const r = await runCrowd({ hub, phones: Number(process.argv[2] ?? 500), hz: 30, warmupMs: 1500, measureMs: 4000, hubArgs: process.argv[3] ? [process.argv[3]] : [] });
  console.log(hub, 'p99', r.latency.p99.toFixed(0), 'lost', r.lostPct.toFixed(2), 'cpu', r.hubCpuPct.toFixed(0), 'run', r.loopRunPct.toFixed(0), 'wait', r.loopWaitPct.toFixed(0), 'loopP99', r.loopP99.toFixed(0), 'sent', r.sendRate.toFixed(0), 'us/g', r.cpuUsPerGesture.toFixed(1), 'dropped', r.wallDropped);
}
