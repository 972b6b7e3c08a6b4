// Scenario c: send->deliver and send->ack latency at a fixed rate (open loop), spread over
// several senders each in a direct chat with its own receiver. Latency is measured from the
// time each send was due, not when it went out, which corrects for coordinated omission. The
// load workers each send their share of the one timetable (every n-th send, at its due time).
import { describeDelivery } from '../delivery-ledger.js';
import { formatCounts, formatMs, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LoadPool } from '../pool/load-pool.js';
import type { Timing } from '../timing.js';
import { openDirectPairs } from './direct-pairs.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

export interface LatencySpec {
  id: string;
  senders: number;
  ratePerSecond: number;
}

export async function runLatency(world: BenchWorld, spec: LatencySpec, timing: Timing): Promise<ScenarioResult> {
  return LoadPool.with(world.loadWorkers, async (pool) => {
    const senders = await openDirectPairs(pool, world, spec.senders);
    const out = await pool.openLoop({
      id: spec.id,
      senders,
      ratePerSecond: spec.ratePerSecond,
      timing,
      watched: world.watched,
    });
    await pool.settle(5_000);
    const r = await pool.report();
    const problems = await pool.close();
    if (!out.drained)
      problems.push(`${spec.id}: some sends were still unanswered ${timing.drainMs} ms after sending stopped`);
    if (r.errorCodes.size) problems.push(`${spec.id}: error frames: ${formatCounts(r.errorCodes)}`);

    const d = r.deliverLatency.summary();
    const a = r.ackLatency.summary();
    return {
      id: spec.id,
      scenario: `send->deliver p99 at ${spec.ratePerSecond}/s, ${spec.senders} senders (open loop)`,
      value: d.p99,
      unit: 'ms',
      notes: [
        `send->deliver ${formatPercentiles(d)} (${formatValue(d.count)} deliveries)`,
        `send->ack ${formatPercentiles(a)}`,
        `worst send lag behind the timetable ${formatMs(out.worstLagMs)}`,
        formatUsage(out.usage),
        describeDelivery(r.delivery),
      ],
      delivery: r.delivery,
      usage: out.usage,
      latency: { deliver: d, ack: a },
      problems,
    };
  });
}
