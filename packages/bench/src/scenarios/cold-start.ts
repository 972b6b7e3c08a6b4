// Scenario i: cold start. The server is stopped (SIGTERM) and started again on the data the
// earlier scenarios left (100,000+ messages after scenario h in a full run); measured from
// spawning the process to /healthz answering 200, with its memory once started.
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatBytes, formatValue } from '../format.js';
import { memory } from '../proc-stats.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

const RUNS = 3;

export async function runColdStart(world: BenchWorld, id: string): Promise<ScenarioResult> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await world.server.restart());
  // Later scenarios and the resource monitor watch the new process.
  world.watched.serverPid = world.server.pid;
  const rss = memory(world.server.pid)?.rss;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    id,
    scenario: `cold start on the data of the run so far (median of ${RUNS})`,
    value: sorted[Math.floor(RUNS / 2)]!,
    unit: 'ms',
    notes: [
      `spawn -> healthy: ${times.map((t) => formatValue(t)).join(', ')} ms`,
      ...(rss !== undefined ? [`RSS right after start ${formatBytes(rss)}`] : []),
    ],
    delivery: new DeliveryLedger().report(),
    problems: [],
  };
}
