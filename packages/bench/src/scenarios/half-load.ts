// Scenario l: send->deliver latency at half of the maximum load. The maximum is measured first in
// the same world (closed loop, the senders of b16 with a window of 16, a shorter window), then
// the same senders send open loop at half that rate (runLatency: measured from each send's due
// time, so free of coordinated omission). The aim of the scale-out issue: p99 < 50 ms there.
import { formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import { runLatency } from './latency.js';
import type { ScenarioResult } from './result.js';
import { runThroughput } from './throughput.js';
import type { BenchWorld } from './world.js';

export interface HalfLoadSpec {
  id: string;
  senders: number;
}

export async function runHalfLoad(world: BenchWorld, spec: HalfLoadSpec, timing: Timing): Promise<ScenarioResult> {
  const max = await runThroughput(world, { id: `${spec.id}max`, senders: spec.senders, window: 16 }, timing);
  const rate = Math.max(1, Math.round(max.value / 2));
  const half = await runLatency(world, { id: spec.id, senders: spec.senders, ratePerSecond: rate }, timing);
  return {
    ...half,
    scenario: `send->deliver p99 at half the maximum load, ${spec.senders} senders (open loop)`,
    notes: [
      `maximum ${formatValue(max.value)} msgs/s (closed loop, window 16, just before), so ${formatValue(rate)} msgs/s`,
      ...half.notes,
    ],
    problems: [...max.problems, ...half.problems],
  };
}
